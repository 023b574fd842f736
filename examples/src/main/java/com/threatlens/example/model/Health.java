package com.threatlens.example.model;

/** Liveness plus the id ranges clients can address: wikis 1..wikiCount, repositories 1..repoCount. */
public record Health(String status, long wikiCount, long repoCount) {
}
