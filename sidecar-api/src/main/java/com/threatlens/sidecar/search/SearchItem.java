package com.threatlens.sidecar.search;

import java.util.List;

/** One wiki found: its fields, and a snippet of its text around the first match. */
public record SearchItem(long id, String repoId, String title, String owaspCategory, String severity,
                         List<String> securityTags, String updatedAt, String snippet) {
}
