package com.threatlens.example.model;

/** How many wikis of one OWASP category changed in the window. */
public record OwaspCount(String category, String name, long count) {
}
