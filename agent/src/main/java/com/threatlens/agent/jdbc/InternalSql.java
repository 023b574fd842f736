package com.threatlens.agent.jdbc;

import java.sql.SQLException;

/**
 * Runs the agent's own SQL (PRAGMAs on pooled connections, state checks, validation queries)
 * without counting it in the application's statistics.
 */
public interface InternalSql {

    /** For when query statistics are off: nothing to hide the work from. */
    InternalSql DIRECT = new InternalSql() {
        @Override
        public <T> T run(Work<T> work) throws SQLException {
            return work.run();
        }
    };

    <T> T run(Work<T> work) throws SQLException;

    /** Some JDBC work. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }
}
