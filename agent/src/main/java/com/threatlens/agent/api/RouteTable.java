package com.threatlens.agent.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The routes seen, at most {@code maxRoutes} of them. Unlike statements, routes are not evicted:
 * a route's history is what the table is for, and a path scan must not push real routes out.
 * Once the table is full, requests of routes not yet in it count under one overflow route,
 * {@code * (other routes)}, and each is counted as overflowed.
 */
final class RouteTable {

    static final String OVERFLOW_METHOD = "*";
    static final String OVERFLOW_ROUTE = "(other routes)";

    private final int maxRoutes;
    private final LongSupplier clockMillis;
    private final ConcurrentHashMap<String, RouteStats> routes = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final LongAdder overflowed = new LongAdder();
    private volatile RouteStats overflow;

    RouteTable(int maxRoutes, LongSupplier clockMillis) {
        this.maxRoutes = maxRoutes;
        this.clockMillis = clockMillis;
    }

    /** The statistics of a route, or of the overflow route when the table is full. */
    RouteStats get(String method, String route) {
        String key = method + ' ' + route;
        RouteStats known = routes.get(key);
        if (known != null) {
            return known;
        }
        if (size.get() >= maxRoutes) {
            return overflowRoute();
        }
        RouteStats[] created = new RouteStats[1];
        RouteStats stats = routes.computeIfAbsent(key, k -> {
            // Reserve a place first: concurrent first requests of different routes cannot
            // together push the table past its bound.
            if (size.incrementAndGet() > maxRoutes) {
                size.decrementAndGet();
                return null;
            }
            created[0] = new RouteStats(method, route, clockMillis.getAsLong());
            return created[0];
        });
        return stats != null ? stats : overflowRoute();
    }

    private RouteStats overflowRoute() {
        overflowed.increment();
        RouteStats current = overflow;
        if (current == null) {
            synchronized (this) {
                current = overflow;
                if (current == null) {
                    current = new RouteStats(OVERFLOW_METHOD, OVERFLOW_ROUTE, clockMillis.getAsLong());
                    overflow = current;
                }
            }
        }
        return current;
    }

    /**
     * A request named by {@code route} when it started was renamed (a framework matched one of
     * its routes): the route leaves the table again if no request has used it, so that paths a
     * framework routes do not fill the table; a request counted as overflowed is not any more.
     * Requests of one method and path are routed alike, so a route left empty here is not one
     * another request is about to finish on.
     */
    void abandoned(RouteStats route) {
        if (route == overflow) {
            overflowed.decrement();
        } else if (route.requests.sum() == 0 && route.inFlight.sum() == 0
                && routes.remove(route.method + ' ' + route.route, route)) {
            size.decrementAndGet();
        }
    }

    /** Every route with its statistics, the overflow route last when there is one. */
    List<RouteStats> snapshot() {
        List<RouteStats> all = new ArrayList<>(routes.values());
        RouteStats other = overflow;
        if (other != null) {
            all.add(other);
        }
        return all;
    }

    int size() {
        return size.get();
    }

    int maxRoutes() {
        return maxRoutes;
    }

    /** Requests that found the table full and were counted under the overflow route. */
    long overflowed() {
        return overflowed.sum();
    }
}
