package com.threatlens.example.model;

import java.util.List;

/** The most used tags over all wikis, most frequent first (ties by name). */
public record TagFrequency(int limit, long wikisScanned, List<TagCount> tags) {
}
