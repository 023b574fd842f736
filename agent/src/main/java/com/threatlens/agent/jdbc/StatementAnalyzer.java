package com.threatlens.agent.jdbc;

import com.threatlens.agent.jdbc.SqlLexer.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the operation and the table names of a normalized statement (see {@link SqlNormalizer}).
 *
 * <p>A token scan with a little per-parenthesis state rather than a parser, so it copes with any
 * dialect and with invalid text. Operation: the first word of the statement (after leading
 * parentheses); for {@code WITH}, the first statement keyword after the common table expressions.
 * Tables: the names that follow {@code FROM} (and the commas of its list), {@code JOIN},
 * {@code INTO}, a statement-leading {@code UPDATE}, {@code TABLE}, {@code VIEW}, {@code TRUNCATE}
 * and the {@code ON} of {@code CREATE INDEX} / {@code CREATE TRIGGER}; {@code IF [NOT] EXISTS},
 * {@code ONLY}, {@code LATERAL} and {@code OR <conflict>} are skipped. Not tables: subqueries and
 * their aliases, table-valued functions ({@code FROM json_each(x)}), names in function arguments
 * ({@code EXTRACT(YEAR FROM d)}), {@code IS DISTINCT FROM x}, and common table expression names.
 * Names are lower-cased, unquoted, and lose a {@code main.} schema prefix.
 */
final class StatementAnalyzer {

    private static final int MAX_DEPTH = 64;

    private enum Expect {
        NOTHING,
        /** A table name; a {@code (} after it is a column list. */
        TABLE,
        /** A table reference of a FROM list: a name, a subquery, or a parenthesized join. */
        FROM_ITEM,
        CTE_NAME
    }

    private final SqlLexer lexer;
    private final String text;
    private final List<String> tables = new ArrayList<>(4);
    private final List<String> cteNames = new ArrayList<>(2);
    /** Per parenthesis depth: a FROM list is open, a WITH list is open, the parenthesis is a call's. */
    private final boolean[] inFrom = new boolean[MAX_DEPTH];
    private final boolean[] inWith = new boolean[MAX_DEPTH];
    private final boolean[] inCall = new boolean[MAX_DEPTH];
    private int depth;
    private Expect expect = Expect.NOTHING;
    private boolean parenthesizedJoin;
    private boolean awaitingOn;
    private Kind prevKind = Kind.END;
    private String prevKeyword;
    private SqlOperation operation;
    private int withDepth = -1;

    private StatementAnalyzer(String normalized) {
        this.text = normalized;
        this.lexer = new SqlLexer(normalized);
    }

    static StatementAnalyzer analyze(String normalized) {
        StatementAnalyzer analyzer = new StatementAnalyzer(normalized);
        analyzer.run();
        return analyzer;
    }

    SqlOperation operation() {
        return operation;
    }

    /** Table names in order of first appearance, without duplicates. */
    List<String> tables() {
        return tables;
    }

    private void run() {
        Kind kind;
        while ((kind = lexer.next()) != Kind.END) {
            String keyword = kind == Kind.WORD ? SqlKeywords.lookup(text, lexer.start(), lexer.end()) : null;
            if (expect != Expect.NOTHING && consumeExpected(kind, keyword)) {
                continue;
            }
            if (operation == null && withDepth < 0) {
                firstToken(kind, keyword);
            }
            structure(kind, keyword);
            prevKind = kind;
            prevKeyword = keyword;
        }
        if (operation == null) {
            operation = SqlOperation.OTHER;
        }
        tables.removeAll(cteNames);
    }

    private void firstToken(Kind kind, String keyword) {
        if (kind == Kind.LEFT_PAREN) {
            return;
        }
        if ("WITH".equals(keyword)) {
            withDepth = depth;
        } else {
            operation = kind == Kind.WORD ? classify(keyword) : SqlOperation.OTHER;
        }
    }

    private SqlOperation classify(String keyword) {
        if (keyword == null) {
            if (lexer.isWord("MERGE") || lexer.isWord("UPSERT")) {
                return SqlOperation.INSERT;
            }
            return lexer.isWord("TRUNCATE") ? SqlOperation.DDL : SqlOperation.OTHER;
        }
        switch (keyword) {
            case "SELECT":
            case "VALUES":
                return SqlOperation.SELECT;
            case "INSERT":
            case "REPLACE":
                return SqlOperation.INSERT;
            case "UPDATE":
                return SqlOperation.UPDATE;
            case "DELETE":
                return SqlOperation.DELETE;
            case "CREATE":
            case "DROP":
            case "ALTER":
            case "RENAME":
                return SqlOperation.DDL;
            default:
                return SqlOperation.OTHER;
        }
    }

