package com.threatlens.example.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example service with the cache rules it ships: its wiki, search and analytics results are
 * cached, and a write is never hidden by the cache from a read that starts after it committed.
 */
class CachedServiceIT {

    static final Path RULES = Path.of("cache-rules.properties").toAbsolutePath();
    private static final Pattern VERSION = Pattern.compile("stale-check (\\d+) ");

    @TempDir
    static Path directory;

    private static Path template;
    private static ExampleProcess cached;
    private static Path cachedDatabase;

    @BeforeAll
    static void start() {
        assertTrue(Files.isRegularFile(RULES), RULES + " is the rules file the example ships");
        template = TinyDatabase.generate(directory);
        cachedDatabase = TinyDatabase.copy(template, "cached.db");
        cached = ExampleProcess.startWithAgent(cachedDatabase, "http.port=0", "cache.rules=" + RULES,
                "cache.disk.directory=" + directory.resolve("disk-cached"), "cache.external-writes.interval=200ms");
        // The agent instruments classes in the background: wait for it, as the sidecar starts after.
        cached.sidecarUrl();
    }

    @AfterAll
    static void stop() {
        if (cached != null) {
            cached.close();
        }
    }

    @Test
    void repeatedCallsAreServedFromTheCacheAndTheStatsNameTheTablesRead() {
        JsonNode first = ok(HttpJson.get(cached.example("/api/wikis/11")));
        JsonNode second = ok(HttpJson.get(cached.example("/api/wikis/11")));
        assertEquals(first, second);
        ok(HttpJson.get(cached.example("/api/analytics/owasp-distribution")));
        ok(HttpJson.get(cached.example("/api/analytics/owasp-distribution")));

        JsonNode stats = ok(HttpJson.get(cached.sidecar("/cache/stats")));
        JsonNode wikiRule = rule(stats, "wiki-by-id");
        assertEquals("active", wikiRule.get("state").asText(), wikiRule.toString());
        assertTrue(wikiRule.get("hits").asLong() >= 1, wikiRule.toString());
        assertTrue(wikiRule.get("tables").toString().contains("security_wikis"), wikiRule.toString());
        JsonNode analytics = rule(stats, "owasp-distribution");
        assertTrue(analytics.get("hits").asLong() >= 1, analytics.toString());
        assertEquals("ok", stats.get("disk").get("state").asText());

        String prometheus = HttpJson.get(cached.sidecar("/metrics/prometheus")).body();
        Matcher hits = Pattern.compile("threatlens_cache_hits_total\\{region=\"wiki\"} ([0-9.]+)").matcher(prometheus);
        assertTrue(hits.find(), prometheus);
        assertTrue(Double.parseDouble(hits.group(1)) >= 1, hits.group());
        assertTrue(prometheus.contains("threatlens_cache_evictions_total{cause=\"expired\",region=\"wiki\"}"), prometheus);
    }

    @Test
    void invalidatingARepositoryTagDropsItsWikisFromMemory() {
        JsonNode wiki = ok(HttpJson.get(cached.example("/api/wikis/12")));
        long repo = wiki.get("repo_id").asLong();
        JsonNode removed = ok(HttpJson.send("POST", cached.sidecar("/cache/invalidate/repo/" + repo), Map.of()));
        assertTrue(removed.get("removed").get("memory").asLong() >= 1, removed.toString());
        long missesBefore = rule(ok(HttpJson.get(cached.sidecar("/cache/stats"))), "wiki-by-id").get("misses").asLong();
        ok(HttpJson.get(cached.example("/api/wikis/12")));
        long missesAfter = rule(ok(HttpJson.get(cached.sidecar("/cache/stats"))), "wiki-by-id").get("misses").asLong();
        assertEquals(missesBefore + 1, missesAfter, "the invalidated wiki is computed again");
    }

    @Test
    void warmingARegionRecomputesWhatWasCleared() throws InterruptedException {
        ok(HttpJson.get(cached.example("/api/analytics/tag-frequency")));
        ok(HttpJson.send("POST", cached.sidecar("/cache/clear?cache_type=all&region=analytics"), Map.of()));
        HttpJson.Reply warm = HttpJson.send("POST", cached.sidecar("/cache/warm?region=analytics"), Map.of());
        assertEquals(202, warm.status(), warm.toString());
        assertTrue(warm.json().get("calls_queued").asLong() >= 1, warm.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonNode region;
        do {
            Thread.sleep(50);
            region = region(ok(HttpJson.get(cached.sidecar("/cache/stats"))), "analytics");
        } while (region.get("entries").asLong() == 0 && System.nanoTime() < deadline);
        assertTrue(region.get("entries").asLong() >= 1, "warming filled the region again: " + region);
        String taskId = warm.json().get("task_id").asText();
        JsonNode task = ok(HttpJson.get(cached.sidecar("/background-tasks/" + taskId)));
        assertEquals("cache-warm", task.get("type").asText(), task.toString());
    }

    @Test
    void aCommitByAnotherProcessIsSeenThroughDataVersion() throws Exception {
        ok(HttpJson.get(cached.example("/api/wikis/13")));
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + cachedDatabase);
             PreparedStatement update = connection.prepareStatement("UPDATE security_wikis SET title = ? WHERE id = 13")) {
            update.setString(1, "changed by another process");
            assertEquals(1, update.executeUpdate());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String title;
        do {
            Thread.sleep(100);
            title = ok(HttpJson.get(cached.example("/api/wikis/13"))).get("title").asText();
        } while (!title.equals("changed by another process") && System.nanoTime() < deadline);
        assertEquals("changed by another process", title);
        JsonNode stats = ok(HttpJson.get(cached.sidecar("/cache/stats")));
        if (stats.get("invalidations").get("external_writes").asLong() < 1) {
            throw cached.failure("no write by another process seen: " + stats);
        }
    }

