package com.threatlens.agent.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.threatlens.agent.bootstrap.CacheHit;
import com.threatlens.agent.cache.FixtureService.Summary;
import com.threatlens.agent.cache.FixtureService.Wiki;
import com.threatlens.agent.cache.FixtureService.WikiQuery;

/**
 * The engine behind the cache advice on a real SQLite file: what is stored, what is served, and
 * when a write to a table a value read keeps it from being stored or served.
 */
class MethodCacheTest {

    private static final String SERVICE = "com.threatlens.agent.cache.FixtureService";

    @TempDir
    Path directory;

    private final TestEngine engine = new TestEngine();
    private Connection reader;
    private Connection writer;
    private String database;
    private final AtomicInteger bodyRuns = new AtomicInteger();

    @BeforeEach
    void createDatabase() throws SQLException {
        Path file = directory.resolve("app.db");
        reader = engine.connect(file);
        writer = engine.connect(file);
        try (Statement statement = reader.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("CREATE TABLE wikis (id INTEGER PRIMARY KEY, repo_id INTEGER, title TEXT)");
            statement.execute("CREATE TABLE repos (id INTEGER PRIMARY KEY, name TEXT)");
            statement.execute("CREATE TABLE audit (note TEXT)");
            statement.execute("INSERT INTO repos VALUES (7, 'threatlens')");
            statement.execute("INSERT INTO wikis VALUES (11, 7, 'Threat model'), (12, 7, 'Data flows')");
        }
        database = TestEngine.database(reader);
    }

    @AfterEach
    void close() throws SQLException {
        engine.close();
    }

    private CacheSite wikiSite(String options) {
        return engine.site("getWiki", "rule.wiki = " + SERVICE + "#getWiki; " + options);
    }

    /** The body of getWiki: reads the wikis table. */
    private Wiki readWiki(long id) throws SQLException {
        bodyRuns.incrementAndGet();
        List<Object> titles = engine.query(reader, "SELECT title FROM wikis WHERE id = " + id);
        return new Wiki(id, 7, titles.isEmpty() ? null : (String) titles.get(0));
    }

    private Wiki getWiki(CacheSite site, long id) throws Exception {
        return engine.call(site, () -> readWiki(id), id);
    }

    /** Asserts the next call of {@code arguments} is a miss, and ends it without storing anything. */
    private void assertMiss(CacheSite site, Object... arguments) {
        Object call = engine.cache.lookup(site.id, null, arguments);
        assertInstanceOf(Fill.class, call, "a miss hands out a fill token");
        engine.cache.complete(call, null, new IllegalStateException("ended by the test"));
    }

    private Object assertHit(CacheSite site, Object... arguments) {
        Object call = engine.cache.lookup(site.id, null, arguments);
        assertInstanceOf(CacheHit.class, call, "a hit");
        return ((CacheHit) call).value;
    }

    @Test
    void a_hit_returns_the_very_object_the_fill_stored_and_skips_the_body() throws Exception {
        CacheSite site = wikiSite("region=wiki");

        Wiki first = getWiki(site, 11);
        Object hit = engine.cache.lookup(site.id, null, new Object[] {11L});
        Wiki again = getWiki(site, 11);

        assertEquals("Threat model", first.title());
        assertInstanceOf(CacheHit.class, hit);
        assertSame(first, ((CacheHit) hit).value);
        assertSame(first, again);
        assertEquals(1, bodyRuns.get(), "the body ran on the miss only");
        assertEquals(2, site.hits.sum());
        assertEquals(1, site.misses.sum());

        getWiki(site, 12);
        assertEquals(2, bodyRuns.get(), "another argument is another key");
    }

    @Test
    void a_fill_whose_table_gets_a_write_in_flight_before_it_returns_is_not_stored() throws Exception {
        CacheSite site = wikiSite("region=wiki");
        WriteMark[] write = new WriteMark[1];

        engine.call(site, () -> {
            Wiki wiki = readWiki(11);
            write[0] = engine.versions.begin(database, List.of("wikis"));
            return wiki;
        }, 11L);

        assertNull(engine.memory.get(site.key(new Object[] {11L})));
        assertEquals(1, site.staleRejected.sum());
        engine.versions.finish(write[0]);
        getWiki(site, 11);
        assertHit(site, 11L);
    }

