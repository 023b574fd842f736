package com.threatlens.agent.jdbc;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import com.threatlens.agent.bootstrap.AgentLog;

/**
 * Slow executions: each becomes one structured log line (at most {@code logLimitPerMinute} a
 * minute, so that a storm of slow queries cannot flood the host's log; the rest are counted)
 * and a sample in a bounded ring of the most recent ones.
 */
public final class SlowQueryLog {

    private final long thresholdNanos;
    private final int ringSize;
    private final int logLimitPerMinute;
    private final LongSupplier clockMillis;
    private final ArrayDeque<SlowQuerySample> ring;
    private final LongAdder total = new LongAdder();
    private long windowStartMillis;
    private int loggedInWindow;
    private long suppressed;

    public SlowQueryLog(long thresholdNanos, int ringSize, int logLimitPerMinute, LongSupplier clockMillis) {
        this.thresholdNanos = thresholdNanos;
        this.ringSize = ringSize;
        this.logLimitPerMinute = logLimitPerMinute;
        this.clockMillis = clockMillis;
        this.ring = new ArrayDeque<>(Math.max(1, ringSize));
    }

    public boolean isSlow(long totalNanos) {
        return totalNanos >= thresholdNanos;
    }

    public long thresholdNanos() {
        return thresholdNanos;
    }

    void record(StatementStats stats, long executeNanos, long fetchNanos, long rows, String sql, String caller) {
        stats.slowCaller(caller);
        total.increment();
        long now = clockMillis.getAsLong();
        SlowQuerySample sample = new SlowQuerySample(now, stats.identity.id(), stats.identity.normalized(), stats.database,
            StatementStats.nanosToMillis(executeNanos + fetchNanos), StatementStats.nanosToMillis(executeNanos),
            StatementStats.nanosToMillis(fetchNanos), rows, caller, sql);
        String line = null;
        synchronized (this) {
            if (ringSize > 0) {
                if (ring.size() == ringSize) {
                    ring.removeFirst();
                }
                ring.addLast(sample);
            }
            if (now - windowStartMillis >= 60_000) {
                if (suppressed > 0) {
                    AgentLog.warn("slow query log: " + suppressed + " more slow queries in the last minute were not logged");
                }
                windowStartMillis = now;
                loggedInWindow = 0;
                suppressed = 0;
            }
            if (loggedInWindow < logLimitPerMinute) {
                loggedInWindow++;
                line = format(sample);
            } else {
                suppressed++;
            }
        }
        if (line != null) {
            AgentLog.warn(line);
        }
    }

    static String format(SlowQuerySample sample) {
        StringBuilder line = new StringBuilder(200)
            .append("slow query id=").append(sample.id())
            .append(" ms=").append(String.format(Locale.ROOT, "%.1f", sample.durationMs()))
            .append(" rows=").append(sample.rows())
            .append(" db=").append(sample.database())
            .append(" caller=").append(sample.caller())
            .append(" query=\"").append(sample.query().replace("\"", "\\\"")).append('"');
        if (sample.sql() != null) {
            line.append(" sql=\"").append(sample.sql().replace("\"", "\\\"").replace('\n', ' ')).append('"');
        }
        return line.toString();
    }

    public synchronized List<SlowQuerySample> recent() {
        return List.copyOf(ring);
    }

    public long total() {
        return total.sum();
    }

    public synchronized void clear() {
        ring.clear();
        total.reset();
    }
}
