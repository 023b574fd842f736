package com.threatlens.example.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.threatlens.example.model.Wiki;
import com.threatlens.example.model.WikiPage;
import com.threatlens.example.service.Paging;
import com.threatlens.example.service.WikiService;

/** Reading, listing, creating and updating wikis. */
public final class WikiRoutes {

    private final WikiService wikis;
    private final ObjectMapper mapper;

    public WikiRoutes(WikiService wikis, ObjectMapper mapper) {
        this.wikis = wikis;
        this.mapper = mapper;
    }

    public void register(Router router) {
        router.get("/api/wikis/{id}", this::getWiki)
                .put("/api/wikis/{id}", this::updateWiki)
                .post("/api/wikis", this::createWiki)
                .get("/api/repos/{repo_id}/wikis", this::listWikis);
    }

    private ApiResponse getWiki(ApiRequest request) {
        long id = request.pathId("id");
        Wiki wiki = wikis.getWiki(id);
        if (wiki == null) {
            throw ApiException.notFound("wiki " + id + " does not exist");
        }
        return ApiResponse.ok(wiki);
    }

    private ApiResponse listWikis(ApiRequest request) {
        long repoId = request.pathId("repo_id");
        int page = request.query().integer("page", 1);
        int pageSize = request.query().integer("page_size", Paging.DEFAULT_PAGE_SIZE);
        WikiPage wikiPage = wikis.listWikis(repoId, page, pageSize);
        if (wikiPage == null) {
            throw ApiException.notFound("repository " + repoId + " does not exist");
        }
        return ApiResponse.ok(wikiPage);
    }

    private ApiResponse createWiki(ApiRequest request) {
        WikiPayload payload = WikiPayload.forCreate(JsonBodies.object(mapper, request.body()));
        Wiki wiki = wikis.createWiki(payload.repoId(), payload.title(), payload.sections(),
                payload.owaspCategory(), payload.securityTags(), payload.severity());
        return ApiResponse.created(wiki);
    }

    private ApiResponse updateWiki(ApiRequest request) {
        long id = request.pathId("id");
        WikiPayload payload = WikiPayload.forUpdate(JsonBodies.object(mapper, request.body()));
        Wiki wiki = wikis.updateWiki(id, payload.title(), payload.sections(),
                payload.owaspCategory(), payload.securityTags(), payload.severity());
        if (wiki == null) {
            throw ApiException.notFound("wiki " + id + " does not exist");
        }
        return ApiResponse.ok(wiki);
    }
}
