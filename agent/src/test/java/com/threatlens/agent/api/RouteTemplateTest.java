package com.threatlens.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RouteTemplateTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/api/wikis/1, /api/wikis/{id}",
        "/api/wikis/987654321, /api/wikis/{id}",
        "/api/repos/12/wikis, /api/repos/{id}/wikis",
        "/api/analytics/tag-frequency, /api/analytics/tag-frequency",
        "/api/analytics/owasp-distribution, /api/analytics/owasp-distribution",
        "/api/search, /api/search",
        "/users/3f2504e0-4f89-11d3-9a0c-0305e82c3301/keys, /users/{id}/keys",
        "/users/3F2504E0-4F89-11D3-9A0C-0305E82C3301, /users/{id}",
        "/objects/507f1f77bcf86cd799439011, /objects/{id}",
        "/commits/da39a3ee5e6b4b0d3255bfef95601890afd80709/files, /commits/{id}/files",
        "/tokens/abcDEF123456ghiJKL789, /tokens/{id}",
        "/v2/users, /v2/users",
        "/api/owasp/A03, /api/owasp/A03",
        "/deadbeef, /deadbeef",
        "/, /",
        "'', /",
        "/api/wikis/, /api/wikis",
        "//api//wikis//5, /api/wikis/{id}",
        "api/wikis/5, /api/wikis/{id}",
    })
    void segments_that_look_like_identifiers_become_id(String path, String template) {
        assertEquals(template, RouteTemplate.of(path));
    }

    @Test
    void two_wikis_are_one_route() {
        assertEquals(RouteTemplate.of("/api/wikis/1"), RouteTemplate.of("/api/wikis/2"));
    }

    @Test
    void a_huge_path_is_cut_to_the_maximum_length() {
        String path = "/segment".repeat(1_000);

        String template = RouteTemplate.of(path);

        assertTrue(template.length() <= RouteTemplate.MAX_LENGTH, () -> template.length() + " characters");
        assertTrue(template.startsWith("/segment/segment/"), template);
    }
}
