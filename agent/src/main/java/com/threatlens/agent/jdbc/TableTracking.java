package com.threatlens.agent.jdbc;

/** What the JDBC interception tells about tables: who reads them, who writes them and when it commits. */
public interface TableTracking {

    /** See {@link JdbcRecorder#listenForWrites}. */
    void listenForWrites(WriteListener listener);

    /** See {@link JdbcRecorder#collectReads}. */
    TableReads collectReads(TableReads reads);

    /**
     * From now on, the values bound to the key parameters of point statements are captured and
     * shown to readers and the write listener (see {@link PointShape}).
     */
    void captureRowKeys();

    /** The collector of this thread, or null. */
    TableReads currentReads();
}
