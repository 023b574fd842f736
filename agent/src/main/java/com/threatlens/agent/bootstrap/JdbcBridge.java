package com.threatlens.agent.bootstrap;

/**
 * Static entry points that the JDBC advice calls. Each is a null check and a call; a fault in
 * the engine is caught here, counted and logged once, and never reaches the host's driver call.
 */
public final class JdbcBridge {

    private static volatile JdbcHooks hooks;
    private static volatile boolean faultLogged;

    private JdbcBridge() {
    }

    public static void install(JdbcHooks engine) {
        hooks = engine;
    }

    public static boolean active() {
        return hooks != null;
    }

    public static void statementCreated(Object connection, Object statement, String sql) {
        JdbcHooks h = hooks;
        if (h != null && statement != null) {
            try {
                h.statementCreated(connection, statement, sql);
            } catch (Throwable fault) {
                fault(fault);
            }
        }
    }

    public static void batchAdded(Object statement, String sql) {
        JdbcHooks h = hooks;
        if (h != null) {
            try {
                h.batchAdded(statement, sql);
            } catch (Throwable fault) {
                fault(fault);
            }
        }
    }

    public static void parameterSet(Object statement, int index, Object value) {
        JdbcHooks h = hooks;
        if (h != null) {
            try {
                h.parameterSet(statement, index, value);
            } catch (Throwable fault) {
                fault(fault);
            }
        }
    }

    public static void parameterSet(Object statement, int index, long value) {
        JdbcHooks h = hooks;
        if (h != null) {
            try {
                h.parameterSet(statement, index, value);
            } catch (Throwable fault) {
                fault(fault);
            }
        }
    }

    public static void parametersCleared(Object statement) {
        JdbcHooks h = hooks;
        if (h != null) {
            try {
                h.parametersCleared(statement);
            } catch (Throwable fault) {
                fault(fault);
            }
        }
    }

    public static Object executeStart(Object statement, Object sql, boolean batch) {
        JdbcHooks h = hooks;
        if (h == null) {
            return null;
        }
        try {
            return h.executeStart(statement, sql instanceof String ? (String) sql : null, batch);
        } catch (Throwable fault) {
            fault(fault);
            return null;
        }
    }

    public static void executeEnd(Object token, Object result, Throwable error) {
        JdbcHooks h = hooks;
        if (h != null && token != null) {
            try {
                h.executeEnd(token, result, error);
            } catch (Throwable fault) {
                fault(fault);
            }
        }
    }

    public static void resultSetObtained(Object statement, Object resultSet) {
        JdbcHooks h = hooks;
        if (h != null && resultSet != null) {
            try {
                h.resultSetObtained(statement, resultSet);
            } catch (Throwable fault) {
                fault(fault);
            }
        }
    }

    public static void updateCountObtained(Object statement, int count) {
        JdbcHooks h = hooks;
        if (h != null && count >= 0) {
            try {
                h.updateCountObtained(statement, count);
            } catch (Throwable fault) {
                fault(fault);
            }
        }
    }

    public static void transactionEnded(Object connection) {
        JdbcHooks h = hooks;
        if (h != null) {
            try {
                h.transactionEnded(connection);
            } catch (Throwable fault) {
                fault(fault);
            }
        }
    }

    public static long fetchStart() {
        return hooks == null ? 0L : System.nanoTime();
    }

    public static void rowFetched(Object resultSet, long startNanos, boolean hasRow) {
        JdbcHooks h = hooks;
        if (h != null && startNanos != 0L) {
            try {
                h.rowFetched(resultSet, startNanos, hasRow);
            } catch (Throwable fault) {
                fault(fault);
            }
        }
    }

    public static void resultSetClosed(Object resultSet) {
        JdbcHooks h = hooks;
        if (h != null) {
            try {
                h.resultSetClosed(resultSet);
            } catch (Throwable fault) {
                fault(fault);
            }
        }
    }

    private static void fault(Throwable fault) {
        if (!faultLogged) {
            faultLogged = true;
            AgentLog.error("fault in JDBC statistics, the statement ran normally (further faults are not logged): " + fault, fault);
        }
    }
}
