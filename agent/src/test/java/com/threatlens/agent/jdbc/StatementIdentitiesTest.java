package com.threatlens.agent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StatementIdentitiesTest {

    @Test
    void sameStringGivesSameInstance() {
        StatementIdentities cache = new StatementIdentities(100);
        String sql = "SELECT * FROM t WHERE id = ?";
        StatementIdentity first = cache.of(sql);
        assertSame(first, cache.of(sql));
        assertSame(first, cache.of(new String(sql.toCharArray())));
        assertEquals(1, cache.size());
    }

    @Test
    void distinctStringsOfOneStatementShareTheId() {
        StatementIdentities cache = new StatementIdentities(100);
        StatementIdentity a = cache.of("SELECT * FROM t WHERE id = 1");
        StatementIdentity b = cache.of("SELECT * FROM t WHERE id = 2");
        assertNotSame(a, b);
        assertEquals(a.id(), b.id());
        assertEquals(2, cache.size());
    }

    @Test
    void nullAndEmptyGiveTheEmptyIdentityWithoutCaching() {
        StatementIdentities cache = new StatementIdentities(100);
        assertSame(StatementIdentity.EMPTY, cache.of(null));
        assertSame(StatementIdentity.EMPTY, cache.of(""));
        assertEquals(0, cache.size());
    }

    @Test
    void staysWithinItsBound() {
        StatementIdentities cache = new StatementIdentities(1_000);
        for (int i = 0; i < 100_000; i++) {
            StatementIdentity identity = cache.of("SELECT * FROM t WHERE a = " + i);
            assertEquals("SELECT * FROM t WHERE a = ?", identity.normalized());
            assertTrue(cache.size() <= 1_000, "size " + cache.size());
        }
        assertTrue(cache.size() >= 500, "size " + cache.size());
    }

    @Test
    void defaultBoundHolds() {
        StatementIdentities cache = new StatementIdentities();
        assertEquals(StatementIdentities.DEFAULT_MAX_ENTRIES, cache.maxEntries());
        for (int i = 0; i < 100_000; i++) {
            cache.of("SELECT c" + i + " FROM t");
        }
        assertTrue(cache.size() <= StatementIdentities.DEFAULT_MAX_ENTRIES, "size " + cache.size());
    }

    @Test
    void statementsInUseSurviveEviction() {
        StatementIdentities cache = new StatementIdentities(100);
        String hot = "SELECT * FROM hot WHERE id = ?";
        StatementIdentity identity = cache.of(hot);
        for (int i = 0; i < 10_000; i++) {
            cache.of("SELECT * FROM cold WHERE id = " + i);
            assertSame(identity, cache.of(hot));
        }
    }

    @Test
    void capacityOfOne() {
        StatementIdentities cache = new StatementIdentities(1);
        StatementIdentity a = cache.of("SELECT 1");
        cache.of("SELECT 2");
        assertEquals(1, cache.size());
        assertEquals(a, cache.of("SELECT 1"));
    }

    @Test
    void longSqlIsComputedButNotCached() {
        StatementIdentities cache = new StatementIdentities(100, 50);
        String longSql = "SELECT a, b, c, d, e, f, g, h FROM some_table WHERE x = 1 AND y = 2";
        StatementIdentity first = cache.of(longSql);
        assertEquals(first, cache.of(longSql));
        assertEquals(0, cache.size());
        assertSame(cache.of("SELECT 1"), cache.of("SELECT 1"));
    }

    @Test
    void clear() {
        StatementIdentities cache = new StatementIdentities(10);
        cache.of("SELECT 1");
        cache.clear();
        assertEquals(0, cache.size());
    }

    @Test
    void rejectsInvalidBounds() {
        assertThrows(IllegalArgumentException.class, () -> new StatementIdentities(0));
        assertThrows(IllegalArgumentException.class, () -> new StatementIdentities(10, -1));
    }

    @Test
    void concurrentUseWithoutEvictionGivesOneInstancePerString() throws Exception {
        List<String> statements = statements(2_000);
        StatementIdentities cache = new StatementIdentities(10_000);
        List<List<StatementIdentity>> results = runConcurrently(cache, statements, 8);
        for (List<StatementIdentity> result : results) {
            for (int i = 0; i < statements.size(); i++) {
                assertSame(results.get(0).get(i), result.get(i), statements.get(i));
            }
        }
        assertEquals(statements.size(), cache.size());
    }

    @Test
    void concurrentUseWithEvictionGivesConsistentIdentities() throws Exception {
        List<String> statements = statements(5_000);
        StatementIdentities cache = new StatementIdentities(500);
        List<List<StatementIdentity>> results = runConcurrently(cache, statements, 8);
        for (int i = 0; i < statements.size(); i++) {
            StatementIdentity expected = StatementIdentity.of(statements.get(i));
            for (List<StatementIdentity> result : results) {
                StatementIdentity actual = result.get(i);
                assertEquals(expected.normalized(), actual.normalized());
                assertEquals(expected.id(), actual.id());
                assertEquals(expected.operation(), actual.operation());
                assertEquals(expected.tables(), actual.tables());
            }
        }
        assertTrue(cache.size() <= 500, "size " + cache.size());
    }

    private static List<String> statements(int count) {
        List<String> statements = new ArrayList<>();
        String[] shapes = {
            "SELECT * FROM t%d WHERE id = %d",
            "INSERT INTO log%d (a, b) VALUES (%d, 'x'), (2, 'y')",
            "UPDATE acct%d SET v = v + 1 WHERE id IN (%d, 2, 3)",
            "DELETE FROM q%d WHERE ts < %d",
        };
        for (int i = 0; i < count; i++) {
            statements.add(String.format(shapes[i % shapes.length], i % 37, i));
        }
        return statements;
    }

    /** Each thread resolves every statement, in its own random order; returns per-thread results by index. */
    private static List<List<StatementIdentity>> runConcurrently(StatementIdentities cache, List<String> statements,
            int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<StatementIdentity>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = t;
                futures.add(pool.submit(() -> {
                    List<Integer> order = new ArrayList<>();
                    for (int i = 0; i < statements.size(); i++) {
                        order.add(i);
                    }
                    Collections.shuffle(order, new Random(seed));
                    StatementIdentity[] result = new StatementIdentity[statements.size()];
                    start.await();
                    for (int round = 0; round < 3; round++) {
                        for (int i : order) {
                            StatementIdentity identity = cache.of(statements.get(i));
                            if (result[i] == null) {
                                result[i] = identity;
                            } else if (!result[i].equals(identity)) {
                                throw new AssertionError("inconsistent identity for " + statements.get(i));
                            }
                        }
                    }
                    return List.of(result);
                }));
            }
            start.countDown();
            List<List<StatementIdentity>> results = new ArrayList<>();
            for (Future<List<StatementIdentity>> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
