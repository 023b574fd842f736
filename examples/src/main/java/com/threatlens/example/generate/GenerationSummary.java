package com.threatlens.example.generate;

import java.nio.file.Path;
import java.time.Duration;

/** What the generator built and how long it took. */
public record GenerationSummary(
        GenerationPreset preset,
        Path database,
        int repositories,
        int wikis,
        int threatDocuments,
        int analysisSessions,
        int systemMetrics,
        Duration elapsed) {

    public String describe() {
        return String.format("Generated %s database %s in %.2f s: %d repositories, %d wikis, "
                        + "%d threat documents, %d analysis sessions, %d metrics",
                preset.presetName(), database, elapsed.toMillis() / 1000.0, repositories, wikis,
                threatDocuments, analysisSessions, systemMetrics);
    }
}
