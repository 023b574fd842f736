package com.threatlens.sidecar.advisor;

import java.util.List;

/** The indexes of one database, with the window in which statement plans were observed. */
public record DatabaseIndexes(String database, String observedSince, String observedUntil, int statementsPlanned,
                              List<IndexUse> indexes) {
}
