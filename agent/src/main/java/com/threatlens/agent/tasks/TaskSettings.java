package com.threatlens.agent.tasks;

import java.time.Duration;

import com.threatlens.agent.config.AgentConfig;
import com.threatlens.agent.config.Settings;

/**
 * The processor's configuration, read once at start.
 *
 * @param failurePercent the health component is degraded when this share of the tasks finished in
 *                       the last {@link TasksFeature#FAILURE_WINDOW} failed
 */
record TaskSettings(int workers, int queueLimit, int retries, Duration retryBackoff, Duration timeLimit,
                    int historyLimit, Duration historyTtl, int failurePercent) {

    static TaskSettings from(AgentConfig config) {
        return new TaskSettings(config.get(Settings.TASKS_WORKERS), config.get(Settings.TASKS_QUEUE_LIMIT),
            config.get(Settings.TASKS_RETRIES), config.get(Settings.TASKS_RETRY_BACKOFF),
            config.get(Settings.TASKS_TIME_LIMIT), config.get(Settings.TASKS_HISTORY),
            config.get(Settings.TASKS_HISTORY_TTL), config.get(Settings.TASKS_HEALTH_FAILURE_PERCENT));
    }
}