    @Test
    void a_fill_whose_table_was_written_and_committed_while_it_ran_is_not_stored() throws Exception {
        CacheSite site = wikiSite("region=wiki");

        engine.call(site, () -> {
            Wiki wiki = readWiki(11);
            engine.update(writer, "UPDATE wikis SET title = 'Renamed' WHERE id = 11");
            return wiki;
        }, 11L);

        assertMiss(site, 11L);
        assertEquals("Renamed", getWiki(site, 11).title());
        assertHit(site, 11L);
    }

    @Test
    void a_value_is_not_served_while_a_write_to_its_table_is_in_flight_and_is_dropped_once_it_commits()
        throws Exception {
        CacheSite site = wikiSite("region=wiki");
        Wiki cached = getWiki(site, 11);
        CacheKey key = site.key(new Object[] {11L});
        CachedEntry entry = engine.memory.get(key);
        assertNotNull(entry);

        writer.setAutoCommit(false);
        engine.update(writer, "UPDATE wikis SET title = 'Renamed' WHERE id = 11");
        assertEquals(Freshness.BEING_WRITTEN, entry.freshness());

        Object call = engine.cache.lookup(site.id, null, new Object[] {11L});
        assertInstanceOf(Fill.class, call, "not served while the write is in flight");
        engine.cache.complete(call, readWiki(11), null);
        assertSame(entry, engine.memory.get(key), "kept, and the value computed meanwhile not stored");
        assertSame(cached, entry.value);

        engine.commit(writer);
        assertEquals(Freshness.STALE, entry.freshness());
        call = engine.cache.lookup(site.id, null, new Object[] {11L});
        assertInstanceOf(Fill.class, call);
        assertNull(engine.memory.get(key), "a stale value is dropped when it is found");
        engine.cache.complete(call, readWiki(11), null);
        assertEquals("Renamed", ((Wiki) assertHit(site, 11L)).title());
    }

    @Test
    void a_write_to_another_table_leaves_the_value_alone() throws Exception {
        CacheSite site = wikiSite("region=wiki");
        Wiki cached = getWiki(site, 11);

        engine.update(writer, "INSERT INTO audit VALUES ('read wiki 11')");
        engine.update(writer, "UPDATE repos SET name = 'renamed' WHERE id = 7");

        assertSame(cached, assertHit(site, 11L));
        assertEquals(2, engine.committed.size());
    }

    @Test
    void a_write_committed_before_the_call_began_does_not_keep_its_value_from_being_stored() throws Exception {
        CacheSite site = wikiSite("region=wiki");
        engine.update(writer, "UPDATE wikis SET title = 'Renamed' WHERE id = 11");
        assertTrue(engine.versions.table(database, "wikis").lastWrite.get() > 0);

        Wiki wiki = getWiki(site, 11);

        assertSame(wiki, assertHit(site, 11L));
        assertEquals("Renamed", wiki.title());
    }

    @Test
    void an_exception_is_not_stored() throws Exception {
        CacheSite site = wikiSite("region=wiki");

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> engine.call(site, () -> {
            readWiki(11);
            throw new IllegalStateException("down");
        }, 11L));

