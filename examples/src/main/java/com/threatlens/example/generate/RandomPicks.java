package com.threatlens.example.generate;

import java.util.List;
import java.util.SplittableRandom;

/** Small helpers for drawing from word lists with a seeded random source. */
final class RandomPicks {

    private RandomPicks() {
    }

    static <T> T pick(SplittableRandom random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    static boolean chance(SplittableRandom random, double probability) {
        return random.nextDouble() < probability;
    }
}
