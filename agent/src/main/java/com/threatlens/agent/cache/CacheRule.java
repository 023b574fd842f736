package com.threatlens.agent.cache;

import java.time.Duration;
import java.util.List;

/**
 * One line of the rules file: which methods to cache, in which region, for how long, under which
 * key and with which tags.
 *
 * @param key the key's parts, or null for all the arguments
 * @param cacheNulls whether a null result is cached (by default it is not)
 * @param copy whether each hit hands out a copy (for callers that mutate what they get)
 * @param disk whether values also go to the disk tier
 */
record CacheRule(String name, RuleTarget target, Region region, Duration ttl, List<ValueTemplate> key,
                 List<ValueTemplate> tags, boolean cacheNulls, boolean copy, boolean disk) {
}
