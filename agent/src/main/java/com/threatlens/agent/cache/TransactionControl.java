package com.threatlens.agent.cache;

import java.util.Locale;
import java.util.regex.Pattern;

import com.threatlens.agent.jdbc.StatementIdentity;

/** What a statement does to the transaction of its connection, read from its first keywords. */
enum TransactionControl {
    /** BEGIN or SAVEPOINT: a transaction (or a nested one) starts even under auto-commit. */
    BEGIN,
    /** COMMIT, END or ROLLBACK (not ROLLBACK TO): the transaction is over. */
    END,
    /** RELEASE: ends the transaction if it releases the outermost savepoint. */
    RELEASE,
    /** Anything else, ROLLBACK TO included. */
    NONE;

    private static final Pattern ROLLBACK_TO =
        Pattern.compile("\\s*ROLLBACK(\\s+TRANSACTION)?\\s+TO\\b", Pattern.CASE_INSENSITIVE);

    static TransactionControl of(StatementIdentity identity) {
        String text = identity.normalized();
        String first = firstWord(text, 0);
        switch (first) {
            case "BEGIN":
            case "SAVEPOINT":
                return BEGIN;
            case "COMMIT":
            case "END":
                return END;
            case "ROLLBACK":
                return ROLLBACK_TO.matcher(text).lookingAt() ? NONE : END;
            case "RELEASE":
                return RELEASE;
            default:
                return NONE;
        }
    }

    private static String firstWord(String text, int from) {
        int start = from;
        while (start < text.length() && !Character.isLetter(text.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        return text.substring(start, end).toUpperCase(Locale.ROOT);
    }
}
