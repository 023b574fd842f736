package com.threatlens.agent.advisor;

import java.util.List;

/**
 * The specialized indexes the ThreatLens platform ships with, as a built-in set that optimize can
 * apply where their tables and columns exist. Each is checked against the schema first and left
 * out where an existing index already serves it.
 */
final class ThreatLensProfile {

    static final List<IndexDefinition> INDEXES = List.of(
        new IndexDefinition("security_wikis", List.of(IndexColumn.ascending("repo_id"), IndexColumn.ascending("title"))),
        new IndexDefinition("security_wikis", List.of(new IndexColumn("updated_at", true, false))),
        new IndexDefinition("security_index",
            List.of(IndexColumn.ascending("owasp_keywords"), IndexColumn.ascending("security_tags"))));

    private ThreatLensProfile() {
    }

    /** The profile's indexes whose table and columns {@code schema} has and no existing index serves. */
    static List<IndexDefinition> applicable(SchemaSnapshot schema) {
        return INDEXES.stream()
            .filter(schema::fits)
            .filter(index -> !CandidateBuilder.servedByExisting(index, schema))
            .toList();
    }
}
