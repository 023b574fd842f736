package com.threatlens.agent.bootstrap;

import java.util.Properties;

/**
 * What the connection-opening advice asks the engine, implemented inside the agent class
 * loader. Only JDK types cross this line.
 *
 * <p>Each method answers a pooled {@code java.sql.Connection} to hand out instead of a new
 * one, a {@code java.sql.SQLException} to throw (the pool is exhausted), or {@code null}: the
 * driver opens its own connection as if the agent were not there.
 */
public interface PoolHooks {

    /** {@code org.sqlite.JDBC.connect(url, info)} was called on {@code driver}. */
    Object driverConnect(Object driver, String url, Properties info);

    /** {@code getConnection} was called on an {@code org.sqlite.SQLiteDataSource}. */
    Object dataSourceConnect(Object dataSource, String user, String password);
}
