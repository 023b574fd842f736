package com.threatlens.example.service;

/**
 * Builds {@code LIKE} patterns that match a user's text literally: {@code %} and {@code _}
 * in the text are escaped with a backslash, which the SQL declares as {@code ESCAPE '\'}.
 */
final class LikePatterns {

    static final String ESCAPE_CLAUSE = " ESCAPE '\\'";

    private LikePatterns() {
    }

    static String contains(String text) {
        StringBuilder pattern = new StringBuilder(text.length() + 2).append('%');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' || c == '_' || c == '\\') {
                pattern.append('\\');
            }
            pattern.append(c);
        }
        return pattern.append('%').toString();
    }
}
