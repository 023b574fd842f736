package com.threatlens.sidecar.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.threatlens.sidecar.SidecarCalls;
import com.threatlens.sidecar.SidecarEngine;
import com.threatlens.sidecar.SidecarUnderTest;

/** The index advisor's endpoints over real HTTP, with a fake advisor. */
class AdvisorEndpointsTest {

    private static final String BASE = "/api/performance";
    private static final String TOKEN = "advisor-Token";

    private final SidecarUnderTest sidecar = new SidecarUnderTest();
    private final FakeAdvisor advisor = new FakeAdvisor();

    @AfterEach
    void stopServer() {
        sidecar.stop();
    }

    private SidecarCalls start(IndexAdvisor indexAdvisor, String token) {
        return sidecar.start(new SidecarEngine(List.of(), List.of(), null, null, null, null, null, null, indexAdvisor), token);
    }

    private SidecarCalls start() {
        return start(advisor, null);
    }

    private static String database() {
        return URLEncoder.encode(FakeAdvisor.DATABASE, StandardCharsets.UTF_8);
    }

    @Test
    void recommendations_answer_each_index_with_its_statements_plans_and_benefit_in_snake_case() {
        SidecarCalls.Reply reply = start().get(BASE + "/database/recommendations?database=" + database());

        assertEquals(200, reply.status(), reply::toString);
        JsonNode first = reply.json().at("/recommendations/0");
        assertEquals("security_wikis", first.get("table").asText());
        assertEquals("repo_id", first.at("/columns/0").asText());
        assertEquals(FakeAdvisor.CREATE, first.get("create_sql").asText());
        assertEquals(2_388_000, first.get("estimated_benefit").asDouble());
        JsonNode served = first.at("/statements/0");
        assertEquals(FakeAdvisor.STATEMENT, served.get("id").asText());
        assertEquals("SCAN security_wikis", served.at("/plan_before/0").asText());
        assertTrue(served.at("/plan_after/0").asText().startsWith("SEARCH"), served::toString);
        assertEquals(4, reply.json().at("/analyses/0/below_thresholds").asInt());
        assertEquals(List.of("recommendations " + FakeAdvisor.DATABASE), advisor.asked);
    }

    @Test
    void an_unknown_database_or_parameter_is_a_400_naming_it() {
        SidecarCalls calls = start();

        SidecarCalls.assertError(calls.get(BASE + "/database/recommendations?database=jdbc:sqlite:/other.db"), 400,
            "bad_parameter", "database", FakeAdvisor.DATABASE);
        SidecarCalls.assertError(calls.get(BASE + "/database/indexes?table=x"), 400, "bad_parameter", "table");
        assertTrue(advisor.asked.isEmpty(), advisor.asked::toString);
    }

    @Test
    void indexes_answer_use_and_redundancy() {
        SidecarCalls.Reply reply = start().get(BASE + "/database/indexes");

        assertEquals(200, reply.status(), reply::toString);
        JsonNode index = reply.json().at("/databases/0/indexes/0");
        assertEquals("short", index.get("name").asText());
        assertEquals(false, index.get("used").asBoolean());
        assertEquals("long", index.get("redundant_with").asText());
        assertEquals(List.of("indexes null"), advisor.asked);
    }

    @Test
    void query_analysis_of_a_statement_answers_its_plan_problems_and_proven_candidates() {
        SidecarCalls.Reply reply = start().send("POST", BASE + "/query-analysis/" + FakeAdvisor.STATEMENT);

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("full scan of security_wikis", reply.json().at("/problems/0").asText());
        assertTrue(reply.json().at("/candidates/0/removes_problem").asBoolean(), reply::toString);
    }

    @Test
    void query_analysis_of_an_unknown_or_malformed_hash_is_an_error() {
        SidecarCalls calls = start();

        SidecarCalls.assertError(calls.send("POST", BASE + "/query-analysis/0123456789abcdef"), 404, "statement_not_found",
            "0123456789abcdef");
        SidecarCalls.assertError(calls.send("POST", BASE + "/query-analysis/not-a-hash"), 400, "bad_parameter", "query_hash");
        assertEquals(List.of("analyze 0123456789abcdef"), advisor.asked);
    }

