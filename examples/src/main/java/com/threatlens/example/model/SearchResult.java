package com.threatlens.example.model;

import java.util.List;

/** One page of search matches plus the number of matches overall. */
public record SearchResult(
        String query,
        String owasp,
        String tag,
        List<SearchHit> items,
        int page,
        int pageSize,
        long total) {
}
