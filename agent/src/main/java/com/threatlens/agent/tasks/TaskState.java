package com.threatlens.agent.tasks;

import java.util.Locale;

/** Where a task is in its life. The last four are final. */
public enum TaskState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED, REJECTED;

    public boolean finished() {
        return this != QUEUED && this != RUNNING;
    }

    /** The name the endpoints use. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
