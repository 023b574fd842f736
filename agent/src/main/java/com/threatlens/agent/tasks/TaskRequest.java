package com.threatlens.agent.tasks;

import java.time.Duration;
import java.util.Objects;

/**
 * A task to submit. A lower priority number runs first; by convention security analysis uses 1
 * to 5, wiki indexing 5 to 10 and analytics 10 to 15.
 *
 * @param type      a short name shared by tasks of one kind, such as {@code wiki-index}
 * @param payload   a short description of what it works on, shown by the endpoints
 * @param timeLimit how long one attempt may run; {@code null}: the processor's {@code tasks.time-limit}
 */
public record TaskRequest(String type, int priority, String payload, Duration timeLimit, TaskWork work) {

    public static final int MIN_PRIORITY = 0;
    public static final int MAX_PRIORITY = 100;
    static final int MAX_TYPE_LENGTH = 64;
    static final int MAX_PAYLOAD_LENGTH = 200;

    public TaskRequest {
        Objects.requireNonNull(work, "work");
        if (type == null || type.isBlank() || type.length() > MAX_TYPE_LENGTH) {
            throw new IllegalArgumentException("type must be 1 to " + MAX_TYPE_LENGTH + " characters, was " + type);
        }
        if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
            throw new IllegalArgumentException("priority must be " + MIN_PRIORITY + " to " + MAX_PRIORITY + ", was " + priority);
        }
        if (timeLimit != null && (timeLimit.isNegative() || timeLimit.isZero())) {
            throw new IllegalArgumentException("timeLimit must be positive, was " + timeLimit);
        }
        payload = payload == null ? "" : payload.length() > MAX_PAYLOAD_LENGTH ? payload.substring(0, MAX_PAYLOAD_LENGTH) : payload;
    }

    public static TaskRequest of(String type, int priority, String payload, TaskWork work) {
        return new TaskRequest(type, priority, payload, null, work);
    }

    public TaskRequest withTimeLimit(Duration limit) {
        return new TaskRequest(type, priority, payload, limit, work);
    }
}