    /**
     * A write of one wiki by its id invalidates that wiki's cached value only: the other 49 of
     * the ids read before stay cached, and the written one is read fresh.
     */
    @Test
    void updatingOneWikiLeavesTheOtherWikisCached() {
        for (int round = 0; round < 2; round++) {
            for (long id = 1; id <= 50; id++) {
                ok(HttpJson.get(cached.example("/api/wikis/" + id)));
            }
        }
        JsonNode before = rule(ok(HttpJson.get(cached.sidecar("/cache/stats"))), "wiki-by-id");
        JsonNode original = ok(HttpJson.get(cached.example("/api/wikis/7")));
        ok(HttpJson.sendJson("PUT", cached.example("/api/wikis/7"), updateBody(original, "row-level 7")));

        for (long id = 1; id <= 50; id++) {
            JsonNode wiki = ok(HttpJson.get(cached.example("/api/wikis/" + id)));
            if (id == 7) {
                assertEquals("row-level 7", wiki.get("title").asText(), "the written wiki is read fresh");
            }
        }
        JsonNode after = rule(ok(HttpJson.get(cached.sidecar("/cache/stats"))), "wiki-by-id");
        assertEquals(1, after.get("misses").asLong() - before.get("misses").asLong(),
                "only the written wiki is computed again: " + before + " -> " + after);
        assertEquals(50, after.get("hits").asLong() - before.get("hits").asLong(),
                "the other 49, and the read of wiki 7 before the write, are hits: " + before + " -> " + after);
    }

    private static String updateBody(JsonNode original, String title) {
        return "{\"title\":\"" + title + "\",\"sections\":" + original.get("sections") + ",\"owasp_category\":"
                + original.get("owasp_category") + ",\"security_tags\":" + original.get("security_tags") + "}";
    }

    /**
     * Readers and writers at once: every read must show at least the version of the wiki that was
     * committed before the read began. The same workload with table tracking off must see stale
     * reads, which shows the check can catch them.
     */
    @Test
    void noReadThatStartsAfterACommitSeesDataFromBeforeIt() throws Exception {
        StaleReads withTracking = concurrentReadsAndWrites(cached);
        assertEquals(0, withTracking.stale.get(), withTracking.describe());
        assertTrue(withTracking.reads.get() >= 2000, withTracking.describe());

        try (ExampleProcess untracked = ExampleProcess.startWithAgent(TinyDatabase.copy(template, "untracked.db"),
                "http.port=0", "cache.rules=" + RULES, "cache.track-tables=false",
                "cache.disk.directory=" + directory.resolve("disk-untracked"))) {
            untracked.sidecarUrl();
            StaleReads withoutTracking = concurrentReadsAndWrites(untracked);
            assertTrue(withoutTracking.stale.get() > 0, "time-to-live caching alone serves stale reads: "
                    + withoutTracking.describe());
            JsonNode rule = rule(ok(HttpJson.get(untracked.sidecar("/cache/stats"))), "wiki-by-id");
            assertEquals("ttl_only", rule.get("state").asText(), rule.toString());
        }
    }

    @Test
    void aWrongRuleIsReportedInOneLineAndTheOtherRulesStillWork() throws Exception {
        Path rules = directory.resolve("wrong-rules.properties");
        Files.writeString(rules, String.join("\n",
                "rule.typo = com.threatlens.example.service.WikiService#getWikki(long); region=wiki",
                "rule.no-region = com.threatlens.example.service.WikiService#listWikis; region=nowhere",
                "rule.bad-tag = com.threatlens.example.service.SecuritySearchService#search; region=search; tags=q:{7}",
                "rule.wiki = com.threatlens.example.service.WikiService#getWiki(long); region=wiki", ""));
        try (ExampleProcess example = ExampleProcess.startWithAgent(TinyDatabase.copy(template, "wrong-rules.db"),
                "http.port=0", "cache.rules=" + rules, "cache.disk.enabled=false")) {
            example.sidecarUrl();
            ok(HttpJson.get(example.example("/api/wikis/3")));
            ok(HttpJson.get(example.example("/api/wikis/3")));
            JsonNode stats = ok(HttpJson.get(example.sidecar("/cache/stats")));
            assertTrue(rule(stats, "wiki").get("hits").asLong() >= 1, stats.get("rules").toString());
            JsonNode typo = rule(stats, "typo");
            assertEquals("off", typo.get("state").asText(), typo.toString());
            assertTrue(typo.get("reason").asText().contains("getWikki"), typo.toString());
            assertEquals("off", rule(stats, "bad-tag").get("state").asText());
            JsonNode health = HttpJson.get(example.sidecar("/health")).json();
            assertTrue(health.toString().contains("cache rule 'typo' is off"), health.toString());
            String log = example.stderr();
            for (String name : List.of("'typo'", "'no-region'", "'bad-tag'")) {
                assertEquals(1, log.lines().filter(line -> line.contains("cache rule " + name)).count(),
                        "one line for rule " + name + " in:\n" + log);
            }
        }
    }

