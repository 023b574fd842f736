package com.threatlens.example.http;

/** Handles the requests of one route. */
@FunctionalInterface
public interface RouteHandler {

    ApiResponse handle(ApiRequest request) throws Exception;
}
