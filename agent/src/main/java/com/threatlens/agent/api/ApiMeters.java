package com.threatlens.agent.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * {@code http.server.requests} with the tags Spring and Micrometer's own HTTP instrumentation
 * use ({@code method}, {@code uri}, {@code status}, {@code outcome}), so dashboards built for
 * them work unchanged. Each meter reads the totals a route keeps per status code anyway
 * (a function timer), so a request pays nothing extra for it. The route bound keeps the number
 * of meters bounded. The registry is attached after start-up; meters of totals that appeared
 * before are registered then.
 */
final class ApiMeters {

    private MeterRegistry registry;
    private final List<RouteStats.StatusTotals> pending = new ArrayList<>();

    synchronized void bind(MeterRegistry target, RouteTable table) {
        Gauge.builder("threatlens.api.routes.tracked", table, RouteTable::size)
            .description("Distinct routes whose statistics are kept").register(target);
        FunctionCounter.builder("threatlens.api.routes.overflowed", table, RouteTable::overflowed)
            .description("Requests counted under the overflow route because api.max-routes was reached").register(target);
        registry = target;
        pending.forEach(this::register);
        pending.clear();
    }

    synchronized void added(RouteStats.StatusTotals totals) {
        if (registry == null) {
            pending.add(totals);
        } else {
            register(totals);
        }
    }

    private void register(RouteStats.StatusTotals totals) {
        Tags tags = Tags.of("method", totals.route.method, "uri", totals.route.route,
            "status", totals.status > 0 ? Integer.toString(totals.status) : "UNKNOWN", "outcome", totals.outcome());
        FunctionTimer.builder("http.server.requests", totals, RouteStats.StatusTotals::count,
                RouteStats.StatusTotals::totalNanos, TimeUnit.NANOSECONDS)
            .description("Requests served by the host's HTTP server").tags(tags).register(registry);
    }
}
