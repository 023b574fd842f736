package com.threatlens.agent.advisor;

/**
 * One key column of an index: its name as the schema spells it, its direction, and whether it
 * compares case-insensitively ({@code COLLATE NOCASE}, which a {@code LIKE 'prefix%'} needs).
 */
record IndexColumn(String name, boolean descending, boolean nocase) {

    static IndexColumn ascending(String name) {
        return new IndexColumn(name, false, false);
    }

    /** Whether this column serves where {@code wanted} is asked for: same name, direction and collation. */
    boolean serves(IndexColumn wanted) {
        return name.equalsIgnoreCase(wanted.name) && descending == wanted.descending && nocase == wanted.nocase;
    }

    /** The column as it stands in CREATE INDEX, its name quoted. */
    String ddl() {
        return SqlNames.quote(name) + (nocase ? " COLLATE NOCASE" : "") + (descending ? " DESC" : "");
    }

    @Override
    public String toString() {
        return name + (nocase ? " COLLATE NOCASE" : "") + (descending ? " DESC" : "");
    }
}
