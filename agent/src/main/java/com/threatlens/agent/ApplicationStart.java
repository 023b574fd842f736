package com.threatlens.agent;

import java.time.Duration;

/**
 * Holds the agent's set-up back until the application has started, so that the two do not
 * compete for the cores: the agent's class loading and the compilation of its start-up code
 * took about 2.5 s of CPU while the application started, and on two cores that added 500 ms or
 * more to the application's start.
 *
 * <p>"Started" means that the thread that ran premain, the application's main thread, has
 * ended or waits (a server's main thread returns or joins its server once it serves), seen in
 * two checks in a row 20 ms apart; an application whose main thread never rests is waited for
 * at most {@code maxWait}.
 */
final class ApplicationStart {

    private static final long CHECK_MILLIS = 20;
    private static final int CHECKS_IN_A_ROW = 2;

    private ApplicationStart() {
    }

    /** Returns once {@code main} rests or {@code maxWait} has passed; false if it timed out. */
    static boolean await(Thread main, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        int resting = 0;
        while (System.nanoTime() - deadline < 0) {
            resting = rests(main) ? resting + 1 : 0;
            if (resting == CHECKS_IN_A_ROW) {
                return true;
            }
            Thread.sleep(CHECK_MILLIS);
        }
        return false;
    }

    private static boolean rests(Thread main) {
        Thread.State state = main.getState();
        return state == Thread.State.TERMINATED || state == Thread.State.WAITING
            || state == Thread.State.TIMED_WAITING;
    }
}
