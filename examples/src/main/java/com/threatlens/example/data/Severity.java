package com.threatlens.example.data;

import java.util.Locale;
import java.util.Optional;

/** How bad the documented weakness is; stored as its lower-case name. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Severity> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        for (Severity severity : values()) {
            if (severity.code().equalsIgnoreCase(code.trim())) {
                return Optional.of(severity);
            }
        }
        return Optional.empty();
    }
}
