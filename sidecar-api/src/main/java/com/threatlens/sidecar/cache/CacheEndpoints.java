package com.threatlens.sidecar.cache;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.threatlens.sidecar.ApiException;
import com.threatlens.sidecar.QueryParameters;

import io.javalin.http.Context;

/**
 * {@code /cache/...}: the cache's figures, clearing, invalidation and warming.
 *
 * <p>Every argument is checked here, before the cache sees it: regions against the ones the cache
 * knows, tags for being non-blank, repository ids for being positive integers. A repository's
 * entries are those tagged {@code repo:<id>}, the id written without leading zeros.
 */
public final class CacheEndpoints {

    private static final Set<String> CACHE_TYPES = Set.of("memory", "disk", "all");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

    private final CacheControl cache;

    public CacheEndpoints(CacheControl cache) {
        this.cache = cache;
    }

    public void stats(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        ctx.json(cache.stats());
    }

    public void clear(Context ctx) {
        QueryParameters params = QueryParameters.of(ctx, Set.of("cache_type", "region"));
        String cacheType = params.oneOf("cache_type", "all", CACHE_TYPES);
        String region = region(params);
        RemovedEntries removed = cache.clear(CacheTier.valueOf(cacheType.toUpperCase(Locale.ROOT)), region);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cache_type", cacheType);
        body.put("region", region);
        body.put("removed", removed);
        ctx.json(body);
    }

    public void invalidateRepository(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        invalidated(ctx, repositoryTag(ctx), null);
    }

    public void invalidate(Context ctx) {
        QueryParameters params = QueryParameters.of(ctx, Set.of("tag", "region"));
        String tag = tag(params);
        String region = region(params);
        if (tag == null && region == null) {
            throw new ApiException(400, "bad_parameter", "tag, region: give a tag, a region or both; regions: " + known());
        }
        invalidated(ctx, tag, region);
    }

    public void warmRepository(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        warmed(ctx, null, repositoryTag(ctx));
    }

    public void warm(Context ctx) {
        QueryParameters params = QueryParameters.of(ctx, Set.of("region", "tag"));
        warmed(ctx, region(params), tag(params));
    }

    private void invalidated(Context ctx, String tag, String region) {
        RemovedEntries removed = tag == null ? cache.invalidateRegion(region) : cache.invalidateTag(tag, region);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tag", tag);
        body.put("region", region);
        body.put("removed", removed);
        ctx.json(body);
    }

    private void warmed(Context ctx, String region, String tag) {
        WarmResult queued = cache.warm(region, tag);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("region", region);
        body.put("tag", tag);
        body.put("calls_queued", queued.callsQueued());
        body.put("task_id", queued.taskId());
        ctx.status(202).json(body);
    }

    /** The region parameter, checked against the cache's regions; {@code null} when not given. */
    private String region(QueryParameters params) {
        return params.oneOf("region", null, cache.regions());
    }

    /** The tag parameter; {@code null} when not given, a 400 when given empty. */
    private static String tag(QueryParameters params) {
        String tag = params.text("tag", null);
        if (tag != null && tag.isBlank()) {
            throw ApiException.badParameter("tag", "empty; give a tag such as repo:42");
        }
        return tag;
    }

    private static String repositoryTag(Context ctx) {
        String id = ctx.pathParam("repo_id");
        if (!DIGITS.matcher(id).matches() || Long.parseLong(id) == 0) {
            throw ApiException.badParameter("repo_id", "'" + id + "' is not a positive integer");
        }
        return "repo:" + Long.parseLong(id);
    }

    private String known() {
        return String.join("|", cache.regions().stream().sorted().toList());
    }
}
