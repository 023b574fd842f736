package com.threatlens.sidecar;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

import com.threatlens.sidecar.advisor.AdvisorEndpoints;
import com.threatlens.sidecar.analytics.AnalyticsEndpoints;
import com.threatlens.sidecar.api.ApiEndpoints;
import com.threatlens.sidecar.cache.CacheEndpoints;
import com.threatlens.sidecar.queries.DatabaseStatsEndpoint;
import com.threatlens.sidecar.queries.QueryEndpoints;
import com.threatlens.sidecar.queries.QueryStatistics;
import com.threatlens.sidecar.search.SearchEndpoints;
import com.threatlens.sidecar.tasks.TaskEndpoints;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;

/**
 * The embedded HTTP API under {@code /api/performance}, on Javalin, in the host JVM.
 *
 * <p>It runs on a small pool of daemon threads so that it never keeps the host alive, binds
 * loopback unless told otherwise, and refuses a non-loopback bind without a token. Every
 * answer that is not a success has the shape {@code {"error": ..., "detail": ...}}: 4xx for
 * the caller's mistakes, 5xx only for the agent's own faults.
 */
public final class SidecarServer {

    public static final String BASE = "/api/performance";
    private static final int MAX_THREADS = 8;
    private static final long STOP_TIMEOUT_MS = 1_000;

    private final Server server;
    private final InetSocketAddress address;

