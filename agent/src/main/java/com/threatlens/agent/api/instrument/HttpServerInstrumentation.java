package com.threatlens.agent.api.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;

import com.threatlens.agent.instrument.InstrumentationModule;

import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Times every request of the host's HTTP servers at the one place each server funnels all of
 * them through, so that matching stays a handful of exact class names (no super-type scan):
 * <ul>
 * <li>the JDK's {@code com.sun.net.httpserver}: {@code Filter.Chain.doFilter}, which the server
 *     calls for every exchange with the context's filters and handler behind it. Instrumenting
 *     the application's {@code HttpHandler} classes instead would miss handlers written as
 *     lambdas (hidden classes cannot be transformed) and filters. The class belongs to the JDK
 *     (platform loader), which the installer otherwise leaves alone, hence {@link #jdkClasses};</li>
 * <li>Jetty 12: {@code Server.handle(Request, Response, Callback)}, which every request of any
 *     Jetty 12 handler goes through, servlet or not; a request Jetty's handlers decline is
 *     answered 404 by Jetty;</li>
 * <li>Servlet containers (Tomcat, Undertow, older Jetty, and Javalin, which runs as a servlet):
 *     {@code HttpServlet.service(ServletRequest, ServletResponse)}, Jakarta and javax. Filters
 *     in front of the servlet are outside the measured time. Inside Jetty 12 the servlet call
 *     only names the route (its mapping) and reports an exception it threw.</li>
 * <li>Javalin 7, within its servlet: {@code JavalinServletContext.update(Endpoint, Map)},
 *     called with each endpoint that matches the request (filters and the handler); the first
 *     HTTP handler's path ({@code /api/wikis/{id}}) names the route.</li>
 * </ul>
 * The outermost call on a thread is the request; nested calls (the chain calling itself for
 * each filter, a forward) are otherwise ignored by the engine.
 */
public final class HttpServerInstrumentation implements InstrumentationModule {

    static final String JDK_FILTER_CHAIN = "com.sun.net.httpserver.Filter$Chain";

    private static AgentBuilder.Transformer.ForAdvice advice() {
        return new AgentBuilder.Transformer.ForAdvice().include(HttpServerInstrumentation.class.getClassLoader());
    }

    @Override
    public List<String> jdkClasses() {
        return List.of(JDK_FILTER_CHAIN);
    }

    @Override
    public AgentBuilder extend(AgentBuilder builder) {
        return builder
            .type(named(JDK_FILTER_CHAIN))
            .transform(advice()
                .advice(named("doFilter").and(takesArguments(1))
                        .and(takesArgument(0, named("com.sun.net.httpserver.HttpExchange"))).and(isPublic()),
                    ServerAdvice.JdkExchange.class.getName()))
            .type(named("org.eclipse.jetty.server.Server"))
            .transform(advice()
                .advice(named("handle").and(isPublic()).and(takesArguments(3)).and(returns(boolean.class))
                        .and(takesArgument(0, named("org.eclipse.jetty.server.Request")))
                        .and(takesArgument(1, named("org.eclipse.jetty.server.Response"))),
                    ServerAdvice.JettyServer.class.getName()))
            .type(named("jakarta.servlet.http.HttpServlet"))
            .transform(advice()
                .advice(named("service").and(isPublic()).and(takesArguments(2))
                        .and(takesArgument(0, named("jakarta.servlet.ServletRequest")))
                        .and(takesArgument(1, named("jakarta.servlet.ServletResponse"))),
                    ServerAdvice.JakartaServlet.class.getName()))
            .type(named("javax.servlet.http.HttpServlet"))
            .transform(advice()
                .advice(named("service").and(isPublic()).and(takesArguments(2))
                        .and(takesArgument(0, named("javax.servlet.ServletRequest")))
                        .and(takesArgument(1, named("javax.servlet.ServletResponse"))),
                    ServerAdvice.JavaxServlet.class.getName()))
            .type(named("io.javalin.http.servlet.JavalinServletContext"))
            .transform(advice()
                .advice(named("update").and(isPublic()).and(takesArguments(2))
                        .and(takesArgument(0, named("io.javalin.router.Endpoint"))),
                    ServerAdvice.JavalinEndpoint.class.getName()));
    }
}
