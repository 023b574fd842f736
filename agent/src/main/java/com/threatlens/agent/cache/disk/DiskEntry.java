package com.threatlens.agent.cache.disk;

import java.util.List;
import java.util.Objects;

/**
 * One cached result as the disk tier stores it: the encoded value and what invalidates it.
 *
 * @param valueType       the declared type's {@code getTypeName()}, for people reading the file;
 *                        whether the value still decodes is the codec's decision
 * @param expiresAtMillis the entry is gone from this time on ({@link Long#MAX_VALUE}: never)
 * @param runId           the agent run that wrote it
 * @param version         the caller's version of the data the value was computed from
 */
public record DiskEntry(String region, String key, String valueType, byte[] value, long createdMillis,
                        long expiresAtMillis, List<String> tags, List<TableRef> tables, String runId, long version) {

    public DiskEntry {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        valueType = valueType == null ? "" : valueType;
        tags = tags == null ? List.of() : List.copyOf(tags);
        tables = tables == null ? List.of() : List.copyOf(tables);
        runId = runId == null ? "" : runId;
    }

    boolean isExpiredAt(long nowMillis) {
        return expiresAtMillis <= nowMillis;
    }
}
