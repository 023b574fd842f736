package com.threatlens.agent.search;

/** The cache key of one page of one search. */
record PageKey(SearchFilter filter, int pageSize, SearchPosition position) {
}
