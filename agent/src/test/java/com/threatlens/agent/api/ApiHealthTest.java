package com.threatlens.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.threatlens.sidecar.ComponentHealth;
import com.threatlens.sidecar.HealthStatus;

/** The verdict over recent requests, with a clock the test moves. */
class ApiHealthTest {

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final ApiTotals totals = new ApiTotals(clock.get());
    private final ApiHealth health = new ApiHealth(totals, 5, 500, clock::get);

    private void requests(int count, int status, long millis) {
        for (int i = 0; i < count; i++) {
            totals.finished(status, false, millis * 1_000_000, clock.get());
        }
    }

    @Test
    void fast_successful_requests_are_healthy() {
        requests(100, 200, 3);

        ComponentHealth verdict = health.check();

        assertEquals(HealthStatus.HEALTHY, verdict.status(), verdict::toString);
        assertEquals(100L, verdict.details().get("requests_5m"));
    }

    @Test
    void five_percent_of_5xx_degrades_and_four_does_not() {
        requests(96, 200, 3);
        requests(4, 503, 3);
        assertEquals(HealthStatus.HEALTHY, health.check().status());

        requests(1, 500, 3);
        ComponentHealth verdict = health.check();
        // 5 of 101: just under 5%.
        assertEquals(HealthStatus.HEALTHY, verdict.status(), verdict::toString);

        requests(1, 500, 3);
        verdict = health.check();
        assertEquals(HealthStatus.DEGRADED, verdict.status(), verdict::toString);
        assertTrue(verdict.reason().contains("5xx"), verdict.reason());
    }

    @Test
    void client_errors_do_not_count_against_the_server() {
        requests(50, 404, 3);

        assertEquals(HealthStatus.HEALTHY, health.check().status());
    }

    @Test
    void too_few_requests_say_nothing() {
        requests(ApiHealth.MIN_REQUESTS - 1, 500, 3);

        assertEquals(HealthStatus.HEALTHY, health.check().status());
    }

    @Test
    void a_slow_p95_degrades_and_the_verdict_recovers_once_it_is_old() {
        requests(90, 200, 3);
        requests(10, 200, 900);

        ComponentHealth verdict = health.check();
        assertEquals(HealthStatus.DEGRADED, verdict.status(), verdict::toString);
        assertTrue(verdict.reason().contains("p95"), verdict.reason());

        clock.addAndGet(3 * 60_000);
        requests(100, 200, 3);
        verdict = health.check();
        assertEquals(HealthStatus.HEALTHY, verdict.status(), verdict::toString);
    }

    @Test
    void errors_older_than_five_minutes_are_forgotten() {
        requests(50, 500, 3);
        assertEquals(HealthStatus.DEGRADED, health.check().status());

        clock.addAndGet(6 * 60_000);
        requests(50, 200, 3);
        assertEquals(HealthStatus.HEALTHY, health.check().status());
    }
}
