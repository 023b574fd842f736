package com.threatlens.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;

/** Drives QueryParameters through a small Javalin app of its own, over real HTTP. */
class QueryParametersTest {

    private static Javalin app;
    private static SidecarCalls calls;

    @BeforeAll
    static void startApp() {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.startupWatcherEnabled = false;
            config.jsonMapper(new JavalinJackson(SidecarServer.objectMapper(), false));
            config.routes.get("/limit", ctx -> ctx.result(String.valueOf(
                QueryParameters.of(ctx, Set.of("limit")).integer("limit", 10, 1, 100))));
            config.routes.get("/order", ctx -> ctx.result(
                QueryParameters.of(ctx, Set.of("order")).oneOf("order", "asc", Set.of("asc", "desc"))));
            config.routes.get("/tags", ctx -> {
                QueryParameters parameters = QueryParameters.of(ctx, Set.of("tag", "name"));
                ctx.result(String.join("|", parameters.all("tag")) + ";" + parameters.text("tag", "none")
                    + ";" + parameters.text("name", "anonymous"));
            });
            config.routes.exception(ApiException.class,
                (failure, ctx) -> SidecarServer.error(ctx, failure.status(), failure.error(), failure.detail()));
        }).start("127.0.0.1", 0);
        calls = new SidecarCalls(app.port());
    }

    @AfterAll
    static void stopApp() {
        app.stop();
    }

    private static void assertBadParameter(SidecarCalls.Reply reply, String name, String... mentions) {
        assertEquals(400, reply.status(), reply::toString);
        assertTrue(reply.contentType().startsWith("application/json"), reply::toString);
        assertEquals("bad_parameter", reply.json().path("error").asText(), reply::toString);
        String detail = reply.json().path("detail").asText();
        assertTrue(detail.startsWith(name + ":"), "names the parameter first: " + detail);
        for (String mention : mentions) {
            assertTrue(detail.contains(mention), "'" + mention + "' in: " + detail);
        }
    }

    @Test
    void an_absent_integer_falls_back() {
        SidecarCalls.Reply reply = calls.get("/limit");

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("10", reply.body());
    }

    @ParameterizedTest
    @CsvSource({"1,1", "50,50", "100,100", "%2042%20,42", "007,7", "+5,5"})
    void an_integer_in_range_is_accepted(String given, int expected) {
        SidecarCalls.Reply reply = calls.get("/limit?limit=" + given);

        assertEquals(200, reply.status(), reply::toString);
        assertEquals(String.valueOf(expected), reply.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1.5", "10x", "99999999999", "0x10"})
    void a_non_numeric_integer_answers_400_naming_the_parameter_and_the_value(String given) {
        assertBadParameter(calls.get("/limit?limit=" + given), "limit", given, "1 to 100");
    }

    @Test
    void an_empty_integer_answers_400_rather_than_falling_back() {
        assertBadParameter(calls.get("/limit?limit="), "limit", "1 to 100");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "101", "2147483647"})
    void an_integer_out_of_range_answers_400_naming_the_parameter_and_the_range(String given) {
        assertBadParameter(calls.get("/limit?limit=" + given), "limit", given, "out of range", "1 to 100");
    }

    @Test
    void a_repeated_single_valued_parameter_takes_its_last_value() {
        SidecarCalls.Reply reply = calls.get("/limit?limit=5&limit=7");

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("7", reply.body());
    }

    @Test
    void an_unknown_parameter_answers_400_naming_it_and_the_accepted_ones() {
        assertBadParameter(calls.get("/limit?limt=5"), "limt", "unknown", "limit");
    }

    @Test
    void an_unknown_parameter_is_refused_even_next_to_valid_ones() {
        assertBadParameter(calls.get("/tags?tag=a&tags=b"), "tags", "name, tag");
    }

    @Test
    void one_of_accepts_a_listed_value_and_falls_back_when_absent() {
        assertEquals("desc", calls.get("/order?order=desc").body());
        assertEquals("asc", calls.get("/order?order=asc").body());
        assertEquals("asc", calls.get("/order").body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sideways", "DESC", "", "asc%20"})
    void one_of_refuses_a_value_not_listed_naming_the_accepted_values(String given) {
        assertBadParameter(calls.get("/order?order=" + given), "order", "asc|desc");
    }

    @Test
    void all_returns_every_value_of_a_repeated_parameter_in_order() {
        SidecarCalls.Reply reply = calls.get("/tags?tag=sqli&tag=xss&tag=ssrf");

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("sqli|xss|ssrf;ssrf;anonymous", reply.body());
    }

    @Test
    void all_is_empty_and_text_falls_back_when_the_parameter_is_absent() {
        SidecarCalls.Reply reply = calls.get("/tags?name=ops");

        assertEquals(200, reply.status(), reply::toString);
        assertEquals(";none;ops", reply.body());
    }

    @Test
    void values_are_url_decoded_and_never_split_on_commas() {
        SidecarCalls.Reply reply = calls.get("/tags?tag=a%2Cb&tag=c%26d");

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("a,b|c&d;c&d;anonymous", reply.body());
    }
}
