package com.threatlens.agent.search;

import java.util.List;

import com.threatlens.sidecar.search.SearchItem;

/**
 * A page as computed and cached: its rows, the path that found them, the matches of the whole
 * search, and where the next page starts (null on the last page).
 */
record ComputedPage(String servedBy, long total, List<SearchItem> items, SearchPosition next) {
}
