package com.threatlens.example.service;

import com.threatlens.example.data.DataAccessException;
import com.threatlens.example.data.DatabaseFile;
import com.threatlens.example.data.SecurityTags;
import com.threatlens.example.data.Severity;
import com.threatlens.example.data.Timestamps;
import com.threatlens.example.indexing.SecurityIndexer;
import com.threatlens.example.model.Wiki;
import com.threatlens.example.model.WikiPage;
import com.threatlens.example.model.WikiSummary;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes security wikis. Every call opens its own connection. Writes also
 * rewrite the wiki's {@code security_index} row in the same transaction, so search
 * metadata never lags behind the page.
 */
public class WikiService {

    private final DatabaseFile database;
    private final Clock clock;
    private final SecurityIndexer indexer = new SecurityIndexer();

    public WikiService(DatabaseFile database) {
        this(database, Clock.systemUTC());
    }

    public WikiService(DatabaseFile database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Returns the wiki, or null when there is none with this id. */
    public Wiki getWiki(long id) {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl())) {
            return findWiki(connection, id);
        } catch (SQLException e) {
            throw new DataAccessException("cannot read wiki " + id, e);
        }
    }

    /**
     * Returns one page of a repository's wikis, most recently updated first, or null when
     * the repository does not exist. A page past the end has no items.
     */
    public WikiPage listWikis(long repoId, int page, int pageSize) {
        Paging.validate(page, pageSize);
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl())) {
            if (!repositoryExists(connection, repoId)) {
                return null;
            }
            long total;
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT COUNT(*) FROM security_wikis WHERE repo_id = ?")) {
                count.setLong(1, repoId);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    total = rows.getLong(1);
                }
            }
            List<WikiSummary> items = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + WikiRows.SUMMARY_COLUMNS + " FROM security_wikis WHERE repo_id = ? "
                            + "ORDER BY updated_at DESC, id LIMIT ? OFFSET ?")) {
                select.setLong(1, repoId);
                select.setInt(2, pageSize);
                select.setLong(3, Paging.offset(page, pageSize));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        items.add(WikiRows.summary(rows));
                    }
                }
            }
            return new WikiPage(repoId, List.copyOf(items), page, pageSize, total);
        } catch (SQLException e) {
            throw new DataAccessException("cannot list wikis of repository " + repoId, e);
        }
    }

    /**
     * Creates a wiki in an existing repository. {@code severity} may be null (then
     * "medium"); tags may be empty but not null.
     *
     * @throws ValidationException when a field is invalid or the repository does not exist
     */
    public Wiki createWiki(long repoId, String title, String sections, String owaspCategory,
            List<String> securityTags, String severity) {
        WikiContent content = WikiContent.of(title, sections, owaspCategory, securityTags, severity);
        Severity effectiveSeverity = content.severity() != null ? content.severity() : Severity.MEDIUM;
        String now = Timestamps.now(clock);
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl())) {
            if (!repositoryExists(connection, repoId)) {
                throw new ValidationException("repository " + repoId + " does not exist");
            }
            // The transaction starts with a write, so that a concurrent writer makes this one
            // wait (busy timeout) instead of failing on a read-to-write lock upgrade.
            connection.setAutoCommit(false);
            try {
                long id;
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO security_wikis (repo_id, title, sections, owasp_category, security_tags, "
                                + "severity, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setLong(1, repoId);
                    insert.setString(2, content.title());
                    insert.setString(3, content.sections());
                    insert.setString(4, content.category().code());
                    insert.setString(5, SecurityTags.toColumn(content.tags()));
                    insert.setString(6, effectiveSeverity.code());
                    insert.setString(7, now);
                    insert.setString(8, now);
                    insert.executeUpdate();
                }
                try (Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT last_insert_rowid()")) {
                    rows.next();
                    id = rows.getLong(1);
                }
                writeIndex(connection, id, content, now);
                connection.commit();
                return new Wiki(id, repoId, content.title(), content.sections(), content.category().code(),
                        effectiveSeverity.code(), content.tags(), now, now);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot create a wiki in repository " + repoId, e);
        }
    }

    /**
     * Replaces the editable fields of a wiki and returns it as now stored, or null when
     * there is no wiki with this id. A null {@code severity} keeps the current one.
     *
     * @throws ValidationException when a field is invalid
     */
    public Wiki updateWiki(long id, String title, String sections, String owaspCategory,
            List<String> securityTags, String severity) {
        WikiContent content = WikiContent.of(title, sections, owaspCategory, securityTags, severity);
        String now = Timestamps.now(clock);
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl())) {
            connection.setAutoCommit(false);
            try {
                int updated;
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE security_wikis SET title = ?, sections = ?, owasp_category = ?, security_tags = ?, "
                                + "severity = COALESCE(?, severity), updated_at = ? WHERE id = ?")) {
                    update.setString(1, content.title());
                    update.setString(2, content.sections());
                    update.setString(3, content.category().code());
                    update.setString(4, SecurityTags.toColumn(content.tags()));
                    update.setString(5, content.severity() == null ? null : content.severity().code());
                    update.setString(6, now);
                    update.setLong(7, id);
                    updated = update.executeUpdate();
                }
                if (updated == 0) {
                    connection.rollback();
                    return null;
                }
                writeIndex(connection, id, content, now);
                Wiki wiki = findWiki(connection, id);
                connection.commit();
                return wiki;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot update wiki " + id, e);
        }
    }

    private void writeIndex(Connection connection, long wikiId, WikiContent content, String now)
            throws SQLException {
        indexer.upsert(connection, wikiId,
                indexer.index(content.title(), content.sections(), content.category().code(), content.tags()), now);
    }

    private static Wiki findWiki(Connection connection, long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + WikiRows.WIKI_COLUMNS + " FROM security_wikis WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? WikiRows.wiki(rows) : null;
            }
        }
    }

    private static boolean repositoryExists(Connection connection, long repoId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM repositories WHERE id = ?")) {
            select.setLong(1, repoId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }
}
