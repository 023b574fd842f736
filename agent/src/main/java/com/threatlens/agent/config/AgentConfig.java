package com.threatlens.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The agent's configuration, built once at start-up and immutable afterwards.
 *
 * <p>Sources, highest first: agent arguments ({@code key=value,key=value}), system properties
 * {@code threatlens.perf.<key>}, environment variables {@code THREATLENS_PERF_<KEY>}, the
 * properties file named by {@code config}, then the defaults of {@link Settings}.
 *
 * <p>A configuration mistake never stops the host: a bad value is reported in one line that
 * names the key, the value, where it came from and the accepted form, and the feature the key
 * belongs to is switched off (a key without a feature falls back to its default). Unknown keys
 * are reported and ignored.
 */
public final class AgentConfig {

    private final Map<Setting<?>, Object> values;
    private final Map<String, String> disabledFeatures;
    private final List<String> problems;

    private AgentConfig(Map<Setting<?>, Object> values, Map<String, String> disabledFeatures, List<String> problems) {
        this.values = values;
        this.disabledFeatures = disabledFeatures;
        this.problems = problems;
    }

    public static AgentConfig defaults() {
        return load(null, Map.of(), Map.of());
    }

    public static AgentConfig load(String agentArguments, Map<String, String> systemProperties, Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        List<Source> sources = new ArrayList<>();
        sources.add(new Source("agent arguments", parseArguments(agentArguments, problems)));
        sources.add(new Source("system properties", prefixed(systemProperties, Settings.PROPERTY_PREFIX, problems)));
        sources.add(new Source("environment", fromEnvironment(environment, problems)));

        String configPath = firstValue(sources, Settings.CONFIG_FILE.key());
        if (configPath != null && !configPath.isBlank()) {
            sources.add(new Source("file " + configPath, readFile(configPath.trim(), problems)));
        }

        Map<Setting<?>, Object> values = new HashMap<>();
        Map<String, String> disabled = new LinkedHashMap<>();
        for (Setting<?> setting : Settings.ALL) {
            values.put(setting, resolve(setting, sources, disabled, problems));
        }
        return new AgentConfig(Collections.unmodifiableMap(values), Collections.unmodifiableMap(disabled), List.copyOf(problems));
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) values.get(setting);
    }

    /** False when the agent is off, or a bad value of one of the feature's keys switched it off. */
    public boolean isFeatureOn(String feature) {
        return !disabledFeatures.containsKey(feature) && !disabledFeatures.containsKey(Settings.FEATURE_AGENT);
    }

    /** Features switched off by configuration mistakes, with the reason for each. */
    public Map<String, String> disabledFeatures() {
        return disabledFeatures;
    }

    /** The one-line reports of every mistake found while loading. */
    public List<String> problems() {
        return problems;
    }

    private static <T> Object resolve(Setting<T> setting, List<Source> sources, Map<String, String> disabled, List<String> problems) {
        for (Source source : sources) {
            String text = source.values.get(setting.key());
            if (text == null) {
                continue;
            }
            try {
                return setting.type().parse(text);
            } catch (RuntimeException bad) {
                String consequence;
                if (setting.feature() == null) {
                    consequence = "using the default " + setting.defaultText();
                } else {
                    consequence = "the " + setting.feature() + " feature is off";
                    disabled.putIfAbsent(setting.feature(), "bad value for " + setting.key());
                }
                problems.add("bad value for " + setting.key() + ": '" + text + "' (from " + source.name + "); expected "
                    + setting.type().acceptedForm() + "; " + consequence);
                return setting.defaultValue();
            }
        }
        return setting.defaultValue();
    }

    private static String firstValue(List<Source> sources, String key) {
        for (Source source : sources) {
            String value = source.values.get(key);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /**
     * {@code key=value,key=value}. A piece without {@code =} continues the previous value, so a
     * value may itself contain commas ({@code pool.exclude=a,b}).
     */
    static Map<String, String> parseArguments(String arguments, List<String> problems) {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (arguments == null || arguments.isBlank()) {
            return parsed;
        }
        String lastKey = null;
        boolean continuingUnknown = false;
        for (String piece : arguments.split(",")) {
            int eq = piece.indexOf('=');
            if (eq < 0) {
                if (lastKey != null) {
                    parsed.put(lastKey, parsed.get(lastKey) + "," + piece);
                } else if (!piece.isBlank() && !continuingUnknown) {
                    problems.add("agent argument '" + piece.trim() + "' has no value; expected key=value");
                }
                continue;
            }
            String key = piece.substring(0, eq).trim();
            if (Settings.BY_KEY.containsKey(key)) {
                parsed.put(key, piece.substring(eq + 1));
                lastKey = key;
                continuingUnknown = false;
            } else {
                problems.add(unknownKey(key, "agent arguments"));
                lastKey = null;
                continuingUnknown = true;
            }
        }
        return parsed;
    }

    private static Map<String, String> prefixed(Map<String, String> properties, String prefix, List<String> problems) {
        Map<String, String> found = new HashMap<>();
        for (Map.Entry<String, String> entry : properties.entrySet()) {
            if (!entry.getKey().startsWith(prefix)) {
                continue;
            }
            String key = entry.getKey().substring(prefix.length());
            if (Settings.BY_KEY.containsKey(key)) {
                found.put(key, entry.getValue());
            } else {
                problems.add(unknownKey(entry.getKey(), "system properties"));
            }
        }
        return found;
    }

    private static Map<String, String> fromEnvironment(Map<String, String> environment, List<String> problems) {
        Map<String, Setting<?>> byEnvironmentName = new HashMap<>();
        for (Setting<?> setting : Settings.ALL) {
            byEnvironmentName.put(setting.environmentName(), setting);
        }
        Map<String, String> found = new HashMap<>();
        for (Map.Entry<String, String> entry : environment.entrySet()) {
            if (!entry.getKey().startsWith(Settings.ENV_PREFIX)) {
                continue;
            }
            Setting<?> setting = byEnvironmentName.get(entry.getKey());
            if (setting != null) {
                found.put(setting.key(), entry.getValue());
            } else {
                problems.add(unknownKey(entry.getKey(), "environment"));
            }
        }
        return found;
    }

    private static Map<String, String> readFile(String path, List<String> problems) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | RuntimeException unreadable) {
            problems.add("bad value for config: '" + path + "' cannot be read (" + unreadable.getClass().getSimpleName()
                + "); expected a readable properties file; its settings are ignored");
            return Map.of();
        }
        Map<String, String> found = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            String key = name.startsWith(Settings.PROPERTY_PREFIX) ? name.substring(Settings.PROPERTY_PREFIX.length()) : name;
            if (key.equals(Settings.CONFIG_FILE.key())) {
                problems.add("key 'config' inside " + path + " is ignored; a configuration file cannot name another");
            } else if (Settings.BY_KEY.containsKey(key)) {
                found.put(key, properties.getProperty(name));
            } else {
                problems.add(unknownKey(name, "file " + path));
            }
        }
        return found;
    }

    private static String unknownKey(String key, String source) {
        return "unknown key '" + key + "' (from " + source + ") ignored; the README lists every key";
    }

    private record Source(String name, Map<String, String> values) {
    }
}
