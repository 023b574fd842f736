package com.threatlens.agent.bootstrap;

/**
 * What the HTTP server advice reports, implemented by the engine inside the agent class loader.
 * Only JDK types cross this line, because the advice that calls it is inlined into the host's
 * servlet and HTTP server classes.
 */
public interface HttpHooks {

    /**
     * A request entered the host's server. Returns a token for {@link #requestEnd}, or null when
     * the call is nested inside a request already measured on this thread (a filter chain, a
     * forward, a handler calling another) or is not to be measured.
     *
     * @param server   one of {@link HttpBridge#JDK_HTTP_SERVER}, {@link HttpBridge#JAKARTA_SERVLET},
     *                 {@link HttpBridge#JAVAX_SERVLET}, {@link HttpBridge#JETTY_SERVER}
     * @param request  the server's request object (for the JDK server, its {@code HttpExchange})
     * @param response the server's response object (for the JDK server, the same exchange)
     */
    Object requestStart(int server, Object request, Object response);

    /** The request's handling returned, or threw {@code error}. */
    void requestEnd(Object token, Throwable error);

    /** The request's handling returned without taking the request: the server answers 404. */
    void requestDeclined(Object token);

    /**
     * A web framework matched the request being served on this thread to one of its routes
     * ({@code endpoint}, in the framework's own type; {@code context} its request context). Its
     * path template names the request's route instead of the path.
     *
     * @param framework one of {@link HttpBridge#JAVALIN}
     */
    void routeMatched(int framework, Object context, Object endpoint);
}
