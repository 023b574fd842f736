package com.threatlens.agent.jdbc;

/**
 * A JDBC URL as shown in statistics: without credentials, query parameters or driver
 * properties, since those may carry passwords ({@code jdbc:postgresql://u:p@h/db?password=x},
 * {@code jdbc:sqlserver://h;password=x}, {@code jdbc:oracle:thin:u/p@h:1521:sid}).
 */
public final class DatabaseUrl {

    public static final String UNKNOWN = "unknown";

    private DatabaseUrl() {
    }

    public static String sanitize(String url) {
        if (url == null || url.isBlank()) {
            return UNKNOWN;
        }
        String clean = url.trim();
        clean = cutAt(clean, '?');
        clean = cutAt(clean, ';');
        int at = clean.lastIndexOf('@');
        if (at > 0) {
            int slashes = clean.indexOf("//");
            int start;
            if (slashes >= 0 && slashes < at) {
                start = slashes + 2;
            } else {
                // Oracle's thin form: jdbc:oracle:thin:user/password@host
                start = clean.lastIndexOf(':', at) + 1;
            }
            clean = clean.substring(0, start) + clean.substring(at + 1);
        }
        return clean;
    }

    private static String cutAt(String text, char marker) {
        int index = text.indexOf(marker);
        return index < 0 ? text : text.substring(0, index);
    }
}
