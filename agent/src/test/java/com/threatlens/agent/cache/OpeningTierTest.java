package com.threatlens.agent.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import com.threatlens.sidecar.cache.CacheStats;

/** The disk tier opening in the background: nothing asked of it meanwhile is lost or reordered. */
class OpeningTierTest {

    /** A tier that writes down what it is asked, in order. */
    private static final class RecordingTier implements SecondTier {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public Stored read(CacheKey key) {
            calls.add("read");
            return null;
        }

        @Override
        public void write(CachedEntry entry) {
            calls.add("write");
        }

        @Override
        public long removeTag(String tag, String region) {
            calls.add("removeTag " + tag);
            return 1;
        }

        @Override
        public long removeRegion(String region) {
            calls.add("removeRegion " + region);
            return 1;
        }

        @Override
        public long removeAll() {
            calls.add("removeAll");
            return 1;
        }

        @Override
        public void removeDatabase(String database) {
            calls.add("removeDatabase " + database);
        }

        @Override
        public void removeTables(String database, Collection<String> tables) {
            calls.add("removeTables " + database + " " + tables);
        }

        @Override
        public CacheStats.Disk stats() {
            return CacheStats.Disk.off("recording");
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    @Test
    void what_is_asked_while_opening_is_applied_in_order_once_open() throws InterruptedException {
        RecordingTier recording = new RecordingTier();
        CountDownLatch mayOpen = new CountDownLatch(1);
        OpeningTier tier = new OpeningTier(() -> {
            await(mayOpen);
            return recording;
        });

        assertNull(tier.read(null), "a read misses while the file opens");
        assertEquals(CacheStats.DiskState.UNAVAILABLE, tier.stats().state());
        tier.write(null);
        tier.removeTables("db", List.of("wikis"));
        tier.removeTag("repo:1", null);
        tier.write(null);
        assertTrue(recording.calls.isEmpty());

        mayOpen.countDown();
        assertTrue(tier.awaitOpen(5_000));
        assertEquals(List.of("write", "removeTables db [wikis]", "removeTag repo:1", "write"), recording.calls);
        assertEquals(1, tier.removeAll(), "once open, calls go straight through");
        tier.close();
        assertEquals("close", recording.calls.get(recording.calls.size() - 1));
    }

    @Test
    void too_much_asked_while_opening_becomes_one_removal_of_everything() throws InterruptedException {
        RecordingTier recording = new RecordingTier();
        CountDownLatch mayOpen = new CountDownLatch(1);
        OpeningTier tier = new OpeningTier(() -> {
            await(mayOpen);
            return recording;
        });
        for (int i = 0; i < OpeningTier.MAX_PENDING; i++) {
            tier.write(null);
        }
        tier.removeDatabase("db");

        mayOpen.countDown();
        assertTrue(tier.awaitOpen(5_000));
        assertEquals(List.of("removeAll"), recording.calls);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
