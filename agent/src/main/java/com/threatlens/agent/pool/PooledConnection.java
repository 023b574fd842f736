package com.threatlens.agent.pool;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The connection an application receives instead of a new one. Everything is HikariCP's
 * connection, except {@link #close()}, which checks what the borrower left behind before the
 * connection goes back (see {@link SqlitePool#giveBack}), and {@link #prepareStatement(String)},
 * which reuses statements the connection's earlier borrowers prepared (see
 * {@link StatementCache}). {@code unwrap(SQLiteConnection.class)} reaches the driver's
 * connection, as it would without the agent.
 */
final class PooledConnection implements Connection {

    private final SqlitePool pool;
    private final Connection proxy;
    private final long borrowedAtNanos;
    private final long stateChangesAtBorrow;
    private volatile boolean closed;
    private StatementCache statements;
    private boolean statementsLookedUp;
    private final List<CachedStatement> openStatements = new ArrayList<>(2);

    PooledConnection(SqlitePool pool, Connection proxy, long borrowedAtNanos, long stateChangesAtBorrow) {
        this.pool = pool;
        this.proxy = proxy;
        this.borrowedAtNanos = borrowedAtNanos;
        this.stateChangesAtBorrow = stateChangesAtBorrow;
    }

    /** The pooled connection while this handle is open; after close() it is someone else's. */
    private Connection live() throws SQLException {
        if (closed) {
            throw new SQLException("Connection is closed", "08003");
        }
        return proxy;
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        closeOpenStatements();
        pool.giveBack(proxy, borrowedAtNanos, stateChangesAtBorrow);
    }

    /** Statements from the cache go back to it before the connection goes to its next borrower. */
    private void closeOpenStatements() {
        for (int i = openStatements.size() - 1; i >= 0; i--) {
            try {
                openStatements.get(i).close();
            } catch (SQLException | RuntimeException ignored) {
                // Closing the connection releases its statements; one that fails to close is gone.
            }
        }
        openStatements.clear();
    }

    void statementClosed(CachedStatement statement) {
        openStatements.remove(statement);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        if (!closed) {
            closed = true;
            proxy.abort(executor);
        }
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        return !closed && proxy.isValid(timeout);
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return live().unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || live().isWrapperFor(type);
    }

    @Override
    public Statement createStatement() throws SQLException {
        return live().createStatement();
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return live().createStatement(resultSetType, resultSetConcurrency);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
        throws SQLException {
        return live().createStatement(resultSetType, resultSetConcurrency, resultSetHoldability);
    }

    /** The form applications use on every request: served from the connection's statement cache. */
    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        Connection connection = live();
        StatementCache cache = statementCache();
        if (cache == null || sql == null) {
            return connection.prepareStatement(sql);
        }
        CachedStatement statement = CachedStatement.open(cache, sql, this);
        openStatements.add(statement);
        return statement.asStatement();
    }

    private StatementCache statementCache() {
        if (!statementsLookedUp) {
            statementsLookedUp = true;
            statements = pool.statementCache(proxy);
        }
        return statements;
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
        throws SQLException {
        return live().prepareStatement(sql, resultSetType, resultSetConcurrency);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
                                              int resultSetHoldability) throws SQLException {
        return live().prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return live().prepareStatement(sql, autoGeneratedKeys);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return live().prepareStatement(sql, columnIndexes);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return live().prepareStatement(sql, columnNames);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return live().prepareCall(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        return live().prepareCall(sql, resultSetType, resultSetConcurrency);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
                                         int resultSetHoldability) throws SQLException {
        return live().prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        return live().nativeSQL(sql);
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        live().setAutoCommit(autoCommit);
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        return live().getAutoCommit();
    }

    @Override
    public void commit() throws SQLException {
        live().commit();
    }

    @Override
    public void rollback() throws SQLException {
        live().rollback();
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        live().rollback(savepoint);
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return live().setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        return live().setSavepoint(name);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        live().releaseSavepoint(savepoint);
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        return live().getMetaData();
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        live().setReadOnly(readOnly);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return live().isReadOnly();
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        live().setCatalog(catalog);
    }

    @Override
    public String getCatalog() throws SQLException {
        return live().getCatalog();
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        live().setTransactionIsolation(level);
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        return live().getTransactionIsolation();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return live().getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        live().clearWarnings();
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        return live().getTypeMap();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        live().setTypeMap(map);
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        live().setHoldability(holdability);
    }

    @Override
    public int getHoldability() throws SQLException {
        return live().getHoldability();
    }

    @Override
    public Clob createClob() throws SQLException {
        return live().createClob();
    }

    @Override
    public Blob createBlob() throws SQLException {
        return live().createBlob();
    }

    @Override
    public NClob createNClob() throws SQLException {
        return live().createNClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        return live().createSQLXML();
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        proxy.setClientInfo(name, value);
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        proxy.setClientInfo(properties);
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        return live().getClientInfo(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        return live().getClientInfo();
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        return live().createArrayOf(typeName, elements);
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        return live().createStruct(typeName, attributes);
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        live().setSchema(schema);
    }

    @Override
    public String getSchema() throws SQLException {
        return live().getSchema();
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        live().setNetworkTimeout(executor, milliseconds);
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        return live().getNetworkTimeout();
    }

    @Override
    public String toString() {
        return "pooled " + proxy;
    }
}
