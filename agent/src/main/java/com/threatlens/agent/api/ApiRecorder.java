package com.threatlens.agent.api;

import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

import com.sun.net.httpserver.HttpExchange;
import com.threatlens.agent.bootstrap.HttpBridge;
import com.threatlens.agent.bootstrap.HttpHooks;
import com.threatlens.agent.jdbc.DatabaseWork;

/**
 * The engine behind the HTTP server advice: names each request's route when it starts, opens a
 * per-thread scope so that the statements the request runs are attributed to it, and records
 * its status, time and database work when it ends.
 *
 * <p>Only the outermost request on a thread is measured: the JDK server's filter chain calls
 * itself once per filter, and a servlet may forward to another. A request whose handler hands
 * the exchange to another thread (asynchronous servlets) is measured until its handler returns.
 */
final class ApiRecorder implements HttpHooks {

    /** Stands for a nested call, so that its end is recognized without any lookup. */
    private static final Object NESTED = new Object();

    private final RouteTable table;
    private final ApiTotals totals;
    private final ApiMeters meters;
    private final UnaryOperator<DatabaseWork> attribution;
    private final LongSupplier clockMillis;
    private final ServletAccess jakarta = new ServletAccess("jakarta.servlet");
    private final ServletAccess javax = new ServletAccess("javax.servlet");
    private final ThreadLocal<RequestScope> current = new ThreadLocal<>();

    /**
     * @param attribution sets the thread's database work and returns the one set before
     *                    (the JDBC recorder's), or {@code null} when query statistics are off
     */
    ApiRecorder(RouteTable table, ApiTotals totals, ApiMeters meters, UnaryOperator<DatabaseWork> attribution,
                LongSupplier clockMillis) {
        this.table = table;
        this.totals = totals;
        this.meters = meters;
        this.attribution = attribution;
        this.clockMillis = clockMillis;
    }

    @Override
    public Object requestStart(int server, Object request, Object response) {
        if (current.get() != null) {
            return NESTED;
        }
        String[] methodAndRoute = methodAndRoute(server, request);
        if (methodAndRoute == null) {
            return null;
        }
        RouteStats route = table.get(methodAndRoute[0], methodAndRoute[1]);
        RequestScope scope = new RequestScope(server, request, response, route, System.nanoTime());
        if (attribution != null) {
            scope.outerWork = attribution.apply(scope.work);
        }
        // Last, once nothing can fail any more: a scope left open would hide every later
        // request of this thread as nested.
        route.inFlight.increment();
        current.set(scope);
        return scope;
    }

    @Override
    public void requestEnd(Object token, Throwable error) {
        if (token == NESTED) {
            return;
        }
        long nanos;
        RequestScope scope = (RequestScope) token;
        try {
            nanos = System.nanoTime() - scope.startNanos;
            current.remove();
            if (attribution != null) {
                attribution.apply(scope.outerWork);
            }
        } finally {
            scope.route.inFlight.decrement();
        }
        int status = status(scope);
        if (error != null && status < 500) {
            // The handler threw: the client gets the container's 500 or a dropped connection,
            // whatever the response said before (a servlet's is still 200 at this point).
            status = 500;
        }
        long now = clockMillis.getAsLong();
        RouteStats.StatusTotals added = scope.route.finished(status, error != null, nanos,
            scope.work.statements(), scope.work.nanos(), now);
        totals.finished(status, error != null, nanos, now);
        if (added != null) {
            meters.added(added);
        }
    }

    private String[] methodAndRoute(int server, Object request) {
        try {
            switch (server) {
                case HttpBridge.JDK_HTTP_SERVER:
                    if (request instanceof HttpExchange) {
                        HttpExchange exchange = (HttpExchange) request;
                        return new String[] {exchange.getRequestMethod(), RouteTemplate.of(exchange.getRequestURI().getPath())};
                    }
                    return null;
                case HttpBridge.JAKARTA_SERVLET:
                    return jakarta.methodAndRoute(request);
                case HttpBridge.JAVAX_SERVLET:
                    return javax.methodAndRoute(request);
                default:
                    return null;
            }
        } catch (ReflectiveOperationException | RuntimeException unreadable) {
            return null;
        }
    }

    private int status(RequestScope scope) {
        try {
            switch (scope.server) {
                case HttpBridge.JDK_HTTP_SERVER:
                    return ((HttpExchange) scope.response).getResponseCode();
                case HttpBridge.JAKARTA_SERVLET:
                    return jakarta.status(scope.response);
                case HttpBridge.JAVAX_SERVLET:
                    return javax.status(scope.response);
                default:
                    return 0;
            }
        } catch (ReflectiveOperationException | RuntimeException unreadable) {
            return 0;
        }
    }
}
