package com.threatlens.sidecar;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.javalin.http.Context;

/**
 * Reads and checks a request's query parameters. Every mistake becomes a 400 that names the
 * parameter; unknown parameters are refused too, so that a typo ({@code limt=10}) is not
 * silently ignored.
 */
public final class QueryParameters {

    private final Map<String, List<String>> values;

    private QueryParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    public static QueryParameters of(Context ctx, Set<String> allowed) {
        Map<String, List<String>> values = ctx.queryParamMap();
        for (String name : values.keySet()) {
            if (!allowed.contains(name)) {
                throw ApiException.badParameter(name, "unknown parameter; accepted: "
                    + (allowed.isEmpty() ? "none" : String.join(", ", allowed.stream().sorted().toList())));
            }
        }
        return new QueryParameters(values);
    }

    public String text(String name, String fallback) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? fallback : list.get(list.size() - 1);
    }

    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public int integer(String name, int fallback, int min, int max) {
        String text = text(name, null);
        if (text == null) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException notANumber) {
            throw ApiException.badParameter(name, "'" + text + "' is not an integer; expected " + min + " to " + max);
        }
        if (value < min || value > max) {
            throw ApiException.badParameter(name, value + " is out of range; expected " + min + " to " + max);
        }
        return value;
    }

    public String oneOf(String name, String fallback, Set<String> accepted) {
        String text = text(name, null);
        if (text == null) {
            return fallback;
        }
        if (!accepted.contains(text)) {
            throw ApiException.badParameter(name, "'" + text + "' is not one of " + String.join("|", accepted.stream().sorted().toList()));
        }
        return text;
    }
}
