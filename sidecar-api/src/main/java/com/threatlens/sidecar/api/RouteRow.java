package com.threatlens.sidecar.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One route of the host's API: method and route template, request counts by status class,
 * throughput, response times, and the database work its requests ran.
 *
 * @param errors              4xx plus 5xx responses
 * @param serverErrors        5xx responses, a handler that threw before answering included
 * @param exceptions          requests whose handler threw
 * @param errorRate           server errors per request, 0 to 1
 * @param throughput1m        requests per second over the last minute (likewise 5 and 15)
 * @param statementsPerRequest JDBC statements run per request, on average
 * @param databaseMsPerRequest execute plus fetch time of those statements per request, on average
 * @param databaseTimePercent  share of the route's time spent in the database
 */
public record RouteRow(String method, String route, long requests, long inFlight, long informational, long successes,
                       long redirects, long clientErrors, long serverErrors, long exceptions, long errors, double errorRate,
                       @JsonProperty("throughput_1m") double throughput1m,
                       @JsonProperty("throughput_5m") double throughput5m,
                       @JsonProperty("throughput_15m") double throughput15m, double totalMs, double meanMs,
                       double maxMs, double p50Ms, double p95Ms, double p99Ms, double statementsPerRequest,
                       double databaseMsPerRequest, double databaseTimePercent, String firstSeen, String lastSeen) {
}
