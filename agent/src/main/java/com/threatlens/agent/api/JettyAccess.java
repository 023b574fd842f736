package com.threatlens.agent.api;

import java.lang.reflect.Method;

/**
 * Reads a Jetty 12 core request's method and path, and its response's status, through Jetty's
 * public {@code Request}, {@code Response} and {@code HttpURI} interfaces ({@link PublicApi}).
 * The route is the templated path ({@link RouteTemplate}); a servlet inside Jetty names a better
 * one later, from its mapping.
 */
final class JettyAccess {

    private final ClassValue<Method[]> requestMethods = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            Class<?> api = PublicApi.find(type, "org.eclipse.jetty.server.Request");
            return new Method[] {PublicApi.method(api, "getMethod"), PublicApi.method(api, "getHttpURI")};
        }
    };
    private final ClassValue<Method> pathMethod = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            return PublicApi.method(PublicApi.find(type, "org.eclipse.jetty.http.HttpURI"), "getPath");
        }
    };
    private final ClassValue<Method> statusMethod = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            return PublicApi.method(PublicApi.find(type, "org.eclipse.jetty.server.Response"), "getStatus");
        }
    };

    /** The request's method and route, or null when they cannot be read. */
    String[] methodAndRoute(Object request) throws ReflectiveOperationException {
        Method[] methods = requestMethods.get(request.getClass());
        if (methods[0] == null || methods[1] == null) {
            return null;
        }
        Object uri = methods[1].invoke(request);
        Method getPath = uri == null ? null : pathMethod.get(uri.getClass());
        if (getPath == null) {
            return null;
        }
        return new String[] {(String) methods[0].invoke(request), RouteTemplate.of((String) getPath.invoke(uri))};
    }

    /** The response's status, or 0 when it cannot be read. */
    int status(Object response) throws ReflectiveOperationException {
        Method getStatus = response == null ? null : statusMethod.get(response.getClass());
        return getStatus == null ? 0 : (Integer) getStatus.invoke(response);
    }
}
