package com.threatlens.agent.cache;

/** Whether a cached value may be served: see {@link TableVersions}. */
enum Freshness {
    /** No table it read was written since it was computed. */
    FRESH,
    /** A write to a table it read is in flight: neither serve nor store it, but keep it for now. */
    BEING_WRITTEN,
    /** A table it read was written since: it is dropped. */
    STALE
}
