package com.threatlens.agent.cache;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A named group of cached methods sharing a time to live. */
record Region(String name, Duration ttl) {

    /** ThreatLens's own time-to-live per kind of data. */
    static Map<String, Region> builtIn() {
        Map<String, Region> regions = new LinkedHashMap<>();
        for (Region region : new Region[] {
            new Region("wiki", Duration.ofHours(1)),
            new Region("search", Duration.ofMinutes(30)),
            new Region("analytics", Duration.ofMinutes(15)),
            new Region("patterns", Duration.ofHours(2)),
            new Region("owasp", Duration.ofHours(24)),
        }) {
            regions.put(region.name(), region);
        }
        return regions;
    }
}
