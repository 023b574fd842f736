package com.threatlens.sidecar;

import static com.threatlens.sidecar.Fakes.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SidecarAuthTest {

    private static final String TOKEN = "s3cret-Token";
    private static final String HEALTH = "/api/performance/health";

    private final Fakes.Faults faults = new Fakes.Faults();
    private SidecarServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    private SidecarCalls start(String token) {
        server = SidecarServer.start(new SidecarOptions("127.0.0.1", 0, token, faults), Fakes.engine(
            List.of(check("jdbc", () -> ComponentHealth.healthy(Map.of()))), List.of()));
        return SidecarCalls.of(server);
    }

    private static void assertUnauthorized(SidecarCalls.Reply reply) {
        assertEquals(401, reply.status(), reply::toString);
        assertEquals("Bearer", reply.header("WWW-Authenticate"), reply::toString);
        assertTrue(reply.contentType().startsWith("application/json"), reply::toString);
        assertEquals("unauthorized", reply.json().path("error").asText(), reply::toString);
        assertTrue(reply.json().path("detail").asText().contains("Authorization"), reply::toString);
        assertEquals(2, reply.json().size(), reply::toString);
    }

    @Test
    void a_post_without_authorization_answers_401_when_a_token_is_configured() {
        SidecarCalls calls = start(TOKEN);

        assertUnauthorized(calls.send("POST", HEALTH));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer wrong", "Bearer " + TOKEN + "x", "Bearer " + "s3cret-Toke", TOKEN,
        "Basic " + TOKEN, "Bearer", "Bearer  " + TOKEN, "Bearer s3cret-token"})
    void a_post_with_a_wrong_authorization_answers_401(String authorization) {
        SidecarCalls calls = start(TOKEN);

        assertUnauthorized(calls.send("POST", HEALTH, Map.of("Authorization", authorization)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "DELETE", "PATCH"})
    void every_mutating_method_needs_the_token(String method) {
        SidecarCalls calls = start(TOKEN);

        assertUnauthorized(calls.send(method, HEALTH));
    }

    @Test
    void the_right_token_passes_through_to_normal_handling() {
        SidecarCalls calls = start(TOKEN);

        SidecarCalls.Reply reply = calls.send("POST", HEALTH, Map.of("Authorization", "Bearer " + TOKEN));

        assertEquals(405, reply.status(), reply::toString);
        assertEquals("method_not_allowed", reply.json().path("error").asText());
        assertTrue(reply.header("Allow").contains("GET"), reply::toString);
        assertEquals(null, reply.header("WWW-Authenticate"), reply::toString);
    }

    @Test
    void the_right_token_on_an_unknown_route_gives_404() {
        SidecarCalls calls = start(TOKEN);

        SidecarCalls.Reply reply = calls.send("POST", "/api/performance/nothing", Map.of("Authorization", "Bearer " + TOKEN));

        assertEquals(404, reply.status(), reply::toString);
        assertEquals("not_found", reply.json().path("error").asText());
    }

    @Test
    void a_mutating_request_to_an_unknown_route_is_refused_before_routing_when_unauthenticated() {
        SidecarCalls calls = start(TOKEN);

        assertUnauthorized(calls.send("POST", "/api/performance/nothing"));
    }

    @Test
    void the_statistics_reset_needs_the_token() {
        SidecarCalls calls = start(TOKEN);

        assertUnauthorized(calls.send("POST", "/api/performance/database/stats/reset"));
        SidecarCalls.Reply authorized = calls.send("POST", "/api/performance/database/stats/reset",
            Map.of("Authorization", "Bearer " + TOKEN));
        assertEquals(404, authorized.status(), authorized::toString);
        assertEquals("feature_off", authorized.json().path("error").asText(), authorized::toString);
    }

    @Test
    void get_never_needs_the_token() {
        SidecarCalls calls = start(TOKEN);

        SidecarCalls.Reply plain = calls.get(HEALTH);
        SidecarCalls.Reply withWrongToken = calls.send("GET", HEALTH, Map.of("Authorization", "Bearer wrong"));
        SidecarCalls.Reply metrics = calls.get("/api/performance/metrics");

        assertEquals(200, plain.status(), plain::toString);
        assertEquals("healthy", plain.json().path("status").asText());
        assertEquals(200, withWrongToken.status(), withWrongToken::toString);
        assertEquals(200, metrics.status(), metrics::toString);
    }

    @Test
    void an_unknown_get_route_answers_404_without_asking_for_the_token() {
        SidecarCalls calls = start(TOKEN);

        SidecarCalls.Reply reply = calls.get("/api/performance/nothing");

        assertEquals(404, reply.status(), reply::toString);
        assertEquals(null, reply.header("WWW-Authenticate"), reply::toString);
    }

    @Test
    void without_a_token_a_post_is_not_asked_for_authorization_and_gets_405() {
        SidecarCalls calls = start("");

        SidecarCalls.Reply bare = calls.send("POST", HEALTH);
        SidecarCalls.Reply withHeader = calls.send("POST", HEALTH, Map.of("Authorization", "Bearer anything"));

        assertEquals(405, bare.status(), bare::toString);
        assertEquals(null, bare.header("WWW-Authenticate"), bare::toString);
        assertEquals(405, withHeader.status(), withHeader::toString);
    }

    @Test
    void a_null_token_means_no_token() {
        SidecarCalls calls = start(null);

        assertEquals(405, calls.send("POST", HEALTH).status());
    }

    @Test
    void refused_requests_do_not_reach_the_fault_log() {
        SidecarCalls calls = start(TOKEN);

        calls.send("POST", HEALTH);
        calls.send("DELETE", HEALTH, Map.of("Authorization", "Bearer wrong"));

        assertTrue(faults.received.isEmpty(), faults.received::toString);
    }

    @Test
    void a_token_differing_only_in_case_is_refused_on_a_fresh_connection() throws IOException {
        start(TOKEN);

        List<Integer> statuses = statusesOnOneConnection("Bearer " + TOKEN.toUpperCase(Locale.ROOT));

        assertEquals(List.of(401), statuses);
    }

    @Test
    void a_token_differing_only_in_case_is_refused_even_after_an_authorized_request_on_the_same_connection() throws IOException {
        start(TOKEN);

        List<Integer> statuses = statusesOnOneConnection(
            "Bearer " + TOKEN, "Bearer " + TOKEN.toUpperCase(Locale.ROOT), "bearer " + TOKEN.toLowerCase(Locale.ROOT));

        assertEquals(List.of(405, 401, 401), statuses);
    }

    /** Sends one POST per authorization value, all on a single keep-alive connection, and reads their statuses. */
    private List<Integer> statusesOnOneConnection(String... authorizations) throws IOException {
        List<Integer> statuses = new ArrayList<>();
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), server.address().getPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (String authorization : authorizations) {
                String request = "POST " + HEALTH + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\n"
                    + "Authorization: " + authorization + "\r\n"
                    + "Content-Length: 0\r\n"
                    + "\r\n";
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                statuses.add(readResponseStatus(in));
            }
        }
        return statuses;
    }

    private static int readResponseStatus(InputStream in) throws IOException {
        String head = readHead(in);
        Matcher status = Pattern.compile("^HTTP/1\\.1 (\\d{3})").matcher(head);
        assertTrue(status.find(), head);
        Matcher length = Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(head);
        assertTrue(length.find(), head);
        in.readNBytes(Integer.parseInt(length.group(1)));
        return Integer.parseInt(status.group(1));
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
