package com.threatlens.example.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps method and path to a handler. Patterns are literal segments and {@code {name}}
 * placeholders, e.g. {@code /api/wikis/{id}}. A path that matches with another method
 * gives 405, a path that matches nothing gives 404.
 */
public final class Router {

    private final List<Route> routes = new ArrayList<>();

    public Router add(String method, String pattern, RouteHandler handler) {
        routes.add(new Route(method, segments(pattern), handler));
        return this;
    }

    public Router get(String pattern, RouteHandler handler) {
        return add("GET", pattern, handler);
    }

    public Router post(String pattern, RouteHandler handler) {
        return add("POST", pattern, handler);
    }

    public Router put(String pattern, RouteHandler handler) {
        return add("PUT", pattern, handler);
    }

    /** The handler and path parameters for a request. */
    public Match match(String method, String path) {
        String[] requested = segments(path);
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Map<String, String> parameters = route.bind(requested);
            if (parameters == null) {
                continue;
            }
            if (route.method.equals(method)) {
                return new Match(route.handler, parameters);
            }
            allowed.add(route.method);
        }
        if (!allowed.isEmpty()) {
            throw ApiException.methodNotAllowed(method, List.copyOf(allowed));
        }
        throw ApiException.notFound("no route for " + method + " " + path);
    }

    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    public record Match(RouteHandler handler, Map<String, String> parameters) {
    }

    private record Route(String method, String[] pattern, RouteHandler handler) {

        /** The placeholder values when the path fits this pattern, else null. */
        Map<String, String> bind(String[] path) {
            if (path.length != pattern.length) {
                return null;
            }
            Map<String, String> parameters = new HashMap<>();
            for (int i = 0; i < pattern.length; i++) {
                String part = pattern[i];
                if (part.startsWith("{") && part.endsWith("}")) {
                    if (path[i].isEmpty()) {
                        return null;
                    }
                    parameters.put(part.substring(1, part.length() - 1), path[i]);
                } else if (!part.equals(path[i])) {
                    return null;
                }
            }
            return parameters;
        }
    }
}
