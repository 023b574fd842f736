package com.threatlens.sidecar.pools;

import java.util.List;

/** The connection pools the engine runs, for {@code /database/stats}. */
public interface ConnectionPools {

    List<PoolRow> pools();
}
