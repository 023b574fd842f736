package com.threatlens.agent.tasks;

/**
 * The processor's time: a monotonic reading for deadlines, backoff and the history's age, and the
 * wall clock for the times a task shows. Tests give one they move by hand.
 */
interface TaskClock {

    TaskClock SYSTEM = new TaskClock() {
        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public long wallMillis() {
            return System.currentTimeMillis();
        }
    };

    long nanos();

    long wallMillis();
}
