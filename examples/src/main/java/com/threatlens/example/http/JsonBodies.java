package com.threatlens.example.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Parses request bodies that must be one JSON object. */
final class JsonBodies {

    private JsonBodies() {
    }

    static JsonNode object(ObjectMapper mapper, byte[] body) {
        if (body.length == 0) {
            throw ApiException.badRequest("request body is empty; a JSON object is required");
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("unreadable request body: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("request body must be a JSON object");
        }
        return node;
    }
}