    private static StaleReads concurrentReadsAndWrites(ExampleProcess example) throws Exception {
        JsonNode page = ok(HttpJson.get(example.example("/api/repos/1/wikis?page_size=100")));
        List<JsonNode> originals = new ArrayList<>();
        for (JsonNode item : page.get("items")) {
            if (originals.size() < 8) {
                originals.add(ok(HttpJson.get(example.example("/api/wikis/" + item.get("id").asLong()))));
            }
        }
        long[] ids = originals.stream().mapToLong(wiki -> wiki.get("id").asLong()).toArray();
        AtomicLongArray committed = new AtomicLongArray(ids.length);
        StaleReads result = new StaleReads();
        int writers = 2;
        int readers = 4;
        ExecutorService threads = Executors.newFixedThreadPool(writers + readers + 1);
        List<Future<?>> work = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            work.add(threads.submit(() -> {
                for (int round = 1; round <= 60; round++) {
                    for (int i = writer; i < ids.length; i += writers) {
                        JsonNode original = originals.get(i);
                        ok(HttpJson.sendJson("PUT", example.example("/api/wikis/" + ids[i]),
                                updateBody(original, "stale-check " + round + " " + ids[i])));
                        committed.set(i, round);
                    }
                }
                return null;
            }));
        }
        // New rows of keys the database picks: a read of one right after its creation must find it.
        work.add(threads.submit(() -> {
            JsonNode template = originals.get(0);
            for (int n = 0; n < 40; n++) {
                String title = "created " + n;
                HttpJson.Reply created = HttpJson.sendJson("POST", example.example("/api/wikis"),
                        "{\"repo_id\":1," + updateBody(template, title).substring(1));
                assertEquals(201, created.status(), created.toString());
                long id = created.json().get("id").asLong();
                HttpJson.Reply read = HttpJson.get(example.example("/api/wikis/" + id));
                result.reads.incrementAndGet();
                if (read.status() != 200 || !read.json().get("title").asText().equals(title)) {
                    result.stale.incrementAndGet();
                    result.example = "wiki " + id + " created, then read as " + read;
                }
            }
            return null;
        }));
        for (int r = 0; r < readers; r++) {
            work.add(threads.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int n = 0; n < 550; n++) {
                    if (random.nextInt(4) == 0) {
                        long[] floor = new long[ids.length];
                        for (int i = 0; i < ids.length; i++) {
                            floor[i] = committed.get(i);
                        }
                        JsonNode list = ok(HttpJson.get(example.example("/api/repos/1/wikis?page_size=100")));
                        for (JsonNode item : list.get("items")) {
                            for (int i = 0; i < ids.length; i++) {
                                if (item.get("id").asLong() == ids[i]) {
                                    result.check(floor[i], item.get("title").asText());
                                }
                            }
                        }
                    } else {
                        int i = random.nextInt(ids.length);
                        long floor = committed.get(i);
                        result.check(floor, ok(HttpJson.get(example.example("/api/wikis/" + ids[i]))).get("title").asText());
                    }
                }
                return null;
            }));
        }
        for (Future<?> each : work) {
            each.get(5, TimeUnit.MINUTES);
        }
        threads.shutdown();
        return result;
    }

    private static final class StaleReads {
        final AtomicLong reads = new AtomicLong();
        final AtomicLong stale = new AtomicLong();
        volatile String example = "";

        void check(long floor, String title) {
            reads.incrementAndGet();
            Matcher version = VERSION.matcher(title + " ");
            long seen = version.lookingAt() ? Long.parseLong(version.group(1)) : 0;
            if (seen < floor) {
                stale.incrementAndGet();
                example = "read '" + title + "' after version " + floor + " was committed";
            }
        }

        String describe() {
            return reads.get() + " reads, " + stale.get() + " stale " + example;
        }
    }

    static JsonNode rule(JsonNode stats, String name) {
        for (JsonNode rule : stats.get("rules")) {
            if (rule.get("name").asText().equals(name)) {
                return rule;
            }
        }
        throw new AssertionError("no rule " + name + " in " + stats);
    }

    static JsonNode region(JsonNode stats, String name) {
        for (JsonNode region : stats.get("regions")) {
            if (region.get("name").asText().equals(name)) {
                return region;
            }
        }
        throw new AssertionError("no region " + name + " in " + stats);
    }

    static JsonNode ok(HttpJson.Reply reply) {
        assertEquals(200, reply.status(), reply.toString());
        return reply.json();
    }
}
