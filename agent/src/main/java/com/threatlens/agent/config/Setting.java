package com.threatlens.agent.config;

/**
 * One configuration key: its name, the feature a bad value switches off, its default and what
 * it means. The README's configuration table lists exactly the settings of {@link Settings}.
 *
 * @param feature the feature a bad value turns off; {@code null} when a bad value only falls
 *                back to the default
 */
public record Setting<T>(String key, String feature, String defaultText, ValueType<T> type, String description) {

    /*
     * Identity is the key. The record's generated equals and hashCode would be bootstrapped
     * through invokedynamic at their first use, on the host's main thread during premain, and
     * would hash the value type and description as well.
     */
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof Setting<?> setting && key.equals(setting.key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    public T defaultValue() {
        return type.parse(defaultText);
    }

    /** The environment variable that carries this key: {@code http.port} is {@code THREATLENS_PERF_HTTP_PORT}. */
    public String environmentName() {
        return Settings.ENV_PREFIX + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
