package com.threatlens.sidecar;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/** Hand-written stand-ins for what the agent plugs into the sidecar. */
public final class Fakes {

    private Fakes() {
    }

    static HealthCheck check(String component, Supplier<ComponentHealth> verdict) {
        return new HealthCheck() {
            @Override
            public String component() {
                return component;
            }

            @Override
            public ComponentHealth check() {
                return verdict.get();
            }
        };
    }

    static MetricsSection section(String name, Supplier<Map<String, Object>> snapshot) {
        return new MetricsSection() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Map<String, Object> snapshot() {
                return snapshot.get();
            }
        };
    }

    static SidecarEngine engine(List<HealthCheck> checks, List<MetricsSection> sections) {
        return new SidecarEngine(checks, sections);
    }

    static SidecarEngine emptyEngine() {
        return new SidecarEngine(List.of(), List.of());
    }

    /** A fault log that keeps what it is given. */
    public static final class Faults implements BiConsumer<String, Throwable> {

        public record Fault(String message, Throwable cause) {
        }

        public final List<Fault> received = new CopyOnWriteArrayList<>();

        @Override
        public void accept(String message, Throwable cause) {
            received.add(new Fault(message, cause));
        }
    }
}
