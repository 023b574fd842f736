package com.threatlens.agent.jdbc;

import com.threatlens.agent.jdbc.SqlLexer.Kind;

/**
 * Turns SQL text into its normalized form: the text that identifies "the same statement" whatever
 * its literal values, bind-parameter style, comments, white space and keyword case.
 *
 * <p>One pass over the tokens of {@link SqlLexer}; no regular expressions. Rules:
 * <ul>
 *   <li><b>Literals become {@code ?}</b>: strings ({@code 'O''Brien'}, {@code 'it\'s'}, {@code N'x'},
 *       dollar-quoted), numbers ({@code 42}, {@code 1.5}, {@code .5}, {@code 1e10}, {@code 2.5E-3}),
 *       hex numbers ({@code 0x1F}), blobs ({@code X'ABCD'}), {@code TRUE}, {@code FALSE} and
 *       {@code NULL}; except that {@code NULL} stays a keyword right after {@code IS} or {@code NOT}
 *       ({@code IS NULL}, {@code IS NOT NULL}, the {@code NOT NULL} constraint). A {@code -} or
 *       {@code +} directly before a number is its sign, and part of the literal, when it follows the
 *       start, an operator, {@code (}, {@code ,}, {@code ;} or a keyword that precedes an expression
 *       ({@code SELECT WHERE AND OR NOT IN VALUES THEN ELSE WHEN CASE BETWEEN LIKE ...}):
 *       {@code a = -1} gives {@code a = ?} but {@code a-1} gives {@code a - ?}. No literal text is
 *       ever copied to the result.</li>
 *   <li><b>Bind parameters</b> {@code ?}, {@code ?1}, {@code :name}, {@code @name}, {@code $name},
 *       {@code $1} become {@code ?}.</li>
 *   <li><b>Lists</b>: {@code IN (...)} holding only literals and parameters, of any length, becomes
 *       {@code IN (?)}; {@code IN (SELECT ...)} is normalized like any other text. In
 *       {@code VALUES (..), (..), ...} a row whose normalized text equals the previous row's is dropped,
 *       so an N-row insert normalizes like the one-row insert.</li>
 *   <li><b>Comments</b> ({@code --} and {@code /* *}{@code /}) are dropped; a trailing {@code ;} is
 *       dropped, as are empty statements ({@code ;;}).</li>
 *   <li><b>Keywords</b> (the SQLite keyword set, {@link SqlKeywords}) are upper-cased; identifiers and
 *       quoted identifiers ({@code "x"}, {@code `x`}, {@code [x]}) are kept as written.</li>
 *   <li><b>Canonical spacing</b>, independent of the input's: tokens are separated by one space,
 *       except no space before {@code , ) . ;}, none after {@code ( .}, and none between an
 *       identifier and a following {@code (} ({@code count(*)}, {@code INSERT INTO t(a, b)}); a
 *       keyword keeps its space before {@code (} ({@code IN (?)}, {@code VALUES (?)}). So
 *       {@code a=1}, {@code a = 1} and {@code a\n=\t1} all give {@code a = ?}. No leading or
 *       trailing space (white space at the end of an unterminated quoted identifier is dropped too).</li>
 *   <li><b>Anything else</b> (operators, unknown characters) is copied token by token. Invalid or
 *       unterminated input never throws: it yields a best-effort result.</li>
 * </ul>
 *
 * <p>Example: {@code select * from  users where id=-42 and name in ('a','b') -- x} normalizes to
 * {@code SELECT * FROM users WHERE id = ? AND name IN (?)}.
 */
public final class SqlNormalizer {

    /** Categories of the previously written token that matter for spacing and signs. */
    private enum Prev {
        NONE, NAME, KEYWORD, LITERAL, OPERATOR, LEFT_PAREN, RIGHT_PAREN, COMMA, DOT, SEMICOLON, OTHER
    }

    private final SqlLexer lexer;
    private final String sql;
    private final StringBuilder out;
    private Prev prev = Prev.NONE;
    /** The keyword written last, when {@link #prev} is {@link Prev#KEYWORD}. */
    private String prevKeyword;
    private int depth;

