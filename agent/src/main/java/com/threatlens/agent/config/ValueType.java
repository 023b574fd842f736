package com.threatlens.agent.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How a setting's text becomes a value, and how to tell a user the accepted form when it
 * does not. Durations and sizes take units, so that {@code 100ms} and {@code 64MB} mean
 * what they say.
 */
public interface ValueType<T> {

    T parse(String text);

    String acceptedForm();

    ValueType<Boolean> BOOLEAN = new ValueType<>() {
        @Override
        public Boolean parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (t.equals("true") || t.equals("on") || t.equals("yes")) {
                return true;
            }
            if (t.equals("false") || t.equals("off") || t.equals("no")) {
                return false;
            }
            throw new IllegalArgumentException();
        }

        @Override
        public String acceptedForm() {
            return "true or false";
        }
    };

    ValueType<String> TEXT = new ValueType<>() {
        @Override
        public String parse(String text) {
            return text.trim();
        }

        @Override
        public String acceptedForm() {
            return "any text";
        }
    };

    ValueType<Integer> PORT = integer(0, 65_535);

    ValueType<Duration> DURATION = new ValueType<>() {
        @Override
        public Duration parse(String text) {
            return Units.parseDuration(text);
        }

        @Override
        public String acceptedForm() {
            return "a duration with a unit, such as 250ms, 30s, 5m or 1h";
        }
    };

    ValueType<Long> SIZE = new ValueType<>() {
        @Override
        public Long parse(String text) {
            return Units.parseSize(text);
        }

        @Override
        public String acceptedForm() {
            return "a size with a unit, such as 512KB, 64MB or 1GB";
        }
    };

    static ValueType<Integer> integer(int min, int max) {
        return new ValueType<>() {
            @Override
            public Integer parse(String text) {
                int value = Integer.parseInt(text.trim());
                if (value < min || value > max) {
                    throw new IllegalArgumentException();
                }
                return value;
            }

            @Override
            public String acceptedForm() {
                return "an integer from " + min + " to " + max;
            }
        };
    }

    static <E extends Enum<E>> ValueType<E> oneOf(Class<E> type) {
        return new ValueType<>() {
            @Override
            public E parse(String text) {
                return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            }

            @Override
            public String acceptedForm() {
                StringBuilder form = new StringBuilder("one of");
                for (E constant : type.getEnumConstants()) {
                    form.append(' ').append(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
                }
                return form.toString();
            }
        };
    }

    /** A duration of at least {@code min}; zero is also accepted when {@code zeroMeansOff}. */
    static ValueType<Duration> duration(Duration min, boolean zeroMeansOff) {
        return new ValueType<>() {
            @Override
            public Duration parse(String text) {
                Duration value = Units.parseDuration(text);
                if (value.compareTo(min) < 0 && !(zeroMeansOff && value.isZero())) {
                    throw new IllegalArgumentException();
                }
                return value;
            }

            @Override
            public String acceptedForm() {
                return "a duration of at least " + min.toMillis() + "ms with a unit, such as 250ms, 30s or 5m"
                    + (zeroMeansOff ? ", or 0s for off" : "");
            }
        };
    }

    /** One of a few words, given back in lower case. */
    static ValueType<String> choice(String... words) {
        List<String> accepted = List.of(words);
        return new ValueType<>() {
            @Override
            public String parse(String text) {
                String word = text.trim().toLowerCase(Locale.ROOT);
                if (!accepted.contains(word)) {
                    throw new IllegalArgumentException();
                }
                return word;
            }

            @Override
            public String acceptedForm() {
                return "one of " + String.join(" ", accepted);
            }
        };
    }

    /** A Java regular expression, checked here and compiled where it is used; empty means none. */
    ValueType<String> REGEX = new ValueType<>() {
        @Override
        public String parse(String text) {
            try {
                Pattern.compile(text.trim());
                return text.trim();
            } catch (PatternSyntaxException bad) {
                throw new IllegalArgumentException(bad);
            }
        }

        @Override
        public String acceptedForm() {
            return "a Java regular expression, such as .*/cache/.* (empty: none)";
        }
    };
}
