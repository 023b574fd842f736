package com.threatlens.example.service;

/** A caller supplied an unacceptable argument; the message says which and why. */
public class ValidationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ValidationException(String message) {
        super(message);
    }
}
