package com.threatlens.agent.search;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.TreeSet;

import com.threatlens.sidecar.search.SearchRequest;

/**
 * What a search looks for, in a canonical form: the same search asked with its filters in another
 * order or repeated is the same filter, so it shares cached pages and cursors.
 *
 * @param text       the text a wiki's title or text contains, or null
 * @param repoId     the repository, or null for all
 * @param categories the OWASP categories, any of which a wiki's is (sorted; empty: any)
 * @param tags       the tags a wiki carries, all of them (sorted; empty: any)
 */
record SearchFilter(String text, String repoId, List<String> categories, List<String> tags) {

    static SearchFilter of(SearchRequest request) {
        return new SearchFilter(request.query(), request.repoId(), List.copyOf(new TreeSet<>(request.owaspCategories())),
            List.copyOf(new TreeSet<>(request.securityTags())));
    }

    /** A digest of the filter, which a cursor carries so that it is refused by any other search. */
    byte[] fingerprint() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            // Each part is length-prefixed: no two filters share an encoding.
            for (String part : parts()) {
                String value = part == null ? "\u0000null" : part;
                digest.update((value.length() + ":" + value + ";").getBytes(StandardCharsets.UTF_8));
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private List<String> parts() {
        List<String> parts = new java.util.ArrayList<>();
        parts.add(text);
        parts.add(repoId);
        parts.add(String.join(",", categories) + "|" + categories.size());
        parts.add(String.join(",", tags) + "|" + tags.size());
        return parts;
    }
}
