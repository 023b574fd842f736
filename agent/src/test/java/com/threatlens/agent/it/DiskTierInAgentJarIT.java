package com.threatlens.agent.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.threatlens.agent.bootstrap.AgentClassLoader;

/**
 * The disk tier as the agent runs it: loaded from the real agent jar by the agent's class
 * loader, with the sqlite-jdbc (and native library) bundled there, while the application's own
 * sqlite-jdbc works beside it in the same JVM.
 */
class DiskTierInAgentJarIT {

    private static final String PACKAGE = "com.threatlens.agent.cache.disk.";

    @TempDir
    Path directory;

    @Test
    void the_bundled_sqlite_serves_the_disk_tier_beside_the_applications_own() throws Exception {
        Path agentJar = Path.of(System.getProperty("threatlens.agent.jar"));
        try (JarFile jar = new JarFile(agentJar.toFile())) {
            assertNotNull(jar.getJarEntry("inst/org/sqlite/native/Linux/x86_64/libsqlitejdbc.so"));
            assertNotNull(jar.getJarEntry("inst/org/sqlite/native/Mac/aarch64/libsqlitejdbc.dylib"));
            assertNotNull(jar.getJarEntry("inst/org/sqlite/native/Windows/x86_64/sqlitejdbc.dll"));
            assertNull(jar.getJarEntry("inst/org/sqlite/native/FreeBSD/x86_64/libsqlitejdbc.so"));
            assertNull(jar.getJarEntry("inst/org/sqlite/native/Linux/armv7/libsqlitejdbc.so"));

            AgentClassLoader loader = new AgentClassLoader(jar, agentJar.toUri().toURL(), ClassLoader.getPlatformClassLoader());
            Class<?> tierType = loader.loadClass(PACKAGE + "DiskTier");
            Class<?> entryType = loader.loadClass(PACKAGE + "DiskEntry");
            assertSame(loader, tierType.getClassLoader());
            assertNotSame(org.sqlite.SQLiteConnection.class, loader.loadClass("org.sqlite.SQLiteConnection"));

            LongSupplier clock = () -> 1_000;
            Object tier = tierType.getMethod("open", Path.class, long.class, LongSupplier.class)
                .invoke(null, directory, 1_000_000L, clock);
            try {
                Object entry = entryType.getConstructors()[0].newInstance("r", "k", "java.lang.String",
                    "\"cached\"".getBytes(UTF_8), 1_000L, Long.MAX_VALUE, List.of("t"), List.of(), "run", 1L);
                tierType.getMethod("write", entryType).invoke(tier, entry);
                tierType.getMethod("flush").invoke(tier);
                Object read = tierType.getMethod("read", String.class, String.class).invoke(tier, "r", "k");
                assertNotNull(read);
                assertArrayEquals("\"cached\"".getBytes(UTF_8), (byte[]) entryType.getMethod("value").invoke(read));
                Object stats = tierType.getMethod("stats").invoke(tier);
                Method state = stats.getClass().getMethod("state");
                assertEquals("OK", String.valueOf(state.invoke(stats)));
            } finally {
                tierType.getMethod("close").invoke(tier);
            }

            // The application's sqlite-jdbc, a different copy of the same classes, still works.
            SqliteFile host = SqliteFile.create(directory, "host.db", "CREATE TABLE t (x INTEGER)", "INSERT INTO t VALUES (42)");
            try (Connection connection = host.connect(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT x FROM t")) {
                rows.next();
                assertEquals(42, rows.getInt(1));
            }
        }
    }
}
