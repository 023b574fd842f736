package com.threatlens.agent.api;

import java.lang.reflect.Method;

/**
 * Methods of a host library's public interface, found on the class of an object the host hands
 * over. The agent's class loader cannot see the host's libraries (the isolation is the point),
 * so it calls their public interface methods reflectively; invoking through the interface works
 * whatever the visibility of the implementing class.
 */
final class PublicApi {

    private PublicApi() {
    }

    /** The interface named {@code name} among those {@code type} implements, directly or not; null if none. */
    static Class<?> find(Class<?> type, String name) {
        for (Class<?> current = type; current != null; current = current.getSuperclass()) {
            for (Class<?> implemented : current.getInterfaces()) {
                Class<?> found = implemented.getName().equals(name) ? implemented : find(implemented, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The public no-argument method {@code name} of {@code api}, or null (an older version of the API). */
    static Method method(Class<?> api, String name) {
        if (api == null) {
            return null;
        }
        try {
            return api.getMethod(name);
        } catch (NoSuchMethodException absent) {
            return null;
        }
    }
}
