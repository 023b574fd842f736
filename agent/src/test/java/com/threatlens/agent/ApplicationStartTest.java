package com.threatlens.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The wait for the application's main thread, with real threads standing in for it. */
class ApplicationStartTest {

    private final AtomicBoolean release = new AtomicBoolean();
    private Thread main;

    @AfterEach
    void releaseMain() throws InterruptedException {
        release.set(true);
        if (main != null) {
            main.interrupt();
            main.join(5_000);
        }
    }

    /** A main thread that keeps the CPU busy, as one that is still starting the application. */
    private Thread busyMain() {
        Thread thread = new Thread(() -> {
            long spins = 0;
            while (!release.get()) {
                spins++;
            }
            if (spins < 0) {
                System.out.println(spins);
            }
        }, "busy-main");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static CompletableFuture<Boolean> awaitInBackground(Thread main, Duration maxWait) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return ApplicationStart.await(main, maxWait);
            } catch (InterruptedException interrupted) {
                throw new IllegalStateException(interrupted);
            }
        });
    }

    @Test
    void waitsWhileTheMainThreadRunsAndGoesOnOnceItEnds() throws Exception {
        main = busyMain();
        CompletableFuture<Boolean> started = awaitInBackground(main, Duration.ofMinutes(1));
        assertThrows(TimeoutException.class, () -> started.get(300, TimeUnit.MILLISECONDS), "main still runs");
        release.set(true);
        assertTrue(started.get(10, TimeUnit.SECONDS), "main ended: the application has started");
    }

    @Test
    void aMainThreadThatWaitsHasStartedTheApplication() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        main = new Thread(() -> {
            try {
                never.await();
            } catch (InterruptedException done) {
                Thread.currentThread().interrupt();
            }
        }, "joining-main");
        main.setDaemon(true);
        main.start();
        assertTrue(awaitInBackground(main, Duration.ofMinutes(1)).get(10, TimeUnit.SECONDS));
    }

    @Test
    void aMainThreadThatNeverRestsIsWaitedForAtMostTheMaximum() throws Exception {
        main = busyMain();
        assertFalse(awaitInBackground(main, Duration.ofMillis(200)).get(10, TimeUnit.SECONDS));
        assertTrue(main.isAlive());
    }
}
