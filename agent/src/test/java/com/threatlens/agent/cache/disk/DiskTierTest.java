package com.threatlens.agent.cache.disk;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk tier on real SQLite files, with a clock the tests move by hand and {@link
 * DiskTier#flush()} to make the writer thread's work observable.
 */
class DiskTierTest {

    private static final long NEVER = Long.MAX_VALUE;
    private static final long MB = 1024 * 1024;

    @TempDir
    Path directory;

    private final TestClock clock = new TestClock();
    private final List<DiskTier> opened = new ArrayList<>();

    @AfterEach
    void closeTiers() {
        clock.release();
        opened.forEach(DiskTier::close);
    }

    private DiskTier open(DiskOptions options) {
        DiskTier tier = DiskTier.open(directory, options, clock);
        opened.add(tier);
        return tier;
    }

    private DiskTier open() {
        return open(DiskOptions.withMaxBytes(MB));
    }

    private static DiskEntry entry(String region, String key, String value) {
        return entry(region, key, value, NEVER, List.of(), List.of());
    }

    private static DiskEntry entry(String region, String key, String value, long expiresAt, List<String> tags,
                                   List<TableRef> tables) {
        return new DiskEntry(region, key, "java.lang.String", value.getBytes(UTF_8), 1_000, expiresAt, tags, tables,
            "run-1", 3);
    }

    private static String value(DiskEntry entry) {
        return entry == null ? null : new String(entry.value(), UTF_8);
    }

    @Test
    void a_written_entry_reads_back_whole() {
        DiskTier tier = open();
        DiskEntry written = entry("owners", "find(7)", "\"Jean\"", 50_000, List.of("owners", "vets"),
            List.of(new TableRef("petclinic", "owners"), new TableRef("petclinic", "*")));
        tier.write(written);
        tier.flush();

        DiskEntry read = tier.read("owners", "find(7)");
        assertNotNull(read);
        assertArrayEquals(written.value(), read.value());
        assertEquals(new DiskEntry(written.region(), written.key(), written.valueType(), read.value(),
            written.createdMillis(), written.expiresAtMillis(), written.tags(), written.tables(), written.runId(),
            written.version()), read);
        assertNull(tier.read("owners", "find(8)"));
        assertNull(tier.read("vets", "find(7)"));

        DiskStats stats = tier.stats();
        assertEquals(DiskStats.State.OK, stats.state());
        assertEquals(1, stats.entries());
        assertTrue(stats.bytes() > written.value().length, "bytes " + stats.bytes());
        assertEquals(3, stats.reads());
        assertEquals(1, stats.hits());
        assertEquals(2, stats.misses());
        assertEquals(1, stats.writes());
        assertEquals(directory.resolve("threatlens-cache.db").toString(), stats.path());
    }

    @Test
    void a_later_write_of_the_same_key_replaces_the_earlier() {
        DiskTier tier = open();
        tier.write(entry("r", "k", "first", NEVER, List.of("a"), List.of(new TableRef("db", "t1"))));
        tier.write(entry("r", "k", "second", NEVER, List.of("b"), List.of(new TableRef("db", "t2"))));
        tier.flush();

        assertEquals("second", value(tier.read("r", "k")));
        assertEquals(1, tier.stats().entries());
        // The links of the replaced entry went with it.
        assertEquals(0, tier.removeTag("a", null));
        tier.removeTables("db", List.of("t1"));
        tier.flush();
        assertEquals("second", value(tier.read("r", "k")));
        assertEquals(1, tier.removeTag("b", null));
    }

    @Test
    void an_entry_expires_by_the_clock() {
        DiskTier tier = open();
        clock.set(10_000);
        tier.write(entry("r", "short", "v", 11_000, List.of(), List.of()));
        tier.write(entry("r", "long", "v", 99_000, List.of(), List.of()));
        tier.write(entry("r", "already", "v", 10_000, List.of(), List.of()));
        tier.flush();
        assertEquals("v", value(tier.read("r", "short")));
        assertNull(tier.read("r", "already"), "expired when written: not stored");
        assertEquals(2, tier.stats().entries());

        clock.set(11_000);
        assertNull(tier.read("r", "short"));
        assertEquals("v", value(tier.read("r", "long")));
        tier.flush();
        assertEquals(1, tier.stats().entries(), "the expired entry a read found is deleted in the background");
        assertEquals(1, tier.stats().evictedExpired());
    }

    @Test
    void expired_entries_nobody_reads_are_swept_every_interval() {
        DiskTier tier = open(new DiskOptions(MB, 100, 10, 60_000, 2));
        clock.set(1_000);
        tier.write(entry("r", "a", "v", 5_000, List.of(), List.of()));
        tier.write(entry("r", "b", "v", NEVER, List.of(), List.of()));
        tier.flush();
        clock.set(30_000);
        tier.flush();
        assertEquals(2, tier.stats().entries(), "not yet time for a sweep");
        clock.set(61_000);
        tier.flush();
        assertEquals(1, tier.stats().entries());
        assertEquals(1, tier.stats().evictedExpired());
        assertEquals("v", value(tier.read("r", "b")));
    }

    @Test
    void removals_by_tag_region_database_and_everything_answer_how_many_went() {
        DiskTier tier = open();
        tier.write(entry("owners", "1", "v", NEVER, List.of("owner", "shared"), List.of(new TableRef("clinic", "owners"))));
        tier.write(entry("owners", "2", "v", NEVER, List.of("owner"), List.of(new TableRef("clinic", "owners"))));
        tier.write(entry("vets", "1", "v", NEVER, List.of("shared"), List.of(new TableRef("staff", "vets"))));
        tier.write(entry("vets", "2", "v", NEVER, List.of(), List.of(new TableRef("staff", "*"))));
        tier.write(entry("pets", "1", "v", NEVER, List.of(), List.of()));
        tier.flush();

        assertEquals(1, tier.removeTag("shared", "vets"));
        assertEquals("v", value(tier.read("owners", "1")), "a tag removal limited to a region leaves others");
        assertEquals(2, tier.removeTag("owner", null));
        assertEquals(1, tier.removeDatabase("staff"));
        assertEquals(0, tier.removeDatabase("staff"));
        assertEquals(1, tier.removeRegion("pets"));
        assertEquals(0, tier.stats().entries());

        tier.write(entry("a", "1", "v"));
        tier.write(entry("b", "1", "v"));
        tier.flush();
        assertEquals(Map.of("a", 1L, "b", 1L), tier.entriesByRegion());
        assertEquals(2, tier.removeAll());
        assertEquals(0, tier.stats().entries());
        assertEquals(0, tier.stats().bytes());
        assertEquals(7, tier.stats().invalidated());
    }

    @Test
    void a_table_removal_takes_entries_of_those_tables_and_of_the_whole_database() {
        DiskTier tier = open();
        tier.write(entry("r", "owners", "v", NEVER, List.of(), List.of(new TableRef("clinic", "owners"))));
        tier.write(entry("r", "pets", "v", NEVER, List.of(), List.of(new TableRef("clinic", "pets"))));
        tier.write(entry("r", "visits", "v", NEVER, List.of(), List.of(new TableRef("clinic", "visits"))));
        tier.write(entry("r", "any", "v", NEVER, List.of(), List.of(new TableRef("clinic", TableRef.ANY_TABLE))));
        tier.write(entry("r", "other", "v", NEVER, List.of(), List.of(new TableRef("billing", "owners"))));
        tier.flush();

        tier.removeTables("clinic", List.of("owners", "pets"));
        tier.flush();

        assertNull(tier.read("r", "owners"));
        assertNull(tier.read("r", "pets"));
        assertNull(tier.read("r", "any"));
        assertEquals("v", value(tier.read("r", "visits")));
        assertEquals("v", value(tier.read("r", "other")));
        assertEquals(3, tier.stats().invalidated());
    }

    @Test
    void a_write_still_queued_when_a_removal_comes_never_reappears() throws Exception {
        DiskTier tier = open();
        TableRef owners = new TableRef("clinic", "owners");
        clock.blockNextRead();
        tier.write(entry("r", "first", "v", NEVER, List.of("t"), List.of(owners)));
        clock.awaitBlocked();
        // The writer is held inside its batch of one: these are certainly still queued.
        tier.write(entry("r", "queued", "v", NEVER, List.of("t"), List.of(owners)));
        tier.removeTables("clinic", List.of("owners"));
        tier.write(entry("r", "after", "v", NEVER, List.of("t"), List.of(owners)));
        clock.release();
        tier.flush();
        assertNull(tier.read("r", "first"));
        assertNull(tier.read("r", "queued"));
        assertEquals("v", value(tier.read("r", "after")), "a write queued after the removal stays");

        // Synchronous removals: whatever was queued before the call is gone when it returns.
        for (int i = 0; i < 50; i++) {
            tier.write(entry("r", "tagged-" + i, "v", NEVER, List.of("t"), List.of()));
        }
        tier.removeTag("t", null);
        for (int i = 0; i < 50; i++) {
            tier.write(entry("r" + i % 2, "k" + i, "v"));
        }
        assertEquals(25, tier.removeRegion("r0"));
        tier.flush();
        assertEquals(Map.of("r1", 25L), tier.entriesByRegion());
        tier.write(entry("r1", "late", "v"));
        tier.remove("r1", "late");
        tier.flush();
        assertNull(tier.read("r1", "late"));
    }

    @Test
    void the_least_recently_read_entries_go_first_when_over_the_size_bound() {
        String kilobyte = "x".repeat(1024);
        DiskTier tier = open(new DiskOptions(5_000, 100, 10, 60_000, 2));
        for (int i = 1; i <= 4; i++) {
            clock.set(i * 10);
            tier.write(entry("r", "e" + i, kilobyte));
            tier.flush();
        }
        assertEquals(4, tier.stats().entries());
        clock.set(100);
        assertNotNull(tier.read("r", "e1"));
        clock.set(110);
        assertNotNull(tier.read("r", "e2"));

        clock.set(120);
        tier.write(entry("r", "e5", kilobyte));
        tier.flush();

        DiskStats stats = tier.stats();
        assertTrue(stats.bytes() <= 5_000, "bytes " + stats.bytes());
        assertEquals(4, stats.entries());
        assertEquals(1, stats.evictedSize());
        assertNull(tier.read("r", "e3"), "written at 30 and never read: the least recently used");
        Stream.of("e1", "e2", "e4", "e5").forEach(key -> assertNotNull(tier.read("r", key), key));

        clock.set(200);
        tier.write(entry("r", "big", "y".repeat(4_500)));
        tier.flush();
        assertTrue(tier.stats().bytes() <= 5_000);
        assertNotNull(tier.read("r", "big"));
        assertEquals(1, tier.stats().entries());
    }

    @Test
    void entries_and_meta_survive_closing_and_reopening() {
        DiskTier first = open();
        first.write(entry("r", "k", "kept", NEVER, List.of("t"), List.of(new TableRef("db", "t"))));
        first.putMeta("fingerprint:db", "abc123");
        assertEquals("abc123", first.meta("fingerprint:db"));
        first.close();
        first.close();
        assertNull(first.read("r", "k"), "a closed tier answers absent");

        DiskTier second = open();
        assertEquals("kept", value(second.read("r", "k")));
        assertEquals("abc123", second.meta("fingerprint:db"));
        assertNull(second.meta("unknown"));
        assertEquals(1, second.stats().entries());
        assertEquals(DiskStats.State.OK, second.stats().state());
        assertEquals(1, second.removeDatabase("db"));
    }

    @Test
    void a_file_of_another_schema_version_is_emptied() throws SQLException {
        DiskTier first = open();
        first.write(entry("r", "k", "old"));
        first.putMeta("fingerprint:db", "abc123");
        first.close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve(CacheFile.NAME));
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE meta SET value = '0' WHERE key = '" + EntryStore.SCHEMA_VERSION_KEY + "'");
        }

        DiskTier second = open();
        assertNull(second.read("r", "k"));
        assertNull(second.meta("fingerprint:db"));
        assertEquals(0, second.stats().entries());
        second.write(entry("r", "k", "new"));
        second.flush();
        assertEquals("new", value(second.read("r", "k")));
    }

    @Test
    void a_corrupt_file_is_moved_aside_and_replaced_by_an_empty_one() throws IOException {
        byte[] garbage = new byte[8192];
        new Random(42).nextBytes(garbage);
        Files.write(directory.resolve(CacheFile.NAME), garbage);

        DiskTier tier = open();
        DiskStats stats = tier.stats();
        assertEquals(DiskStats.State.RECOVERED, stats.state());
        assertEquals(1, stats.corruptRecoveries());
        assertTrue(stats.reason().contains(".corrupt-"), stats.reason());
        try (Stream<Path> files = Files.list(directory)) {
            Path moved = files.filter(file -> file.getFileName().toString().startsWith(CacheFile.NAME + ".corrupt-"))
                .findFirst().orElseThrow();
            assertArrayEquals(garbage, Files.readAllBytes(moved));
        }
        tier.write(entry("r", "k", "v"));
        tier.flush();
        assertEquals("v", value(tier.read("r", "k")));
    }

    @Test
    void corruption_found_while_running_is_recovered_once_and_the_tier_goes_on() throws Exception {
        DiskTier tier = open();
        String kilobyte = "x".repeat(1024);
        for (int i = 0; i < 200; i++) {
            tier.write(entry("r", "k" + i, kilobyte));
        }
        tier.flush();
        Path file = directory.resolve(CacheFile.NAME);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        // Every page but the first (the header and schema) overwritten with garbage.
        byte[] garbage = new byte[(int) Files.size(file) - 4096];
        new Random(7).nextBytes(garbage);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(garbage), 4096);
        }

        for (int i = 0; i < 20; i++) {
            assertNull(tier.read("r", "k" + i));
        }
        tier.flush();

        DiskStats stats = tier.stats();
        assertEquals(DiskStats.State.RECOVERED, stats.state());
        assertEquals(1, stats.corruptRecoveries());
        assertEquals(0, stats.entries());
        tier.write(entry("r", "k0", "fresh"));
        tier.flush();
        assertEquals("fresh", value(tier.read("r", "k0")));
    }

    @Test
    void a_tier_without_a_usable_file_is_unavailable_and_does_nothing() throws IOException {
        Path notADirectory = Files.writeString(directory.resolve("plain-file"), "x");
        assertUnavailable(DiskTier.open(notADirectory.resolve("cache"), MB, clock));
        assertUnavailable(DiskTier.open(notADirectory, MB, clock));

        Path blocked = directory.resolve("blocked");
        Files.createDirectories(blocked.resolve(CacheFile.NAME));
        assertUnavailable(DiskTier.open(blocked, MB, clock));
    }

    private void assertUnavailable(DiskTier tier) {
        assertEquals(DiskStats.State.UNAVAILABLE, tier.stats().state());
        assertNotNull(tier.stats().reason());
        tier.write(entry("r", "k", "v"));
        tier.flush();
        assertNull(tier.read("r", "k"));
        assertEquals(0, tier.removeAll());
        assertEquals(0, tier.removeTag("t", null));
        tier.removeTables("db", List.of("t"));
        tier.putMeta("m", "v");
        assertNull(tier.meta("m"));
        assertEquals(Map.of(), tier.entriesByRegion());
        assertEquals(0, tier.stats().writes());
        tier.close();
        tier.close();
    }

    @Test
    void writes_beyond_the_queue_capacity_are_dropped_and_counted() throws Exception {
        DiskTier tier = open(DiskOptions.withMaxBytes(MB).withQueueCapacity(3));
        clock.blockNextRead();
        tier.write(entry("r", "taken", "v"));
        clock.awaitBlocked();
        for (int i = 0; i < 5; i++) {
            tier.write(entry("r", "k" + i, "v"));
        }
        assertEquals(3, tier.stats().queueLength());
        clock.release();
        tier.flush();

        DiskStats stats = tier.stats();
        assertEquals(4, stats.writes());
        assertEquals(2, stats.writesDropped());
        assertEquals(4, stats.entries());
        assertNull(tier.read("r", "k3"));
        assertNull(tier.read("r", "k4"));
    }

    @Test
    void an_undecodable_entry_is_dropped_and_counted() {
        DiskTier tier = open();
        tier.write(entry("r", "k", "v"));
        tier.flush();
        tier.dropUndecodable("r", "k");
        tier.flush();
        assertNull(tier.read("r", "k"));
        assertEquals(1, tier.stats().undecodableDropped());
        assertEquals(0, tier.stats().invalidated());
    }

    @Test
    void null_arguments_match_nothing_instead_of_throwing() {
        DiskTier tier = open();
        tier.write(entry("r", "k", "v"));
        tier.write(null);
        assertEquals(0, tier.removeTag(null, null));
        assertEquals(0, tier.removeRegion(null));
        assertEquals(0, tier.removeDatabase(null));
        tier.removeTables("db", null);
        tier.removeTables(null, List.of("t"));
        tier.remove(null, null);
        assertNull(tier.read(null, "k"));
        tier.flush();
        assertEquals("v", value(tier.read("r", "k")));
        assertEquals(0, tier.stats().failures());
    }

    record Visit(long id, String pet, List<String> notes, Map<String, Integer> costs) {
    }

    @Test
    void a_record_goes_through_the_codec_to_disk_and_back() throws NoSuchMethodException {
        ValueCodec codec = new ValueCodec();
        Type declared = getClass().getDeclaredMethod("visits").getGenericReturnType();
        List<Visit> visits = List.of(new Visit(1, "Leo", List.of("checkup"), Map.of("exam", 40)),
            new Visit(2, "Max", List.of(), Map.of()));
        DiskTier tier = open();
        tier.write(new DiskEntry("visits", "byOwner(1)", declared.getTypeName(), codec.encode(visits), 0, NEVER,
            List.of(), List.of(new TableRef("clinic", "visits")), "run", 1));
        tier.flush();

        DiskEntry read = tier.read("visits", "byOwner(1)");
        assertEquals(visits, codec.decode(read.value(), declared));
        assertEquals("java.util.List<com.threatlens.agent.cache.disk.DiskTierTest$Visit>", read.valueType());
    }

    List<Visit> visits() {
        return List.of();
    }

    @Test
    void concurrent_readers_writers_and_removals_keep_the_totals_right() throws Exception {
        DiskTier tier = open(new DiskOptions(200_000, 100_000, 50, 1_000, 4));
        int threads = 8;
        int operations = 3_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long seed = t;
            done.add(pool.submit(() -> {
                Random random = new Random(seed);
                for (int i = 0; i < operations; i++) {
                    String region = "r" + random.nextInt(4);
                    String key = "k" + random.nextInt(200);
                    int choice = random.nextInt(100);
                    clock.advance(1);
                    if (choice < 45) {
                        DiskEntry read = tier.read(region, key);
                        if (read != null) {
                            assertEquals(region + "/" + key, value(read).substring(0, (region + "/" + key).length()));
                        }
                    } else if (choice < 90) {
                        tier.write(entry(region, key, region + "/" + key + "#" + "z".repeat(random.nextInt(500)),
                            clock.getAsLong() + random.nextInt(5_000), List.of("tag" + random.nextInt(5)),
                            List.of(new TableRef("db", "t" + random.nextInt(10)))));
                    } else if (choice < 95) {
                        tier.removeTables("db", List.of("t" + random.nextInt(10)));
                    } else if (choice < 98) {
                        tier.remove(region, key);
                    } else {
                        tier.removeTag("tag" + random.nextInt(5), random.nextBoolean() ? region : null);
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        tier.flush();

        DiskStats stats = tier.stats();
        assertEquals(0, stats.failures());
        assertTrue(stats.bytes() <= 200_000, "bytes " + stats.bytes());
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve(CacheFile.NAME));
             Statement statement = connection.createStatement();
             ResultSet totals = statement.executeQuery("SELECT count(*), coalesce(sum(size), 0) FROM entries")) {
            totals.next();
            assertEquals(totals.getLong(1), stats.entries());
            assertEquals(totals.getLong(2), stats.bytes());
            try (ResultSet orphans = statement.executeQuery("SELECT (SELECT count(*) FROM entry_tags WHERE entry_id NOT IN"
                + " (SELECT id FROM entries)) + (SELECT count(*) FROM entry_tables WHERE entry_id NOT IN (SELECT id FROM entries))")) {
                orphans.next();
                assertEquals(0, orphans.getLong(1), "links without their entry");
            }
        }
    }

    /** A clock set by hand, which can also hold the next thread that reads it until released. */
    static final class TestClock implements LongSupplier {
        private final AtomicLong millis = new AtomicLong(1_000);
        private volatile CountDownLatch blocked;
        private volatile CountDownLatch entered;
        private final CountDownLatch released = new CountDownLatch(0);
        private volatile CountDownLatch gate = released;

        @Override
        public long getAsLong() {
            CountDownLatch armed = blocked;
            if (armed != null && armed.getCount() > 0) {
                synchronized (this) {
                    if (blocked == armed && armed.getCount() > 0) {
                        armed.countDown();
                        entered.countDown();
                    } else {
                        armed = null;
                    }
                }
                if (armed != null) {
                    try {
                        gate.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            return millis.get();
        }

        void set(long value) {
            millis.set(value);
        }

        void advance(long delta) {
            millis.addAndGet(delta);
        }

        synchronized void blockNextRead() {
            gate = new CountDownLatch(1);
            entered = new CountDownLatch(1);
            blocked = new CountDownLatch(1);
        }

        void awaitBlocked() throws InterruptedException {
            assertTrue(entered.await(10, TimeUnit.SECONDS), "nothing read the clock");
        }

        void release() {
            gate.countDown();
        }
    }
}
