package com.threatlens.example.http;

import java.util.Map;

/** What a route handler sees of a request: path parameters, query parameters and body. */
public final class ApiRequest {

    private final String method;
    private final String path;
    private final Map<String, String> pathParameters;
    private final QueryParameters query;
    private final byte[] body;

    ApiRequest(String method, String path, Map<String, String> pathParameters, QueryParameters query, byte[] body) {
        this.method = method;
        this.path = path;
        this.pathParameters = Map.copyOf(pathParameters);
        this.query = query;
        this.body = body;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String pathParameter(String name) {
        return pathParameters.get(name);
    }

    /** A numeric path parameter such as an id; 400 when it is not a number. */
    public long pathId(String name) {
        String value = pathParameters.get(name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a number, was '" + value + "'");
        }
    }

    public QueryParameters query() {
        return query;
    }

    public byte[] body() {
        return body;
    }
}
