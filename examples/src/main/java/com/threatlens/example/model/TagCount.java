package com.threatlens.example.model;

/** How many wikis carry a tag. */
public record TagCount(String tag, long count) {
}
