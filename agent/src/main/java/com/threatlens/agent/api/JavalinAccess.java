package com.threatlens.agent.api;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Reads the route of a Javalin endpoint that matched a request: its path template
 * ({@code /api/wikis/{id}}) after the servlet's context path, when the endpoint is an HTTP
 * handler rather than a before or after filter. Through Javalin's public members only: the
 * {@code method} and {@code path} fields of {@code io.javalin.router.Endpoint},
 * {@code HandlerType.isHttpMethod()} and {@code Context.contextPath()}.
 */
final class JavalinAccess {

    private final ClassValue<Field[]> endpointFields = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            try {
                return new Field[] {type.getField("method"), type.getField("path")};
            } catch (NoSuchFieldException otherVersion) {
                return null;
            }
        }
    };
    private final ClassValue<Method> isHttpMethod = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            try {
                return type.getMethod("isHttpMethod");
            } catch (NoSuchMethodException otherVersion) {
                return null;
            }
        }
    };
    private final ClassValue<Method> contextPath = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            return PublicApi.method(PublicApi.find(type, "io.javalin.http.Context"), "contextPath");
        }
    };

    /** The route {@code endpoint} names, or null when it is a filter or cannot be read. */
    String route(Object context, Object endpoint) throws ReflectiveOperationException {
        Field[] fields = endpointFields.get(endpoint.getClass());
        if (fields == null) {
            return null;
        }
        Object handlerType = fields[0].get(endpoint);
        Object path = fields[1].get(endpoint);
        Method httpMethod = handlerType == null ? null : isHttpMethod.get(handlerType.getClass());
        if (!(path instanceof String) || httpMethod == null || !Boolean.TRUE.equals(httpMethod.invoke(handlerType))) {
            return null;
        }
        Method getContextPath = context == null ? null : contextPath.get(context.getClass());
        Object prefix = getContextPath == null ? null : getContextPath.invoke(context);
        return prefix instanceof String && !prefix.equals("/") ? prefix + (String) path : (String) path;
    }
}
