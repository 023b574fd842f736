package com.threatlens.example.model;

import java.util.List;

/** A search match with a short excerpt of the text around the query. */
public record SearchHit(
        long id,
        long repoId,
        String title,
        String owaspCategory,
        String severity,
        List<String> securityTags,
        String updatedAt,
        String snippet) {
}
