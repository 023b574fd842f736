package com.threatlens.example.generate;

import java.util.Locale;
import java.util.Optional;

/** Database sizes the generator can build. */
public enum GenerationPreset {
    /** For tests: builds in well under two seconds. */
    TINY(5, 200),
    /** The default; about 30 MB. */
    SMALL(20, 5_000),
    /** About 300 MB. */
    MEDIUM(50, 50_000),
    /** For benchmarks; about 1.8 GB on disk. */
    LARGE(200, 300_000);

    private final int repositories;
    private final int wikis;

    GenerationPreset(int repositories, int wikis) {
        this.repositories = repositories;
        this.wikis = wikis;
    }

    public int repositories() {
        return repositories;
    }

    public int wikis() {
        return wikis;
    }

    public String presetName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<GenerationPreset> fromName(String name) {
        for (GenerationPreset preset : values()) {
            if (preset.presetName().equalsIgnoreCase(name)) {
                return Optional.of(preset);
            }
        }
        return Optional.empty();
    }
}
