package com.threatlens.example.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Chooses the repository of each generated wiki. Repositories are unequal in size, as in
 * real organisations: repository r gets weight 1/sqrt(r).
 */
final class RepositoryPicker {

    private final double[] cumulativeWeights;

    RepositoryPicker(int repositories) {
        cumulativeWeights = new double[repositories];
        double total = 0;
        for (int r = 0; r < repositories; r++) {
            total += 1.0 / Math.sqrt(r + 1);
            cumulativeWeights[r] = total;
        }
    }

    /** Repository ids are 1-based. */
    long pick(SplittableRandom random) {
        double point = random.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1];
        int index = Arrays.binarySearch(cumulativeWeights, point);
        int slot = index >= 0 ? index : -index - 1;
        return Math.min(slot, cumulativeWeights.length - 1) + 1L;
    }
}
