package com.threatlens.sidecar.search;

import java.util.List;

/**
 * One page of results.
 *
 * @param servedBy   {@code fts} when the full-text index answered, {@code like} when the table was scanned
 * @param cached     whether the page came from the cache (a page prefetched in the background is)
 * @param total      all matches of the search, on every page
 * @param nextCursor the cursor of the next page; null on the last page
 */
public record SearchPage(String servedBy, boolean cached, long total, int page, int pageSize, List<SearchItem> items,
                         String nextCursor, double tookMs) {
}
