package com.threatlens.agent.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.threatlens.agent.config.ValueType;

/**
 * One {@code PRAGMA name = value} applied to every pooled connection when it is opened.
 * PRAGMA values cannot be bound as parameters, so both parts are checked against a strict
 * form instead: a name of letters and underscores, a value that is a word or a number.
 */
public record Pragma(String name, String value) {

    private static final Pattern NAME = Pattern.compile("[a-z_]{1,64}");
    private static final Pattern VALUE = Pattern.compile("-?[A-Za-z0-9_]{1,32}");

    public Pragma {
        name = name.trim().toLowerCase(Locale.ROOT);
        value = value.trim();
        if (!NAME.matcher(name).matches() || !VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("not a PRAGMA setting: " + name + "=" + value);
        }
    }

    public String statement() {
        return "PRAGMA " + name + " = " + value;
    }

    /** {@code journal_mode=WAL;synchronous=NORMAL}, with {@code ;} or {@code ,} between settings. */
    public static final ValueType<List<Pragma>> LIST = new ValueType<>() {
        @Override
        public List<Pragma> parse(String text) {
            List<Pragma> pragmas = new ArrayList<>();
            for (String part : text.split("[;,]")) {
                if (part.isBlank()) {
                    continue;
                }
                int equals = part.indexOf('=');
                if (equals < 0) {
                    throw new IllegalArgumentException("missing =");
                }
                pragmas.add(new Pragma(part.substring(0, equals), part.substring(equals + 1)));
            }
            return List.copyOf(pragmas);
        }

        @Override
        public String acceptedForm() {
            return "name=value pairs separated by ; such as journal_mode=WAL;synchronous=NORMAL (empty: use the pool.* PRAGMA keys)";
        }
    };
}
