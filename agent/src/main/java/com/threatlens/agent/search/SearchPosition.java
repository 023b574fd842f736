package com.threatlens.agent.search;

/**
 * Where a page starts: after the sort key of the last row of the page before (a cursor: keyset
 * pagination, stable while rows are inserted), or at an offset (a page number).
 *
 * @param page the page's number, for the answer
 */
record SearchPosition(int page, String afterUpdatedAt, long afterId) {

    static SearchPosition pageNumber(int page) {
        return new SearchPosition(page, null, 0);
    }

    static SearchPosition after(int page, String updatedAt, long id) {
        return new SearchPosition(page, updatedAt, id);
    }

    boolean isCursor() {
        return afterUpdatedAt != null;
    }

    long offset(int pageSize) {
        return isCursor() ? 0 : (long) (page - 1) * pageSize;
    }
}
