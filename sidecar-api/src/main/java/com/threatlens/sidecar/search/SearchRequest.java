package com.threatlens.sidecar.search;

import java.util.List;

/**
 * A checked search request. {@code null} or empty filters mean no restriction of that kind.
 *
 * @param query           text that the title or the text of a wiki contains (case-insensitive)
 * @param owaspCategories a wiki's category is one of these
 * @param securityTags    a wiki carries every one of these tags
 * @param page            the page number, from 1; ignored when {@code cursor} is given
 * @param cursor          the {@code next_cursor} of the page before, or null
 */
public record SearchRequest(String query, String repoId, List<String> owaspCategories, List<String> securityTags,
                            int page, int pageSize, String cursor) {

    public SearchRequest {
        owaspCategories = List.copyOf(owaspCategories);
        securityTags = List.copyOf(securityTags);
    }
}
