package com.threatlens.agent.cache;

import java.util.ArrayList;
import java.util.List;

/**
 * A key or tag expression: text with placeholders that take values from the call,
 * {@code {0}} (the first argument), {@code {0.repoId}} (a property of it, or a property of that
 * property), or {@code {result.repoId}} (a property of the value the method returned).
 * Properties are read through a public no-argument method named like the property (a record
 * component), its {@code get}/{@code is} form, or a public field.
 */
final class ValueTemplate {

    static final int RESULT = -1;

    private final String text;
    private final List<Object> parts;

    private ValueTemplate(String text, List<Object> parts) {
        this.text = text;
        this.parts = parts;
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} with what is wrong. */
    static ValueTemplate parse(String text) {
        List<Object> parts = new ArrayList<>();
        int i = 0;
        StringBuilder literal = new StringBuilder();
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '}') {
                throw new IllegalArgumentException("'" + text + "' has a '}' without its '{'");
            }
            if (c != '{') {
                literal.append(c);
                i++;
                continue;
            }
            int end = text.indexOf('}', i);
            if (end < 0) {
                throw new IllegalArgumentException("'" + text + "' has a '{' without its '}'");
            }
            if (literal.length() > 0) {
                parts.add(literal.toString());
                literal.setLength(0);
            }
            parts.add(Placeholder.parse(text, text.substring(i + 1, end)));
            i = end + 1;
        }
        if (literal.length() > 0) {
            parts.add(literal.toString());
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("an empty expression");
        }
        return new ValueTemplate(text, List.copyOf(parts));
    }

    List<Placeholder> placeholders() {
        List<Placeholder> found = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Placeholder) {
                found.add((Placeholder) part);
            }
        }
        return found;
    }

    /** True when the template is exactly one placeholder (its value keeps its type). */
    boolean isSingleValue() {
        return parts.size() == 1 && parts.get(0) instanceof Placeholder;
    }

    /** The value of a single-placeholder template. */
    Object value(Object[] arguments, Object result) {
        return ((Placeholder) parts.get(0)).value(arguments, result);
    }

    /** The text with each placeholder replaced by its value ({@code null} for a null one). */
    String render(Object[] arguments, Object result) {
        StringBuilder rendered = new StringBuilder();
        for (Object part : parts) {
            rendered.append(part instanceof Placeholder ? ((Placeholder) part).value(arguments, result) : part);
        }
        return rendered.toString();
    }

    boolean usesResult() {
        return placeholders().stream().anyMatch(p -> p.source == RESULT);
    }

    @Override
    public String toString() {
        return text;
    }

    /** One {@code {...}}: an argument index or the result, then a property path. */
    static final class Placeholder {
        final int source;
        final List<String> path;

        private Placeholder(int source, List<String> path) {
            this.source = source;
            this.path = path;
        }

        static Placeholder parse(String template, String inner) {
            String[] names = inner.trim().split("\\.", -1);
            int source;
            if ("result".equals(names[0])) {
                source = RESULT;
            } else {
                try {
                    source = Integer.parseInt(names[0]);
                } catch (NumberFormatException notANumber) {
                    throw new IllegalArgumentException("'{" + inner + "}' in '" + template
                        + "' must start with an argument index (0, 1, ...) or 'result'");
                }
                if (source < 0) {
                    throw new IllegalArgumentException("'{" + inner + "}' in '" + template + "' has a negative index");
                }
            }
            List<String> path = new ArrayList<>();
            for (int i = 1; i < names.length; i++) {
                if (!names[i].matches("[A-Za-z_$][A-Za-z0-9_$]*")) {
                    throw new IllegalArgumentException("'{" + inner + "}' in '" + template
                        + "' has '" + names[i] + "', which is not a property name");
                }
                path.add(names[i]);
            }
            return new Placeholder(source, List.copyOf(path));
        }

        Object value(Object[] arguments, Object result) {
            Object value = source == RESULT ? result : arguments[source];
            for (String property : path) {
                if (value == null) {
                    return null;
                }
                value = Properties.read(value, property);
            }
            return value;
        }
    }
}
