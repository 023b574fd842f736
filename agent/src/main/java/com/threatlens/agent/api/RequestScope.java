package com.threatlens.agent.api;

import com.threatlens.agent.jdbc.DatabaseWork;

/** One request being served: what it is, when it began, and the database work it runs. */
final class RequestScope {

    final int server;
    final String method;
    /** The servlet request, whose attributes may name the route once served; null for other servers. */
    final Object servletRequest;
    final Object response;
    final long startNanos;
    final DatabaseWork work = new DatabaseWork();
    /**
     * Its route; a servlet inside Jetty replaces the one Jetty's path gave, once, and a web
     * framework's matched route template replaces either, once.
     */
    RouteStats route;
    boolean routedByServlet;
    boolean routedByFramework;
    /** A servlet inside Jetty threw: Jetty answers for it, the exception still counts. */
    boolean servletThrew;
    DatabaseWork outerWork;

    RequestScope(int server, String method, Object servletRequest, Object response, RouteStats route,
                 long startNanos) {
        this.server = server;
        this.method = method;
        this.servletRequest = servletRequest;
        this.response = response;
        this.route = route;
        this.startNanos = startNanos;
    }
}
