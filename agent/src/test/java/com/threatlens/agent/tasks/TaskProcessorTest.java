package com.threatlens.agent.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.threatlens.sidecar.tasks.BackgroundTasks;

/**
 * The processor on real threads, with a clock the test moves for backoff, time limits and the
 * history's age. The ticker runs too, but against the same fake clock, so time only passes when
 * the test advances it.
 */
class TaskProcessorTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FakeTaskClock clock = new FakeTaskClock();
    private final List<TaskProcessor> started = new ArrayList<>();
    private final List<CountDownLatch> gates = new ArrayList<>();

    @AfterEach
    void stop() {
        gates.forEach(CountDownLatch::countDown);
        started.forEach(processor -> processor.shutdown(Duration.ofSeconds(1)));
    }

    private TaskProcessor processor(int workers, int queueLimit, int retries, int history) {
        TaskSettings settings = new TaskSettings(workers, queueLimit, retries, Duration.ofSeconds(1), Duration.ofMinutes(5),
            history, Duration.ofHours(1), 20);
        // Jitter fixed at the middle: the n-th retry waits exactly 3/4 of base * 2^(n-1).
        TaskProcessor processor = new TaskProcessor(settings,
            new RetryPolicy(retries, Duration.ofSeconds(1), RetryPolicy.MAX_BACKOFF, () -> 0.5), clock);
        processor.start();
        started.add(processor);
        return processor;
    }

    private CountDownLatch gate() {
        CountDownLatch gate = new CountDownLatch(1);
        gates.add(gate);
        return gate;
    }

    /** Work that waits for {@code gate}, or for an interrupt. */
    private static TaskWork blockedOn(CountDownLatch gate, AtomicBoolean interrupted) {
        return context -> {
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    return "gate never opened";
                }
                return "opened";
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
        };
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static void awaitState(TaskRecord task, TaskState state) {
        await(task.id() + " is " + state + " (is " + task.state() + ")", () -> task.state() == state);
    }

    @Test
    void a_lower_priority_number_runs_first_and_equal_priorities_run_in_submission_order() throws Exception {
        TaskProcessor processor = processor(1, 100, 0, 100);
        CountDownLatch gate = gate();
        TaskRecord blocker = processor.submit(TaskRequest.of("blocker", 0, "", blockedOn(gate, new AtomicBoolean())));
        awaitState(blocker, TaskState.RUNNING);
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        String[][] submitted = {{"analytics-a", "12"}, {"wiki-a", "7"}, {"security-a", "3"}, {"analytics-b", "12"},
            {"security-b", "3"}, {"wiki-b", "7"}, {"security-c", "1"}};
        List<TaskRecord> tasks = new ArrayList<>();
        for (String[] task : submitted) {
            tasks.add(processor.submit(TaskRequest.of(task[0], Integer.parseInt(task[1]), "",
                context -> {
                    ran.add(task[0]);
                    return "ok";
                })));
        }
        assertEquals(7, processor.queueSize());

        gate.countDown();
        tasks.forEach(task -> awaitState(task, TaskState.SUCCEEDED));

        assertEquals(List.of("security-c", "security-a", "security-b", "wiki-a", "wiki-b", "analytics-a", "analytics-b"), ran);
        assertEquals(0, processor.queueSize());
    }

    @Test
    void a_retryable_failure_is_retried_after_a_growing_backoff_and_then_fails() throws Exception {
        TaskProcessor processor = processor(2, 100, 2, 100);
        AtomicInteger attempts = new AtomicInteger();
        TaskRecord task = processor.submit(TaskRequest.of("flaky", 5, "repo 42", context -> {
            attempts.incrementAndGet();
            throw TaskFailure.retryable("database busy", null);
        }));

        await("first attempt failed", () -> task.attempts() == 1 && task.state() == TaskState.QUEUED);
        assertTrue(task.error().contains("database busy"), task.error());
        assertTrue(task.error().contains("retrying in 750 ms"), task.error());
        assertEquals(1, processor.queueSize(), "a retry waiting for its backoff counts as queued");

        clock.advance(Duration.ofMillis(749));
        processor.tick();
        Thread.sleep(50);
        assertEquals(1, attempts.get(), "no retry before the backoff ends");

        clock.advance(Duration.ofMillis(1));
        processor.tick();
        await("second attempt failed", () -> task.attempts() == 2 && task.state() == TaskState.QUEUED);
        assertTrue(task.error().contains("retrying in 1500 ms"), "the backoff doubles: " + task.error());

        clock.advance(Duration.ofMillis(1_500));
        processor.tick();
        awaitState(task, TaskState.FAILED);

        assertEquals(3, attempts.get(), "the first attempt and tasks.retries=2 retries");
        assertEquals(3, task.attempts());
        assertEquals("database busy", task.error());
        assertEquals(2, processor.retried.sum());
        assertEquals(1, processor.failed.sum());
        assertEquals(0, processor.queueSize());
    }

    @Test
    void a_retryable_failure_that_succeeds_on_retry_ends_succeeded() throws Exception {
        TaskProcessor processor = processor(1, 100, 3, 100);
        TaskRecord task = processor.submit(TaskRequest.of("flaky", 5, "", context -> {
            if (context.attempt() == 1) {
                throw TaskFailure.retryable("not yet", null);
            }
            return "done on attempt " + context.attempt();
        }));
        await("first attempt failed", () -> task.attempts() == 1 && task.state() == TaskState.QUEUED);

        clock.advance(Duration.ofSeconds(1));
        processor.tick();
        awaitState(task, TaskState.SUCCEEDED);

        assertEquals("done on attempt 2", task.result());
        assertNull(task.error());
    }

    @Test
    void a_failure_not_marked_retryable_fails_at_once() throws Exception {
        TaskProcessor processor = processor(1, 100, 3, 100);
        TaskRecord permanent = processor.submit(TaskRequest.of("bad", 5, "", context -> {
            throw TaskFailure.permanent("no such wiki", null);
        }));
        TaskRecord thrown = processor.submit(TaskRequest.of("bug", 5, "", context -> {
            throw new IllegalStateException("broken");
        }));

        awaitState(permanent, TaskState.FAILED);
        awaitState(thrown, TaskState.FAILED);

        assertEquals(1, permanent.attempts());
        assertEquals("no such wiki", permanent.error());
        assertEquals(1, thrown.attempts());
        assertEquals("IllegalStateException: broken", thrown.error());
        assertEquals(0, processor.retried.sum());
    }

    @Test
    void a_task_past_its_time_limit_is_interrupted_fails_and_is_counted() throws Exception {
        TaskProcessor processor = processor(1, 100, 3, 100);
        AtomicBoolean interrupted = new AtomicBoolean();
        TaskRecord task = processor.submit(TaskRequest.of("slow", 5, "", blockedOn(gate(), interrupted))
            .withTimeLimit(Duration.ofSeconds(2)));
        awaitState(task, TaskState.RUNNING);

        clock.advance(Duration.ofMillis(1_999));
        processor.tick();
        assertEquals(TaskState.RUNNING, task.state());

        clock.advance(Duration.ofMillis(1));
        processor.tick();

        assertEquals(TaskState.FAILED, task.state());
        assertTrue(task.error().contains("time limit of 2000 ms"), task.error());
        await("the work saw the interrupt", interrupted::get);
        assertEquals(1, processor.timedOut.sum());
        assertEquals(1, task.attempts(), "a time limit is not retried");

        TaskRecord next = processor.submit(TaskRequest.of("quick", 5, "", context -> "fine"));
        awaitState(next, TaskState.SUCCEEDED);
    }

    @Test
    void a_full_queue_rejects_the_new_task_at_once_and_drops_nothing_queued() throws Exception {
        TaskProcessor processor = processor(1, 2, 0, 100);
        CountDownLatch gate = gate();
        TaskRecord running = processor.submit(TaskRequest.of("blocker", 5, "", blockedOn(gate, new AtomicBoolean())));
        awaitState(running, TaskState.RUNNING);
        TaskRecord first = processor.submit(TaskRequest.of("wiki-index", 7, "wiki 1", context -> "1"));
        TaskRecord second = processor.submit(TaskRequest.of("wiki-index", 7, "wiki 2", context -> "2"));

        TaskRejectedException refused = assertThrows(TaskRejectedException.class,
            () -> processor.submit(TaskRequest.of("security-scan", 1, "repo 9", context -> "3")));

        assertTrue(refused.getMessage().contains("queue is full (2 of tasks.queue-limit=2"), refused.getMessage());
        assertEquals(Duration.ofSeconds(5), refused.retryAfter());
        assertEquals(TaskState.REJECTED, refused.task().state());
        assertEquals(refused.task(), processor.task(refused.task().id()).orElseThrow(), "kept in the history");
        assertEquals(1, processor.rejected.sum());
        assertEquals(2, processor.queueSize());
        assertEquals(TaskState.QUEUED, first.state());
        assertEquals(TaskState.QUEUED, second.state());

        gate.countDown();
        awaitState(first, TaskState.SUCCEEDED);
        awaitState(second, TaskState.SUCCEEDED);
    }

    @Test
    void a_cancelled_queued_task_never_runs() throws Exception {
        TaskProcessor processor = processor(1, 100, 0, 100);
        CountDownLatch gate = gate();
        TaskRecord blocker = processor.submit(TaskRequest.of("blocker", 5, "", blockedOn(gate, new AtomicBoolean())));
        awaitState(blocker, TaskState.RUNNING);
        AtomicBoolean ran = new AtomicBoolean();
        TaskRecord queued = processor.submit(TaskRequest.of("wiki-index", 7, "", context -> {
            ran.set(true);
            return "ran";
        }));
        TaskRecord after = processor.submit(TaskRequest.of("wiki-index", 8, "", context -> "after"));

        assertTrue(processor.cancel(queued));

        assertEquals(TaskState.CANCELLED, queued.state());
        assertEquals(1, processor.queueSize());
        gate.countDown();
        awaitState(after, TaskState.SUCCEEDED);
        assertFalse(ran.get());
        assertEquals(0, queued.attempts());
        assertFalse(processor.cancel(queued), "cancelling again changes nothing");
    }

    @Test
    void a_cancelled_running_task_is_interrupted_and_its_worker_serves_the_next_task_uninterrupted() throws Exception {
        TaskProcessor processor = processor(1, 100, 3, 100);
        AtomicBoolean interrupted = new AtomicBoolean();
        TaskRecord task = processor.submit(TaskRequest.of("long", 5, "", blockedOn(gate(), interrupted)));
        awaitState(task, TaskState.RUNNING);

        assertTrue(processor.cancel(task));

        assertEquals(TaskState.CANCELLED, task.state());
        await("the work saw the interrupt", interrupted::get);
        AtomicBoolean nextInterrupted = new AtomicBoolean(true);
        TaskRecord next = processor.submit(TaskRequest.of("quick", 5, "", context -> {
            nextInterrupted.set(Thread.currentThread().isInterrupted());
            return "ok";
        }));
        awaitState(next, TaskState.SUCCEEDED);
        assertFalse(nextInterrupted.get());
        assertEquals(TaskState.CANCELLED, task.state(), "the interrupted work's exception does not change the outcome");
        assertEquals(1, task.attempts(), "a cancelled task is not retried");
        assertFalse(processor.cancel(next), "a finished task cannot be cancelled");
    }

    @Test
    void the_history_keeps_the_newest_finished_tasks_up_to_its_count_and_for_its_time() throws Exception {
        TaskProcessor processor = processor(1, 100, 0, 3);
        List<TaskRecord> tasks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TaskRecord task = processor.submit(TaskRequest.of("quick", 5, "n" + i, context -> "ok"));
            awaitState(task, TaskState.SUCCEEDED);
            tasks.add(task);
        }

        assertEquals(3, processor.tasks().size());
        assertTrue(processor.task(tasks.get(0).id()).isEmpty());
        assertTrue(processor.task(tasks.get(1).id()).isEmpty());
        assertTrue(processor.task(tasks.get(4).id()).isPresent());

        clock.advance(Duration.ofMinutes(59));
        processor.tick();
        assertEquals(3, processor.tasks().size());
        clock.advance(Duration.ofMinutes(1).plusMillis(1));
        processor.tick();
        assertEquals(List.of(), processor.tasks());
    }

    @Test
    void progress_is_kept_within_0_and_100_and_a_success_ends_at_100() throws Exception {
        TaskProcessor processor = processor(1, 100, 0, 100);
        CountDownLatch gate = gate();
        CountDownLatch reported = new CountDownLatch(1);
        TaskRecord task = processor.submit(TaskRequest.of("index", 7, "", context -> {
            context.progress(140);
            context.progress(40);
            reported.countDown();
            gate.await();
            return "indexed";
        }));
        TaskRecord silent = processor.submit(TaskRequest.of("index", 7, "", context -> "no progress"));

        assertTrue(reported.await(10, TimeUnit.SECONDS));
        assertEquals(40, task.progress());
        gate.countDown();
        awaitState(task, TaskState.SUCCEEDED);
        awaitState(silent, TaskState.SUCCEEDED);
        assertEquals(100, task.progress());
        assertNull(silent.progress());
        assertNotNull(task.startedAt());
        assertNotNull(task.finishedAt());
    }

    @Test
    void shutdown_abandons_queued_tasks_interrupts_running_ones_and_returns_in_time_even_if_work_ignores_it()
        throws Exception {
        TaskProcessor processor = processor(1, 100, 0, 100);
        CountDownLatch stubborn = gate();
        TaskRecord running = processor.submit(TaskRequest.of("stubborn", 5, "", context -> {
            while (stubborn.getCount() > 0) {
                try {
                    stubborn.await();
                } catch (InterruptedException ignored) {
                    // ignores interrupts on purpose
                }
            }
            return "late";
        }));
        awaitState(running, TaskState.RUNNING);
        TaskRecord queued = processor.submit(TaskRequest.of("wiki-index", 7, "", context -> "never"));

        long began = System.nanoTime();
        processor.shutdown(Duration.ofMillis(300));
        long tookMillis = (System.nanoTime() - began) / 1_000_000;

        assertTrue(tookMillis < 2_000, "shutdown took " + tookMillis + " ms");
        assertEquals(TaskState.CANCELLED, queued.state());
        assertTrue(queued.error().contains("abandoned"), queued.error());
        assertEquals(TaskState.CANCELLED, running.state());
        assertTrue(running.error().contains("shutting down"), running.error());
        TaskRejectedException refused = assertThrows(TaskRejectedException.class,
            () -> processor.submit(TaskRequest.of("late", 5, "", context -> "no")));
        assertTrue(refused.getMessage().contains("shutting down"), refused.getMessage());
    }

    @Test
    void many_submitters_and_cancellers_leave_every_task_in_exactly_one_final_state() throws Exception {
        TaskProcessor processor = processor(4, 10_000, 0, 10_000);
        List<TaskRecord> tasks = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread submitter = new Thread(() -> {
                for (int i = 0; i < 250; i++) {
                    try {
                        TaskRecord task = processor.submit(TaskRequest.of("load", i % 15, "", context -> {
                            Thread.onSpinWait();
                            return "ok";
                        }));
                        tasks.add(task);
                        if (i % 3 == 0) {
                            processor.cancel(task);
                        }
                    } catch (TaskRejectedException e) {
                        throw new AssertionError(e);
                    }
                }
            });
            threads.add(submitter);
            submitter.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        for (TaskRecord task : tasks) {
            await(task.id() + " finished", () -> task.state().finished());
        }
        assertEquals(1_000, tasks.size());
        // A task's state changes a moment before its counter does.
        await("every task counted", () -> processor.succeeded.sum() + processor.cancelled.sum() == 1_000);
        long cancelled = tasks.stream().filter(task -> task.state() == TaskState.CANCELLED).count();
        assertEquals(processor.cancelled.sum(), cancelled);
        assertEquals(0, processor.queueSize());
        await("no task running", () -> processor.runningCount() == 0);
    }

    @Test
    void the_states_the_engine_knows_are_the_ones_the_endpoints_accept() {
        List<String> labels = new ArrayList<>();
        for (TaskState state : TaskState.values()) {
            labels.add(state.label());
        }
        assertEquals(BackgroundTasks.STATES, labels);
    }

    @Test
    void the_backoff_doubles_per_retry_up_to_its_cap_and_jitter_takes_off_at_most_half() {
        RetryPolicy none = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(10), () -> 0.0);
        RetryPolicy full = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(10), () -> 0.999_999);

        assertEquals(Duration.ofMillis(500), none.backoff(1));
        assertEquals(Duration.ofSeconds(1), none.backoff(2));
        assertEquals(Duration.ofSeconds(2), none.backoff(3));
        assertEquals(Duration.ofSeconds(5), none.backoff(10), "capped at max, then halved");
        assertEquals(Duration.ofSeconds(5), none.backoff(1_000));
        assertTrue(full.backoff(1).compareTo(Duration.ofMillis(999)) > 0);
        assertTrue(full.backoff(1).compareTo(Duration.ofSeconds(1)) < 0);
        assertTrue(none.mayRetry(3));
        assertFalse(none.mayRetry(4));
    }
}
