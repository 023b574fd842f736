package com.threatlens.agent.api;

import java.lang.reflect.Method;

/**
 * Reads a servlet request's method and route, and its response's status, through the Servlet
 * API's own interfaces found on the objects' classes ({@link PublicApi}), resolved once per
 * request and response class.
 *
 * <p>The route keeps the servlet mapping's fixed part: for a path mapping ({@code /wikis/*})
 * the servlet path is taken as it is and only the path info is templated
 * ({@link RouteTemplate}); otherwise the whole path within the context is templated. Once the
 * servlet has served the request, the route Spring MVC matched, if any, replaces it.
 */
final class ServletAccess {

    /** {@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE} of Spring MVC. */
    static final String SPRING_MATCHED_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

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
    private final ClassValue<Method> attributeMethod = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            Class<?> api = PublicApi.find(type, requestInterface);
            try {
                return api == null ? null : api.getMethod("getAttribute", String.class);
            } catch (NoSuchMethodException absent) {
                return null;
            }
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

    /**
     * The route Spring MVC matched the request to: the pattern of its handler mapping
     * ({@code /api/repos/{name}/wikis}, the request attribute Spring sets for that), after the
     * context path and, for a path mapping of Spring's servlet, its servlet path, which Spring
     * leaves out of the pattern. Null when Spring did not match the request.
     */
    String springRoute(Object request) throws ReflectiveOperationException {
        Method getAttribute = attributeMethod.get(request.getClass());
        Object pattern = getAttribute == null ? null : getAttribute.invoke(request, SPRING_MATCHED_PATTERN);
        Method[] methods = requestMethods.get(request.getClass());
        if (!(pattern instanceof String) || methods == null) {
            return null;
        }
        boolean pathMapping = methods[3] != null && methods[3].invoke(request) != null;
        String route = text(methods[1], request) + (pathMapping ? text(methods[2], request) : "") + pattern;
        return route.length() > RouteTemplate.MAX_LENGTH ? route.substring(0, RouteTemplate.MAX_LENGTH) : route;
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
