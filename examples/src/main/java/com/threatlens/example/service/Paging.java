package com.threatlens.example.service;

/** Limits for page-numbered listings: pages start at 1, a page holds 1 to 1000 items. */
public final class Paging {

    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 1000;

    private Paging() {
    }

    static void validate(int page, int pageSize) {
        if (page < 1) {
            throw new ValidationException("page must be 1 or more, was " + page);
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new ValidationException("page_size must be between 1 and " + MAX_PAGE_SIZE + ", was " + pageSize);
        }
    }

    static long offset(int page, int pageSize) {
        return (long) (page - 1) * pageSize;
    }
}
