package com.threatlens.example.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Plain HTTP/1.1 calls from the test JVM to a child JVM, answers kept as text and parsed as JSON on demand. */
final class HttpJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private HttpJson() {
    }

    static Reply get(URI uri) {
        return send("GET", uri, Map.of());
    }

    static Reply send(String method, URI uri, Map<String, String> headers) {
        return send(method, uri, headers, HttpRequest.BodyPublishers.noBody());
    }

    /** {@code method} with a JSON body, such as a PUT of a changed wiki. */
    static Reply sendJson(String method, URI uri, String json) {
        return send(method, uri, Map.of("Content-Type", "application/json"),
                HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }

    private static Reply send(String method, URI uri, Map<String, String> headers, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(20))
                .method(method, body);
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(method + " " + uri, response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + uri + " interrupted", e);
        }
    }

    /** One answer; {@link #toString()} names the request, for assertion messages. */
    record Reply(String request, int status, HttpHeaders headers, String body) {

        String contentType() {
            return header("Content-Type");
        }

        /** The header's first value, or an empty string. */
        String header(String name) {
            return headers.firstValue(name).orElse("");
        }

        /** The body as JSON, after checking that the answer is a 200. */
        JsonNode ok() {
            if (status != 200) {
                throw new AssertionError("expected 200: " + this);
            }
            return json();
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(request + " did not answer JSON: " + body, e);
            }
        }

        @Override
        public String toString() {
            return request + " -> " + status + " " + contentType() + " " + body;
        }
    }
}
