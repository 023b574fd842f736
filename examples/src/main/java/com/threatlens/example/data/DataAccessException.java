package com.threatlens.example.data;

import java.sql.SQLException;

/** An SQL failure, unchecked so that service signatures stay plain. */
public class DataAccessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DataAccessException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
