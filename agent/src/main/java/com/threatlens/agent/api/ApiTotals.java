package com.threatlens.agent.api;

import java.util.concurrent.atomic.LongAdder;

/**
 * Totals over every route, kept as requests finish rather than summed over the route table on
 * each read, with the recent figures the health verdict needs: request and 5xx rates over
 * sliding windows and the response times of the last minute or two.
 */
final class ApiTotals {

    final LongAdder requests = new LongAdder();
    final LongAdder clientErrors = new LongAdder();
    final LongAdder serverErrors = new LongAdder();
    final LongAdder exceptions = new LongAdder();
    final LongAdder totalNanos = new LongAdder();
    final RequestRate rate;
    final RequestRate serverErrorRate;
    final RecentLatency recent;

    ApiTotals(long nowMillis) {
        this.rate = new RequestRate(nowMillis);
        this.serverErrorRate = new RequestRate(nowMillis);
        this.recent = new RecentLatency(nowMillis);
    }

    void finished(int status, boolean threw, long nanos, long nowMillis) {
        requests.increment();
        totalNanos.add(nanos);
        rate.record(nowMillis);
        recent.record(nanos, nowMillis);
        if (threw) {
            exceptions.increment();
        }
        if (status >= 500) {
            serverErrors.increment();
            serverErrorRate.record(nowMillis);
        } else if (status >= 400) {
            clientErrors.increment();
        }
    }
}
