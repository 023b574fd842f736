package com.threatlens.agent.jdbc;

/**
 * A forgiving SQL tokenizer: a cursor over a string that reports one token at a time as a
 * {@link Kind} and a {@code [start, end)} range, without allocating per token. White space and
 * comments are skipped.
 *
 * <p>It never throws: an unterminated string, quoted identifier or comment extends to the end of
 * the input, and a character that starts no known token becomes a one-character {@link Kind#OTHER}.
 *
 * <p>Lexical rules:
 * <ul>
 *   <li>{@code 'text'}: {@code ''} is an escaped quote (SQLite, standard SQL). A backslash escapes
 *       the next character, which lets MySQL/PostgreSQL-style {@code 'it\'s'} lex as one string;
 *       but when a backslash-quote is followed by the end of input, white space or a character that
 *       may follow a closing quote ({@code , ) ; | = < > ! + - * / % : ]}), that quote closes the
 *       string, as in SQLite where the backslash is an ordinary character ({@code 'C:\'}).
 *       {@code N'..'}, {@code E'..'} and {@code B'..'} are strings too, {@code X'..'} is a blob, and
 *       {@code $$..$$} / {@code $tag$..$tag$} (PostgreSQL dollar quoting) are strings.</li>
 *   <li>Numbers: {@code 12}, {@code 1.5}, {@code .5}, {@code 1.}, {@code 1e10}, {@code 2.5E-3},
 *       {@code 0x1F}. A sign is not part of a number. Identifier characters run into a number
 *       ({@code 12abc}, invalid in SQLite) are part of it, so no digits of a literal can surface
 *       in a word.</li>
 *   <li>Parameters: {@code ?}, {@code ?1}, {@code :name}, {@code :1}, {@code @name}, {@code $name},
 *       {@code $1}. {@code @@name} is a word; {@code ::} is an operator.</li>
 *   <li>Quoted identifiers: {@code "x"} ({@code ""} escaped), {@code `x`} ({@code ``} escaped),
 *       {@code [x]} (but a {@code [} directly after a word, {@code )} or {@code ]} is a
 *       subscript or array bracket, {@code a[1]}, {@code ARRAY[1, 2]}: an {@link Kind#OTHER} token,
 *       so that the numbers inside are lexed as numbers).</li>
 *   <li>Words: a letter, {@code _} or any non-ASCII, non-space character, followed by those, digits
 *       and {@code $} (as SQLite does).</li>
 *   <li>Comments: {@code -- ...} to the end of the line and {@code /* ... *}{@code /} (not nested).</li>
 * </ul>
 */
final class SqlLexer {

    enum Kind {
        END, WORD, QUOTED_IDENTIFIER, STRING, NUMBER, BLOB, PARAMETER, OPERATOR,
        LEFT_PAREN, RIGHT_PAREN, COMMA, DOT, SEMICOLON, OTHER
    }

