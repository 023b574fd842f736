package com.threatlens.agent.search;

/**
 * {@code LIKE} patterns that match a user's text literally: {@code %}, {@code _} and the escape
 * character itself are escaped with a backslash, which the SQL declares as {@code ESCAPE '\'}.
 */
final class LikePattern {

    private LikePattern() {
    }

    static String contains(String text) {
        return "%" + escape(text) + "%";
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 4);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' || c == '_' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
