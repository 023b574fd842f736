package com.threatlens.agent.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Something the pool keeps for each of its physical connections.
 *
 * <p>A value may hold prepared statements, which hold their connection: a weak-keyed map would
 * never let go. The pool closes physical connections on threads of its own without telling
 * anyone, so closed ones are swept whenever a value is added; the map stays about as large as
 * the pool.
 */
final class PerConnection<V> {

    private final Map<Connection, V> values = new ConcurrentHashMap<>();

    void put(Connection physical, V value) {
        values.keySet().removeIf(PerConnection::isClosed);
        values.put(physical, value);
    }

    V get(Connection physical) {
        return values.get(physical);
    }

    int size() {
        return values.size();
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException unknown) {
            return true;
        }
    }
}
