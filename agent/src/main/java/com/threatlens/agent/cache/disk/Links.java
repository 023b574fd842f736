package com.threatlens.agent.cache.disk;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An entry's tags and tables as JSON columns of its row, so that a read returns the whole entry
 * from one row; the link tables hold the same data indexed for removals.
 */
final class Links {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<List<List<String>>> PAIRS = new TypeReference<>() {
    };

    private Links() {
    }

    static String tags(List<String> tags) {
        return write(tags);
    }

    static List<String> tags(String json) throws IOException {
        return List.copyOf(JSON.readValue(json, STRINGS));
    }

    static String tables(List<TableRef> tables) {
        List<List<String>> pairs = new ArrayList<>(tables.size());
        for (TableRef table : tables) {
            pairs.add(List.of(table.database(), table.table()));
        }
        return write(pairs);
    }

    static List<TableRef> tables(String json) throws IOException {
        List<TableRef> tables = new ArrayList<>();
        for (List<String> pair : JSON.readValue(json, PAIRS)) {
            tables.add(new TableRef(pair.get(0), pair.get(1)));
        }
        return List.copyOf(tables);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
