package com.threatlens.agent.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.threatlens.agent.config.AgentConfig;
import com.threatlens.agent.config.Settings;
import com.threatlens.sidecar.ComponentHealth;
import com.threatlens.sidecar.HealthStatus;
import com.threatlens.sidecar.SidecarEngine;
import com.threatlens.sidecar.SidecarOptions;
import com.threatlens.sidecar.SidecarServer;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The processor behind the real sidecar: tasks submitted through the engine's API are seen, and
 * cancelled, over real HTTP; its health verdict and its meters.
 */
class TasksFeatureTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final FakeTaskClock clock = new FakeTaskClock();
    private final List<CountDownLatch> gates = new ArrayList<>();
    private TasksFeature feature;
    private SidecarServer server;

    @AfterEach
    void stop() {
        gates.forEach(CountDownLatch::countDown);
        if (server != null) {
            server.stop();
        }
        if (feature != null) {
            feature.processor().shutdown(Duration.ofSeconds(1));
        }
    }

    private TasksFeature start(int workers, int queueLimit) {
        feature = new TasksFeature(new TaskSettings(workers, queueLimit, 0, Duration.ofSeconds(1), Duration.ofMinutes(5),
            100, Duration.ofHours(1), 20), clock);
        feature.processor().start();
        return feature;
    }

    private String serve() {
        server = SidecarServer.start(new SidecarOptions("127.0.0.1", 0, null, (message, failure) -> {
            throw new AssertionError(message, failure);
        }), new SidecarEngine(List.of(feature), List.of(), null, null, null, null, null, feature));
        return "http://127.0.0.1:" + server.address().getPort() + SidecarServer.BASE;
    }

    private static HttpResponse<String> call(String method, String url) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private CountDownLatch gate() {
        CountDownLatch gate = new CountDownLatch(1);
        gates.add(gate);
        return gate;
    }

    private static TaskWork waitingFor(CountDownLatch gate) {
        return context -> {
            context.progress(30);
            return gate.await(30, TimeUnit.SECONDS) ? "done" : "gave up";
        };
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(2);
        }
    }

    @Test
    void tasks_submitted_to_the_engine_are_listed_shown_and_cancelled_over_http() throws Exception {
        start(1, 10);
        String base = serve();
        TaskProcessor processor = feature.processor();
        TaskRecord running = processor.submit(TaskRequest.of("security-scan", 2, "repo 42", waitingFor(gate())));
        await("running", () -> running.state() == TaskState.RUNNING && running.progress() != null);
        TaskRecord queued = processor.submit(TaskRequest.of("wiki-index", 7, "wiki 3", context -> "indexed"));

        JsonNode list = json(call("GET", base + "/background-tasks"));
        assertEquals(1, list.at("/counts/running").asLong(), list::toString);
        assertEquals(1, list.at("/counts/queued").asLong(), list::toString);
        assertEquals(0, list.at("/counts/rejected").asLong(), list::toString);
        assertEquals(1, list.get("queue_size").asInt());
        assertEquals(10, list.get("queue_limit").asInt());
        assertEquals(1, list.get("workers").asInt());
        assertEquals(List.of(queued.id(), running.id()), List.of(list.at("/tasks/0/id").asText(), list.at("/tasks/1/id").asText()));

        JsonNode filtered = json(call("GET", base + "/background-tasks?state=running&type=security-scan&limit=5"));
        assertEquals(1, filtered.get("tasks").size(), filtered::toString);

        JsonNode one = json(call("GET", base + "/background-tasks/" + running.id()));
        assertEquals("security-scan", one.get("type").asText());
        assertEquals(2, one.get("priority").asInt());
        assertEquals("repo 42", one.get("payload").asText());
        assertEquals("running", one.get("state").asText());
        assertEquals(30, one.get("progress").asInt());
        assertEquals(1, one.get("attempts").asInt());
        assertTrue(one.hasNonNull("started_at"), one::toString);

        HttpResponse<String> cancelled = call("DELETE", base + "/background-tasks/" + running.id());
        assertEquals(200, cancelled.statusCode(), cancelled::body);
        assertEquals("cancelled", json(cancelled).get("state").asText());
        assertEquals(TaskState.CANCELLED, running.state());
        await("the queued task ran", () -> queued.state() == TaskState.SUCCEEDED);

        HttpResponse<String> again = call("DELETE", base + "/background-tasks/" + queued.id());
        assertEquals(409, again.statusCode(), again::body);
        assertEquals("task_finished", json(again).get("error").asText());
        assertEquals(404, call("GET", base + "/background-tasks/task-999").statusCode());
    }

    @Test
    void health_shows_the_tasks_component_degraded_when_the_queue_is_over_80_percent_full() throws Exception {
        start(1, 5);
        String base = serve();
        TaskProcessor processor = feature.processor();
        TaskRecord blocker = processor.submit(TaskRequest.of("blocker", 0, "", waitingFor(gate())));
        await("running", () -> blocker.state() == TaskState.RUNNING);
        for (int i = 0; i < 4; i++) {
            processor.submit(TaskRequest.of("wiki-index", 7, "", context -> "ok"));
        }
        assertEquals("healthy", json(call("GET", base + "/health")).at("/components/tasks/status").asText());

        processor.submit(TaskRequest.of("wiki-index", 7, "", context -> "ok"));

        JsonNode tasks = json(call("GET", base + "/health")).at("/components/tasks");
        assertEquals("degraded", tasks.get("status").asText(), tasks::toString);
        assertTrue(tasks.get("reason").asText().contains("over 80% full (5 of 5)"), tasks::toString);
    }

    @Test
    void health_is_degraded_when_the_recent_failure_rate_reaches_the_threshold() throws Exception {
        start(2, 100);
        TaskProcessor processor = feature.processor();
        List<TaskRecord> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tasks.add(processor.submit(TaskRequest.of("ok", 5, "", context -> "ok")));
        }
        tasks.add(processor.submit(TaskRequest.of("bad", 5, "", context -> {
            throw new IllegalStateException("broken");
        })));
        for (TaskRecord task : tasks) {
            await(task.id() + " finished", () -> task.state().finished());
        }
        assertEquals(HealthStatus.HEALTHY, feature.check().status(), "1 of 9 failed: 11%");

        TaskRecord second = processor.submit(TaskRequest.of("bad", 5, "", context -> {
            throw new IllegalStateException("broken");
        }));
        await("failed", () -> second.state() == TaskState.FAILED);

        ComponentHealth verdict = feature.check();
        assertEquals(HealthStatus.DEGRADED, verdict.status(), verdict::toString);
        assertTrue(verdict.reason().contains("2 of the 10 tasks finished in the last 15 minutes failed"), verdict.reason());

        clock.advance(Duration.ofMinutes(16));
        assertEquals(HealthStatus.HEALTHY, feature.check().status(), "failures older than the window do not count");
    }

    @Test
    void meters_count_outcomes_and_time_attempts_per_type() throws Exception {
        start(1, 1);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        feature.bindMeters(registry);
        TaskProcessor processor = feature.processor();
        CountDownLatch gate = gate();
        TaskRecord blocker = processor.submit(TaskRequest.of("wiki-index", 7, "", waitingFor(gate)));
        await("running", () -> blocker.state() == TaskState.RUNNING);
        TaskRecord failing = processor.submit(TaskRequest.of("analytics", 12, "", context -> {
            throw TaskFailure.permanent("no data", null);
        }));
        try {
            processor.submit(TaskRequest.of("analytics", 12, "", context -> "never"));
            throw new AssertionError("a full queue must refuse");
        } catch (TaskRejectedException expected) {
            // counted below
        }
        String during = registry.scrape();
        assertTrue(during.contains("threatlens_tasks_queued 1.0"), during);
        assertTrue(during.contains("threatlens_tasks_running 1.0"), during);
        assertTrue(during.contains("threatlens_tasks_rejected_total 1.0"), during);

        gate.countDown();
        await("failed", () -> failing.state() == TaskState.FAILED);
        await("durations recorded", () -> registry.find("threatlens.tasks.duration").tag("type", "analytics").timer() != null);

        String after = registry.scrape();
        assertTrue(after.contains("threatlens_tasks_completed_total 1.0"), after);
        assertTrue(after.contains("threatlens_tasks_failed_total 1.0"), after);
        assertEquals(1, registry.get("threatlens.tasks.duration").tag("type", "wiki-index").tag("outcome", "succeeded")
            .timer().count());
        assertEquals(1, registry.get("threatlens.tasks.duration").tag("type", "analytics").tag("outcome", "failed")
            .timer().count());
    }

    @Test
    void the_configuration_keys_reach_the_processor_and_a_bad_one_switches_only_tasks_off() {
        AgentConfig config = AgentConfig.load(null, Map.of(Settings.PROPERTY_PREFIX + "tasks.workers", "2",
            Settings.PROPERTY_PREFIX + "tasks.queue-limit", "50"), Map.of());
        TaskSettings settings = TaskSettings.from(config);
        assertEquals(2, settings.workers());
        assertEquals(50, settings.queueLimit());
        assertEquals(3, settings.retries());
        assertEquals(Duration.ofHours(1), settings.historyTtl());
        assertTrue(TasksFeature.isOn(config));

        AgentConfig bad = AgentConfig.load(null, Map.of(Settings.PROPERTY_PREFIX + "tasks.workers", "0"),
            Map.of());
        assertTrue(!TasksFeature.isOn(bad) && bad.isFeatureOn(Settings.FEATURE_CACHE), bad.problems()::toString);
    }
}
