package com.threatlens.agent.pool;

import java.util.Locale;
import java.util.Properties;

/**
 * What a {@code jdbc:sqlite:} URL opens, as far as pooling cares: a file that many connections
 * may share, or something that pooling would break.
 */
final class SqliteUrl {

    /** sqlite-jdbc's {@code SQLiteOpenMode.READONLY} flag in the {@code open_mode} property. */
    static final int OPEN_READONLY = 0x01;
    private static final String DRIVER_DEFAULT_BUSY_TIMEOUT = "3000";

    private SqliteUrl() {
    }

    static boolean isSqlite(String url) {
        return url != null && url.regionMatches(true, 0, SqliteDriver.URL_PREFIX, 0, SqliteDriver.URL_PREFIX.length());
    }

    /**
     * Why the URL must not be pooled, or {@code null} when it may: each connection to an
     * in-memory or temporary database is a database of its own, and a {@code :resource:}
     * database is extracted to a new file on every open.
     */
    static String whyNotPoolable(String url) {
        String address = url.trim().substring(SqliteDriver.URL_PREFIX.length());
        String lower = address.toLowerCase(Locale.ROOT);
        int query = lower.indexOf('?');
        String path = query < 0 ? lower : lower.substring(0, query);
        if (path.isEmpty()) {
            return "a temporary database";
        }
        if (path.equals(":memory:") || path.startsWith("file::memory:") || path.equals("file:")
            || hasParameter(lower, "mode", "memory")) {
            return "an in-memory database";
        }
        if (path.startsWith(":resource:")) {
            return "a class-path resource";
        }
        return null;
    }

    /** Read-only opens get pools of their own and are never switched to WAL. */
    static boolean isReadOnly(String url, Properties properties) {
        if (hasParameter(url.toLowerCase(Locale.ROOT), "mode", "ro")) {
            return true;
        }
        String openMode = properties == null ? null : properties.getProperty("open_mode");
        if (openMode != null) {
            try {
                return (Integer.parseInt(openMode.trim()) & OPEN_READONLY) != 0;
            } catch (NumberFormatException ignored) {
                return false;
            }
        }
        return false;
    }

    /**
     * Whether the application set this PRAGMA itself, in the URL or the properties: then it
     * wins. sqlite-jdbc writes its default busy_timeout (3000) into the properties of every
     * {@code SQLiteDataSource}, so that value alone is not taken as the application's choice.
     */
    static boolean setsPragma(String url, Properties properties, String pragma) {
        String value = properties == null ? null : properties.getProperty(pragma);
        if (value != null && !(pragma.equals("busy_timeout") && value.trim().equals(DRIVER_DEFAULT_BUSY_TIMEOUT))) {
            return true;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        int query = lower.indexOf('?');
        if (query < 0) {
            return false;
        }
        for (String pair : lower.substring(query + 1).split("&")) {
            if (pair.startsWith(pragma + "=")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasParameter(String lowerUrl, String name, String value) {
        int query = lowerUrl.indexOf('?');
        if (query < 0) {
            return false;
        }
        for (String pair : lowerUrl.substring(query + 1).split("&")) {
            if (pair.equals(name + "=" + value)) {
                return true;
            }
        }
        return false;
    }
}