    /** Handles a token in a position where a name is expected; {@code true} when it was consumed. */
    private boolean consumeExpected(Kind kind, String keyword) {
        Expect expected = expect;
        expect = Expect.NOTHING;
        if (expected == Expect.CTE_NAME) {
            if ("RECURSIVE".equals(keyword)) {
                expect = expected;
                return true;
            }
            if (isName(kind, keyword)) {
                addName(cteNames, unquote(new StringBuilder()).toString());
                markName(kind);
                return true;
            }
            return false;
        }
        if (isSkippedBeforeTable(kind, keyword)) {
            expect = expected;
            return true;
        }
        if (kind == Kind.LEFT_PAREN && expected == Expect.FROM_ITEM) {
            int mark = lexer.mark();
            lexer.next();
            parenthesizedJoin = !(lexer.isWord("SELECT") || lexer.isWord("WITH") || lexer.isWord("VALUES"));
            lexer.reset(mark);
            return false;
        }
        if (isName(kind, keyword)) {
            readTable(expected);
            return true;
        }
        return false;
    }

    private void readTable(Expect expected) {
        StringBuilder name = unquote(new StringBuilder());
        Kind last = lexer.kind();
        boolean function = false;
        while (true) {
            int mark = lexer.mark();
            Kind next = lexer.next();
            if (next == Kind.DOT) {
                Kind part = lexer.next();
                if (part == Kind.WORD || part == Kind.QUOTED_IDENTIFIER) {
                    unquote(name.append('.'));
                    last = part;
                    continue;
                }
            } else if (next == Kind.LEFT_PAREN && expected == Expect.FROM_ITEM) {
                function = true;
            }
            lexer.reset(mark);
            break;
        }
        markName(last);
        if (!function) {
            String table = name.toString().toLowerCase(Locale.ROOT);
            if (table.startsWith("main.") && table.length() > 5) {
                table = table.substring(5);
            }
            addName(tables, table);
        }
    }

    private void markName(Kind kind) {
        prevKind = kind;
        prevKeyword = null;
    }

    /** Appends the current token's text, without quotes, to {@code name}. */
    private StringBuilder unquote(StringBuilder name) {
        int start = lexer.start();
        int end = lexer.end();
        if (lexer.kind() != Kind.QUOTED_IDENTIFIER) {
            return name.append(text, start, end);
        }
        char open = text.charAt(start);
        char close = open == '[' ? ']' : open;
        if (end - start >= 2 && text.charAt(end - 1) == close) {
            end--;
        }
        for (int i = start + 1; i < end; i++) {
            char c = text.charAt(i);
            name.append(c);
            if (c == close && close != ']' && i + 1 < end && text.charAt(i + 1) == close) {
                i++;
            }
        }
        return name;
    }

