package com.threatlens.example.service;

import com.threatlens.example.data.DataAccessException;
import com.threatlens.example.data.DatabaseFile;
import com.threatlens.example.model.Health;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Checks that the database answers and reports how many wikis and repositories it holds. */
public class HealthService {

    private final DatabaseFile database;

    public HealthService(DatabaseFile database) {
        this.database = database;
    }

    /**
     * Counts are the highest ids: ids are consecutive and nothing is ever deleted, so they
     * equal the row counts, and reading the last rowid is cheap whereas COUNT(*) walks the table.
     */
    public Health health() {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
             PreparedStatement select = connection.prepareStatement(
                     "SELECT (SELECT COALESCE(MAX(id), 0) FROM security_wikis), "
                             + "(SELECT COALESCE(MAX(id), 0) FROM repositories)");
             ResultSet rows = select.executeQuery()) {
            rows.next();
            return new Health("ok", rows.getLong(1), rows.getLong(2));
        } catch (SQLException e) {
            throw new DataAccessException("database is not available", e);
        }
    }
}
