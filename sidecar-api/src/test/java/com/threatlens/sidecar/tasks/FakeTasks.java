package com.threatlens.sidecar.tasks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** A task processor with fixed tasks, recording what it is asked. */
final class FakeTasks implements BackgroundTasks {

    static final String CREATED = "2026-01-02T03:04:05Z";

    final Map<String, TaskRow> rows = new LinkedHashMap<>();
    final List<String> asked = new CopyOnWriteArrayList<>();
    /** When set, thrown by {@link #task} instead of answering, as a route that submits would. */
    volatile Supplier<RuntimeException> failure;

    FakeTasks() {
        add(new TaskRow("task-3", "wiki-index", 7, "wiki 3", "queued", 0, CREATED, null, null, null, null, null));
        add(new TaskRow("task-2", "security-scan", 2, "repo 42", "running", 1, CREATED, CREATED, null, 40, null, null));
        add(new TaskRow("task-1", "wiki-index", 7, "wiki 1", "succeeded", 1, CREATED, CREATED, CREATED, 100, "12 pages", null));
    }

    private void add(TaskRow row) {
        rows.put(row.id(), row);
    }

    @Override
    public TasksOverview overview() {
        Map<String, Long> counts = new LinkedHashMap<>();
        STATES.forEach(state -> counts.put(state, rows.values().stream().filter(row -> row.state().equals(state)).count()));
        return new TasksOverview(counts, 1, 1000, 4);
    }

    @Override
    public Set<String> types() {
        return Set.of("wiki-index", "security-scan");
    }

    @Override
    public List<TaskRow> tasks(String state, String type, int limit) {
        asked.add("tasks " + state + " " + type + " " + limit);
        List<TaskRow> chosen = new ArrayList<>();
        for (TaskRow row : rows.values()) {
            if ((state == null || row.state().equals(state)) && (type == null || row.type().equals(type))
                && chosen.size() < limit) {
                chosen.add(row);
            }
        }
        return chosen;
    }

    @Override
    public Optional<TaskRow> task(String id) {
        Supplier<RuntimeException> thrown = failure;
        if (thrown != null) {
            throw thrown.get();
        }
        return Optional.ofNullable(rows.get(id));
    }

    @Override
    public Cancellation cancel(String id) {
        asked.add("cancel " + id);
        TaskRow row = rows.get(id);
        if (row == null) {
            return new Cancellation(Cancellation.Outcome.UNKNOWN, null);
        }
        if (!row.state().equals("queued") && !row.state().equals("running")) {
            return new Cancellation(Cancellation.Outcome.FINISHED, row);
        }
        TaskRow cancelled = new TaskRow(row.id(), row.type(), row.priority(), row.payload(), "cancelled", row.attempts(),
            row.createdAt(), row.startedAt(), CREATED, row.progress(), null, "cancelled");
        rows.put(id, cancelled);
        return new Cancellation(Cancellation.Outcome.CANCELLED, cancelled);
    }
}
