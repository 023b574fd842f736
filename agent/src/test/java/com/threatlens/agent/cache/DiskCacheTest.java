package com.threatlens.agent.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.threatlens.agent.cache.FixtureService.Wiki;
import com.threatlens.agent.config.AgentConfig;

import net.bytebuddy.description.method.MethodDescription;

/**
 * The disk tier across restarts: each run is a new {@link TableVersions} and a new
 * {@link DiskCache} on the same directory, as a restarted JVM would have.
 */
class DiskCacheTest {

    @TempDir
    Path directory;

    private final JsonCodec codec = new JsonCodec();
    private final List<SecondTier> opened = new ArrayList<>();
    private Path cacheDirectory;
    private Path applicationFile;
    private String database;
    private CacheSite site;

    @BeforeEach
    void createDatabaseAndSite() throws SQLException {
        cacheDirectory = directory.resolve("cache");
        applicationFile = directory.resolve("app.db");
        database = "jdbc:sqlite:" + applicationFile;
        try (Connection connection = DriverManager.getConnection(database);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE wikis (id INTEGER PRIMARY KEY, repo_id INTEGER, title TEXT, body BLOB)");
            statement.execute("INSERT INTO wikis VALUES (11, 7, 'Threat model', NULL)");
        }
        CacheRule rule = RuleFile.parse(List.of("rule.wiki = com.threatlens.agent.cache.FixtureService#getWiki; "
            + "region=wiki; tags=wiki:{0}"), "test").rules().get(0);
        site = new CacheSites(codec, 16).register(rule,
            new MethodDescription.ForLoadedMethod(TestEngine.method("getWiki")), FixtureService.class.getClassLoader());
        site.usable();
        assertEquals(SiteState.ACTIVE, site.state(), String.valueOf(site.reason()));
    }

    @AfterEach
    void closeTiers() {
        opened.forEach(SecondTier::close);
    }

    private SecondTier open(TableVersions versions) {
        AgentConfig config = AgentConfig.load("cache.disk.directory=" + cacheDirectory, Map.of(), Map.of());
        assertEquals(List.of(), config.problems());
        SecondTier tier = DiskCache.open(config, versions, codec, null, System::currentTimeMillis);
        opened.add(tier);
        return tier;
    }

    private CacheKey key() {
        return site.key(new Object[] {11L});
    }

    /** A run stores the value of getWiki(11), computed at counter reading 3 after reading wikis, and ends cleanly. */
    private void firstRunStores(Wiki wiki) {
        TableVersions versions = new TableVersions();
        SecondTier tier = open(versions);
        TableMark[] reads = {versions.table(database, "wikis"), versions.everything(database), versions.everywhere()};
        CachedEntry entry = new CachedEntry(wiki, key(), 3, reads, List.of("wiki:11"),
            System.nanoTime() + TimeUnit.HOURS.toNanos(1), 100, null);
        tier.write(entry);
        tier.close();
    }

    @Test
    void a_value_of_an_earlier_run_is_read_back_as_computed_at_this_run_s_start() {
        Wiki wiki = new Wiki(11, 7, "Threat model");
        firstRunStores(wiki);

        TableVersions versions = new TableVersions();
        SecondTier.Stored stored = open(versions).read(key());

        assertNotNull(stored, "kept: the database did not change between the runs");
        assertEquals(wiki, stored.value());
        assertEquals(0, stored.version());
        assertEquals(List.of("wiki:11"), stored.tags());
        assertEquals(Freshness.FRESH, TableMark.freshness(stored.reads(), stored.version()));

        versions.finish(versions.begin(database, List.of("wikis")));
        assertEquals(Freshness.STALE, TableMark.freshness(stored.reads(), stored.version()),
            "a write of this run to a table it read makes it stale");
    }

    @Test
    void the_values_of_a_database_changed_between_runs_are_dropped() throws SQLException {
        firstRunStores(new Wiki(11, 7, "Threat model"));

        try (Connection connection = DriverManager.getConnection(database);
             PreparedStatement insert = connection.prepareStatement("INSERT INTO wikis VALUES (12, 7, 'Data flows', ?)")) {
            insert.setBytes(1, new byte[64 * 1024]);
            insert.executeUpdate();
        }

        assertNull(open(new TableVersions()).read(key()));
    }

    @Test
    void the_values_of_a_run_that_did_not_end_cleanly_are_dropped() {
        firstRunStores(new Wiki(11, 7, "Threat model"));
        // A second run starts and dies: it is never closed, so it records no fingerprint.
        SecondTier dying = open(new TableVersions());
        assertNotNull(dying.read(key()), "the first run ended cleanly");

        assertNull(open(new TableVersions()).read(key()));
    }

    @Test
    void a_clean_restart_keeps_values_for_the_run_after_too() {
        Wiki wiki = new Wiki(11, 7, "Threat model");
        firstRunStores(wiki);
        open(new TableVersions()).close();

        assertEquals(wiki, open(new TableVersions()).read(key()).value());
    }

    @Test
    void a_value_waiting_for_its_write_when_its_tag_is_removed_is_never_written() {
        TableVersions versions = new TableVersions();
        SecondTier tier = open(versions);
        TableMark[] reads = {versions.table(database, "wikis"), versions.everything(database), versions.everywhere()};
        tier.write(new CachedEntry(new Wiki(11, 7, "Threat model"), key(), 0, reads, List.of("wiki:11"),
            System.nanoTime() + TimeUnit.HOURS.toNanos(1), 100, null));
        tier.removeTag("wiki:11", null);
        tier.close();

        assertNull(open(new TableVersions()).read(key()), "removed before its delayed write");
    }
}
