package com.threatlens.example.model;

import java.util.List;

/** A wiki in a listing: everything but the long {@code sections} text. */
public record WikiSummary(
        long id,
        long repoId,
        String title,
        String owaspCategory,
        String severity,
        List<String> securityTags,
        String createdAt,
        String updatedAt) {
}
