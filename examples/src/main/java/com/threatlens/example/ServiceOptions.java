package com.threatlens.example;

import com.threatlens.example.generate.GenerationPreset;
import java.nio.file.Path;

/**
 * The command line of {@link ExampleMain}.
 *
 * @param generate the preset to (re)build the database with, or null to use the file as is
 */
public record ServiceOptions(Path database, GenerationPreset generate, int port, String host, boolean help) {

    public static final String USAGE = """
            usage: java -jar threatlens-example.jar --db <file> [--generate <preset>] [--port <n>] [--host <h>]
              --db <file>          SQLite database file (required)
              --generate <preset>  delete and rebuild the database: tiny, small, medium or large
                                   (a missing database is always generated, with preset small)
              --port <n>           HTTP port, 0 picks a free one (default 8080)
              --host <h>           address to bind (default 127.0.0.1)
              --help               print this help""";

    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_HOST = "127.0.0.1";

    public static ServiceOptions parse(String... args) throws UsageException {
        Path database = null;
        GenerationPreset generate = null;
        int port = DEFAULT_PORT;
        String host = DEFAULT_HOST;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                return new ServiceOptions(database, generate, port, host, true);
            }
            if (i + 1 >= args.length) {
                throw new UsageException(flag.startsWith("--") ? flag + " needs a value" : "unexpected argument " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--db" -> database = Path.of(value);
                case "--generate" -> generate = GenerationPreset.fromName(value).orElseThrow(
                        () -> new UsageException("unknown preset '" + value + "'; use tiny, small, medium or large"));
                case "--port" -> port = port(value);
                case "--host" -> host = value;
                default -> throw new UsageException("unknown option " + flag);
            }
        }
        if (database == null) {
            throw new UsageException("--db is required");
        }
        return new ServiceOptions(database, generate, port, host, false);
    }

    private static int port(String value) throws UsageException {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new UsageException("--port must be between 0 and 65535, was " + value);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new UsageException("--port must be a number, was '" + value + "'");
        }
    }
}
