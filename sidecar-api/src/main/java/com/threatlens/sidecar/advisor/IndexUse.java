package com.threatlens.sidecar.advisor;

import java.util.List;

/**
 * An existing index: {@code used} when an observed statement's plan reads it; {@code redundantWith}
 * names an index whose columns start with all of this one's. Both only candidates to drop: the
 * advisor never drops an index.
 */
public record IndexUse(String name, String table, List<String> columns, boolean unique, boolean used,
                       List<String> usedBy, String redundantWith) {
}
