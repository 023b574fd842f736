package com.threatlens.example.generate;

import static com.threatlens.example.generate.GenerationTimeline.DAY_SECONDS;
import static com.threatlens.example.generate.GenerationTimeline.text;
import static com.threatlens.example.generate.RandomPicks.chance;
import static com.threatlens.example.generate.RandomPicks.pick;

import com.threatlens.example.data.DatabaseFile;
import com.threatlens.example.data.OwaspCategory;
import com.threatlens.example.data.Schema;
import com.threatlens.example.data.SecurityTags;
import com.threatlens.example.data.Severity;
import com.threatlens.example.indexing.IndexEntry;
import com.threatlens.example.indexing.SecurityIndexer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds a ThreatLens database with deterministic content.
 *
 * <p>All rows come from one {@link SplittableRandom} with a constant seed, drawn in a fixed
 * order, so two databases built for the same preset and reference date are identical. The
 * reference date anchors the timeline: the data covers the year before its UTC midnight.
 * {@code ExampleMain} passes the current UTC date, so a freshly generated database always has
 * recent activity for the "last N days" analytics, which the services compute against the
 * real clock, as a user would expect; tests pass a fixed date and a fixed clock.
 *
 * <p>The database is written to a temporary file in one transaction with journaling off and
 * moved into place when complete, so an interrupted run never leaves a half-built database.
 * The finished file is switched to WAL journaling, so readers never wait for the occasional
 * writer.
 */
public class DataGenerator {

    public static final long SEED = 0x7E4E5L;

    private static final int BATCH_SIZE = 500;
    private static final List<String> THREAT_LEVELS = List.of("low", "medium", "high", "critical");
    private static final List<OwaspCategory> CATEGORIES = List.of(OwaspCategory.values());
    private static final List<Severity> SEVERITIES = List.of(Severity.values());
    private static final List<String> METRIC_NAMES = List.of(
            "cpu_percent", "heap_used_mb", "requests_per_second", "index_latency_ms", "queue_depth");

    private final SecurityIndexer indexer = new SecurityIndexer();

    public GenerationSummary generate(Path target, GenerationPreset preset, LocalDate referenceDate) {
        long startNanos = System.nanoTime();
        Path temporary = target.resolveSibling(target.getFileName() + ".generating");
        try {
            Files.deleteIfExists(temporary);
            Counts counts = build(temporary, preset, referenceDate);
            replace(target, temporary);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
            return new GenerationSummary(preset, target.toAbsolutePath(), preset.repositories(), preset.wikis(),
                    counts.threatDocuments, counts.sessions, counts.metrics, elapsed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot generate " + target, e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot generate " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    private Counts build(Path file, GenerationPreset preset, LocalDate referenceDate) throws SQLException {
        SplittableRandom random = new SplittableRandom(SEED);
        GenerationTimeline timeline = new GenerationTimeline(referenceDate);
        Counts counts = new Counts();
        try (Connection connection = DriverManager.getConnection(new DatabaseFile(file).jdbcUrl())) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=OFF");
                statement.execute("PRAGMA synchronous=OFF");
            }
            connection.setAutoCommit(false);
            Schema.create(connection);
            List<Long> repoCreated = insertRepositories(connection, preset, random, timeline);
            insertWikis(connection, preset, random, timeline, repoCreated, counts);
            counts.sessions = insertSessions(connection, preset, random, timeline);
            counts.metrics = insertMetrics(connection, random, timeline);
            connection.commit();
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
            }
        }
        return counts;
    }

