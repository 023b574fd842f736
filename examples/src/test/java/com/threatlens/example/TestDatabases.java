package com.threatlens.example;

import com.threatlens.example.data.DatabaseFile;
import com.threatlens.example.generate.DataGenerator;
import com.threatlens.example.generate.GenerationPreset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Tiny databases for tests, all generated for the same fixed reference date, and a clock at
 * noon of that date. The tiny database is generated once per test JVM and copied for each
 * test that needs its own, so tests that write do not affect each other.
 */
public final class TestDatabases {

    public static final LocalDate REFERENCE_DATE = LocalDate.of(2026, 3, 1);
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    public static final int TINY_WIKIS = GenerationPreset.TINY.wikis();
    public static final int TINY_REPOS = GenerationPreset.TINY.repositories();

    private static Path template;

    private TestDatabases() {
    }

    /** A private copy of the tiny database in {@code directory}. */
    public static DatabaseFile freshTiny(Path directory) {
        try {
            Path copy = directory.resolve("threatlens-tiny.db");
            Files.copy(tinyTemplate(), copy);
            return new DatabaseFile(copy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Connection connect(DatabaseFile database) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl());
    }

    private static synchronized Path tinyTemplate() throws IOException {
        if (template == null) {
            Path directory = Files.createTempDirectory("threatlens-template");
            Path file = directory.resolve("tiny.db");
            new DataGenerator().generate(file, GenerationPreset.TINY, REFERENCE_DATE);
            // Deleted in reverse order of registration: the file, then its directory.
            directory.toFile().deleteOnExit();
            file.toFile().deleteOnExit();
            template = file;
        }
        return template;
    }
}
