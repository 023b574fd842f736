package com.threatlens.sidecar.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.threatlens.sidecar.ApiException;
import com.threatlens.sidecar.SidecarCalls;
import com.threatlens.sidecar.SidecarEngine;
import com.threatlens.sidecar.SidecarUnderTest;

/** {@code /search/optimized} over real HTTP, with an engine that records what it was asked. */
class SearchEndpointsTest {

    private static final String SEARCH = "/api/performance/search/optimized";

    private final SidecarUnderTest sidecar = new SidecarUnderTest();
    private final List<SearchRequest> asked = new ArrayList<>();

    @AfterEach
    void stopServer() {
        sidecar.stop();
    }

    private SidecarCalls start(SecuritySearch search) {
        return sidecar.start(new SidecarEngine(List.of(), List.of(), null, null, null, null, null, null, null, search, null),
            null);
    }

    private SidecarCalls start() {
        return start(request -> {
            asked.add(request);
            return new SearchPage("fts", false, 51, request.page(), request.pageSize(),
                List.of(new SearchItem(7, "3", "SQL injection in login", "A03", "high", List.of("sqli", "auth"),
                    "2026-11-20T10:00:00Z", "...prepared statements...")), "next.token", 1.5);
        });
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void parameters_reach_the_engine_checked_and_the_page_comes_back_in_snake_case() {
        SidecarCalls.Reply reply = start().get(SEARCH + "?query=" + encode(" SQL injection ")
            + "&repo_id=3&owasp_categories=A03&owasp_categories=A01,A03&security_tags=sqli&page=2&page_size=25");

        assertEquals(200, reply.status(), reply::toString);
        assertEquals(List.of(new SearchRequest("SQL injection", "3", List.of("A03", "A01"), List.of("sqli"), 2, 25, null)),
            asked);
        JsonNode body = reply.json();
        assertEquals("fts", body.get("served_by").asText());
        assertEquals(51, body.get("total").asLong());
        assertEquals("next.token", body.get("next_cursor").asText());
        assertEquals("A03", body.at("/items/0/owasp_category").asText());
        assertEquals("sqli", body.at("/items/0/security_tags/0").asText());
        assertEquals("2026-11-20T10:00:00Z", body.at("/items/0/updated_at").asText());
    }

    @Test
    void defaults_are_the_first_page_of_fifty_with_no_filter() {
        assertEquals(200, start().get(SEARCH).status());

        assertEquals(List.of(new SearchRequest(null, null, List.of(), List.of(), 1, 50, null)), asked);
    }

    @ParameterizedTest
    @ValueSource(strings = {"page=0", "page=x", "page_size=0", "page_size=1001", "limit=5", "cursor=%27%3B--",
        "owasp_categories=A01,A02,A03,A04,A05,A06,A07,A08,A09,A10,B1,B2,B3,B4,B5,B6,B7,B8,B9,B10,B11",
        "query=dr%00op", "repo_id=1%0A2"})
    void a_bad_parameter_is_a_400_that_names_it_and_the_engine_is_not_asked(String parameter) {
        SidecarCalls.Reply reply = start().get(SEARCH + "?" + parameter);

        String name = parameter.substring(0, parameter.indexOf('='));
        SidecarCalls.assertError(reply, 400, "bad_parameter", name);
        assertTrue(asked.isEmpty());
    }

    @Test
    void a_query_longer_than_the_limit_is_refused() {
        SidecarCalls.Reply reply = start().get(SEARCH + "?query=" + "a".repeat(201));

        SidecarCalls.assertError(reply, 400, "bad_parameter", "query", "200");
    }

    @Test
    void the_engine_refusing_a_cursor_is_a_400_with_its_reason() {
        SidecarCalls calls = start(request -> {
            throw ApiException.badParameter("cursor", "this cursor belongs to another search");
        });

        SidecarCalls.Reply reply = calls.get(SEARCH + "?cursor=abc.def");

        SidecarCalls.assertError(reply, 400, "bad_parameter", "another search");
    }

    @Test
    void with_the_feature_off_the_endpoint_says_so() {
        SidecarCalls.Reply reply = sidecar.start(new SidecarEngine(List.of(), List.of()), null).get(SEARCH);

        SidecarCalls.assertError(reply, 404, "feature_off", "search");
    }
}
