package com.threatlens.example.data;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Security tags are stored as one comma-separated text column ({@code xss,csrf}); this class
 * converts between that column and lists, and knows which tag spellings are acceptable.
 */
public final class SecurityTags {

    /** The tags the generator uses; users may add others of the same shape. */
    public static final List<String> KNOWN = List.of(
            "sql-injection", "xss", "csrf", "ssrf", "authentication", "authorization",
            "crypto", "secrets", "deserialization", "logging", "access-control",
            "input-validation", "session-management", "dependencies", "configuration",
            "supply-chain", "rate-limiting", "file-upload", "tls", "xxe");

    public static final int MAX_TAGS = 10;

    private static final Pattern TAG_SHAPE = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    private SecurityTags() {
    }

    public static boolean isWellFormed(String tag) {
        return tag != null && TAG_SHAPE.matcher(tag).matches();
    }

    /** Lower-cases, trims and removes duplicates, keeping the first-seen order. */
    public static List<String> normalize(List<String> tags) {
        Set<String> unique = new LinkedHashSet<>();
        for (String tag : tags) {
            unique.add(tag.trim().toLowerCase(Locale.ROOT));
        }
        return List.copyOf(unique);
    }

    public static String toColumn(List<String> tags) {
        return String.join(",", tags);
    }

    public static List<String> fromColumn(String column) {
        if (column == null || column.isBlank()) {
            return List.of();
        }
        List<String> tags = new ArrayList<>();
        for (String part : column.split(",")) {
            String tag = part.trim();
            if (!tag.isEmpty()) {
                tags.add(tag);
            }
        }
        return List.copyOf(tags);
    }
}
