package com.threatlens.example.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {

    @Test
    void defaults() {
        LoadOptions options = LoadOptions.parse("--url", "http://127.0.0.1:8080/");

        assertEquals(URI.create("http://127.0.0.1:8080"), options.url());
        assertEquals(Duration.ofSeconds(10), options.duration());
        assertEquals(Duration.ofSeconds(2), options.warmup());
        assertEquals(8, options.concurrency());
        assertEquals(OperationMix.DEFAULT, options.mix().toString());
        assertEquals(0.05, options.writeRatio());
        assertEquals(0, options.wikis());
        assertEquals(42, options.seed());
        assertEquals(LoadOptions.IdDistribution.UNIFORM, options.ids());
        assertFalse(options.json());
    }

    @Test
    void readsEveryOption() {
        LoadOptions options = LoadOptions.parse("--url", "http://h:1", "--duration", "500ms", "--warmup", "1.5s",
                "--concurrency", "3", "--mix", "search=1, analytics=2", "--write-ratio", "0.5", "--wikis", "9",
                "--repos", "2", "--seed", "7", "--ids", "zipf", "--zipf-exponent", "1.2", "--json");

        assertEquals(Duration.ofMillis(500), options.duration());
        assertEquals(Duration.ofMillis(1500), options.warmup());
        assertEquals("search=1,analytics=2", options.mix().toString());
        assertEquals(9, options.wikis());
        assertEquals(LoadOptions.IdDistribution.ZIPF, options.ids());
        assertEquals(1.2, options.zipfExponent());
        assertTrue(options.json());
        assertEquals(Duration.ofMinutes(2), Durations.parse("2m"));
        assertEquals(Duration.ofSeconds(3), Durations.parse("3"));
    }

    @Test
    void rejectsBadCommandLines() {
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse());
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--url", "ftp://x"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--url", "http://h:1", "--duration", "soon"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--url", "http://h:1", "--duration", "0s"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--url", "http://h:1", "--mix", "write=5"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--url", "http://h:1", "--mix", "wiki=0"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--url", "http://h:1", "--write-ratio", "2"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--url", "http://h:1", "--concurrency"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--url", "http://h:1", "--ids", "gauss"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--url", "http://h:1", "--colour", "red"));
    }

    @Test
    void mixFollowsItsWeights() {
        OperationMix mix = OperationMix.parse("wiki=3,search=1");
        SplittableRandom random = new SplittableRandom(1);
        Map<Operation, Integer> picks = new EnumMap<>(Operation.class);
        for (int i = 0; i < 40_000; i++) {
            picks.merge(mix.pick(random), 1, Integer::sum);
        }
        assertEquals(2, picks.size());
        assertEquals(3.0, picks.get(Operation.WIKI) / (double) picks.get(Operation.SEARCH), 0.2);
    }

    @Test
    void samplersStayInRange() {
        SplittableRandom random = new SplittableRandom(3);
        IdSampler uniform = IdSampler.uniform(10);
        IdSampler zipf = IdSampler.zipf(1000, 1.0);
        int ones = 0;
        for (int i = 0; i < 10_000; i++) {
            long u = uniform.next(random);
            long z = zipf.next(random);
            assertTrue(u >= 1 && u <= 10);
            assertTrue(z >= 1 && z <= 1000);
            ones += z == 1 ? 1 : 0;
        }
        assertTrue(ones > 1000, "id 1 is hot under zipf: " + ones);
    }
}