    private static void addName(List<String> names, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.isEmpty() && !names.contains(lower)) {
            names.add(lower);
        }
    }

    private void structure(Kind kind, String keyword) {
        switch (kind) {
            case LEFT_PAREN:
                boolean call = (prevKind == Kind.WORD && prevKeyword == null) || prevKind == Kind.QUOTED_IDENTIFIER;
                depth++;
                set(inFrom, parenthesizedJoin);
                set(inWith, false);
                set(inCall, call);
                if (parenthesizedJoin) {
                    expect = Expect.FROM_ITEM;
                    parenthesizedJoin = false;
                }
                break;
            case RIGHT_PAREN:
                if (depth > 0) {
                    depth--;
                }
                break;
            case SEMICOLON:
                depth = 0;
                set(inFrom, false);
                set(inWith, false);
                set(inCall, false);
                awaitingOn = false;
                break;
            case COMMA:
                if (get(inFrom)) {
                    expect = Expect.FROM_ITEM;
                } else if (get(inWith)) {
                    expect = Expect.CTE_NAME;
                }
                break;
            case WORD:
                if (keyword != null) {
                    keyword(keyword);
                } else if (lexer.isWord("TRUNCATE")) {
                    expect = Expect.TABLE;
                }
                break;
            default:
                break;
        }
    }

    private void keyword(String keyword) {
        switch (keyword) {
            case "FROM":
                if (!"DISTINCT".equals(prevKeyword) && !get(inCall)) {
                    set(inFrom, true);
                    expect = Expect.FROM_ITEM;
                }
                break;
            case "JOIN":
                set(inFrom, true);
                expect = Expect.FROM_ITEM;
                break;
            case "INTO":
            case "TABLE":
            case "VIEW":
                expect = Expect.TABLE;
                break;
            case "INDEX":
            case "TRIGGER":
                awaitingOn = true;
                break;
            case "ON":
                if (awaitingOn) {
                    awaitingOn = false;
                    expect = Expect.TABLE;
                }
                break;
            case "WITH":
                if (prevKind != Kind.QUOTED_IDENTIFIER && !(prevKind == Kind.WORD && prevKeyword == null)) {
                    set(inWith, true);
                    expect = Expect.CTE_NAME;
                }
                break;
            case "UPDATE":
                if (startsStatement()) {
                    expect = Expect.TABLE;
                }
                mainStatement(keyword);
                break;
            case "SELECT":
            case "INSERT":
            case "DELETE":
            case "REPLACE":
            case "VALUES":
                mainStatement(keyword);
                break;
            case "WHERE":
            case "GROUP":
            case "HAVING":
            case "ORDER":
            case "LIMIT":
            case "WINDOW":
            case "UNION":
            case "EXCEPT":
            case "INTERSECT":
            case "RETURNING":
            case "SET":
            case "DO":
                set(inFrom, false);
                break;
            default:
                break;
        }
    }

    /** A statement keyword ends an open WITH list; the first one after a leading WITH gives the operation. */
    private void mainStatement(String keyword) {
        set(inFrom, false);
        if (get(inWith)) {
            set(inWith, false);
            if (operation == null && depth == withDepth) {
                operation = classify(keyword);
            }
        }
    }

    /** Whether an UPDATE here starts an UPDATE statement (not FOR UPDATE, DO UPDATE, AFTER UPDATE ...). */
    private boolean startsStatement() {
        switch (prevKind) {
            case END:
            case SEMICOLON:
            case LEFT_PAREN:
            case RIGHT_PAREN:
                return true;
            case WORD:
                return "BEGIN".equals(prevKeyword) || "EXPLAIN".equals(prevKeyword) || "PLAN".equals(prevKeyword);
            default:
                return false;
        }
    }

    private boolean isSkippedBeforeTable(Kind kind, String keyword) {
        if (kind != Kind.WORD) {
            return false;
        }
        if (keyword == null) {
            return lexer.isWord("ONLY") || lexer.isWord("LATERAL");
        }
        switch (keyword) {
            case "IF":
            case "NOT":
            case "EXISTS":
            case "OR":
            case "ROLLBACK":
            case "ABORT":
            case "REPLACE":
            case "FAIL":
            case "IGNORE":
                return true;
            default:
                return false;
        }
    }

    /**
     * Whether the token can be a name: an identifier, a quoted identifier, or one of the SQLite
     * keywords that may stand for an identifier and cannot follow FROM, INTO, TABLE ... themselves.
     */
    private static boolean isName(Kind kind, String keyword) {
        if (kind == Kind.QUOTED_IDENTIFIER) {
            return true;
        }
        if (kind != Kind.WORD) {
            return false;
        }
        if (keyword == null) {
            return true;
        }
        switch (keyword) {
            case "ACTION":
            case "AFTER":
            case "ANALYZE":
            case "ASC":
            case "ATTACH":
            case "BEFORE":
            case "CASCADE":
            case "COLUMN":
            case "CONFLICT":
            case "CURRENT":
            case "DATABASE":
            case "DEFERRED":
            case "DESC":
            case "DETACH":
            case "EACH":
            case "EXCLUDE":
            case "EXCLUSIVE":
            case "FIRST":
            case "FOLLOWING":
            case "GENERATED":
            case "GROUPS":
            case "IMMEDIATE":
            case "INITIALLY":
            case "INSTEAD":
            case "KEY":
            case "LAST":
            case "MATCH":
            case "MATERIALIZED":
            case "NO":
            case "NULLS":
            case "OFFSET":
            case "OTHERS":
            case "PARTITION":
            case "PLAN":
            case "PRECEDING":
            case "QUERY":
            case "RAISE":
            case "RANGE":
            case "RECURSIVE":
            case "REINDEX":
            case "RELEASE":
            case "RENAME":
            case "RESTRICT":
            case "ROW":
            case "ROWS":
            case "SAVEPOINT":
            case "TEMP":
            case "TIES":
            case "TRIGGER":
            case "UNBOUNDED":
            case "VACUUM":
            case "VIEW":
            case "VIRTUAL":
            case "WITHOUT":
                return true;
            default:
                return false;
        }
    }

    private boolean get(boolean[] flags) {
        return depth < MAX_DEPTH && flags[depth];
    }

    private void set(boolean[] flags, boolean value) {
        if (depth < MAX_DEPTH) {
            flags[depth] = value;
        }
    }
}
