package com.threatlens.agent.api.instrument;

import com.threatlens.agent.bootstrap.HttpBridge;

import net.bytebuddy.asm.Advice;

/**
 * Inlined into the host's HTTP entry points; JDK types and the bridge only. Each reads no
 * clock and touches nothing of the request itself: the bridge does, inside a catch-all, so the
 * host's response and exceptions stay exactly as they were.
 */
final class ServerAdvice {

    private ServerAdvice() {
    }

    /** {@code com.sun.net.httpserver.Filter.Chain.doFilter(HttpExchange)}. */
    static final class JdkExchange {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.Argument(0) Object exchange) {
            return HttpBridge.requestStart(HttpBridge.JDK_HTTP_SERVER, exchange, exchange);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object token, @Advice.Thrown Throwable error) {
            HttpBridge.requestEnd(token, error);
        }
    }

    /** {@code jakarta.servlet.http.HttpServlet.service(ServletRequest, ServletResponse)}. */
    static final class JakartaServlet {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.Argument(0) Object request, @Advice.Argument(1) Object response) {
            return HttpBridge.requestStart(HttpBridge.JAKARTA_SERVLET, request, response);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object token, @Advice.Thrown Throwable error) {
            HttpBridge.requestEnd(token, error);
        }
    }

    /** {@code javax.servlet.http.HttpServlet.service(ServletRequest, ServletResponse)}. */
    static final class JavaxServlet {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.Argument(0) Object request, @Advice.Argument(1) Object response) {
            return HttpBridge.requestStart(HttpBridge.JAVAX_SERVLET, request, response);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object token, @Advice.Thrown Throwable error) {
            HttpBridge.requestEnd(token, error);
        }
    }

    /** {@code org.eclipse.jetty.server.Server.handle(Request, Response, Callback)}, Jetty 12. */
    static final class JettyServer {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.Argument(0) Object request, @Advice.Argument(1) Object response) {
            return HttpBridge.requestStart(HttpBridge.JETTY_SERVER, request, response);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object token, @Advice.Return boolean handled, @Advice.Thrown Throwable error) {
            if (handled || error != null) {
                HttpBridge.requestEnd(token, error);
            } else {
                HttpBridge.requestDeclined(token);
            }
        }
    }

    /** Javalin's request context was given the endpoint that matched (and its path parameters). */
    static final class JavalinEndpoint {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object context, @Advice.Argument(0) Object endpoint) {
            HttpBridge.routeMatched(HttpBridge.JAVALIN, context, endpoint);
        }
    }
}
