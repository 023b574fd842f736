package com.threatlens.example.model;

import java.util.List;

/** Wikis created or updated since {@code since}, per OWASP category (all ten, zeros included). */
public record OwaspDistribution(int days, String since, long total, List<OwaspCount> categories) {
}
