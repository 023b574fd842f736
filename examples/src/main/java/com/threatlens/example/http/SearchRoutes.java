package com.threatlens.example.http;

import com.threatlens.example.service.Paging;
import com.threatlens.example.service.SecuritySearchService;

/** {@code GET /api/search?q=&owasp=&tag=&page=&page_size=}. */
public final class SearchRoutes {

    private final SecuritySearchService search;

    public SearchRoutes(SecuritySearchService search) {
        this.search = search;
    }

    public void register(Router router) {
        router.get("/api/search", this::search);
    }

    private ApiResponse search(ApiRequest request) {
        QueryParameters query = request.query();
        return ApiResponse.ok(search.search(
                query.string("q"),
                query.string("owasp"),
                query.string("tag"),
                query.integer("page", 1),
                query.integer("page_size", Paging.DEFAULT_PAGE_SIZE)));
    }
}
