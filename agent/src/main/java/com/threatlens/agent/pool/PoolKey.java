package com.threatlens.agent.pool;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * One pool per database URL and set of connection properties: connections opened with other
 * properties (read-only, another open mode, other PRAGMAs) are other connections.
 */
record PoolKey(String url, Map<String, String> properties) {

    static PoolKey of(String url, Properties properties) {
        Map<String, String> sorted = new TreeMap<>();
        if (properties != null) {
            for (String name : properties.stringPropertyNames()) {
                sorted.put(name, properties.getProperty(name));
            }
        }
        return new PoolKey(url.trim(), Map.copyOf(sorted));
    }

    Properties toProperties() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }
}
