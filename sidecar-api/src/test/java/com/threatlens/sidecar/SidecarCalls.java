package com.threatlens.sidecar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Plain HTTP/1.1 calls against a server listening on 127.0.0.1, answers readable as JSON.
 *
 * <p>Every request says {@code Connection: close}, so that no idle keep-alive connection is left
 * behind for the server to wait on when a test stops it.
 */
public final class SidecarCalls {

    static {
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "connection");
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    private final String base;

    SidecarCalls(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public static SidecarCalls of(SidecarServer server) {
        return new SidecarCalls(server.address().getPort());
    }

    public Reply get(String path) {
        return send("GET", path, Map.of());
    }

    public Reply send(String method, String path) {
        return send(method, path, Map.of());
    }

    public Reply send(String method, String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(10))
            .header("Connection", "close")
            .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        try {
            return new Reply(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Reply(HttpResponse<String> response) {

        public int status() {
            return response.statusCode();
        }

        public String body() {
            return response.body();
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        public JsonNode json() {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + response.body(), e);
            }
        }

        @Override
        public String toString() {
            return response.statusCode() + " " + response.headers().map() + " " + response.body();
        }
    }

    /** Asserts the JSON error shape: {@code status}, only {@code error} and {@code detail}, the detail naming each of {@code inDetail}. */
    public static void assertError(Reply reply, int status, String error, String... inDetail) {
        org.junit.jupiter.api.Assertions.assertEquals(status, reply.status(), reply::toString);
        org.junit.jupiter.api.Assertions.assertTrue(reply.contentType().startsWith("application/json"), reply::toString);
        org.junit.jupiter.api.Assertions.assertEquals(error, reply.json().path("error").asText(), reply::toString);
        org.junit.jupiter.api.Assertions.assertEquals(2, reply.json().size(), "only error and detail: " + reply);
        for (String expected : inDetail) {
            org.junit.jupiter.api.Assertions.assertTrue(reply.json().path("detail").asText().contains(expected),
                () -> "'" + expected + "' in " + reply);
        }
    }
}