    @Test
    void optimize_is_a_dry_run_by_default_and_says_what_it_would_run() {
        for (String path : List.of("/optimize", "/database/optimize")) {
            SidecarCalls.Reply reply = start().send("POST", BASE + path);
            sidecar.stop();

            assertEquals(200, reply.status(), reply::toString);
            assertTrue(reply.json().get("dry_run").asBoolean());
            assertTrue(reply.json().get("task_id").isNull(), reply::toString);
            assertEquals(FakeAdvisor.CREATE, reply.json().at("/statements/0").asText());
        }
        assertEquals(List.of("optimize null apply=false profile=false", "optimize null apply=false profile=false"), advisor.asked);
    }

    @Test
    void optimize_with_apply_starts_a_task_and_answers_202_with_its_id() {
        SidecarCalls.Reply reply = start().send("POST", BASE + "/database/optimize?apply=true&profile=true&database=" + database());

        assertEquals(202, reply.status(), reply::toString);
        assertEquals("task-9", reply.json().get("task_id").asText());
        assertEquals(false, reply.json().get("dry_run").asBoolean());
        assertEquals(List.of("optimize " + FakeAdvisor.DATABASE + " apply=true profile=true"), advisor.asked);
    }

    @Test
    void optimize_applies_by_default_when_configured_unless_the_request_says_dry_run() {
        advisor.appliesByDefault = true;
        SidecarCalls calls = start();

        assertEquals(202, calls.send("POST", BASE + "/optimize").status());
        assertEquals(200, calls.send("POST", BASE + "/optimize?dry_run=true").status());
        SidecarCalls.assertError(calls.send("POST", BASE + "/optimize?dry_run=true&apply=true"), 400, "bad_parameter", "apply");
        SidecarCalls.assertError(calls.send("POST", BASE + "/optimize?apply=yes"), 400, "bad_parameter", "apply");
        assertEquals(List.of("optimize null apply=true profile=false", "optimize null apply=false profile=false"), advisor.asked);
    }

    @Test
    void a_full_queue_is_a_503_with_retry_after() {
        advisor.rejected = "the task queue is full (1000 tasks)";

        SidecarCalls.Reply reply = start().send("POST", BASE + "/optimize?apply=true");

        SidecarCalls.assertError(reply, 503, "queue_full", "queue is full");
        assertEquals("5", reply.header("Retry-After"));
    }

    @Test
    void optimize_and_query_analysis_need_the_token_when_one_is_set() {
        SidecarCalls calls = start(advisor, TOKEN);

        SidecarCalls.assertError(calls.send("POST", BASE + "/optimize?apply=true"), 401, "unauthorized");
        SidecarCalls.assertError(calls.send("POST", BASE + "/query-analysis/" + FakeAdvisor.STATEMENT), 401, "unauthorized");
        assertEquals(200, calls.get(BASE + "/database/recommendations").status());
        assertEquals(202, calls.send("POST", BASE + "/optimize?apply=true", Map.of("Authorization", "Bearer " + TOKEN)).status());
        assertEquals(List.of("recommendations null", "optimize null apply=true profile=false"), advisor.asked);
    }

    @Test
    void every_endpoint_is_404_feature_off_without_the_advisor() {
        SidecarCalls calls = start(null, null);

        for (String[] call : new String[][] {{"GET", "/database/recommendations"}, {"GET", "/database/indexes"},
            {"POST", "/query-analysis/" + FakeAdvisor.STATEMENT}, {"POST", "/optimize"}, {"POST", "/database/optimize"}}) {
            SidecarCalls.assertError(calls.send(call[0], BASE + call[1]), 404, "feature_off", "advisor");
        }
    }
}