    private List<Long> insertRepositories(Connection connection, GenerationPreset preset,
            SplittableRandom random, GenerationTimeline timeline) throws SQLException {
        List<Long> created = new ArrayList<>();
        String sql = "INSERT INTO repositories (id, name, url, language, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (int i = 0; i < preset.repositories(); i++) {
                String name = repositoryName(i);
                long createdAt = timeline.start() - random.nextLong(30 * DAY_SECONDS);
                long updatedAt = timeline.end() - 1 - random.nextLong(7 * DAY_SECONDS);
                insert.setLong(1, i + 1L);
                insert.setString(2, name);
                insert.setString(3, "https://git.example.com/threatlens/" + name);
                insert.setString(4, pick(random, SecurityVocabulary.LANGUAGES));
                insert.setString(5, text(createdAt));
                insert.setString(6, text(updatedAt));
                insert.addBatch();
                created.add(createdAt);
            }
            insert.executeBatch();
        }
        return created;
    }

    private static String repositoryName(int index) {
        List<String> names = SecurityVocabulary.REPOSITORY_NAMES;
        String base = names.get(index % names.size());
        return index < names.size() ? base : base + "-" + (index / names.size() + 1);
    }

    private void insertWikis(Connection connection, GenerationPreset preset, SplittableRandom random,
            GenerationTimeline timeline, List<Long> repoCreated, Counts counts) throws SQLException {
        String wikiSql = "INSERT INTO security_wikis (id, repo_id, title, sections, owasp_category, "
                + "security_tags, severity, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        String documentSql = "INSERT INTO threat_documents (id, repo_id, wiki_id, title, content, "
                + "threat_level, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
        RepositoryPicker repositories = new RepositoryPicker(preset.repositories());
        SecurityProseWriter writer = new SecurityProseWriter(random);
        try (PreparedStatement wikis = connection.prepareStatement(wikiSql);
             PreparedStatement index = connection.prepareStatement(SecurityIndexer.UPSERT_SQL);
             PreparedStatement documents = connection.prepareStatement(documentSql)) {
            for (int i = 0; i < preset.wikis(); i++) {
                long wikiId = i + 1L;
                // The first wikis go one to each repository, so that none is empty.
                long repoId = i < preset.repositories() ? i + 1L : repositories.pick(random);
                OwaspCategory category = pick(random, CATEGORIES);
                String component = pick(random, SecurityVocabulary.COMPONENTS);
                String title = writer.title(category, component);
                String sections = writer.sections(category, component);
                List<String> tags = tags(random, category);
                long createdAt = Math.max(timeline.slot(random, i, preset.wikis()), repoCreated.get((int) repoId - 1));
                long updatedAt = chance(random, 0.4) ? createdAt : timeline.between(random, createdAt, 1.5);

                wikis.setLong(1, wikiId);
                wikis.setLong(2, repoId);
                wikis.setString(3, title);
                wikis.setString(4, sections);
                wikis.setString(5, category.code());
                wikis.setString(6, SecurityTags.toColumn(tags));
                wikis.setString(7, pick(random, SEVERITIES).code());
                wikis.setString(8, text(createdAt));
                wikis.setString(9, text(updatedAt));
                wikis.addBatch();

                IndexEntry entry = indexer.index(title, sections, category.code(), tags);
                indexer.write(index, wikiId, entry, text(updatedAt));
                index.addBatch();

                int documentCount = chance(random, 0.4) ? (chance(random, 0.25) ? 2 : 1) : 0;
                for (int d = 0; d < documentCount; d++) {
                    counts.threatDocuments++;
                    documents.setLong(1, counts.threatDocuments);
                    documents.setLong(2, repoId);
                    documents.setLong(3, wikiId);
                    documents.setString(4, "Threat analysis: " + title);
                    documents.setString(5, writer.threatSummary(category, component));
                    documents.setString(6, pick(random, THREAT_LEVELS));
                    documents.setString(7, text(timeline.between(random, createdAt, 1.0)));
                    documents.addBatch();
                }
                if (wikiId % BATCH_SIZE == 0) {
                    wikis.executeBatch();
                    index.executeBatch();
                    documents.executeBatch();
                }
            }
            wikis.executeBatch();
            index.executeBatch();
            documents.executeBatch();
        }
    }

    /** One to four tags: mostly the category's own, sometimes a general one. */
    private static List<String> tags(SplittableRandom random, OwaspCategory category) {
        List<String> categoryTags = SecurityProseWriter.vocabulary(category).tags();
        int count = 1 + random.nextInt(4);
        List<String> tags = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            String tag = chance(random, 0.7) ? pick(random, categoryTags) : pick(random, SecurityTags.KNOWN);
            if (!tags.contains(tag)) {
                tags.add(tag);
            }
        }
        return tags;
    }

    private static int insertSessions(Connection connection, GenerationPreset preset, SplittableRandom random,
            GenerationTimeline timeline) throws SQLException {
        String sql = "INSERT INTO analysis_sessions (id, repo_id, status, started_at, finished_at, findings_count) "
                + "VALUES (?, ?, ?, ?, ?, ?)";
        int id = 0;
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (long repoId = 1; repoId <= preset.repositories(); repoId++) {
                // Busier repositories are analysed more often: every one to seven days.
                long interval = DAY_SECONDS * (1 + random.nextInt(7));
                for (long started = timeline.start() + random.nextLong(interval);
                        started < timeline.end() - 3600;
                        started += interval / 2 + random.nextLong(interval)) {
                    id++;
                    boolean failed = chance(random, 0.08);
                    insert.setLong(1, id);
                    insert.setLong(2, repoId);
                    insert.setString(3, failed ? "failed" : "completed");
                    insert.setString(4, text(started));
                    insert.setString(5, text(started + 60 + random.nextLong(3000)));
                    insert.setInt(6, failed ? 0 : random.nextInt(40));
                    insert.addBatch();
                    if (id % BATCH_SIZE == 0) {
                        insert.executeBatch();
                    }
                }
            }
            insert.executeBatch();
        }
        return id;
    }

    private static int insertMetrics(Connection connection, SplittableRandom random, GenerationTimeline timeline)
            throws SQLException {
        String sql = "INSERT INTO system_metrics (id, metric_name, metric_value, recorded_at) VALUES (?, ?, ?, ?)";
        int id = 0;
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (long at = timeline.start(); at < timeline.end(); at += DAY_SECONDS / 4) {
                for (String name : METRIC_NAMES) {
                    id++;
                    insert.setLong(1, id);
                    insert.setString(2, name);
                    insert.setDouble(3, Math.round(random.nextDouble() * 10_000) / 100.0);
                    insert.setString(4, text(at));
                    insert.addBatch();
                    if (id % BATCH_SIZE == 0) {
                        insert.executeBatch();
                    }
                }
            }
            insert.executeBatch();
        }
        return id;
    }

    /** Removes the old database and its WAL files, whose pages would corrupt the new one. */
    private static void replace(Path target, Path built) throws IOException {
        Files.deleteIfExists(target);
        Files.deleteIfExists(target.resolveSibling(target.getFileName() + "-wal"));
        Files.deleteIfExists(target.resolveSibling(target.getFileName() + "-shm"));
        Files.move(built, target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-wal"));
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-shm"));
        } catch (IOException ignored) {
            // Only a leftover temporary file; the next run deletes it first.
        }
    }

    private static final class Counts {
        int threatDocuments;
        int sessions;
        int metrics;
    }
}
