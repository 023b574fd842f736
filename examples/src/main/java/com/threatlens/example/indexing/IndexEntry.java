package com.threatlens.example.indexing;

/** One row of {@code security_index}: derived, comma- or space-separated keyword columns. */
public record IndexEntry(
        String fullTextIndex,
        String threatKeywords,
        String mitigationKeywords,
        String owaspKeywords,
        String securityTags,
        String patterns) {
}
