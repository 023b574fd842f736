package com.threatlens.agent.search;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import com.threatlens.agent.data.ThreatLensDatabase;

/**
 * About how many wikis there are, for choosing how to read a page: the largest id (read from the
 * end of the table's b-tree, at once), looked up again after a minute.
 */
final class TableSize {

    private static final long STALE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private volatile long rows = -1;
    private volatile long readAtNanos;

    long rows(ThreatLensDatabase database) throws SQLException {
        long now = System.nanoTime();
        if (rows < 0 || now - readAtNanos > STALE_NANOS) {
            rows = database.read(connection -> {
                try (Statement statement = connection.createStatement();
                     ResultSet result = statement.executeQuery("SELECT COALESCE(MAX(id), 0) FROM security_wikis")) {
                    result.next();
                    return Math.max(1, result.getLong(1));
                }
            });
            readAtNanos = now;
        }
        return rows;
    }
}
