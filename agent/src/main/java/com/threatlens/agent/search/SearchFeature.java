package com.threatlens.agent.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import com.threatlens.agent.bootstrap.AgentLog;
import com.threatlens.agent.cache.AgentResults;
import com.threatlens.agent.config.AgentConfig;
import com.threatlens.agent.config.Settings;
import com.threatlens.agent.data.ThreatLensDatabase;
import com.threatlens.agent.tasks.TaskProcessor;
import com.threatlens.agent.tasks.TaskRejectedException;
import com.threatlens.agent.tasks.TaskRequest;
import com.threatlens.sidecar.ApiException;
import com.threatlens.sidecar.MetricsSection;
import com.threatlens.sidecar.search.SearchItem;
import com.threatlens.sidecar.search.SearchPage;
import com.threatlens.sidecar.search.SearchRequest;
import com.threatlens.sidecar.search.SecuritySearch;

/**
 * The optimized security search: ThreatLens's search over its own database, read through the
 * agent's read-only pool, through the full-text index when there is one, with cursor pagination.
 * Pages and totals are cached in the {@code search} region and follow the application's writes to
 * {@code security_wikis}; while a page is served the next one is computed in the background, so
 * paging forward is a cache hit.
 */
public final class SearchFeature implements SecuritySearch, MetricsSection {

    static final List<String> TABLES_READ = List.of("security_wikis");
    /** Prefetching is the lowest of the seed's bands (analytics, 10 to 15): it only saves a later wait. */
    static final int PREFETCH_PRIORITY = 14;
    static final int MAX_PREFETCHES_IN_FLIGHT = 64;
    static final long WATCH_SECONDS = 2;

    private final ThreatLensDatabase database;
    private final FtsState fts;
    private final CursorCodec cursors = new CursorCodec();
    private final AgentResults results;
    private final AgentResults.Kind pages;
    private final AgentResults.Kind totals;
    private final boolean prefetch;
    private final Set<PageKey> prefetching = ConcurrentHashMap.newKeySet();
    private final TableSize tableSize = new TableSize();
    private final SplitCount splitCount;
    private volatile TaskProcessor processor;

    private final LongAdder searches = new LongAdder();
    private final LongAdder servedByFts = new LongAdder();
    private final LongAdder servedByLike = new LongAdder();
    private final LongAdder servedFromCache = new LongAdder();
    private final LongAdder prefetched = new LongAdder();
    private final LongAdder failures = new LongAdder();

    /** {@code results} null: nothing is cached (the cache is off). */
    public SearchFeature(AgentConfig config, ThreatLensDatabase database, AgentResults results) {
        this.database = database;
        this.fts = new FtsState(database, config.get(Settings.SEARCH_FTS));
        this.results = results;
        this.pages = results == null ? null : results.kind("search-page", "search");
        this.totals = results == null ? null : results.kind("search-total", "search");
        this.prefetch = config.get(Settings.SEARCH_PREFETCH);
        this.splitCount = new SplitCount(database, SplitCount.parts(config.get(Settings.SEARCH_COUNT_PARTS)));
    }

    public static boolean isOn(AgentConfig config) {
        return config.isFeatureOn(Settings.FEATURE_SEARCH) && config.get(Settings.SEARCH_ENABLED);
    }

