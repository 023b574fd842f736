package com.threatlens.sidecar;

/**
 * A request the sidecar refuses, answered as {@code {"error": ..., "detail": ...}} with its status.
 * Thrown by handlers for the caller's mistakes; anything else that escapes a handler is the
 * agent's own fault and becomes a 500.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;

    public ApiException(int status, String error, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.error = error;
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
}
