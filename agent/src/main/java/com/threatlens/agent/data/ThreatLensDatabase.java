package com.threatlens.agent.data;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.threatlens.agent.bootstrap.AgentLog;
import com.threatlens.agent.jdbc.DatabaseUrl;
import com.threatlens.agent.pool.DatabaseAccess;
import com.threatlens.sidecar.ApiException;

/**
 * The application's ThreatLens database, which the search and analytics endpoints read: the one
 * named by {@code search.database}, or else the first database the application opened that has a
 * {@code security_wikis} table. It is looked for on each request until found, since the
 * application opens its databases when it likes.
 */
public final class ThreatLensDatabase {

    static final String MARKER_TABLE = "security_wikis";

    private final DatabaseAccess access;
    /** The configured URL or path, or null to find the database by its tables. */
    private final String configured;
    private final Set<String> notThreatLens = ConcurrentHashMap.newKeySet();
    private volatile String url;

    public ThreatLensDatabase(DatabaseAccess access, String configured) {
        this.access = access;
        this.configured = configured == null || configured.isBlank() ? null : configured.trim();
    }

    /**
     * The database's URL as the application opens it.
     *
     * @throws ApiException 503 while no database the application opened qualifies
     */
    public String url() {
        String known = url;
        if (known != null) {
            return known;
        }
        for (String candidate : access.databaseUrls()) {
            if (configured != null ? sameDatabase(candidate, configured) : isThreatLens(candidate)) {
                url = candidate;
                AgentLog.info("search and analytics read the ThreatLens database " + DatabaseUrl.sanitize(candidate));
                return candidate;
            }
        }
        throw ApiException.unavailable("no_database", configured != null
            ? "the application has not opened " + configured + " (search.database) yet"
            : "the application has not opened a database with a " + MARKER_TABLE
                + " table yet; name it with search.database if it has another name", java.time.Duration.ofSeconds(5));
    }

    /** The name under which statistics and the cache know the database. */
    public String statsName() {
        return DatabaseUrl.sanitize(url());
    }

    /** Runs {@code work} on a read-only connection to the database. */
    public <T> T read(DatabaseAccess.ConnectionWork<T> work) throws SQLException {
        return access.read(url(), work);
    }

    /** Runs {@code work} on a connection that may write (DDL only). */
    public <T> T write(DatabaseAccess.ConnectionWork<T> work) throws SQLException {
        return access.write(url(), work);
    }

    private boolean isThreatLens(String candidate) {
        if (notThreatLens.contains(candidate)) {
            return false;
        }
        try {
            boolean found = access.read(candidate, connection -> {
                try (PreparedStatement select = connection.prepareStatement(
                    "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?")) {
                    select.setString(1, MARKER_TABLE);
                    try (ResultSet rows = select.executeQuery()) {
                        return rows.next();
                    }
                }
            });
            if (!found) {
                notThreatLens.add(candidate);
            }
            return found;
        } catch (SQLException unreadable) {
            AgentLog.debug("cannot read the schema of " + DatabaseUrl.sanitize(candidate) + ": " + unreadable.getMessage());
            return false;
        }
    }

    /** Whether a JDBC URL opened by the application names the configured URL or file. */
    static boolean sameDatabase(String openedUrl, String configured) {
        if (configured.toLowerCase(Locale.ROOT).startsWith("jdbc:")) {
            return DatabaseUrl.sanitize(openedUrl).equals(DatabaseUrl.sanitize(configured));
        }
        String file = fileOf(openedUrl);
        if (file == null) {
            return false;
        }
        try {
            return Path.of(file).toAbsolutePath().normalize().equals(Path.of(configured).toAbsolutePath().normalize());
        } catch (RuntimeException badPath) {
            return false;
        }
    }

    /** The file of a {@code jdbc:sqlite:} URL: without the prefix, a {@code file:} scheme or parameters. */
    static String fileOf(String url) {
        String rest = DatabaseUrl.sanitize(url);
        if (!rest.toLowerCase(Locale.ROOT).startsWith("jdbc:sqlite:")) {
            return null;
        }
        rest = rest.substring("jdbc:sqlite:".length());
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        return rest.isEmpty() ? null : rest;
    }
}
