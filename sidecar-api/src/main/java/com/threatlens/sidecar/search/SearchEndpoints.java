package com.threatlens.sidecar.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.threatlens.sidecar.ApiException;
import com.threatlens.sidecar.QueryParameters;

import io.javalin.http.Context;

/**
 * {@code GET /search/optimized}: ThreatLens's search parameters, checked here so that the engine
 * only sees well-formed values. Every value is bound as an SQL parameter by the engine; the
 * limits here keep requests small, not safe.
 */
public final class SearchEndpoints {

    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 1_000;
    static final int MAX_PAGE = 1_000_000;
    static final int MAX_QUERY_LENGTH = 200;
    static final int MAX_FILTER_VALUES = 20;
    static final int MAX_VALUE_LENGTH = 100;
    static final int MAX_CURSOR_LENGTH = 1_000;

    private final SecuritySearch search;

    public SearchEndpoints(SecuritySearch search) {
        this.search = search;
    }

    public void optimized(Context ctx) {
        QueryParameters params = QueryParameters.of(ctx,
            Set.of("query", "repo_id", "owasp_categories", "security_tags", "page", "page_size", "cursor"));
        String query = blankToNull(params.text("query", null));
        if (query != null) {
            checkText("query", query, MAX_QUERY_LENGTH);
        }
        String repoId = blankToNull(params.text("repo_id", null));
        if (repoId != null) {
            checkText("repo_id", repoId, MAX_VALUE_LENGTH);
        }
        List<String> categories = values(params, "owasp_categories");
        List<String> tags = values(params, "security_tags");
        int page = params.integer("page", 1, 1, MAX_PAGE);
        int pageSize = params.integer("page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
        String cursor = blankToNull(params.text("cursor", null));
        if (cursor != null && (cursor.length() > MAX_CURSOR_LENGTH || !cursor.matches("[A-Za-z0-9_.-]+"))) {
            throw ApiException.badParameter("cursor", "not a cursor of this search; pass the next_cursor of the page before as it was given");
        }
        ctx.json(search.search(new SearchRequest(query, repoId, categories, tags, page, pageSize, cursor)));
    }

    /** A repeatable parameter: each value trimmed, blanks dropped, duplicates once; also comma-separated. */
    private static List<String> values(QueryParameters params, String name) {
        Set<String> values = new LinkedHashSet<>();
        for (String raw : params.all(name)) {
            for (String part : raw.split(",")) {
                String value = part.trim();
                if (!value.isEmpty()) {
                    checkText(name, value, MAX_VALUE_LENGTH);
                    values.add(value);
                }
            }
        }
        if (values.size() > MAX_FILTER_VALUES) {
            throw ApiException.badParameter(name, values.size() + " values; at most " + MAX_FILTER_VALUES);
        }
        return new ArrayList<>(values);
    }

    private static void checkText(String name, String value, int maxLength) {
        if (value.length() > maxLength) {
            throw ApiException.badParameter(name, "longer than " + maxLength + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badParameter(name, "contains control characters");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
