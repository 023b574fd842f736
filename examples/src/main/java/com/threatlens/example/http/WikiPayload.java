package com.threatlens.example.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of a wiki in a POST or PUT body. Fields other than these (such as the id and
 * timestamps of a wiki echoed back from a GET) are ignored; required fields must be present
 * with the right JSON type, values are checked by the service.
 */
record WikiPayload(Long repoId, String title, String sections, String owaspCategory,
        List<String> securityTags, String severity) {

    static WikiPayload forCreate(JsonNode body) {
        JsonNode repoId = required(body, "repo_id");
        if (!repoId.isIntegralNumber() || !repoId.canConvertToLong()) {
            throw ApiException.badRequest("repo_id must be an integer");
        }
        return read(body, repoId.asLong());
    }

    static WikiPayload forUpdate(JsonNode body) {
        return read(body, null);
    }

    private static WikiPayload read(JsonNode body, Long repoId) {
        return new WikiPayload(repoId,
                requiredString(body, "title"),
                requiredString(body, "sections"),
                requiredString(body, "owasp_category"),
                stringArray(body, "security_tags"),
                optionalString(body, "severity"));
    }

    private static JsonNode required(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw ApiException.badRequest(field + " is required");
        }
        return value;
    }

    private static String requiredString(JsonNode body, String field) {
        JsonNode value = required(body, field);
        if (!value.isTextual()) {
            throw ApiException.badRequest(field + " must be a string");
        }
        return value.textValue();
    }

    private static String optionalString(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest(field + " must be a string");
        }
        return value.textValue();
    }

    private static List<String> stringArray(JsonNode body, String field) {
        JsonNode value = required(body, field);
        if (!value.isArray()) {
            throw ApiException.badRequest(field + " must be an array of strings");
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw ApiException.badRequest(field + " must be an array of strings");
            }
            items.add(item.textValue());
        }
        return items;
    }
}
