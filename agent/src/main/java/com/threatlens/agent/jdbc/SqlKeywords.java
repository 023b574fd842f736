package com.threatlens.agent.jdbc;

/**
 * The SQLite keyword set, looked up case-insensitively in a slice of a string without allocating.
 *
 * <p>{@link #lookup} returns the canonical upper-case spelling, one shared instance per keyword.
 */
final class SqlKeywords {

    /** The 147 keywords of SQLite (https://sqlite.org/lang_keywords.html). */
    private static final String[] KEYWORDS = {
        "ABORT", "ACTION", "ADD", "AFTER", "ALL", "ALTER", "ALWAYS", "ANALYZE", "AND", "AS", "ASC",
        "ATTACH", "AUTOINCREMENT", "BEFORE", "BEGIN", "BETWEEN", "BY", "CASCADE", "CASE", "CAST",
        "CHECK", "COLLATE", "COLUMN", "COMMIT", "CONFLICT", "CONSTRAINT", "CREATE", "CROSS",
        "CURRENT", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "DATABASE", "DEFAULT",
        "DEFERRABLE", "DEFERRED", "DELETE", "DESC", "DETACH", "DISTINCT", "DO", "DROP", "EACH",
        "ELSE", "END", "ESCAPE", "EXCEPT", "EXCLUDE", "EXCLUSIVE", "EXISTS", "EXPLAIN", "FAIL",
        "FILTER", "FIRST", "FOLLOWING", "FOR", "FOREIGN", "FROM", "FULL", "GENERATED", "GLOB",
        "GROUP", "GROUPS", "HAVING", "IF", "IGNORE", "IMMEDIATE", "IN", "INDEX", "INDEXED",
        "INITIALLY", "INNER", "INSERT", "INSTEAD", "INTERSECT", "INTO", "IS", "ISNULL", "JOIN",
        "KEY", "LAST", "LEFT", "LIKE", "LIMIT", "MATCH", "MATERIALIZED", "NATURAL", "NO", "NOT",
        "NOTHING", "NOTNULL", "NULL", "NULLS", "OF", "OFFSET", "ON", "OR", "ORDER", "OTHERS",
        "OUTER", "OVER", "PARTITION", "PLAN", "PRAGMA", "PRECEDING", "PRIMARY", "QUERY", "RAISE",
        "RANGE", "RECURSIVE", "REFERENCES", "REGEXP", "REINDEX", "RELEASE", "RENAME", "REPLACE",
        "RESTRICT", "RETURNING", "RIGHT", "ROLLBACK", "ROW", "ROWS", "SAVEPOINT", "SELECT", "SET",
        "TABLE", "TEMP", "TEMPORARY", "THEN", "TIES", "TO", "TRANSACTION", "TRIGGER", "UNBOUNDED",
        "UNION", "UNIQUE", "UPDATE", "USING", "VACUUM", "VALUES", "VIEW", "VIRTUAL", "WHEN",
        "WHERE", "WINDOW", "WITH", "WITHOUT",
    };

    private static final int MAX_LENGTH;
    private static final int MASK = 511;
    private static final String[] TABLE = new String[MASK + 1];

    static {
        int max = 0;
        for (String keyword : KEYWORDS) {
            String canonical = keyword.intern();
            int slot = hash(canonical, 0, canonical.length()) & MASK;
            while (TABLE[slot] != null) {
                slot = (slot + 1) & MASK;
            }
            TABLE[slot] = canonical;
            max = Math.max(max, canonical.length());
        }
        MAX_LENGTH = max;
    }

    private SqlKeywords() {
    }

    /** The canonical keyword spelled by {@code text[start, end)} in any letter case, or {@code null}. */
    static String lookup(String text, int start, int end) {
        int length = end - start;
        if (length < 2 || length > MAX_LENGTH) {
            return null;
        }
        int h = hash(text, start, end);
        if (h < 0) {
            return null;
        }
        int slot = h & MASK;
        String candidate;
        while ((candidate = TABLE[slot]) != null) {
            if (candidate.length() == length && matches(candidate, text, start)) {
                return candidate;
            }
            slot = (slot + 1) & MASK;
        }
        return null;
    }

    /** Hash of the upper-cased slice; -1 when it holds a character that no keyword contains. */
    private static int hash(String text, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            int c = upper(text.charAt(i));
            if (c < 0) {
                return -1;
            }
            h = 31 * h + c;
        }
        return (h ^ (h >>> 9)) & Integer.MAX_VALUE;
    }

    private static boolean matches(String keyword, String text, int start) {
        for (int i = 0; i < keyword.length(); i++) {
            if (keyword.charAt(i) != upper(text.charAt(start + i))) {
                return false;
            }
        }
        return true;
    }

    /** ASCII upper case of a keyword character, or -1 for characters outside [A-Za-z_]. */
    private static int upper(char c) {
        if (c >= 'a' && c <= 'z') {
            return c - ('a' - 'A');
        }
        if ((c >= 'A' && c <= 'Z') || c == '_') {
            return c;
        }
        return -1;
    }
}
