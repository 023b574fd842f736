package com.threatlens.agent.jdbc;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The identity of a SQL statement: its normalized text (see {@link SqlNormalizer}), a stable id
 * derived from that text, its {@link SqlOperation} and the tables it names. Immutable.
 *
 * <p>The {@link #id()} is the 64-bit FNV-1a hash of the UTF-8 bytes of the normalized text, as 16
 * lower-case hex digits: the same on every JVM, run and machine, so statistics keyed by it can be
 * compared across restarts and hosts. Two identities are equal when their normalized texts are.
 *
 * <p>Computing an identity lexes the statement twice (normalizing, then analyzing the normalized
 * text); use {@link StatementIdentities} to do it once per distinct SQL string.
 */
public final class StatementIdentity {

    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** The identity of {@code null}, empty, blank or comment-only SQL. */
    public static final StatementIdentity EMPTY = new StatementIdentity("", SqlOperation.OTHER, List.of());

    private final String normalized;
    private final String id;
    private final SqlOperation operation;
    private final List<String> tables;
    /** {@link #pointShape}'s answer once decided: a {@link PointShape}, or {@link #NO_SHAPE}. */
    private volatile Object pointShape;
    private static final Object NO_SHAPE = new Object();

    private StatementIdentity(String normalized, SqlOperation operation, List<String> tables) {
        this.normalized = normalized;
        this.id = idOf(normalized);
        this.operation = operation;
        this.tables = tables;
    }

    /** Computes the identity of {@code sql} (uncached). Never throws; {@code null} gives {@link #EMPTY}. */
    public static StatementIdentity of(String sql) {
        String normalized = SqlNormalizer.normalize(sql);
        if (normalized.isEmpty()) {
            return EMPTY;
        }
        StatementAnalyzer analysis = StatementAnalyzer.analyze(normalized);
        return new StatementIdentity(normalized, analysis.operation(), List.copyOf(analysis.tables()));
    }

    /** The id of an already normalized text: FNV-1a 64 of its UTF-8 bytes, as 16 lower-case hex digits. */
    public static String idOf(String normalized) {
        long hash = FNV_OFFSET_BASIS;
        for (byte b : normalized.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        char[] hex = new char[16];
        for (int i = 15; i >= 0; i--) {
            hex[i] = HEX[(int) (hash & 0xf)];
            hash >>>= 4;
        }
        return new String(hex);
    }

    /** The normalized text; it holds no literal values. */
    public String normalized() {
        return normalized;
    }

    /** 16 lower-case hex digits identifying the normalized text. */
    public String id() {
        return id;
    }

    public SqlOperation operation() {
        return operation;
    }

    /**
     * The tables the statement names, in order of first appearance, without duplicates: lower case,
     * unquoted, without a {@code main.} schema prefix (other prefixes kept, e.g. {@code aux.t}).
     * Unmodifiable.
     */
    public List<String> tables() {
        return tables;
    }

    /**
     * The point shape of {@code sql}, the SQL string this identity was made of (each distinct
     * string has its own identity in {@link StatementIdentities}), decided on first use; null when
     * it has none.
     */
    PointShape pointShape(String sql) {
        Object known = pointShape;
        if (known == null) {
            PointShape shape = PointShape.of(sql, this);
            known = shape == null ? NO_SHAPE : shape;
            pointShape = known;
        }
        return known == NO_SHAPE ? null : (PointShape) known;
    }

    /** {@code true} for INSERT, UPDATE, DELETE and DDL statements. */
    public boolean isWrite() {
        return operation.isWrite();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatementIdentity && ((StatementIdentity) o).normalized.equals(normalized);
    }

    @Override
    public int hashCode() {
        return normalized.hashCode();
    }

    @Override
    public String toString() {
        return id + " " + operation + " " + tables + " " + normalized;
    }
}
