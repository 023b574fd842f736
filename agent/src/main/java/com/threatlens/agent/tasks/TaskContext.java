package com.threatlens.agent.tasks;

/** What a running task may tell the processor, and ask of it. */
public interface TaskContext {

    /** 1 for the first run, 2 for the first retry, and so on. */
    int attempt();

    /** Reports progress from 0 to 100; values outside are clamped. */
    void progress(int percent);
}
