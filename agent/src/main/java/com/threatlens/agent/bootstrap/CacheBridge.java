package com.threatlens.agent.bootstrap;

/**
 * Static entry points that the method-cache advice calls. A fault in the engine is caught here,
 * logged once, and answered with null: the method runs, and its result and exceptions reach the
 * caller as without the agent.
 */
public final class CacheBridge {

    private static volatile CacheHooks hooks;
    private static volatile boolean faultLogged;

    private CacheBridge() {
    }

    public static void install(CacheHooks engine) {
        hooks = engine;
    }

    public static Object lookup(int site, Object instance, Object[] arguments) {
        CacheHooks h = hooks;
        if (h == null) {
            return null;
        }
        try {
            return h.lookup(site, instance, arguments);
        } catch (Throwable fault) {
            fault(fault);
            return null;
        }
    }

    public static void complete(Object token, Object result, Throwable thrown) {
        CacheHooks h = hooks;
        if (h != null && token != null) {
            try {
                h.complete(token, result, thrown);
            } catch (Throwable fault) {
                fault(fault);
            }
        }
    }

    private static void fault(Throwable fault) {
        if (!faultLogged) {
            faultLogged = true;
            AgentLog.error("fault in the method cache, the method ran uncached (further faults are not logged): "
                + fault, fault);
        }
    }
}
