package com.threatlens.sidecar;

import java.util.function.BiConsumer;

/**
 * Where the sidecar listens and who may change things through it.
 *
 * @param token bearer token for mutating endpoints; empty for none
 * @param faultLog receives the agent's own faults (a handler that threw), never the caller's mistakes
 */
public record SidecarOptions(String host, int port, String token, BiConsumer<String, Throwable> faultLog) {

    public SidecarOptions {
        token = token == null ? "" : token;
        faultLog = faultLog == null ? (message, cause) -> { } : faultLog;
    }

    public boolean hasToken() {
        return !token.isEmpty();
    }
}
