package com.threatlens.example.model;

import java.util.List;

/** A security wiki page as stored and served. */
public record Wiki(
        long id,
        long repoId,
        String title,
        String sections,
        String owaspCategory,
        String severity,
        List<String> securityTags,
        String createdAt,
        String updatedAt) {
}
