package com.threatlens.example.service;

import com.threatlens.example.data.OwaspCategory;
import com.threatlens.example.data.SecurityTags;
import com.threatlens.example.data.Severity;
import java.util.List;

/** The editable fields of a wiki, validated and normalized. Severity is null when not given. */
record WikiContent(String title, String sections, OwaspCategory category, List<String> tags, Severity severity) {

    static final int MAX_TITLE_LENGTH = 300;
    static final int MAX_SECTIONS_LENGTH = 200_000;

    static WikiContent of(String title, String sections, String owaspCategory, List<String> securityTags,
            String severity) {
        if (title == null || title.isBlank()) {
            throw new ValidationException("title is required");
        }
        if (title.length() > MAX_TITLE_LENGTH) {
            throw new ValidationException("title is longer than " + MAX_TITLE_LENGTH + " characters");
        }
        if (sections == null || sections.isBlank()) {
            throw new ValidationException("sections is required");
        }
        if (sections.length() > MAX_SECTIONS_LENGTH) {
            throw new ValidationException("sections is longer than " + MAX_SECTIONS_LENGTH + " characters");
        }
        OwaspCategory category = OwaspCategory.fromCode(owaspCategory).orElseThrow(
                () -> new ValidationException("owasp_category must be one of A01..A10, was " + owaspCategory));
        Severity parsedSeverity = null;
        if (severity != null) {
            parsedSeverity = Severity.fromCode(severity).orElseThrow(
                    () -> new ValidationException("severity must be low, medium, high or critical, was " + severity));
        }
        return new WikiContent(title.trim(), sections, category, tags(securityTags), parsedSeverity);
    }

    private static List<String> tags(List<String> securityTags) {
        if (securityTags == null) {
            throw new ValidationException("security_tags is required (it may be empty)");
        }
        List<String> tags = SecurityTags.normalize(securityTags);
        for (String tag : tags) {
            if (!SecurityTags.isWellFormed(tag)) {
                throw new ValidationException("security tag '" + tag
                        + "' must be lower-case letters, digits and hyphens (at most 40)");
            }
        }
        if (tags.size() > SecurityTags.MAX_TAGS) {
            throw new ValidationException("at most " + SecurityTags.MAX_TAGS + " security tags are allowed");
        }
        return tags;
    }
}
