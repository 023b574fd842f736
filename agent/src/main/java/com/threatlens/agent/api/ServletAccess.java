package com.threatlens.agent.api;

import java.lang.reflect.Method;

/**
 * Reads a servlet request's method and route, and its response's status, through the Servlet
 * API's own interfaces found on the objects' classes ({@link PublicApi}), resolved once per
 * request and response class.
 *
 * <p>The route keeps the servlet mapping's fixed part: for a path mapping ({@code /wikis/*})
 * the servlet path is taken as it is and only the path info is templated
 * ({@link RouteTemplate}); otherwise the whole path within the context is templated.
 */
final class ServletAccess {

    private final String requestInterface;
    private final String responseInterface;
    private final ClassValue<Method[]> requestMethods = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            Class<?> api = PublicApi.find(type, requestInterface);
            return api == null ? null : new Method[] {PublicApi.method(api, "getMethod"),
                PublicApi.method(api, "getContextPath"), PublicApi.method(api, "getServletPath"), PublicApi.method(api, "getPathInfo")};
        }
    };
    private final ClassValue<Method> statusMethod = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            return PublicApi.method(PublicApi.find(type, responseInterface), "getStatus");
        }
    };

    /** @param apiPackage {@code jakarta.servlet} or {@code javax.servlet} */
    ServletAccess(String apiPackage) {
        this.requestInterface = apiPackage + ".http.HttpServletRequest";
        this.responseInterface = apiPackage + ".http.HttpServletResponse";
    }

    /** The request's method and route, or null when it is not an HTTP servlet request. */
    String[] methodAndRoute(Object request) throws ReflectiveOperationException {
        Method[] methods = requestMethods.get(request.getClass());
        if (methods == null || methods[0] == null) {
            return null;
        }
        String method = (String) methods[0].invoke(request);
        String contextPath = text(methods[1], request);
        String servletPath = text(methods[2], request);
        String pathInfo = methods[3] == null ? null : (String) methods[3].invoke(request);
        String route;
        if (pathInfo != null) {
            String templated = RouteTemplate.of(pathInfo);
            route = contextPath + servletPath + (servletPath.isEmpty() || !templated.equals("/") ? templated : "");
        } else {
            route = contextPath + RouteTemplate.of(servletPath);
        }
        if (route.length() > RouteTemplate.MAX_LENGTH) {
            route = route.substring(0, RouteTemplate.MAX_LENGTH);
        }
        return new String[] {method, route.isEmpty() ? "/" : route};
    }

    /** The response's status, or 0 when it cannot be read. */
    int status(Object response) throws ReflectiveOperationException {
        Method getStatus = response == null ? null : statusMethod.get(response.getClass());
        return getStatus == null ? 0 : (Integer) getStatus.invoke(response);
    }

    private static String text(Method method, Object target) throws ReflectiveOperationException {
        Object value = method == null ? null : method.invoke(target);
        return value == null ? "" : (String) value;
    }
}