    private SidecarServer(Server server, InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    /**
     * Starts the server, or throws {@link SidecarStartException} with a message fit for one log
     * line (port taken, address unknown, missing token).
     */
    public static SidecarServer start(SidecarOptions options, SidecarEngine engine) {
        InetAddress bind = resolve(options.host());
        if (!bind.isLoopbackAddress() && !options.hasToken()) {
            throw new SidecarStartException("http.host=" + options.host()
                + " is not a loopback address; set http.token to expose the sidecar beyond this machine");
        }
        Map<String, Set<String>> methodsByPath = new LinkedHashMap<>();
        Javalin app = Javalin.create(config -> configure(config, options, engine, methodsByPath));
        Server server = jettyServer(options, app);
        try {
            server.start();
        } catch (Exception failed) {
            stopQuietly(server);
            throw new SidecarStartException("cannot listen on " + options.host() + ":" + options.port() + ": " + rootMessage(failed));
        }
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        return new SidecarServer(server, new InetSocketAddress(bind, port));
    }

    /**
     * Javalin runs as a servlet in a Jetty server built here rather than by Javalin, because
     * Jetty's default scheduler thread is not a daemon and would keep the host JVM alive after
     * its main method returns. Every thread of this server is a daemon.
     */
    private static Server jettyServer(SidecarOptions options, Javalin app) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
        threads.setName("threatlens-sidecar");
        threads.setDaemon(true);
        Server server = new Server(threads, new ScheduledExecutorScheduler("threatlens-sidecar-scheduler", true), null);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        HttpConfiguration http = connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration();
        http.setSendServerVersion(false);
        // Jetty's header cache matches case-insensitively: without this a cached
        // "Authorization: Bearer X" would also accept "bearer x" on the same connection.
        http.setHeaderCacheCaseSensitive(true);
        connector.setShutdownIdleTimeout(100);
        connector.setHost(options.host());
        connector.setPort(options.port());
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(app.javalinServlet()), "/*");
        server.setHandler(context);
        server.setStopTimeout(STOP_TIMEOUT_MS);
        return server;
    }

    public InetSocketAddress address() {
        return address;
    }

    public String url() {
        String host = address.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + address.getPort() + BASE;
    }

    public void stop() {
        stopQuietly(server);
    }

    static ObjectMapper objectMapper() {
        return new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .findAndRegisterModules();
    }

    private static void configure(JavalinConfig config, SidecarOptions options, SidecarEngine engine,
                                  Map<String, Set<String>> methodsByPath) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        // The watcher is a non-daemon thread that would hold the host JVM open for seconds.
        config.startup.startupWatcherEnabled = false;
        config.jsonMapper(new JavalinJackson(objectMapper(), false));

        Routes routes = new Routes(config, methodsByPath);
        HealthEndpoint health = new HealthEndpoint(engine.healthChecks());
        routes.add(HandlerType.GET, "/health", health::handle);
        routes.add(HandlerType.HEAD, "/health", health::handle);
        routes.add(HandlerType.GET, "/metrics", new MetricsEndpoint(engine.metricsSections())::handle);
        routes.add(HandlerType.GET, "/metrics/prometheus", ctx -> prometheus(ctx, engine));

        QueryStatistics statistics = engine.queryStatistics();
        QueryEndpoints queries = statistics == null ? null : new QueryEndpoints(statistics);
        routes.add(HandlerType.GET, "/database/stats",
            new DatabaseStatsEndpoint(statistics, engine.connectionPools())::handle);
        routes.add(HandlerType.POST, "/database/stats/reset", ctx -> requireFeature(queries, "jdbc").reset(ctx));
        routes.add(HandlerType.GET, "/queries", ctx -> requireFeature(queries, "jdbc").queries(ctx));
        routes.add(HandlerType.GET, "/query-analysis", ctx -> requireFeature(queries, "jdbc").queryAnalysis(ctx));
        ApiEndpoints api = engine.apiStatistics() == null ? null : new ApiEndpoints(engine.apiStatistics());
        routes.add(HandlerType.GET, "/api/stats", ctx -> requireFeature(api, "api").stats(ctx));
        CacheEndpoints cache = engine.cacheControl() == null ? null : new CacheEndpoints(engine.cacheControl());
        routes.add(HandlerType.GET, "/cache/stats", ctx -> requireFeature(cache, "cache").stats(ctx));
        routes.add(HandlerType.POST, "/cache/clear", ctx -> requireFeature(cache, "cache").clear(ctx));
        routes.add(HandlerType.POST, "/cache/invalidate", ctx -> requireFeature(cache, "cache").invalidate(ctx));
        routes.add(HandlerType.POST, "/cache/invalidate/repo/{repo_id}",
            ctx -> requireFeature(cache, "cache").invalidateRepository(ctx));
        routes.add(HandlerType.POST, "/cache/warm", ctx -> requireFeature(cache, "cache").warm(ctx));
        routes.add(HandlerType.POST, "/cache/warm/repo/{repo_id}", ctx -> requireFeature(cache, "cache").warmRepository(ctx));

        TaskEndpoints tasks = engine.backgroundTasks() == null ? null : new TaskEndpoints(engine.backgroundTasks());
        routes.add(HandlerType.GET, "/background-tasks", ctx -> requireFeature(tasks, "tasks").list(ctx));
        routes.add(HandlerType.GET, "/background-tasks/{task_id}", ctx -> requireFeature(tasks, "tasks").one(ctx));
        routes.add(HandlerType.DELETE, "/background-tasks/{task_id}", ctx -> requireFeature(tasks, "tasks").cancel(ctx));

        SearchEndpoints search = engine.securitySearch() == null ? null : new SearchEndpoints(engine.securitySearch());
        routes.add(HandlerType.GET, "/search/optimized", ctx -> requireFeature(search, "search").optimized(ctx));
        AnalyticsEndpoints analytics = engine.securityAnalytics() == null ? null
            : new AnalyticsEndpoints(engine.securityAnalytics());
        routes.add(HandlerType.GET, "/analytics/{type}", ctx -> requireFeature(analytics, "analytics").compute(ctx));
        AdvisorEndpoints advisor = engine.indexAdvisor() == null ? null : new AdvisorEndpoints(engine.indexAdvisor());
        routes.add(HandlerType.GET, "/database/recommendations", ctx -> requireFeature(advisor, "advisor").recommendations(ctx));
        routes.add(HandlerType.GET, "/database/indexes", ctx -> requireFeature(advisor, "advisor").indexes(ctx));
        routes.add(HandlerType.POST, "/query-analysis/{query_hash}", ctx -> requireFeature(advisor, "advisor").analyzeStatement(ctx));
        routes.add(HandlerType.POST, "/optimize", ctx -> requireFeature(advisor, "advisor").optimize(ctx));
        routes.add(HandlerType.POST, "/database/optimize", ctx -> requireFeature(advisor, "advisor").optimize(ctx));

        config.routes.before(ctx -> authorize(ctx, options));
        config.routes.exception(ApiException.class, (failure, ctx) -> {
            failure.headers().forEach(ctx::header);
            error(ctx, failure.status(), failure.error(), failure.detail());
        });
        config.routes.exception(Exception.class, (failure, ctx) -> {
            options.faultLog().accept("sidecar fault on " + ctx.method() + " " + ctx.path() + ": " + failure, failure);
            error(ctx, 500, "internal_error", "the agent failed to answer: " + failure.getClass().getSimpleName());
        });
        config.routes.error(404, "*", ctx -> notFound(ctx, methodsByPath));
        config.router.javaLangErrorHandler((response, error) -> {
            options.faultLog().accept("sidecar fault: " + error, error);
            writeInternalError(response);
        });
    }

    private static void prometheus(Context ctx, SidecarEngine engine) {
        QueryParameters.of(ctx, Set.of());
        requireFeature(engine.prometheus(), "metrics");
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(engine.prometheus().get());
    }

    /** The part behind an endpoint, or a 404 that says its feature is off. */
    private static <T> T requireFeature(T part, String feature) {
        if (part == null) {
            throw new ApiException(404, "feature_off", "the " + feature + " feature is switched off in the agent's configuration");
        }
        return part;
    }

    private static void authorize(Context ctx, SidecarOptions options) {
        HandlerType method = ctx.method();
        boolean readOnly = method == HandlerType.GET || method == HandlerType.HEAD || method == HandlerType.OPTIONS;
        if (readOnly || !options.hasToken()) {
            return;
        }
        String header = ctx.header("Authorization");
        byte[] expected = ("Bearer " + options.token()).getBytes(StandardCharsets.UTF_8);
        byte[] given = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "unauthorized", "this endpoint changes the agent's state and needs 'Authorization: Bearer <http.token>'");
        }
    }

    /** An unmatched request: 405 if the path exists under another method, else 404. */
    private static void notFound(Context ctx, Map<String, Set<String>> methodsByPath) {
        if (ctx.endpoint() != null && ctx.endpoint().method != HandlerType.BEFORE) {
            return; // a handler chose 404 itself and has written its own body
        }
        String path = ctx.path();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        Set<String> allowed = allowedMethods(path, methodsByPath);
        if (allowed != null) {
            ctx.header("Allow", String.join(", ", allowed));
            error(ctx, 405, "method_not_allowed", ctx.method() + " is not supported on " + path + "; allowed: " + String.join(", ", allowed));
        } else {
            error(ctx, 404, "not_found", "no endpoint " + ctx.method() + " " + ctx.path() + "; see " + BASE + "/health and " + BASE + "/metrics");
        }
    }

    /** The methods of the endpoint at {@code path}, matching {@code {name}} segments of its template to any segment. */
    private static Set<String> allowedMethods(String path, Map<String, Set<String>> methodsByPath) {
        Set<String> exact = methodsByPath.get(path);
        if (exact != null) {
            return exact;
        }
        String[] segments = path.split("/", -1);
        for (Map.Entry<String, Set<String>> route : methodsByPath.entrySet()) {
            String[] template = route.getKey().split("/", -1);
            if (template.length == segments.length && matches(template, segments)) {
                return route.getValue();
            }
        }
        return null;
    }

    private static boolean matches(String[] template, String[] segments) {
        for (int i = 0; i < template.length; i++) {
            boolean parameter = template[i].startsWith("{") && template[i].endsWith("}") && !segments[i].isEmpty();
            if (!parameter && !template[i].equals(segments[i])) {
                return false;
            }
        }
        return true;
    }

    private static void writeInternalError(jakarta.servlet.http.HttpServletResponse response) {
        try {
            response.setStatus(500);
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"internal_error\",\"detail\":\"the agent failed to answer\"}");
        } catch (java.io.IOException | RuntimeException ignored) {
            // the client is gone; nothing more to tell it
        }
    }

    static void error(Context ctx, int status, String error, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("detail", detail);
        ctx.status(status).json(body);
    }

    private static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException unknown) {
            throw new SidecarStartException("http.host=" + host + " is not a known address");
        }
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // stopping is best effort: the JVM is usually on its way out
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    /** Registers endpoints under {@link #BASE} and remembers their methods for 405 answers. */
    static final class Routes {
        private final JavalinConfig config;
        private final Map<String, Set<String>> methodsByPath;

        Routes(JavalinConfig config, Map<String, Set<String>> methodsByPath) {
            this.config = config;
            this.methodsByPath = methodsByPath;
        }

        void add(HandlerType method, String path, Handler handler) {
            config.routes.addHttpHandler(method, BASE + path, handler);
            methodsByPath.computeIfAbsent(BASE + path, p -> new TreeSet<>()).add(method.toString());
        }
    }
}
