package com.threatlens.sidecar;

import java.time.Duration;
import java.util.Map;

/**
 * A request the sidecar refuses, answered as {@code {"error": ..., "detail": ...}} with its status.
 * Thrown by handlers for the caller's mistakes; anything else that escapes a handler is the
 * agent's own fault and becomes a 500.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final Map<String, String> headers;

    public ApiException(int status, String error, String detail) {
        this(status, error, detail, Map.of());
    }

    private ApiException(int status, String error, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.error = error;
        this.headers = headers;
    }

    /** A 503 for work the agent cannot take now, with {@code Retry-After} in whole seconds (at least 1). */
    public static ApiException unavailable(String error, String detail, Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1_000);
        return new ApiException(503, error, detail, Map.of("Retry-After", Long.toString(seconds)));
    }

    public static ApiException badParameter(String name, String detail) {
        return new ApiException(400, "bad_parameter", name + ": " + detail);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String detail() {
        return getMessage();
    }

    /** Headers the answer carries besides the body. */
    public Map<String, String> headers() {
        return headers;
    }
}