    /** Paren depth of the active {@code VALUES} list, or -1. */
    private int valuesDepth = -1;
    /** Output range of the last kept row of the active {@code VALUES} list; -1 when none yet. */
    private int rowStart = -1;
    private int rowEnd = -1;
    /** Output offset of the {@code (} of the row being written, or -1. */
    private int openRow = -1;

    private SqlNormalizer(String sql) {
        this.sql = sql;
        this.lexer = new SqlLexer(sql);
        this.out = new StringBuilder(Math.min(sql.length(), 4096));
    }

    /** The normalized form of {@code sql}; {@code ""} for {@code null}, empty or comment-only text. */
    public static String normalize(String sql) {
        if (sql == null || sql.isEmpty()) {
            return "";
        }
        return new SqlNormalizer(sql).run();
    }

    private String run() {
        Kind kind;
        while ((kind = lexer.next()) != Kind.END) {
            if (valuesDepth >= 0 && depth == valuesDepth && kind != Kind.COMMA && kind != Kind.LEFT_PAREN) {
                valuesDepth = -1;
            }
            switch (kind) {
                case WORD:
                    word();
                    break;
                case STRING:
                case NUMBER:
                case BLOB:
                case PARAMETER:
                    literal();
                    break;
                case QUOTED_IDENTIFIER:
                    copy(Prev.NAME);
                    break;
                case OPERATOR:
                    operator();
                    break;
                case LEFT_PAREN:
                    leftParen();
                    break;
                case RIGHT_PAREN:
                    rightParen();
                    break;
                case COMMA:
                    write(",", Prev.COMMA);
                    break;
                case DOT:
                    write(".", Prev.DOT);
                    break;
                case SEMICOLON:
                    if (prev != Prev.NONE && prev != Prev.SEMICOLON) {
                        write(";", Prev.SEMICOLON);
                    }
                    depth = 0;
                    valuesDepth = -1;
                    break;
                default:
                    copy(Prev.OTHER);
                    break;
            }
        }
        int length = out.length();
        while (length > 0 && (out.charAt(length - 1) == ';' || SqlLexer.isSpace(out.charAt(length - 1)))) {
            length--;
        }
        out.setLength(length);
        return out.toString();
    }

    private void word() {
        String keyword = SqlKeywords.lookup(sql, lexer.start(), lexer.end());
        if (keyword == null) {
            if (lexer.isWord("TRUE") || lexer.isWord("FALSE")) {
                literal();
            } else {
                copy(Prev.NAME);
            }
            return;
        }
        if ("NULL".equals(keyword) && !(prev == Prev.KEYWORD && ("IS".equals(prevKeyword) || "NOT".equals(prevKeyword)))) {
            literal();
            return;
        }
        space(Prev.KEYWORD);
        out.append(keyword);
        prev = Prev.KEYWORD;
        prevKeyword = keyword;
        if ("IN".equals(keyword)) {
            collapseInList();
        } else if ("VALUES".equals(keyword)) {
            valuesDepth = depth;
            rowStart = -1;
            rowEnd = -1;
            openRow = -1;
        }
    }

    private void literal() {
        write("?", Prev.LITERAL);
    }

    /** A sign directly before a number, in a place where an operand is expected, joins the literal. */
    private void operator() {
        int start = lexer.start();
        int end = lexer.end();
        if ((lexer.is('-') || lexer.is('+')) && operandExpected()) {
            int mark = lexer.mark();
            if (lexer.next() == Kind.NUMBER) {
                literal();
                return;
            }
            lexer.reset(mark);
        }
        copy(Prev.OPERATOR, start, end);
    }

    private boolean operandExpected() {
        switch (prev) {
            case NONE:
            case OPERATOR:
            case LEFT_PAREN:
            case COMMA:
            case SEMICOLON:
                return true;
            case KEYWORD:
                return isOperandKeyword(prevKeyword);
            default:
                return false;
        }
    }