    /**
     * With {@code search.fts=true}, looks for the database every few seconds until the application
     * has opened it, so the index is built before the first search rather than because of it.
     */
    public void connect() {
        if (!fts.builds()) {
            return;
        }
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "threatlens-search-watch");
            thread.setDaemon(true);
            return thread;
        });
        watcher.scheduleWithFixedDelay(() -> {
            try {
                database.url();
                fts.available();
                watcher.shutdown();
            } catch (ApiException notOpenedYet) {
                // looked for again shortly
            } catch (RuntimeException failed) {
                AgentLog.warn("search: cannot check for the full-text index: " + failed);
                watcher.shutdown();
            }
        }, 0, WATCH_SECONDS, TimeUnit.SECONDS);
    }

    /** Runs prefetches and the index build as tasks of {@code processor}. */
    public void useTasks(TaskProcessor processor) {
        this.processor = processor;
        fts.useProcessor(processor);
    }

    @Override
    public SearchPage search(SearchRequest request) {
        long start = System.nanoTime();
        SearchFilter filter = SearchFilter.of(request);
        SearchPosition position = request.cursor() != null ? cursors.decode(filter, request.cursor())
            : SearchPosition.pageNumber(request.page());
        PageKey key = new PageKey(filter, request.pageSize(), position);
        boolean[] computed = new boolean[1];
        ComputedPage page = cached(pages, key, () -> {
            computed[0] = true;
            return computePage(key);
        });
        searches.increment();
        (page.servedBy().equals("fts") ? servedByFts : servedByLike).increment();
        if (!computed[0]) {
            servedFromCache.increment();
        }
        if (page.next() != null) {
            prefetch(new PageKey(filter, request.pageSize(), page.next()));
            if (!position.isCursor()) {
                prefetch(new PageKey(filter, request.pageSize(), SearchPosition.pageNumber(position.page() + 1)));
            }
        }
        return new SearchPage(page.servedBy(), !computed[0], page.total(), position.page(), request.pageSize(), page.items(),
            page.next() == null ? null : cursors.encode(filter, page.next()), (System.nanoTime() - start) / 1e6);
    }

    private <T> T cached(AgentResults.Kind kind, Object key, SqlWork<T> compute) {
        try {
            if (results == null) {
                return compute.run();
            }
            return results.get(kind, key, database.statsName(), TABLES_READ, compute::run);
        } catch (ApiException refusal) {
            throw refusal;
        } catch (Exception failed) {
            failures.increment();
            throw new ApiException(500, "search_failed", "the search could not read the database: " + failed.getMessage());
        }
    }

    private ComputedPage computePage(PageKey key) throws SQLException {
        SearchFilter filter = key.filter();
        boolean indexed = SearchSql.indexCanServe(filter) && fts.available();
        String servedBy = indexed ? "fts" : "like";
        long total = cached(totals, filter, () -> count(filter, indexed));
        if (total == 0) {
            return new ComputedPage(servedBy, total, List.of(), null);
        }
        SearchSql sql = SearchSql.of(filter, indexed && !denseEnough(key, total));
        return database.read(connection -> {
            List<SearchItem> items = new ArrayList<>(Math.min(key.pageSize(), 1_000));
            boolean more = false;
            try (PreparedStatement select = connection.prepareStatement(sql.pageSql(key.position()))) {
                // One row more than the page tells whether there is a next page.
                sql.bindPage(select, filter, key.position(), key.pageSize(), key.pageSize() + 1);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        if (items.size() == key.pageSize()) {
                            more = true;
                            break;
                        }
                        items.add(item(rows));
                    }
                }
            }
            SearchPosition next = null;
            if (more) {
                SearchItem last = items.get(items.size() - 1);
                next = SearchPosition.after(key.position().page() + 1, last.updatedAt() == null ? "" : last.updatedAt(),
                    last.id());
            }
            return new ComputedPage(servedBy, total, List.copyOf(items), next);
        });
    }

    /**
     * Whether reading wikis in order (through the order index the full-text build adds) and
     * testing each reaches the page sooner than fetching every match from the index and sorting
     * them: when matches are dense, about {@code (offset + page) * wikis / matches} wikis are read
     * the first way and {@code matches} the second.
     */
    private boolean denseEnough(PageKey key, long total) throws SQLException {
        long wikis = tableSize.rows(database);
        double readInOrder = (double) (key.position().offset(key.pageSize()) + key.pageSize() + 1) * wikis / total;
        return readInOrder < total;
    }

    private long count(SearchFilter filter, boolean indexed) throws SQLException {
        SearchSql indexOnly = indexed ? SearchSql.indexOnlyCount(filter) : null;
        if (indexOnly != null) {
            return splitCount.count(indexOnly);
        }
        SearchSql sql = SearchSql.of(filter, indexed);
        return database.read((Connection connection) -> {
            try (PreparedStatement select = connection.prepareStatement(sql.countSql())) {
                sql.bindCount(select);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    private static SearchItem item(ResultSet row) throws SQLException {
        String tags = row.getString(6);
        List<String> tagList = new ArrayList<>();
        if (tags != null) {
            for (String tag : tags.split(",")) {
                if (!tag.isBlank()) {
                    tagList.add(tag.trim());
                }
            }
        }
        return new SearchItem(row.getLong(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5),
            List.copyOf(tagList), row.getString(7), row.getString(8));
    }

    /** Computes {@code key}'s page in the background unless it is cached or on its way already. */
    private void prefetch(PageKey key) {
        TaskProcessor tasks = processor;
        if (!prefetch || tasks == null || results == null || results.peek(pages, key) != null
            || prefetching.size() >= MAX_PREFETCHES_IN_FLIGHT || !prefetching.add(key)) {
            return;
        }
        try {
            tasks.submit(TaskRequest.of("search-prefetch", PREFETCH_PRIORITY, "page " + key.position().page()
                + " of a search", context -> {
                    try {
                        cached(pages, key, () -> computePage(key));
                        prefetched.increment();
                        return "page " + key.position().page() + " cached";
                    } finally {
                        prefetching.remove(key);
                    }
                }));
        } catch (TaskRejectedException full) {
            prefetching.remove(key);
            AgentLog.debug("search: no prefetch, " + full.getMessage());
        }
    }

    @Override
    public String name() {
        return "search";
    }

    @Override
    public Map<String, Object> snapshot() {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("searches", searches.sum());
        section.put("served_by_fts", servedByFts.sum());
        section.put("served_by_like", servedByLike.sum());
        section.put("served_from_cache", servedFromCache.sum());
        section.put("pages_prefetched", prefetched.sum());
        section.put("failures", failures.sum());
        return section;
    }

    /** Reading that may fail with an SQL error. */
    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }
}
