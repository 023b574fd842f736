package com.threatlens.sidecar.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.threatlens.sidecar.SidecarCalls;
import com.threatlens.sidecar.SidecarEngine;
import com.threatlens.sidecar.SidecarUnderTest;

/** The {@code /cache/...} endpoints over real HTTP, with a fake cache that records what it is asked. */
class CacheEndpointsTest {

    private static final String CACHE = "/api/performance/cache";
    private static final String TOKEN = "cache-Token";

    private final SidecarUnderTest sidecar = new SidecarUnderTest();
    private final FakeCache cache = new FakeCache();

    @AfterEach
    void stopServer() {
        sidecar.stop();
    }

    private SidecarCalls start(CacheControl control, String token) {
        return sidecar.start(new SidecarEngine(List.of(), List.of(), null, null, null, null, control, null), token);
    }

    private SidecarCalls start() {
        return start(cache, null);
    }

    private static void assertError(SidecarCalls.Reply reply, int status, String error, String... inDetail) {
        SidecarCalls.assertError(reply, status, error, inDetail);
    }

    private static void assertRemoved(JsonNode body, long memory, long disk) {
        assertEquals(memory, body.path("removed").path("memory").asLong(), body::toString);
        assertEquals(disk, body.path("removed").path("disk").asLong(), body::toString);
    }

