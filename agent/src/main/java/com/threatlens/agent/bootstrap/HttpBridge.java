package com.threatlens.agent.bootstrap;

/**
 * Static entry points that the HTTP server advice calls. Each is a null check and a call; a
 * fault in the engine is caught here and logged once, and never reaches the host's request.
 */
public final class HttpBridge {

    public static final int JDK_HTTP_SERVER = 1;
    public static final int JAKARTA_SERVLET = 2;
    public static final int JAVAX_SERVLET = 3;
    public static final int JETTY_SERVER = 4;
    public static final int JAVALIN = 5;

    private static volatile HttpHooks hooks;
    private static volatile boolean faultLogged;

    private HttpBridge() {
    }

    public static void install(HttpHooks engine) {
        hooks = engine;
    }

    public static Object requestStart(int server, Object request, Object response) {
        HttpHooks h = hooks;
        if (h == null || request == null) {
            return null;
        }
        try {
            return h.requestStart(server, request, response);
        } catch (Throwable fault) {
            fault(fault);
            return null;
        }
    }

    public static void requestEnd(Object token, Throwable error) {
        HttpHooks h = hooks;
        if (h != null && token != null) {
            try {
                h.requestEnd(token, error);
            } catch (Throwable fault) {
                fault(fault);
            }
        }
    }

    public static void requestDeclined(Object token) {
        HttpHooks h = hooks;
        if (h != null && token != null) {
            try {
                h.requestDeclined(token);
            } catch (Throwable fault) {
                fault(fault);
            }
        }
    }

    public static void routeMatched(int framework, Object context, Object endpoint) {
        HttpHooks h = hooks;
        if (h != null && endpoint != null) {
            try {
                h.routeMatched(framework, context, endpoint);
            } catch (Throwable fault) {
                fault(fault);
            }
        }
    }

    private static void fault(Throwable fault) {
        if (!faultLogged) {
            faultLogged = true;
            AgentLog.error("fault in API metrics, the request was served normally (further faults are not logged): " + fault, fault);
        }
    }
}
