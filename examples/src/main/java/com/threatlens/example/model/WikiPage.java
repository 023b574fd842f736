package com.threatlens.example.model;

import java.util.List;

/** One page of a repository's wikis, most recently updated first. */
public record WikiPage(long repoId, List<WikiSummary> items, int page, int pageSize, long total) {
}