    @Test
    void stats_answer_both_tiers_every_region_and_rule_and_the_invalidations_in_snake_case() {
        SidecarCalls calls = start();

        SidecarCalls.Reply reply = calls.get(CACHE + "/stats");

        assertEquals(200, reply.status(), reply::toString);
        JsonNode body = reply.json();
        JsonNode memory = body.get("memory");
        assertEquals(12, memory.get("entries").asLong());
        assertEquals(4_096, memory.get("weight_bytes").asLong());
        assertEquals(65_536, memory.get("max_weight_bytes").asLong());
        assertEquals(0.9, memory.get("hit_ratio").asDouble());
        assertEquals(2.5, memory.get("average_load_ms").asDouble());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), List.of(memory.at("/evictions/size").asLong(),
            memory.at("/evictions/expired").asLong(), memory.at("/evictions/invalidated").asLong(),
            memory.at("/evictions/replaced").asLong(), memory.at("/evictions/collected").asLong()));
        JsonNode disk = body.get("disk");
        assertEquals("ok", disk.get("state").asText());
        assertTrue(disk.get("reason").isNull(), disk::toString);
        assertEquals("/var/cache/threatlens/cache.db", disk.get("path").asText());
        assertEquals(1_048_576, disk.get("max_bytes").asLong());
        assertEquals(2, disk.get("writes_dropped").asLong());
        assertEquals(1, disk.get("undecodable_dropped").asLong());
        assertEquals(0, disk.get("corrupt_recoveries").asLong());
        assertEquals(8, disk.at("/evictions/invalidated").asLong());
        JsonNode wiki = body.get("regions").get(0);
        assertEquals("wiki", wiki.get("name").asText());
        assertEquals(3_600, wiki.get("ttl_seconds").asLong());
        assertEquals(2, wiki.get("stale_rejected").asLong());
        JsonNode search = body.get("rules").get(1);
        assertEquals("ttl_only", search.get("state").asText());
        assertEquals("no tables found in its statements", search.get("reason").asText());
        assertEquals("active", body.at("/rules/0/state").asText());
        assertEquals("repositories", body.at("/rules/0/tables/1").asText());
        JsonNode invalidations = body.get("invalidations");
        assertEquals(11, invalidations.get("by_table").asLong());
        assertEquals(12, invalidations.get("by_tag").asLong());
        assertEquals(13, invalidations.get("by_region").asLong());
        assertEquals(14, invalidations.get("all").asLong());
        assertEquals(15, invalidations.get("external_writes").asLong());
        assertEquals(16, invalidations.get("unknown_tables").asLong());
    }

    @Test
    void a_disk_tier_that_is_off_says_so_and_why() {
        SidecarCalls calls = start(new FakeCache(FakeCache.withDisk(CacheStats.Disk.off("cache.disk.enabled=false"))), null);

        JsonNode disk = calls.get(CACHE + "/stats").json().get("disk");

        assertEquals("off", disk.get("state").asText(), disk::toString);
        assertEquals("cache.disk.enabled=false", disk.get("reason").asText());
        assertEquals(0, disk.get("entries").asLong());
        assertTrue(disk.get("path").isNull(), disk::toString);
    }

    @Test
    void stats_refuse_an_unknown_parameter() {
        SidecarCalls calls = start();

        assertError(calls.get(CACHE + "/stats?region=wiki"), 400, "bad_parameter", "region", "accepted: none");
    }

    @Test
    void clear_without_parameters_empties_both_tiers_of_every_region() {
        SidecarCalls calls = start();

        SidecarCalls.Reply reply = calls.send("POST", CACHE + "/clear");

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("all", reply.json().get("cache_type").asText());
        assertTrue(reply.json().get("region").isNull(), reply::toString);
        assertRemoved(reply.json(), 3, 5);
        assertEquals(List.of("clear ALL null"), cache.calls);
    }

    @ParameterizedTest
    @CsvSource({"memory,MEMORY", "disk,DISK", "all,ALL"})
    void clear_passes_the_tier_and_region_asked_for(String cacheType, String tier) {
        SidecarCalls calls = start();

        SidecarCalls.Reply reply = calls.send("POST", CACHE + "/clear?cache_type=" + cacheType + "&region=search");

        assertEquals(200, reply.status(), reply::toString);
        assertEquals(cacheType, reply.json().get("cache_type").asText());
        assertEquals("search", reply.json().get("region").asText());
        assertEquals(List.of("clear " + tier + " search"), cache.calls);
    }

    @Test
    void a_declared_region_is_accepted_like_a_built_in_one() {
        SidecarCalls calls = start();

        assertEquals(200, calls.send("POST", CACHE + "/clear?region=reports").status());
        assertEquals(200, calls.send("POST", CACHE + "/invalidate?region=reports").status());
        assertEquals(List.of("clear ALL reports", "invalidateRegion reports"), cache.calls);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cache_type=memroy", "cache_type=MEMORY", "cache_type="})
    void clear_refuses_an_unknown_cache_type_naming_the_accepted_ones(String query) {
        SidecarCalls calls = start();

        assertError(calls.send("POST", CACHE + "/clear?" + query), 400, "bad_parameter", "cache_type", "all|disk|memory");
        assertEquals(List.of(), cache.calls);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/clear?region=wikis", "/clear?region=", "/invalidate?region=nope",
        "/invalidate?tag=repo:1&region=Wiki", "/warm?region=nope"})
    void an_unknown_region_answers_400_naming_the_known_ones(String pathAndQuery) {
        SidecarCalls calls = start();

        assertError(calls.send("POST", CACHE + pathAndQuery), 400, "bad_parameter", "region",
            "analytics|owasp|patterns|reports|search|wiki");
        assertEquals(List.of(), cache.calls);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/clear?type=memory", "/invalidate?tags=repo:1", "/invalidate/repo/4?region=wiki",
        "/warm?limit=5", "/warm/repo/4?tag=x"})
    void an_unknown_parameter_answers_400_naming_it_and_the_accepted_ones(String pathAndQuery) {
        SidecarCalls calls = start();

        String parameter = pathAndQuery.substring(pathAndQuery.indexOf('?') + 1, pathAndQuery.indexOf('='));
        assertError(calls.send("POST", CACHE + pathAndQuery), 400, "bad_parameter", parameter, "accepted: ");
        assertEquals(List.of(), cache.calls);
    }

    @Test
    void invalidating_a_repository_drops_its_tag_in_every_region() {
        SidecarCalls calls = start();

        SidecarCalls.Reply reply = calls.send("POST", CACHE + "/invalidate/repo/42");

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("repo:42", reply.json().get("tag").asText());
        assertTrue(reply.json().get("region").isNull(), reply::toString);
        assertRemoved(reply.json(), 2, 1);
        assertEquals(List.of("invalidateTag repo:42 null"), cache.calls);
    }

    @Test
    void a_repository_id_with_leading_zeros_names_the_same_repository() {
        SidecarCalls calls = start();

        calls.send("POST", CACHE + "/invalidate/repo/007");
        calls.send("POST", CACHE + "/warm/repo/0042");

        assertEquals(List.of("invalidateTag repo:7 null", "warm null repo:42"), cache.calls);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "000", "-1", "abc", "1.5", "1e3", "%2B5", "%207", "12345678901234567890", "9223372036854775808"})
    void a_repository_id_that_is_not_a_positive_integer_answers_400(String id) {
        SidecarCalls calls = start();

        assertError(calls.send("POST", CACHE + "/invalidate/repo/" + id), 400, "bad_parameter", "repo_id",
            "positive integer");
        assertError(calls.send("POST", CACHE + "/warm/repo/" + id), 400, "bad_parameter", "repo_id", "positive integer");
        assertEquals(List.of(), cache.calls);
    }

    @Test
    void invalidate_with_a_tag_drops_it_everywhere_or_in_one_region() {
        SidecarCalls calls = start();

        SidecarCalls.Reply everywhere = calls.send("POST", CACHE + "/invalidate?tag=owasp:A01");
        SidecarCalls.Reply inWiki = calls.send("POST", CACHE + "/invalidate?tag=repo:9&region=wiki");

        assertEquals(200, everywhere.status(), everywhere::toString);
        assertEquals("owasp:A01", everywhere.json().get("tag").asText());
        assertTrue(everywhere.json().get("region").isNull(), everywhere::toString);
        assertEquals(200, inWiki.status(), inWiki::toString);
        assertEquals("repo:9", inWiki.json().get("tag").asText());
        assertEquals("wiki", inWiki.json().get("region").asText());
        assertRemoved(inWiki.json(), 2, 1);
        assertEquals(List.of("invalidateTag owasp:A01 null", "invalidateTag repo:9 wiki"), cache.calls);
    }

    @Test
    void invalidate_with_only_a_region_drops_the_whole_region() {
        SidecarCalls calls = start();

        SidecarCalls.Reply reply = calls.send("POST", CACHE + "/invalidate?region=analytics");

        assertEquals(200, reply.status(), reply::toString);
        assertTrue(reply.json().get("tag").isNull(), reply::toString);
        assertEquals("analytics", reply.json().get("region").asText());
        assertRemoved(reply.json(), 7, 4);
        assertEquals(List.of("invalidateRegion analytics"), cache.calls);
    }

    @Test
    void invalidate_without_a_tag_or_a_region_answers_400() {
        SidecarCalls calls = start();

        assertError(calls.send("POST", CACHE + "/invalidate"), 400, "bad_parameter", "tag", "region", "wiki");
        assertEquals(List.of(), cache.calls);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/invalidate?tag=", "/invalidate?tag=%20%20", "/invalidate?tag=&region=wiki", "/warm?tag=",
        "/warm?region=wiki&tag=%09"})
    void an_empty_tag_answers_400(String pathAndQuery) {
        SidecarCalls calls = start();

        assertError(calls.send("POST", CACHE + pathAndQuery), 400, "bad_parameter", "tag", "empty");
        assertEquals(List.of(), cache.calls);
    }

    @Test
    void warming_a_repository_queues_its_tag_and_answers_202() {
        SidecarCalls calls = start();

        SidecarCalls.Reply reply = calls.send("POST", CACHE + "/warm/repo/42");

        assertEquals(202, reply.status(), reply::toString);
        assertTrue(reply.json().get("region").isNull(), reply::toString);
        assertEquals("repo:42", reply.json().get("tag").asText());
        assertEquals(12, reply.json().get("calls_queued").asLong());
        assertEquals("warm-1", reply.json().get("task_id").asText());
        assertEquals(List.of("warm null repo:42"), cache.calls);
    }

    @Test
    void warm_passes_region_and_tag_when_given_and_null_when_not() {
        SidecarCalls calls = start();

        SidecarCalls.Reply both = calls.send("POST", CACHE + "/warm?region=patterns&tag=repo:3");
        SidecarCalls.Reply everything = calls.send("POST", CACHE + "/warm");

        assertEquals(202, both.status(), both::toString);
        assertEquals("patterns", both.json().get("region").asText());
        assertEquals("repo:3", both.json().get("tag").asText());
        assertEquals(202, everything.status(), everything::toString);
        assertTrue(everything.json().get("region").isNull() && everything.json().get("tag").isNull(), everything::toString);
        assertEquals(List.of("warm patterns repo:3", "warm null null"), cache.calls);
    }

    @ParameterizedTest
    @CsvSource({"GET,/stats", "POST,/clear", "POST,/invalidate?tag=x", "POST,/invalidate/repo/1", "POST,/warm",
        "POST,/warm/repo/1"})
    void with_the_cache_off_every_endpoint_answers_404_saying_so(String method, String pathAndQuery) {
        SidecarCalls calls = start(null, null);

        assertError(calls.send(method, CACHE + pathAndQuery), 404, "feature_off", "cache");
    }

    @ParameterizedTest
    @CsvSource({"GET,/clear,POST", "GET,/invalidate,POST", "GET,/invalidate/repo/42,POST", "DELETE,/warm/repo/42,POST",
        "GET,/warm,POST", "POST,/stats,GET", "PUT,/clear,POST"})
    void a_wrong_method_answers_405_with_the_allowed_one(String method, String path, String allowed) {
        SidecarCalls calls = start();

        SidecarCalls.Reply reply = calls.send(method, CACHE + path);

        assertError(reply, 405, "method_not_allowed", method, allowed);
        assertEquals(allowed, reply.header("Allow"), reply::toString);
        assertEquals(List.of(), cache.calls);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/clear", "/invalidate?region=wiki", "/invalidate/repo/42", "/warm", "/warm/repo/42"})
    void with_a_token_set_the_mutating_endpoints_refuse_a_request_without_it(String pathAndQuery) {
        SidecarCalls calls = start(cache, TOKEN);

        SidecarCalls.Reply none = calls.send("POST", CACHE + pathAndQuery);
        SidecarCalls.Reply wrong = calls.send("POST", CACHE + pathAndQuery, Map.of("Authorization", "Bearer nope"));

        assertError(none, 401, "unauthorized", "Authorization");
        assertEquals("Bearer", none.header("WWW-Authenticate"), none::toString);
        assertError(wrong, 401, "unauthorized");
        assertEquals(List.of(), cache.calls);
    }

    @Test
    void with_a_token_set_the_mutating_endpoints_run_when_it_is_given() {
        SidecarCalls calls = start(cache, TOKEN);
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + TOKEN);

        assertEquals(200, calls.send("POST", CACHE + "/clear?cache_type=memory", bearer).status());
        assertEquals(200, calls.send("POST", CACHE + "/invalidate?region=wiki", bearer).status());
        assertEquals(200, calls.send("POST", CACHE + "/invalidate/repo/42", bearer).status());
        assertEquals(202, calls.send("POST", CACHE + "/warm?region=search", bearer).status());
        assertEquals(202, calls.send("POST", CACHE + "/warm/repo/42", bearer).status());
        assertEquals(List.of("clear MEMORY null", "invalidateRegion wiki", "invalidateTag repo:42 null", "warm search null",
            "warm null repo:42"), cache.calls);
    }

    @Test
    void with_a_token_set_the_stats_need_none() {
        SidecarCalls calls = start(cache, TOKEN);

        SidecarCalls.Reply reply = calls.get(CACHE + "/stats");

        assertEquals(200, reply.status(), reply::toString);
        assertEquals(12, reply.json().at("/memory/entries").asLong(), reply::toString);
    }
}