    private static final byte IDENT_START = 1;
    private static final byte IDENT_PART = 2;
    private static final byte OPERATOR_CHAR = 4;
    private static final byte AFTER_STRING = 8;
    private static final byte[] ASCII = new byte[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            ASCII[c] = IDENT_START | IDENT_PART;
            ASCII[Character.toUpperCase(c)] = IDENT_START | IDENT_PART;
        }
        ASCII['_'] = IDENT_START | IDENT_PART;
        for (char c = '0'; c <= '9'; c++) {
            ASCII[c] = IDENT_PART;
        }
        ASCII['$'] = IDENT_PART;
        for (char c : "=<>!|&~+-*/%^".toCharArray()) {
            ASCII[c] |= OPERATOR_CHAR;
        }
        for (char c : ",);|=<>!+-*/%:]".toCharArray()) {
            ASCII[c] |= AFTER_STRING;
        }
    }

    private final String sql;
    private final char[] chars;
    private final int length;
    private int pos;
    private int start;
    private int end;
    private Kind kind = Kind.END;

    SqlLexer(String sql) {
        this.sql = sql;
        this.chars = sql.toCharArray();
        this.length = chars.length;
    }

    Kind kind() {
        return kind;
    }

    int start() {
        return start;
    }

    int end() {
        return end;
    }

    /** {@code true} when the current token is exactly the one character {@code c}. */
    boolean is(char c) {
        return end - start == 1 && chars[start] == c;
    }

    /** {@code true} when the current token's text equals {@code word} ignoring ASCII case. */
    boolean isWord(String word) {
        return end - start == word.length() && sql.regionMatches(true, start, word, 0, word.length());
    }

    /** The position after the current token; pass it to {@link #reset} to re-read what follows. */
    int mark() {
        return pos;
    }

    /** Continues reading at a position obtained from {@link #mark}. */
    void reset(int mark) {
        pos = mark;
    }

    /** Advances to the next token and returns its kind ({@link Kind#END} at the end of input). */
    Kind next() {
        skipSpaceAndComments();
        start = pos;
        if (pos >= length) {
            end = pos;
            return kind = Kind.END;
        }
        char c = chars[pos];
        char n = pos + 1 < length ? chars[pos + 1] : 0;
        switch (c) {
            case '\'':
                return token(Kind.STRING, stringEnd(pos + 1));
            case '"':
                return token(Kind.QUOTED_IDENTIFIER, quotedEnd(pos + 1, '"'));
            case '`':
                return token(Kind.QUOTED_IDENTIFIER, quotedEnd(pos + 1, '`'));
            case '[':
                if (pos > 0 && isSubscriptBase(chars[pos - 1])) {
                    return token(Kind.OTHER, pos + 1);
                }
                int close = sql.indexOf(']', pos + 1);
                return token(Kind.QUOTED_IDENTIFIER, close < 0 ? length : close + 1);
            case '(':
                return token(Kind.LEFT_PAREN, pos + 1);
            case ')':
                return token(Kind.RIGHT_PAREN, pos + 1);
            case ',':
                return token(Kind.COMMA, pos + 1);
            case ';':
                return token(Kind.SEMICOLON, pos + 1);
            case '.':
                return isDigit(n) ? number() : token(Kind.DOT, pos + 1);
            case '?':
                return token(Kind.PARAMETER, digitsEnd(pos + 1));
            case ':':
                if (n == ':') {
                    return token(Kind.OPERATOR, pos + 2);
                }
                return isIdentPart(n) ? token(Kind.PARAMETER, identEnd(pos + 1)) : token(Kind.OPERATOR, pos + 1);
            case '@':
                if (n == '@') {
                    return token(Kind.WORD, identEnd(pos + 2));
                }
                return isIdentStart(n) ? token(Kind.PARAMETER, identEnd(pos + 1)) : token(Kind.OTHER, pos + 1);
            case '$':
                return dollar(n);
            default:
                break;
        }
        if (isDigit(c)) {
            return number();
        }
        if (isIdentStart(c)) {
            if (n == '\'') {
                switch (c) {
                    case 'x':
                    case 'X':
                        return token(Kind.BLOB, stringEnd(pos + 2));
                    case 'n':
                    case 'N':
                    case 'e':
                    case 'E':
                    case 'b':
                    case 'B':
                        return token(Kind.STRING, stringEnd(pos + 2));
                    default:
                        break;
                }
            }
            return token(Kind.WORD, identEnd(pos + 1));
        }
        if (c < 128 && (ASCII[c] & OPERATOR_CHAR) != 0) {
            return token(Kind.OPERATOR, operatorEnd(c, n));
        }
        boolean pair = Character.isHighSurrogate(c) && Character.isLowSurrogate(n);
        return token(Kind.OTHER, pos + (pair ? 2 : 1));
    }

    private Kind token(Kind k, int tokenEnd) {
        end = tokenEnd;
        pos = tokenEnd;
        return kind = k;
    }

    private void skipSpaceAndComments() {
        while (pos < length) {
            char c = chars[pos];
            if (isSpace(c)) {
                pos++;
            } else if (c == '-' && pos + 1 < length && chars[pos + 1] == '-') {
                int newline = sql.indexOf('\n', pos + 2);
                pos = newline < 0 ? length : newline + 1;
            } else if (c == '/' && pos + 1 < length && chars[pos + 1] == '*') {
                int close = sql.indexOf("*/", pos + 2);
                pos = close < 0 ? length : close + 2;
            } else {
                return;
            }
        }
    }

    /** End of a {@code '} string whose text starts at {@code i}. */
    private int stringEnd(int i) {
        while (i < length) {
            char c = chars[i];
            if (c == '\'') {
                if (i + 1 < length && chars[i + 1] == '\'') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            if (c == '\\' && i + 1 < length) {
                if (chars[i + 1] == '\'' && closesAfterBackslash(i + 2)) {
                    return i + 2;
                }
                i += 2;
                continue;
            }
            i++;
        }
        return length;
    }

    /** Whether a quote preceded by a backslash, and followed by the character at {@code i}, closes its string. */
    private boolean closesAfterBackslash(int i) {
        if (i >= length) {
            return true;
        }
        char c = chars[i];
        return isSpace(c) || (c < 128 && (ASCII[c] & AFTER_STRING) != 0);
    }

    /** End of an identifier quoted with {@code quote} (doubled to escape) whose text starts at {@code i}. */
    private int quotedEnd(int i, char quote) {
        while (i < length) {
            if (chars[i] == quote) {
                if (i + 1 < length && chars[i + 1] == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return length;
    }

    private Kind number() {
        int i = pos;
        if (chars[i] == '0' && i + 2 < length && (chars[i + 1] | 0x20) == 'x'
                && Character.digit(chars[i + 2], 16) >= 0) {
            i += 2;
            while (i < length && Character.digit(chars[i], 16) >= 0) {
                i++;
            }
        } else {
            i = digitsEnd(i);
            if (i < length && chars[i] == '.') {
                i = digitsEnd(i + 1);
            }
            if (i < length && (chars[i] | 0x20) == 'e') {
                int j = i + 1;
                if (j < length && (chars[j] == '+' || chars[j] == '-')) {
                    j++;
                }
                if (j < length && isDigit(chars[j])) {
                    i = digitsEnd(j);
                }
            }
        }
        return token(Kind.NUMBER, identEnd(i));
    }

    /** {@code $1}, {@code $name}, {@code $$...$$}, {@code $tag$...$tag$}, or a lone {@code $}. */
    private Kind dollar(char n) {
        if (isDigit(n)) {
            return token(Kind.PARAMETER, digitsEnd(pos + 1));
        }
        int tagEnd = n == '$' ? pos + 1 : isIdentStart(n) ? identEndNoDollar(pos + 1) : -1;
        if (tagEnd < 0) {
            return token(Kind.OTHER, pos + 1);
        }
        if (tagEnd < length && chars[tagEnd] == '$') {
            String tag = sql.substring(pos, tagEnd + 1);
            int close = sql.indexOf(tag, tagEnd + 1);
            return token(Kind.STRING, close < 0 ? length : close + tag.length());
        }
        return token(Kind.PARAMETER, identEnd(pos + 1));
    }

    private int operatorEnd(char c, char n) {
        switch (c) {
            case '<':
                if (n == '=' && pos + 2 < length && chars[pos + 2] == '>') {
                    return pos + 3;
                }
                return n == '=' || n == '>' || n == '<' ? pos + 2 : pos + 1;
            case '>':
                return n == '=' || n == '>' ? pos + 2 : pos + 1;
            case '=':
            case '!':
                return n == '=' ? pos + 2 : pos + 1;
            case '|':
                return n == '|' ? pos + 2 : pos + 1;
            case '&':
                return n == '&' ? pos + 2 : pos + 1;
            case '-':
                if (n == '>') {
                    return pos + 2 < length && chars[pos + 2] == '>' ? pos + 3 : pos + 2;
                }
                return pos + 1;
            default:
                return pos + 1;
        }
    }

    private int digitsEnd(int i) {
        while (i < length && isDigit(chars[i])) {
            i++;
        }
        return i;
    }

    private int identEnd(int i) {
        while (i < length && isIdentPart(chars[i])) {
            i++;
        }
        return i;
    }

    private int identEndNoDollar(int i) {
        while (i < length && chars[i] != '$' && isIdentPart(chars[i])) {
            i++;
        }
        return i;
    }

    /** A {@code [} right after one of these is a subscript or array bracket ({@code a[1]}, {@code ARRAY[1]}). */
    private static boolean isSubscriptBase(char c) {
        return c == ')' || c == ']' || isIdentPart(c);
    }

    static boolean isSpace(char c) {
        return c <= ' ' || (c >= 128 && Character.isWhitespace(c)) || c == '\u00A0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentStart(char c) {
        return c < 128 ? (ASCII[c] & IDENT_START) != 0 : !isSpace(c);
    }

    private static boolean isIdentPart(char c) {
        return c < 128 ? (ASCII[c] & (IDENT_START | IDENT_PART)) != 0 : !isSpace(c);
    }
}
