package com.threatlens.example.model;

/**
 * What happened in one repository during the window: wikis created, older wikis edited,
 * analysis sessions started and the findings they reported.
 */
public record RepoActivity(
        long repoId,
        String name,
        long wikisCreated,
        long wikisUpdated,
        long analysisSessions,
        long findings) {
}
