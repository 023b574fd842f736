package com.threatlens.example.load;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws ids in 1..n: uniformly, or Zipf-distributed (id k with weight 1/k^s), where a few
 * low ids are hot, as with popular pages. Immutable, so workers can share one.
 */
public abstract class IdSampler {

    public abstract long next(SplittableRandom random);

    public static IdSampler uniform(long n) {
        return new IdSampler() {
            @Override
            public long next(SplittableRandom random) {
                return 1 + random.nextLong(n);
            }
        };
    }

    public static IdSampler zipf(int n, double exponent) {
        double[] cumulative = new double[n];
        double total = 0;
        for (int k = 0; k < n; k++) {
            total += 1.0 / Math.pow(k + 1, exponent);
            cumulative[k] = total;
        }
        double sum = total;
        return new IdSampler() {
            @Override
            public long next(SplittableRandom random) {
                int index = Arrays.binarySearch(cumulative, random.nextDouble() * sum);
                int slot = index >= 0 ? index : -index - 1;
                return Math.min(slot, n - 1) + 1L;
            }
        };
    }
}
