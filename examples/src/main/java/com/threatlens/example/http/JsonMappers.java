package com.threatlens.example.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/** The one ObjectMapper configuration of the service: snake_case names, strict parsing. */
public final class JsonMappers {

    private JsonMappers() {
    }

    /** ObjectMapper is thread-safe once configured; the server shares a single instance. */
    public static ObjectMapper create() {
        return new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
