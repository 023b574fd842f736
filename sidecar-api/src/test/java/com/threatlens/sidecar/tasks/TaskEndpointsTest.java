package com.threatlens.sidecar.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.threatlens.sidecar.SidecarCalls;
import com.threatlens.sidecar.SidecarEngine;
import com.threatlens.sidecar.SidecarUnderTest;

/** The {@code /background-tasks} endpoints over real HTTP, with a fake processor. */
class TaskEndpointsTest {

    private static final String TASKS = "/api/performance/background-tasks";
    private static final String TOKEN = "tasks-Token";

    private final SidecarUnderTest sidecar = new SidecarUnderTest();
    private final FakeTasks tasks = new FakeTasks();

    @AfterEach
    void stopServer() {
        sidecar.stop();
    }

    private SidecarCalls start(BackgroundTasks backgroundTasks, String token) {
        return sidecar.start(new SidecarEngine(List.of(), List.of(), null, null, null, null, null, backgroundTasks), token);
    }

    private SidecarCalls start() {
        return start(tasks, null);
    }

    private static void assertError(SidecarCalls.Reply reply, int status, String error, String... inDetail) {
        SidecarCalls.assertError(reply, status, error, inDetail);
    }

    @Test
    void the_list_answers_counts_by_state_the_queue_the_workers_and_the_recent_tasks_in_snake_case() {
        SidecarCalls.Reply reply = start().get(TASKS);

        assertEquals(200, reply.status(), reply::toString);
        JsonNode body = reply.json();
        assertEquals(List.of("queued", "running", "succeeded", "failed", "cancelled", "rejected"),
            List.copyOf(iterable(body.get("counts").fieldNames())));
        assertEquals(1, body.at("/counts/running").asLong());
        assertEquals(1, body.get("queue_size").asInt());
        assertEquals(1000, body.get("queue_limit").asInt());
        assertEquals(4, body.get("workers").asInt());
        assertEquals(3, body.get("tasks").size());
        JsonNode running = body.at("/tasks/1");
        assertEquals("task-2", running.get("id").asText());
        assertEquals("repo 42", running.get("payload").asText());
        assertEquals(40, running.get("progress").asInt());
        assertEquals("2026-01-02T03:04:05Z", running.get("started_at").asText());
        assertTrue(running.has("finished_at") && running.get("finished_at").isNull(), running::toString);
        assertEquals(List.of("tasks null null 50"), tasks.asked);
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    @Test
    void state_type_and_limit_filter_the_list() {
        SidecarCalls.Reply reply = start().get(TASKS + "?state=queued&type=wiki-index&limit=7");

        assertEquals(200, reply.status(), reply::toString);
        assertEquals(1, reply.json().get("tasks").size());
        assertEquals("task-3", reply.json().at("/tasks/0/id").asText());
        assertEquals("queued", reply.json().get("state").asText());
        assertEquals(List.of("tasks queued wiki-index 7"), tasks.asked);
    }

    @Test
    void a_bad_state_lists_the_accepted_ones() {
        assertError(start().get(TASKS + "?state=done"), 400, "bad_parameter", "state",
            "cancelled|failed|queued|rejected|running|succeeded");
    }

    @Test
    void an_unknown_type_lists_the_types_seen() {
        assertError(start().get(TASKS + "?type=nope"), 400, "bad_parameter", "type", "security-scan|wiki-index");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1001", "ten"})
    void a_limit_outside_1_to_1000_is_refused(String limit) {
        assertError(start().get(TASKS + "?limit=" + limit), 400, "bad_parameter", "limit", "1 to 1000");
    }

    @Test
    void an_unknown_parameter_is_refused() {
        assertError(start().get(TASKS + "?status=queued"), 400, "bad_parameter", "status", "limit, state, type");
    }

    @Test
    void one_task_is_answered_with_its_progress_and_an_unknown_one_is_404() {
        SidecarCalls calls = start();

        SidecarCalls.Reply reply = calls.get(TASKS + "/task-1");

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("succeeded", reply.json().get("state").asText());
        assertEquals(100, reply.json().get("progress").asInt());
        assertEquals("12 pages", reply.json().get("result").asText());
        assertError(calls.get(TASKS + "/task-99"), 404, "task_not_found", "task-99");
    }

    @Test
    void deleting_cancels_a_queued_or_running_task() {
        SidecarCalls calls = start();

        SidecarCalls.Reply reply = calls.send("DELETE", TASKS + "/task-2");

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("cancelled", reply.json().get("state").asText());
        assertEquals(List.of("cancel task-2"), tasks.asked);
    }

    @Test
    void deleting_a_finished_task_is_409_and_an_unknown_one_404() {
        SidecarCalls calls = start();

        assertError(calls.send("DELETE", TASKS + "/task-1"), 409, "task_finished", "succeeded");
        assertError(calls.send("DELETE", TASKS + "/task-99"), 404, "task_not_found");
    }

    @Test
    void deleting_needs_the_token_when_one_is_set_and_reading_does_not() {
        SidecarCalls calls = start(tasks, TOKEN);

        SidecarCalls.Reply refused = calls.send("DELETE", TASKS + "/task-2");
        assertError(refused, 401, "unauthorized");
        assertEquals(List.of(), tasks.asked, "nothing was cancelled");
        assertError(calls.send("DELETE", TASKS + "/task-2", Map.of("Authorization", "Bearer wrong")), 401, "unauthorized");
        assertEquals(200, calls.get(TASKS + "/task-2").status());

        SidecarCalls.Reply allowed = calls.send("DELETE", TASKS + "/task-2", Map.of("Authorization", "Bearer " + TOKEN));
        assertEquals(200, allowed.status(), allowed::toString);
        assertEquals(List.of("cancel task-2"), tasks.asked);
    }

    @Test
    void other_methods_answer_405_with_the_allowed_ones() {
        SidecarCalls.Reply reply = start().send("POST", TASKS + "/task-2");

        assertError(reply, 405, "method_not_allowed");
        assertEquals("DELETE, GET", reply.header("Allow"));
    }

    @Test
    void without_the_processor_the_endpoints_say_the_feature_is_off() {
        assertError(start(null, null).get(TASKS), 404, "feature_off", "tasks");
    }

    @Test
    void a_full_queue_answers_503_with_retry_after_and_the_error_shape() {
        tasks.failure = () -> TaskEndpoints.queueFull("the task queue is full (1000 of 1000)", Duration.ofMillis(4_200));

        SidecarCalls.Reply reply = start().get(TASKS + "/task-1");

        assertError(reply, 503, "queue_full", "the task queue is full");
        assertEquals("5", reply.header("Retry-After"), "whole seconds, rounded up");
    }
}
