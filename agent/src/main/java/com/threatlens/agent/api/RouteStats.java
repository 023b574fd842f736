package com.threatlens.agent.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.AtomicHistogram;

/**
 * Statistics of one route (method and route template), updated by every thread serving it.
 * Counters are {@link LongAdder}s; latencies go into a lock-free HdrHistogram in microseconds
 * (1 µs to one hour, buckets at most 6% wide, about 4 KB), like the statement statistics, so
 * the route bound also bounds the memory. Totals per status code are kept for the
 * {@code http.server.requests} meters: a route answers with few distinct codes, and past
 * {@value #MAX_STATUSES} the rest are folded into the last one seen.
 */
final class RouteStats {

    private static final long MAX_MICROS = TimeUnit.HOURS.toMicros(1);
    private static final int MAX_STATUSES = 16;

    final String method;
    final String route;
    final LongAdder requests = new LongAdder();
    final LongAdder informational = new LongAdder();
    final LongAdder successes = new LongAdder();
    final LongAdder redirects = new LongAdder();
    final LongAdder clientErrors = new LongAdder();
    final LongAdder serverErrors = new LongAdder();
    final LongAdder exceptions = new LongAdder();
    final LongAdder inFlight = new LongAdder();
    final LongAdder totalNanos = new LongAdder();
    final LongAdder statements = new LongAdder();
    final LongAdder databaseNanos = new LongAdder();
    final RequestRate rate;
    private final AtomicHistogram micros = new AtomicHistogram(1, MAX_MICROS, 1);
    private volatile StatusTotals[] statuses = new StatusTotals[0];
    private volatile long maxNanos;
    final long firstSeenMillis;
    volatile long lastSeenMillis;

    RouteStats(String method, String route, long nowMillis) {
        this.method = method;
        this.route = route;
        this.rate = new RequestRate(nowMillis);
        this.firstSeenMillis = nowMillis;
        this.lastSeenMillis = nowMillis;
    }

    /**
     * One request finished with {@code status}; {@code threw} when its handler ended in an
     * exception. Returns the status totals it was counted in when they are
     * new, so that their meter can be registered, else null.
     */
    StatusTotals finished(int status, boolean threw, long nanos, long statementCount, long databaseTime, long nowMillis) {
        requests.increment();
        totalNanos.add(nanos);
        statements.add(statementCount);
        databaseNanos.add(databaseTime);
        if (threw) {
            exceptions.increment();
        }
        switch (status / 100) {
            case 1 -> informational.increment();
            case 2 -> successes.increment();
            case 3 -> redirects.increment();
            case 4 -> clientErrors.increment();
            default -> {
                if (status >= 500) {
                    serverErrors.increment();
                }
            }
        }
        micros.recordValue(Math.min(MAX_MICROS, Math.max(1, nanos / 1_000)));
        if (nanos > maxNanos) {
            raiseMax(nanos);
        }
        rate.record(nowMillis);
        lastSeenMillis = nowMillis;
        StatusTotals totals = find(status);
        boolean added = false;
        if (totals == null) {
            synchronized (this) {
                totals = find(status);
                if (totals == null) {
                    StatusTotals[] known = statuses;
                    if (known.length >= MAX_STATUSES) {
                        totals = known[known.length - 1];
                    } else {
                        totals = new StatusTotals(this, status);
                        StatusTotals[] grown = java.util.Arrays.copyOf(known, known.length + 1);
                        grown[known.length] = totals;
                        statuses = grown;
                        added = true;
                    }
                }
            }
        }
        totals.count.increment();
        totals.nanos.add(nanos);
        return added ? totals : null;
    }

    private StatusTotals find(int status) {
        for (StatusTotals totals : statuses) {
            if (totals.status == status) {
                return totals;
            }
        }
        return null;
    }

    private synchronized void raiseMax(long value) {
        if (value > maxNanos) {
            maxNanos = value;
        }
    }

    long requests() {
        return requests.sum();
    }

    /** Responses 5xx (a handler that threw before answering counts as 500). */
    long serverErrors() {
        return serverErrors.sum();
    }

    long clientErrors() {
        return clientErrors.sum();
    }

    double totalMillis() {
        return totalNanos.sum() / 1_000_000.0;
    }

    double meanMillis() {
        long count = requests.sum();
        return count == 0 ? 0 : totalMillis() / count;
    }

    double maxMillis() {
        return maxNanos / 1_000_000.0;
    }

    double percentileMillis(double percentile) {
        return micros.getTotalCount() == 0 ? 0 : micros.getValueAtPercentile(percentile) / 1_000.0;
    }

    List<StatusTotals> statuses() {
        return new ArrayList<>(List.of(statuses));
    }

    /** Requests and their time for one status code of one route: one {@code http.server.requests} meter. */
    static final class StatusTotals {
        final RouteStats route;
        final int status;
        final LongAdder count = new LongAdder();
        final LongAdder nanos = new LongAdder();

        StatusTotals(RouteStats route, int status) {
            this.route = route;
            this.status = status;
        }

        long count() {
            return count.sum();
        }

        double totalNanos() {
            return nanos.sum();
        }

        /** Micrometer's outcome tag, as Spring and Micrometer's own instrumentation name it. */
        String outcome() {
            return switch (status / 100) {
                case 1 -> "INFORMATIONAL";
                case 2 -> "SUCCESS";
                case 3 -> "REDIRECTION";
                case 4 -> "CLIENT_ERROR";
                case 5 -> "SERVER_ERROR";
                default -> "UNKNOWN";
            };
        }
    }
}
