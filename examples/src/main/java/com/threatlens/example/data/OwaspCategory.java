package com.threatlens.example.data;

import java.util.Locale;
import java.util.Optional;

/** The OWASP Top 10 (2021) categories a security wiki is filed under. */
public enum OwaspCategory {
    A01("Broken Access Control"),
    A02("Cryptographic Failures"),
    A03("Injection"),
    A04("Insecure Design"),
    A05("Security Misconfiguration"),
    A06("Vulnerable and Outdated Components"),
    A07("Identification and Authentication Failures"),
    A08("Software and Data Integrity Failures"),
    A09("Security Logging and Monitoring Failures"),
    A10("Server-Side Request Forgery");

    private final String title;

    OwaspCategory(String title) {
        this.title = title;
    }

    public String code() {
        return name();
    }

    public String title() {
        return title;
    }

    /** Accepts the code in any letter case ({@code a03}, {@code A03}). */
    public static Optional<OwaspCategory> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String normalized = code.trim().toUpperCase(Locale.ROOT);
        for (OwaspCategory category : values()) {
            if (category.name().equals(normalized)) {
                return Optional.of(category);
            }
        }
        return Optional.empty();
    }
}
