package com.threatlens.example;

import com.threatlens.example.data.DataAccessException;
import com.threatlens.example.data.DatabaseFile;
import com.threatlens.example.generate.DataGenerator;
import com.threatlens.example.generate.GenerationPreset;
import com.threatlens.example.generate.GenerationSummary;
import com.threatlens.example.http.ApiServer;
import com.threatlens.example.service.HealthService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Starts the ThreatLens example service. Generation messages go to stderr; stdout carries
 * exactly one line once the server listens:
 * {@code ThreatLens example listening on http://127.0.0.1:8080 (db=/abs/path/threatlens.db)}.
 * Exit codes: 2 for a bad command line, 1 when the database or the port cannot be used.
 */
public final class ExampleMain {

    public static final String LISTENING_PREFIX = "ThreatLens example listening on ";

    private ExampleMain() {
    }

    public static void main(String[] args) {
        ServiceOptions options;
        try {
            options = ServiceOptions.parse(args);
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(ServiceOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(ServiceOptions.USAGE);
            return;
        }
        try {
            DatabaseFile database = prepareDatabase(options);
            ApiServer server = ThreatLensApplication.start(database, options.host(), options.port());
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
            System.out.println(LISTENING_PREFIX + server.baseUri() + " (db=" + database.path() + ")");
            System.out.flush();
        } catch (IOException | RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    private static DatabaseFile prepareDatabase(ServiceOptions options) throws IOException {
        Path file = options.database().toAbsolutePath();
        GenerationPreset preset = options.generate();
        if (preset == null && !Files.exists(file)) {
            preset = GenerationPreset.SMALL;
        }
        if (preset != null) {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            System.err.println("Generating " + preset.presetName() + " database " + file + " ...");
            GenerationSummary summary = new DataGenerator().generate(file, preset, LocalDate.now(ZoneOffset.UTC));
            System.err.println(summary.describe());
        }
        DatabaseFile database = new DatabaseFile(file);
        // Fail at start, not on the first request, when the file is not a ThreatLens database.
        try {
            new HealthService(database).health();
        } catch (DataAccessException e) {
            throw new IllegalStateException(file + " is not a usable ThreatLens database (" + e.getMessage()
                    + "); rebuild it with --generate <preset>", e);
        }
        return database;
    }
}
