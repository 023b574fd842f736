package com.threatlens.agent.pool;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The host's own sqlite-jdbc, reached by reflection: the agent never bundles the driver it
 * pools, so applications keep their version and {@code unwrap(SQLiteConnection.class)} finds
 * their class. One instance per class loader that carries the driver.
 */
final class SqliteDriver {

    static final String DRIVER_CLASS = "org.sqlite.JDBC";
    static final String DATA_SOURCE_CLASS = "org.sqlite.SQLiteDataSource";
    static final String URL_PREFIX = "jdbc:sqlite:";

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.publicLookup();

    private final MethodHandle createConnection;

    private SqliteDriver(MethodHandle createConnection) {
        this.createConnection = createConnection;
    }

    /** The driver that the class loader of {@code opener} (the driver or data source class) sees. */
    static SqliteDriver of(Class<?> opener) throws ReflectiveOperationException {
        ClassLoader loader = opener.getClassLoader();
        Class<?> driver = Class.forName(DRIVER_CLASS, false, loader);
        MethodHandle create = LOOKUP.findStatic(driver, "createConnection",
            MethodType.methodType(Class.forName("org.sqlite.SQLiteConnection", false, loader), String.class,
                Properties.class));
        return new SqliteDriver(create.asType(MethodType.methodType(Connection.class, String.class,
            Properties.class)));
    }

    /** A physical connection, opened the way the driver opens one when no pool is involved. */
    Connection open(String url, Properties properties) throws SQLException {
        try {
            return (Connection) createConnection.invokeExact(url, properties);
        } catch (SQLException | RuntimeException | Error failure) {
            throw failure;
        } catch (Throwable unexpected) {
            throw new SQLException(unexpected);
        }
    }

    /** The URL and connection properties that {@code SQLiteDataSource.getConnection(user, password)} would use. */
    static Target dataSourceTarget(Object dataSource, String user, String password) throws ReflectiveOperationException {
        Class<?> type = dataSource.getClass();
        String url = (String) type.getMethod("getUrl").invoke(dataSource);
        Object config = type.getMethod("getConfig").invoke(dataSource);
        Properties properties = (Properties) config.getClass().getMethod("toProperties").invoke(config);
        if (user != null) {
            properties.put("user", user);
        }
        if (password != null) {
            properties.put("pass", password);
        }
        return new Target(url, properties);
    }

    /** What a connection is opened to: a URL and the driver's properties. */
    record Target(String url, Properties properties) {
    }
}
