package com.threatlens.example.load;

import java.util.Locale;
import java.util.Optional;

/** The kinds of request the load driver sends; the name is used in the mix and the report. */
public enum Operation {
    /** GET /api/wikis/{id}. */
    WIKI,
    /** GET /api/repos/{repo_id}/wikis. */
    LIST,
    /** GET /api/search. */
    SEARCH,
    /** GET /api/analytics/{type}. */
    ANALYTICS,
    /** PUT /api/wikis/{id} of a fetched wiki with a changed title; chosen by the write ratio, not the mix. */
    WRITE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Operation> fromLabel(String label) {
        for (Operation operation : values()) {
            if (operation.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(operation);
            }
        }
        return Optional.empty();
    }
}