    private static boolean isOperandKeyword(String keyword) {
        switch (keyword) {
            case "SELECT":
            case "WHERE":
            case "AND":
            case "OR":
            case "NOT":
            case "IN":
            case "VALUES":
            case "THEN":
            case "ELSE":
            case "WHEN":
            case "CASE":
            case "BETWEEN":
            case "LIKE":
            case "GLOB":
            case "REGEXP":
            case "MATCH":
            case "IS":
            case "ON":
            case "HAVING":
            case "LIMIT":
            case "OFFSET":
            case "DEFAULT":
            case "ESCAPE":
            case "DISTINCT":
            case "ALL":
            case "RETURNING":
            case "BY":
                return true;
            default:
                return false;
        }
    }

    /**
     * After {@code IN}: if a parenthesized list of only literals and parameters follows, writes
     * {@code (?)} for it; otherwise leaves the lexer where it was.
     */
    private void collapseInList() {
        int mark = lexer.mark();
        if (lexer.next() == Kind.LEFT_PAREN && skipLiteralList()) {
            space(Prev.LEFT_PAREN);
            out.append("(?)");
            prev = Prev.RIGHT_PAREN;
            return;
        }
        lexer.reset(mark);
    }

    /** Reads {@code literal (, literal)* )}; {@code false} at the first token that does not fit. */
    private boolean skipLiteralList() {
        while (true) {
            Kind kind = lexer.next();
            if (kind == Kind.OPERATOR && (lexer.is('-') || lexer.is('+'))) {
                kind = lexer.next();
                if (kind != Kind.NUMBER) {
                    return false;
                }
            }
            boolean literal = kind == Kind.STRING || kind == Kind.NUMBER || kind == Kind.BLOB
                    || kind == Kind.PARAMETER
                    || (kind == Kind.WORD && (lexer.isWord("NULL") || lexer.isWord("TRUE") || lexer.isWord("FALSE")));
            if (!literal) {
                return false;
            }
            kind = lexer.next();
            if (kind == Kind.RIGHT_PAREN) {
                return true;
            }
            if (kind != Kind.COMMA) {
                return false;
            }
        }
    }

    private void leftParen() {
        space(Prev.LEFT_PAREN);
        if (valuesDepth >= 0 && depth == valuesDepth) {
            openRow = out.length();
        }
        out.append('(');
        prev = Prev.LEFT_PAREN;
        depth++;
    }

    private void rightParen() {
        write(")", Prev.RIGHT_PAREN);
        if (depth > 0) {
            depth--;
        }
        if (valuesDepth < 0) {
            return;
        }
        if (depth < valuesDepth) {
            valuesDepth = -1;
        } else if (depth == valuesDepth && openRow >= 0) {
            int end = out.length();
            if (rowStart >= 0 && openRow == rowEnd + 2 && sameText(rowStart, rowEnd, openRow, end)) {
                out.setLength(rowEnd);
            } else {
                rowStart = openRow;
                rowEnd = end;
            }
            openRow = -1;
        }
    }

    private boolean sameText(int start1, int end1, int start2, int end2) {
        if (end1 - start1 != end2 - start2) {
            return false;
        }
        for (int i = 0; i < end1 - start1; i++) {
            if (out.charAt(start1 + i) != out.charAt(start2 + i)) {
                return false;
            }
        }
        return true;
    }

    /** Copies the current token's text verbatim. */
    private void copy(Prev category) {
        copy(category, lexer.start(), lexer.end());
    }

    private void copy(Prev category, int start, int end) {
        space(category);
        out.append(sql, start, end);
        prev = category;
    }

    private void write(String text, Prev category) {
        space(category);
        out.append(text);
        prev = category;
    }

    /** Writes the separator, if any, that canonical spacing puts before a token of {@code next}'s category. */
    private void space(Prev next) {
        if (out.length() == 0) {
            return;
        }
        switch (next) {
            case COMMA:
            case RIGHT_PAREN:
            case DOT:
            case SEMICOLON:
                return;
            default:
                break;
        }
        if (prev == Prev.LEFT_PAREN || prev == Prev.DOT || (next == Prev.LEFT_PAREN && prev == Prev.NAME)) {
            return;
        }
        out.append(' ');
    }
}
