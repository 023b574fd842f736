package com.threatlens.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class RouteTableTest {

    @Test
    void the_same_method_and_route_are_one_entry() {
        RouteTable table = new RouteTable(10, () -> 0L);

        assertSame(table.get("GET", "/api/wikis/{id}"), table.get("GET", "/api/wikis/{id}"));
        assertTrue(table.get("GET", "/a") != table.get("PUT", "/a"));
        assertEquals(3, table.size());
    }

    @Test
    void ten_thousand_distinct_routes_stay_within_the_bound_and_the_rest_overflow() {
        RouteTable table = new RouteTable(500, () -> 0L);

        for (int i = 0; i < 10_000; i++) {
            RouteStats stats = table.get("GET", "/unknown/path-" + i + "-x");
            stats.finished(404, false, 1_000, 0, 0, 0);
        }

        assertEquals(500, table.size());
        assertEquals(501, table.snapshot().size());
        RouteStats overflow = table.snapshot().get(500);
        assertEquals(RouteTable.OVERFLOW_METHOD, overflow.method);
        assertEquals(RouteTable.OVERFLOW_ROUTE, overflow.route);
        assertEquals(9_500, overflow.requests());
        assertEquals(9_500, table.overflowed());
        long requests = table.snapshot().stream().mapToLong(RouteStats::requests).sum();
        assertEquals(10_000, requests);
    }

    @Test
    void routes_kept_before_the_table_filled_keep_their_own_entry() {
        RouteTable table = new RouteTable(2, () -> 0L);
        RouteStats first = table.get("GET", "/first");
        table.get("GET", "/second");
        table.get("GET", "/third");

        assertSame(first, table.get("GET", "/first"));
    }

    @Test
    void a_route_abandoned_before_any_request_finished_on_it_gives_its_place_back() {
        RouteTable table = new RouteTable(2, () -> 0L);
        RouteStats byPath = table.get("GET", "/repos/threatlens-core/wikis");
        RouteStats used = table.get("GET", "/used");
        used.finished(200, false, 1_000, 0, 0, 0);

        table.abandoned(byPath);
        table.abandoned(used);

        assertEquals(1, table.size());
        assertSame(used, table.get("GET", "/used"));
        RouteStats byTemplate = table.get("GET", "/repos/{name}/wikis");
        assertEquals("/repos/{name}/wikis", byTemplate.route);
        assertEquals(0, table.overflowed());
    }

    @Test
    void a_request_that_overflowed_and_found_its_route_is_not_counted_as_overflowed() {
        RouteTable table = new RouteTable(1, () -> 0L);
        table.get("GET", "/repos/{name}/wikis");
        RouteStats overflow = table.get("GET", "/repos/docs/wikis");
        assertEquals(1, table.overflowed());

        table.abandoned(overflow);

        assertEquals(0, table.overflowed());
    }

    @Test
    void concurrent_first_requests_of_many_routes_never_pass_the_bound_and_lose_no_request() throws Exception {
        RouteTable table = new RouteTable(100, () -> 0L);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                int offset = thread;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        table.get("GET", "/r" + ((i * 7 + offset) % 400)).finished(200, false, 10_000, 1, 100, 0);
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(100, table.size());
        assertEquals(16_000, table.snapshot().stream().mapToLong(RouteStats::requests).sum());
        assertEquals(16_000, table.snapshot().stream().mapToLong(stats -> stats.statements.sum()).sum());
    }
}
