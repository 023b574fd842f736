package com.threatlens.example.service;

/** Cuts a short excerpt of a text around the first case-insensitive occurrence of a query. */
final class Snippets {

    static final int LENGTH = 160;
    private static final int LEAD = 60;

    private Snippets() {
    }

    static String around(String text, String query) {
        int match = query == null || query.isEmpty() ? -1 : indexOfIgnoreCase(text, query);
        int start = match < 0 ? 0 : Math.max(0, match - LEAD);
        if (start > 0) {
            int space = text.indexOf(' ', start);
            if (space >= 0 && space < match) {
                start = space + 1;
            }
        }
        int end = Math.min(text.length(), start + LENGTH);
        if (end < text.length()) {
            int space = text.lastIndexOf(' ', end);
            if (space > start + LENGTH / 2) {
                end = space;
            }
        }
        String excerpt = text.substring(start, end).replaceAll("\\s+", " ").trim();
        return (start > 0 ? "…" : "") + excerpt + (end < text.length() ? "…" : "");
    }

    private static int indexOfIgnoreCase(String text, String query) {
        for (int i = 0; i + query.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, query, 0, query.length())) {
                return i;
            }
        }
        return -1;
    }
}
