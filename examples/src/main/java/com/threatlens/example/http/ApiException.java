package com.threatlens.example.http;

import java.util.List;

/** An HTTP error answer: status, a short machine-readable code and a human-readable detail. */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final List<String> allowedMethods;

    public ApiException(int status, String error, String detail) {
        this(status, error, detail, List.of());
    }

    private ApiException(int status, String error, String detail, List<String> allowedMethods) {
        super(detail);
        this.status = status;
        this.error = error;
        this.allowedMethods = allowedMethods;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "bad_request", detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not_found", detail);
    }

    public static ApiException methodNotAllowed(String method, List<String> allowedMethods) {
        return new ApiException(405, "method_not_allowed",
                method + " is not supported here; use " + String.join(", ", allowedMethods), allowedMethods);
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

    /** For 405 answers: the methods the path accepts, sent in the Allow header. */
    public List<String> allowedMethods() {
        return allowedMethods;
    }
}
