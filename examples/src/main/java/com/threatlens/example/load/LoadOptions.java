package com.threatlens.example.load;

import java.net.URI;
import java.time.Duration;

/**
 * Settings of one load run. {@code wikis} and {@code repos} of 0 mean "ask the service":
 * they are then read from {@code GET /api/health} ({@code wiki_count}, {@code repo_count}).
 * {@code writeRatio} is the fraction of iterations that, instead of a read from the mix,
 * fetch a wiki and PUT it back with a changed title.
 */
public record LoadOptions(
        URI url,
        Duration duration,
        Duration warmup,
        int concurrency,
        OperationMix mix,
        double writeRatio,
        long wikis,
        long repos,
        long seed,
        IdDistribution ids,
        double zipfExponent,
        boolean json) {

    public static final String USAGE = """
            usage: LoadDriver --url <base-url> [options]
              --url <url>            service base URL, e.g. http://127.0.0.1:8080 (required)
              --duration <d>         measured time, e.g. 10s, 500ms, 2m (default 10s)
              --warmup <d>           unmeasured time before it (default 2s)
              --concurrency <n>      worker threads, each in a closed loop (default 8)
              --mix <weights>        read mix (default %s)
              --write-ratio <f>      fraction of iterations that update a wiki (default 0.05)
              --wikis <n>            wiki ids 1..n (default: wiki_count from /api/health)
              --repos <n>            repository ids 1..n (default: repo_count from /api/health)
              --ids uniform|zipf     distribution of wiki ids (default uniform)
              --zipf-exponent <s>    exponent for --ids zipf (default 1.0)
              --seed <n>             random seed (default 42)
              --json                 print one JSON object instead of a table""".formatted(OperationMix.DEFAULT);

    /** How wiki ids are drawn. */
    public enum IdDistribution { UNIFORM, ZIPF }

    public LoadOptions {
        if (url == null) {
            throw new IllegalArgumentException("url is required");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive");
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warmup must not be negative");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        if (writeRatio < 0 || writeRatio > 1) {
            throw new IllegalArgumentException("write ratio must be between 0 and 1");
        }
        if (wikis < 0 || repos < 0) {
            throw new IllegalArgumentException("wikis and repos must not be negative");
        }
        if (zipfExponent <= 0) {
            throw new IllegalArgumentException("zipf exponent must be positive");
        }
    }

    public static Builder builder(URI url) {
        return new Builder(url);
    }

    public static LoadOptions parse(String... args) {
        Builder builder = new Builder(null);
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--json")) {
                builder.json(true);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag.startsWith("--") ? flag + " needs a value" : "unexpected argument " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--url" -> builder.url = url(value);
                case "--duration" -> builder.duration(Durations.parse(value));
                case "--warmup" -> builder.warmup(Durations.parse(value));
                case "--concurrency" -> builder.concurrency(integer(flag, value));
                case "--mix" -> builder.mix(OperationMix.parse(value));
                case "--write-ratio" -> builder.writeRatio(decimal(flag, value));
                case "--wikis" -> builder.wikis(integer(flag, value));
                case "--repos" -> builder.repos(integer(flag, value));
                case "--seed" -> builder.seed(integer(flag, value));
                case "--ids" -> builder.ids(distribution(value));
                case "--zipf-exponent" -> builder.zipfExponent(decimal(flag, value));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (builder.url == null) {
            throw new IllegalArgumentException("--url is required");
        }
        return builder.build();
    }

    private static URI url(String value) {
        String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        URI uri = URI.create(trimmed);
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--url must be an http URL such as http://127.0.0.1:8080, was " + value);
        }
        return uri;
    }

    private static int integer(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be an integer, was '" + value + "'");
        }
    }

    private static double decimal(String flag, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a number, was '" + value + "'");
        }
    }

    private static IdDistribution distribution(String value) {
        return switch (value) {
            case "uniform" -> IdDistribution.UNIFORM;
            case "zipf" -> IdDistribution.ZIPF;
            default -> throw new IllegalArgumentException("--ids must be uniform or zipf, was '" + value + "'");
        };
    }

    /** Defaults as documented in {@link #USAGE}. */
    public static final class Builder {
        private URI url;
        private Duration duration = Duration.ofSeconds(10);
        private Duration warmup = Duration.ofSeconds(2);
        private int concurrency = 8;
        private OperationMix mix = OperationMix.parse(OperationMix.DEFAULT);
        private double writeRatio = 0.05;
        private long wikis;
        private long repos;
        private long seed = 42;
        private IdDistribution ids = IdDistribution.UNIFORM;
        private double zipfExponent = 1.0;
        private boolean json;

        private Builder(URI url) {
            this.url = url;
        }

        public Builder duration(Duration value) {
            duration = value;
            return this;
        }

        public Builder warmup(Duration value) {
            warmup = value;
            return this;
        }

        public Builder concurrency(int value) {
            concurrency = value;
            return this;
        }

        public Builder mix(OperationMix value) {
            mix = value;
            return this;
        }

        public Builder writeRatio(double value) {
            writeRatio = value;
            return this;
        }

        public Builder wikis(long value) {
            wikis = value;
            return this;
        }

        public Builder repos(long value) {
            repos = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder ids(IdDistribution value) {
            ids = value;
            return this;
        }

        public Builder zipfExponent(double value) {
            zipfExponent = value;
            return this;
        }

        public Builder json(boolean value) {
            json = value;
            return this;
        }

        public LoadOptions build() {
            return new LoadOptions(url, duration, warmup, concurrency, mix, writeRatio, wikis, repos, seed,
                    ids, zipfExponent, json);
        }
    }
}
