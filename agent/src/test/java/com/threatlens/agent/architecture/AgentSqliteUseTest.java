package com.threatlens.agent.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The agent carries its own sqlite-jdbc, which must never open the application's databases: SQLite
 * keeps its POSIX locks per process, so two copies of the library in one process neither see nor
 * keep each other's locks. Only the agent's own disk-cache file and the advisor's in-memory
 * what-if database may use it; everything else reaches SQLite through the application's driver.
 */
class AgentSqliteUseTest {

    private static final Path SOURCES = Path.of("src", "main", "java");
    private static final List<String> ALLOWED = List.of(
        "com/threatlens/agent/cache/disk/CacheFile.java",
        "com/threatlens/agent/advisor/WhatIfDatabase.java");

    @Test
    void only_the_disk_cache_file_and_the_in_memory_what_if_database_use_the_agents_own_sqlite() throws IOException {
        TreeSet<String> users = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file, StandardCharsets.UTF_8);
                if (source.contains("import org.sqlite.") || source.contains("org.sqlite.SQLiteConfig")) {
                    users.add(SOURCES.relativize(file).toString().replace('\\', '/'));
                }
            }
        }
        assertFalse(users.isEmpty(), "the scan found the sources");
        assertEquals(new TreeSet<>(ALLOWED), users);
    }

    @Test
    void the_agent_never_asks_driver_manager_for_a_connection() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file, StandardCharsets.UTF_8);
                // From the agent's class loader DriverManager hands out the agent's copy of the driver.
                assertFalse(source.contains("DriverManager.getConnection("), file.toString());
            }
        }
    }
}
