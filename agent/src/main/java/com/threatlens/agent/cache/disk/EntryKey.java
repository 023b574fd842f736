package com.threatlens.agent.cache.disk;

/** Where an entry lives: its region and its key within the region. */
record EntryKey(String region, String key) {
}
