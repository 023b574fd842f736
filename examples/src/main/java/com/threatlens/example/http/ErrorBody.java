package com.threatlens.example.http;

/** The JSON body of every error answer: {@code {"error": "not_found", "detail": "..."}}. */
public record ErrorBody(String error, String detail) {
}
