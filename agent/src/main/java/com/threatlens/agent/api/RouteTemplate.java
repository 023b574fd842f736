package com.threatlens.agent.api;

/**
 * A request path as a route template, for servers that do not say which route matched: path
 * segments that look like identifiers become {@code {id}}, so {@code /api/wikis/1} and
 * {@code /api/wikis/2} are one route, {@code GET /api/wikis/{id}}.
 *
 * <p>An identifier is a segment of digits, a UUID, a hexadecimal string of 16 or more
 * characters, or a segment of 16 or more letters, digits, {@code -} and {@code _} with at
 * least one digit (generated keys and tokens). Words stay, so {@code /api/analytics/tag-frequency}
 * is kept as it is. Anything that still varies (free-text slugs) is bounded by the route table.
 */
final class RouteTemplate {

    static final String ID = "{id}";
    /** Longer paths are cut: a route name is for people, and a huge one is an attack. */
    static final int MAX_LENGTH = 200;
    private static final int LONG_TOKEN = 16;

    private RouteTemplate() {
    }

    static String of(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        StringBuilder template = new StringBuilder(Math.min(path.length(), MAX_LENGTH) + 8);
        int start = path.charAt(0) == '/' ? 1 : 0;
        template.append('/');
        while (start <= path.length() && template.length() < MAX_LENGTH) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            if (end > start) {
                if (template.charAt(template.length() - 1) != '/') {
                    template.append('/');
                }
                if (isIdentifier(path, start, end)) {
                    template.append(ID);
                } else {
                    template.append(path, start, end);
                }
            }
            if (end == path.length()) {
                break;
            }
            start = end + 1;
        }
        if (template.length() > MAX_LENGTH) {
            template.setLength(MAX_LENGTH);
        }
        return template.toString();
    }

    static boolean isIdentifier(String path, int start, int end) {
        int length = end - start;
        boolean digits = true;
        boolean hex = true;
        boolean token = true;
        boolean anyDigit = false;
        int dashes = 0;
        for (int i = start; i < end; i++) {
            char c = path.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            boolean hexLetter = (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            anyDigit |= digit;
            digits &= digit;
            hex &= digit || hexLetter;
            token &= digit || letter || c == '-' || c == '_';
            if (c == '-') {
                dashes++;
            }
        }
        if (digits) {
            return true;
        }
        if (hex && length >= LONG_TOKEN) {
            return true;
        }
        if (length == 36 && dashes == 4 && isUuid(path, start)) {
            return true;
        }
        return token && anyDigit && length >= LONG_TOKEN;
    }

    private static boolean isUuid(String path, int start) {
        for (int i = 0; i < 36; i++) {
            char c = path.charAt(start + i);
            boolean dashPlace = i == 8 || i == 13 || i == 18 || i == 23;
            boolean hexDigit = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (dashPlace ? c != '-' : !hexDigit) {
                return false;
            }
        }
        return true;
    }
}
