package com.threatlens.example.http;

/**
 * {@code GET /api/debug/fail} fails on purpose with an unexpected exception, so that the
 * 500 path (error body, server log, error counting by monitoring) can be exercised.
 */
public final class DebugRoutes {

    public void register(Router router) {
        router.get("/api/debug/fail", this::fail);
    }

    private ApiResponse fail(ApiRequest request) {
        throw new IllegalStateException("deliberate failure from /api/debug/fail");
    }
}
