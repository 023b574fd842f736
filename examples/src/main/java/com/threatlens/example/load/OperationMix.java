package com.threatlens.example.load;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.StringJoiner;

/** Relative weights of the read operations, e.g. {@code wiki=60,list=10,search=20,analytics=10}. */
public final class OperationMix {

    public static final String DEFAULT = "wiki=60,list=10,search=20,analytics=10";

    private final Map<Operation, Integer> weights;
    private final int totalWeight;

    private OperationMix(Map<Operation, Integer> weights) {
        this.weights = weights;
        this.totalWeight = weights.values().stream().mapToInt(Integer::intValue).sum();
    }

    public static OperationMix parse(String text) {
        Map<Operation, Integer> weights = new EnumMap<>(Operation.class);
        for (String part : text.split(",")) {
            String[] pair = part.split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException("mix entries look like name=weight, got '" + part + "'");
            }
            Operation operation = Operation.fromLabel(pair[0])
                    .filter(op -> op != Operation.WRITE)
                    .orElseThrow(() -> new IllegalArgumentException("unknown operation '" + pair[0]
                            + "' in mix; use wiki, list, search, analytics (writes come from --write-ratio)"));
            int weight;
            try {
                weight = Integer.parseInt(pair[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("weight of " + pair[0] + " must be an integer, got '" + pair[1] + "'");
            }
            if (weight < 0) {
                throw new IllegalArgumentException("weight of " + pair[0] + " must not be negative");
            }
            weights.put(operation, weight);
        }
        if (weights.values().stream().mapToInt(Integer::intValue).sum() == 0) {
            throw new IllegalArgumentException("the mix needs at least one positive weight");
        }
        return new OperationMix(weights);
    }

    public Operation pick(SplittableRandom random) {
        int point = random.nextInt(totalWeight);
        for (Map.Entry<Operation, Integer> entry : weights.entrySet()) {
            point -= entry.getValue();
            if (point < 0) {
                return entry.getKey();
            }
        }
        throw new IllegalStateException("weights do not add up");
    }

    @Override
    public String toString() {
        StringJoiner joiner = new StringJoiner(",");
        weights.forEach((operation, weight) -> joiner.add(operation.label() + "=" + weight));
        return joiner.toString();
    }
}
