package com.threatlens.agent.bootstrap;

import java.util.Properties;

/**
 * Static entry points that the connection-opening advice calls. A fault in the engine is
 * caught here, logged once, and answered with {@code null}: the driver then opens its own
 * connection, exactly as without the agent.
 */
public final class PoolBridge {

    private static volatile PoolHooks hooks;
    private static volatile boolean faultLogged;

    private PoolBridge() {
    }

    public static void install(PoolHooks engine) {
        hooks = engine;
    }

    public static Object driverConnect(Object driver, String url, Object info) {
        PoolHooks h = hooks;
        if (h == null || url == null) {
            return null;
        }
        try {
            return h.driverConnect(driver, url, info instanceof Properties ? (Properties) info : null);
        } catch (Throwable fault) {
            fault(fault);
            return null;
        }
    }

    public static Object dataSourceConnect(Object dataSource, String user, String password) {
        PoolHooks h = hooks;
        if (h == null) {
            return null;
        }
        try {
            return h.dataSourceConnect(dataSource, user, password);
        } catch (Throwable fault) {
            fault(fault);
            return null;
        }
    }

    private static void fault(Throwable fault) {
        if (!faultLogged) {
            faultLogged = true;
            AgentLog.error("fault in connection pooling, the driver opened its own connection (further faults are not logged): "
                + fault, fault);
        }
    }
}
