package com.threatlens.agent.sidecar;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import com.threatlens.agent.bootstrap.AgentLog;
import com.threatlens.agent.config.AgentConfig;
import com.threatlens.agent.config.Settings;
import com.threatlens.sidecar.SidecarEngine;
import com.threatlens.sidecar.SidecarOptions;
import com.threatlens.sidecar.SidecarServer;
import com.threatlens.sidecar.SidecarStartException;

/**
 * Starts the sidecar HTTP server and stops it when the JVM exits.
 * A server that cannot start is one error line; the host runs on.
 */
public final class SidecarLauncher {

    private SidecarLauncher() {
    }

    /** Written to a temporary name and moved, so a reader never sees a half-written port. */
    private static void writePortFile(String path, int port) {
        if (path.isEmpty()) {
            return;
        }
        try {
            Path target = Path.of(path);
            Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
            Files.writeString(temporary, Integer.toString(port));
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (Exception unwritable) {
            AgentLog.warn("http.port-file: cannot write " + path + ": " + unwritable);
        }
    }

    public static void start(AgentConfig config, SidecarEngine engine) {
        SidecarOptions options = new SidecarOptions(config.get(Settings.HTTP_HOST), config.get(Settings.HTTP_PORT),
            config.get(Settings.HTTP_TOKEN), (message, cause) -> AgentLog.error(message, cause));
        try {
            SidecarServer server = SidecarServer.start(options, engine);
            AgentLog.info("sidecar listening on " + server.url());
            writePortFile(config.get(Settings.HTTP_PORT_FILE), server.address().getPort());
            Thread stopper = new Thread(server::stop, "threatlens-sidecar-stop");
            stopper.setDaemon(true);
            Runtime.getRuntime().addShutdownHook(stopper);
        } catch (SidecarStartException refused) {
            AgentLog.error("sidecar not started: " + refused.getMessage() + "; the application runs on", null);
        } catch (Throwable failed) {
            AgentLog.error("sidecar not started: " + failed + "; the application runs on", failed);
        }
    }
}
