package com.threatlens.agent.analytics;

/**
 * The cache key of one set of figures. {@code since} is the window's start (a UTC midnight), so
 * figures computed yesterday for "the last 30 days" are not served today.
 */
record AnalyticsKey(String type, String repoId, int days, String since) {
}
