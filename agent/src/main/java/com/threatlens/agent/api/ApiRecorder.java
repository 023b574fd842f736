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
 * itself once per filter, and a servlet may forward to another. Inside Jetty 12 the request is
 * measured from {@code Server.handle}, and the first servlet it reaches only names the route
 * (from its mapping) and reports whether it threw. A request whose handler hands the exchange
 * to another thread (asynchronous servlets) is measured until its handler returns.
 *
 * <p>A web framework that routes the request names it by the route it declared, once: Javalin
 * when it matches an endpoint, Spring MVC (its matched pattern, a request attribute) when its
 * servlet returns.
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
    private final JettyAccess jetty = new JettyAccess();
    private final JavalinAccess javalin = new JavalinAccess();
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
        RequestScope outer = current.get();
        if (outer != null) {
            return nested(outer, server, request);
        }
        String[] methodAndRoute = methodAndRoute(server, request);
        if (methodAndRoute == null) {
            return null;
        }
        RouteStats route = table.get(methodAndRoute[0], methodAndRoute[1]);
        RequestScope scope = new RequestScope(server, methodAndRoute[0], isServlet(server) ? request : null, response,
            route, System.nanoTime());
        if (attribution != null) {
            scope.outerWork = attribution.apply(scope.work);
        }
        // Last, once nothing can fail any more: a scope left open would hide every later
        // request of this thread as nested.
        route.inFlight.increment();
        current.set(scope);
        return scope;
    }

    /**
     * A call inside a request already measured: ignored, but for the first servlet inside a
     * Jetty request, which names the route and whose exception must be counted.
     */
    private Object nested(RequestScope outer, int server, Object request) {
        if (!isServlet(server) || outer.server != HttpBridge.JETTY_SERVER || outer.routedByServlet) {
            return NESTED;
        }
        outer.routedByServlet = true;
        String[] methodAndRoute = methodAndRoute(server, request);
        if (methodAndRoute != null && !outer.routedByFramework) {
            rename(outer, table.get(methodAndRoute[0], methodAndRoute[1]));
        }
        return new ServletInJetty(outer, server, request);
    }

    private static boolean isServlet(int server) {
        return server == HttpBridge.JAKARTA_SERVLET || server == HttpBridge.JAVAX_SERVLET;
    }

    /** The first HTTP handler a framework matched names the request of this thread. */
    @Override
    public void routeMatched(int framework, Object context, Object endpoint) {
        RequestScope scope = current.get();
        if (scope != null && !scope.routedByFramework && framework == HttpBridge.JAVALIN) {
            nameByFramework(scope, () -> javalin.route(context, endpoint));
        }
    }

    /** A servlet served the request: Spring MVC, if it matched the request, names its route. */
    private void servletServed(RequestScope scope, int server, Object servletRequest) {
        if (!scope.routedByFramework && servletRequest != null) {
            ServletAccess servlet = server == HttpBridge.JAKARTA_SERVLET ? jakarta : javax;
            nameByFramework(scope, () -> servlet.springRoute(servletRequest));
        }
    }

    /** What a framework says the request's route is: null when it matched none, or does not say. */
    private interface FrameworkRoute {
        String read() throws ReflectiveOperationException;
    }

    private void nameByFramework(RequestScope scope, FrameworkRoute framework) {
        String route;
        try {
            route = framework.read();
        } catch (ReflectiveOperationException | RuntimeException unreadable) {
            return;
        }
        if (route != null) {
            scope.routedByFramework = true;
            rename(scope, table.get(scope.method, route));
        }
    }

    /** The request's route is {@code route}; the one it had leaves the table if no request used it. */
    private void rename(RequestScope scope, RouteStats route) {
        RouteStats before = scope.route;
        if (route != before) {
            route.inFlight.increment();
            before.inFlight.decrement();
            scope.route = route;
            table.abandoned(before);
        }
    }

    @Override
    public void requestEnd(Object token, Throwable error) {
        if (token == NESTED) {
            return;
        }
        if (token instanceof ServletInJetty) {
            ServletInJetty servlet = (ServletInJetty) token;
            if (error != null) {
                servlet.outer.servletThrew = true;
            }
            servletServed(servlet.outer, servlet.server, servlet.request);
            return;
        }
        RequestScope scope = (RequestScope) token;
        try {
            servletServed(scope, scope.server, scope.servletRequest);
        } finally {
            finish(scope, error, 0);
        }
    }

    @Override
    public void requestDeclined(Object token) {
        if (token instanceof RequestScope) {
            finish((RequestScope) token, null, 404);
        } else {
            requestEnd(token, null);
        }
    }

    /** @param declaredStatus the status the server answers regardless of the response, or 0 */
    private void finish(RequestScope scope, Throwable error, int declaredStatus) {
        long nanos = System.nanoTime() - scope.startNanos;
        try {
            current.remove();
            if (attribution != null) {
                attribution.apply(scope.outerWork);
            }
            int status = declaredStatus > 0 ? declaredStatus : status(scope);
            boolean threw = error != null || scope.servletThrew;
            if (threw && status < 500) {
                // The handler threw: the client gets the container's 500 or a dropped connection,
                // whatever the response said before (a servlet's is still 200 at this point).
                status = 500;
            }
            long now = clockMillis.getAsLong();
            RouteStats.StatusTotals added = scope.route.finished(status, threw, nanos,
                scope.work.statements(), scope.work.nanos(), now);
            totals.finished(status, threw, nanos, now);
            if (added != null) {
                meters.added(added);
            }
        } finally {
            // Last: whoever sees no request of the route in flight sees this one counted.
            scope.route.inFlight.decrement();
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
                case HttpBridge.JETTY_SERVER:
                    return jetty.methodAndRoute(request);
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
                case HttpBridge.JETTY_SERVER:
                    return jetty.status(scope.response);
                default:
                    return 0;
            }
        } catch (ReflectiveOperationException | RuntimeException unreadable) {
            return 0;
        }
    }

    /** The token of the servlet call that names a Jetty request's route. */
    private static final class ServletInJetty {
        final RequestScope outer;
        final int server;
        final Object request;

        ServletInJetty(RequestScope outer, int server, Object request) {
            this.outer = outer;
            this.server = server;
            this.request = request;
        }
    }
}
