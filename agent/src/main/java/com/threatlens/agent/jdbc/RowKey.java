package com.threatlens.agent.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * A point statement as executed: its {@link PointShape} and the values bound to its candidate key
 * parameters, each in canonical form (or null when unknown).
 *
 * <p>Canonical form: every spelling of one number is one key, since SQLite compares a key column
 * with numeric affinity to {@code 5}, {@code 5L}, {@code 5.0} and {@code '5'} alike. Integral
 * values within {@code long} become a {@link Long}, other finite numbers the {@link Double} SQLite
 * would store, text that reads as a number that number, other text itself. Mapping two values
 * that name different rows to one key only makes invalidation coarser; mapping one row's value
 * to two keys would hide a write, so whatever cannot be put in this form (blobs, dates, booleans,
 * NULL, NaN) is unknown, and the statement is table-level.
 */
public final class RowKey {

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final double TWO_TO_63 = 0x1p63;

    private final PointShape shape;
    private final Object[] values;

    RowKey(PointShape shape, Object[] values) {
        this.shape = shape;
        this.values = values;
    }

    public PointShape shape() {
        return shape;
    }

    /** The canonical value bound to candidate {@code i} of the shape, or null when unknown. */
    public Object value(int i) {
        return values[i];
    }

    /** The canonical form of a bound value, or null when it has none. */
    public static Object canonical(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            return ofDouble(((Number) value).doubleValue());
        }
        if (value instanceof BigDecimal decimal) {
            return ofDecimal(decimal);
        }
        if (value instanceof BigInteger integer) {
            return integer.bitLength() < 64 ? (Object) integer.longValue() : ofDouble(integer.doubleValue());
        }
        if (value instanceof String text) {
            String trimmed = text.trim();
            if (trimmed.length() <= 400 && NUMBER.matcher(trimmed).matches()) {
                return ofDecimal(new BigDecimal(trimmed));
            }
            return text;
        }
        return null;
    }

    private static Object ofDecimal(BigDecimal decimal) {
        BigDecimal stripped = decimal.signum() == 0 ? BigDecimal.ZERO : decimal.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 19) {
            try {
                return stripped.longValueExact();
            } catch (ArithmeticException beyondLong) {
                // Falls through: SQLite keeps it as a REAL.
            }
        }
        return ofDouble(decimal.doubleValue());
    }

    private static Object ofDouble(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return null;
        }
        if (value == Math.rint(value) && value >= -TWO_TO_63 && value < TWO_TO_63) {
            return (long) value;
        }
        return value;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(shape.toString()).append(" [");
        for (int i = 0; i < values.length; i++) {
            text.append(i == 0 ? "" : ", ").append(values[i]);
        }
        return text.append(']').toString();
    }
}
