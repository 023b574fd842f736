package com.threatlens.sidecar;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real sidecar on a free port for one test, recording the faults it logs: {@link #stop} fails
 * the test if it logged any.
 */
public final class SidecarUnderTest {

    private final Fakes.Faults faults = new Fakes.Faults();
    private SidecarServer server;

    public SidecarCalls start(SidecarEngine engine, String token) {
        server = SidecarServer.start(new SidecarOptions("127.0.0.1", 0, token, faults), engine);
        return SidecarCalls.of(server);
    }

    public void stop() {
        if (server != null) {
            server.stop();
        }
        assertTrue(faults.received.isEmpty(), faults.received::toString);
    }
}
