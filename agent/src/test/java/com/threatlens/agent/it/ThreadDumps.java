package com.threatlens.agent.it;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.function.Predicate;

/** Stacks of this JVM's threads, for failure messages when something does not finish in time. */
final class ThreadDumps {

    private ThreadDumps() {
    }

    /** Every thread whose name satisfies {@code names}, with its stack and the locks it holds or waits for. */
    static String of(Predicate<String> names) {
        StringBuilder dump = new StringBuilder();
        for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            if (!names.test(thread.getThreadName())) {
                continue;
            }
            dump.append('"').append(thread.getThreadName()).append("\" ").append(thread.getThreadState());
            if (thread.getLockName() != null) {
                dump.append(" on ").append(thread.getLockName());
            }
            if (thread.getLockOwnerName() != null) {
                dump.append(" owned by \"").append(thread.getLockOwnerName()).append('"');
            }
            dump.append(System.lineSeparator());
            for (StackTraceElement frame : thread.getStackTrace()) {
                dump.append("    at ").append(frame).append(System.lineSeparator());
            }
        }
        return dump.toString();
    }

    static String all() {
        return of(name -> true);
    }
}