        assertEquals("down", thrown.getMessage());
        assertMiss(site, 11L);
        assertEquals(0, engine.memory.size());
    }

    @Test
    void a_null_result_is_stored_only_when_the_rule_says_nulls_true() throws Exception {
        CacheSite plain = wikiSite("region=wiki");
        assertNull(engine.call(plain, () -> {
            readWiki(99);
            return null;
        }, 99L));
        assertMiss(plain, 99L);

        CacheSite nulls = engine.site("getWiki", "rule.wiki-nulls = " + SERVICE + "#getWiki; region=wiki; nulls=true");
        assertNull(engine.call(nulls, () -> {
            readWiki(99);
            return null;
        }, 99L));
        assertNull(assertHit(nulls, 99L));
    }

    @Test
    void fifty_callers_missing_the_same_key_at_once_run_the_method_once_and_share_its_value() throws Exception {
        CacheSite site = wikiSite("region=wiki");
        int callers = 50;
        Wiki computed = new Wiki(11, 7, "computed once");
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch ready = new CountDownLatch(callers);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Object>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    threads.add(Thread.currentThread());
                    ready.countDown();
                    go.await();
                    Object call = engine.cache.lookup(site.id, null, new Object[] {11L});
                    if (call instanceof Fill) {
                        // Finish only once every other caller waits for this fill.
                        awaitOthersParked(threads);
                        synchronized (reader) {
                            engine.query(reader, "SELECT title FROM wikis WHERE id = 11");
                        }
                        engine.cache.complete(call, computed, null);
                    }
                    return call;
                }));
            }
            ready.await();
            go.countDown();

            int fills = 0;
            for (Future<Object> answer : answers) {
                Object call = answer.get(30, TimeUnit.SECONDS);
                if (call instanceof Fill) {
                    fills++;
                } else {
                    assertInstanceOf(CacheHit.class, call);
                    assertSame(computed, ((CacheHit) call).value);
                }
            }
            assertEquals(1, fills, "exactly one caller runs the method");
            assertEquals(1, site.fills.sum());
            assertSame(computed, assertHit(site, 11L));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits until every thread but this one is parked with a timeout (waiting for a fill). */
    private static void awaitOthersParked(Set<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Thread thread : threads) {
            if (thread == Thread.currentThread()) {
                continue;
            }
            while (thread.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        }
    }

    @Test
    void key_and_tag_expressions_take_arguments_their_properties_and_the_result() throws Exception {
        CacheSite byId = wikiSite("region=wiki; key={0}; tags=wiki:{0}, repo:{result.repoId}");
        Wiki wiki = getWiki(byId, 11);
        CacheKey key = byId.key(new Object[] {11L});
        assertEquals(List.of(11L), Arrays.asList(key.parts));
        assertEquals(List.of("wiki:11", "repo:7"), engine.memory.get(key).tags);
        assertSame(wiki, engine.memory.get(key).value);

        CacheSite byRepo = engine.site("listWikis",
            "rule.list = " + SERVICE + "#listWikis; region=search; key={0.repoId}, q-{0.text}; tags=repo:{0.repoId}");
        CacheKey listKey = byRepo.key(new Object[] {new WikiQuery(7, "threat")});
        assertEquals(List.of(7L, "q-threat"), Arrays.asList(listKey.parts));
        List<Wiki> wikis = engine.call(byRepo, () -> List.of(readWiki(11), readWiki(12)), new WikiQuery(7, "threat"));
        assertEquals(List.of("repo:7"), engine.memory.get(listKey).tags);
        assertSame(wikis, assertHit(byRepo, new WikiQuery(7, "threat")));
        assertMiss(byRepo, new WikiQuery(7, "model"));
        assertMiss(byRepo, new WikiQuery(8, "threat"));

        CacheSite allArguments = engine.site("listWikis", "rule.all = " + SERVICE + "#listWikis; region=search");
        WikiQuery query = new WikiQuery(7, "threat");
        assertEquals(List.of(query), Arrays.asList(allArguments.key(new Object[] {query}).parts));
    }

    @Test
    void values_expire_with_the_region_time_to_live_or_the_rule_s_own() throws Exception {
        CacheSite regional = engine.site("getWiki", "rule.regional = " + SERVICE + "#getWiki; region=analytics");
        CacheSite own = engine.site("getWiki", "rule.own = " + SERVICE + "#getWiki; region=analytics; ttl=10s");
        getWiki(regional, 11);
        getWiki(own, 11);

        engine.ticker.advance(Duration.ofSeconds(9));
        assertHit(regional, 11L);
        assertHit(own, 11L);

        engine.ticker.advance(Duration.ofSeconds(2));
        assertHit(regional, 11L);
        assertMiss(own, 11L);

        engine.ticker.advance(Duration.ofMinutes(15).minusSeconds(12));
        assertHit(regional, 11L);
        engine.ticker.advance(Duration.ofSeconds(2));
        assertMiss(regional, 11L);
    }

    /** summary(repoId): reads repos, and calls the cached listWikis, which reads wikis. */
    private Summary summary(CacheSite outer, CacheSite inner, long repoId) throws Exception {
        return engine.call(outer, () -> {
            engine.query(reader, "SELECT name FROM repos WHERE id = " + repoId);
            List<Wiki> wikis = engine.call(inner, () -> List.of(readWiki(11), readWiki(12)), new WikiQuery(repoId, ""));
            return new Summary(repoId, wikis);
        }, repoId);
    }

    @Test
    void an_outer_value_depends_on_the_tables_a_nested_fill_read() throws Exception {
        CacheSite outer = engine.site("summary", "rule.summary = " + SERVICE + "#summary; region=wiki");
        CacheSite inner = engine.site("listWikis", "rule.list = " + SERVICE + "#listWikis; region=wiki");

        Summary first = summary(outer, inner, 7);
        assertSame(first, assertHit(outer, 7L));
        engine.update(writer, "INSERT INTO audit VALUES ('unrelated')");
        assertSame(first, assertHit(outer, 7L));

        engine.update(writer, "UPDATE wikis SET title = 'Renamed' WHERE id = 12");

        assertMiss(outer, 7L);
    }

    @Test
    void an_outer_value_depends_on_the_tables_of_a_nested_hit() throws Exception {
        CacheSite outer = engine.site("summary", "rule.summary = " + SERVICE + "#summary; region=wiki");
        CacheSite inner = engine.site("listWikis", "rule.list = " + SERVICE + "#listWikis; region=wiki");
        engine.call(inner, () -> List.of(readWiki(11), readWiki(12)), new WikiQuery(7, ""));
        int runsBefore = bodyRuns.get();

        Summary summary = summary(outer, inner, 7);
        assertEquals(runsBefore, bodyRuns.get(), "the inner call was a hit");
        assertSame(summary, assertHit(outer, 7L));

        engine.update(writer, "DELETE FROM wikis WHERE id = 12");

        assertMiss(outer, 7L);
        assertMiss(inner, new WikiQuery(7, ""));
    }

    @Test
    void a_fill_that_read_no_table_is_stored_for_its_time_to_live_and_counted_as_untracked() throws Exception {
        CacheSite site = wikiSite("region=wiki; ttl=1m");
        Wiki computed = engine.call(site, () -> new Wiki(11, 7, "from elsewhere"), 11L);

        assertEquals(1, site.untrackedFills.sum());
        assertEquals(0, engine.memory.get(site.key(new Object[] {11L})).reads.length);
        engine.update(writer, "UPDATE wikis SET title = 'Renamed' WHERE id = 11");
        assertSame(computed, assertHit(site, 11L), "no table read, so no write invalidates it");

        engine.ticker.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertMiss(site, 11L);
    }

    @Test
    void a_fill_that_ran_a_statement_of_unknown_sql_is_not_stored() throws Exception {
        CacheSite site = wikiSite("region=wiki");

        engine.call(site, () -> {
            Wiki wiki = readWiki(11);
            engine.recorder.currentReads().read(database, null, null);
            return wiki;
        }, 11L);

        assertEquals(1, site.fills.sum());
        assertEquals(0, site.untrackedFills.sum());
        assertMiss(site, 11L);
    }

    @Test
    void with_copy_true_each_hit_is_an_equal_copy_of_the_stored_value() throws Exception {
        CacheSite site = wikiSite("region=wiki; copy=true");
        Wiki computed = getWiki(site, 11);

        Object first = assertHit(site, 11L);
        Object second = assertHit(site, 11L);

        assertEquals(computed, first);
        assertEquals(computed, second);
        assertTrue(first != computed && second != first, "each hit is a new object");
        assertEquals(1, bodyRuns.get());
    }

    @Test
    void a_write_through_a_statement_the_agent_never_saw_prepared_invalidates_every_value() throws Exception {
        CacheSite site = wikiSite("region=wiki");
        getWiki(site, 11);
        assertHit(site, 11L);

        try (Statement statement = writer.createStatement()) {
            // No SQL known for it: it could have written anything, anywhere.
            Object token = engine.recorder.executeStart(statement, null, false);
            statement.executeUpdate("INSERT INTO audit VALUES ('unseen')");
            engine.recorder.executeEnd(token, 1, null);
        }

        assertMiss(site, 11L);
    }

    @Test
    void a_tracked_fill_is_not_counted_as_untracked_and_records_what_it_read() throws Exception {
        CacheSite site = wikiSite("region=wiki");
        getWiki(site, 11);

        CachedEntry entry = engine.memory.get(site.key(new Object[] {11L}));
        assertEquals(0, site.untrackedFills.sum());
        assertTrue(Arrays.asList(entry.reads).contains(engine.versions.table(database, "wikis")),
            Arrays.toString(entry.reads));
        assertTrue(Arrays.asList(entry.reads).contains(engine.versions.everything(database)));
    }
}
