package com.threatlens.sidecar.analytics;

import java.time.Duration;

/**
 * @param repoId        one repository only, or null for all
 * @param timeRangeDays the window: from UTC midnight this many days ago until now
 * @param maxWait        how long the request waits for a computation before answering with its task
 */
public record AnalyticsRequest(String type, String repoId, int timeRangeDays, Duration maxWait) {
}
