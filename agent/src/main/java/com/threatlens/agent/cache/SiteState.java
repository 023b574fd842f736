package com.threatlens.agent.cache;

/** What a rule does for one method it matched. */
enum SiteState {
    /** Cached in memory and on disk. */
    ACTIVE,
    /** Cached in memory only (the rule says so, or the value cannot be stored on disk). */
    MEMORY_ONLY,
    /** Not cached (a key or tag expression failed on a real call, or the method cannot be found). */
    OFF
}
