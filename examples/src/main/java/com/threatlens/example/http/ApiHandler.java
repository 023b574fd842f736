package com.threatlens.example.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.threatlens.example.service.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;

/**
 * The single {@link HttpHandler} of the server: routes the exchange, turns handler results
 * and exceptions into JSON answers, and logs unexpected failures to stderr.
 */
public final class ApiHandler implements HttpHandler {

    static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(ApiHandler.class.getName());

    private final Router router;
    private final ObjectMapper mapper;

    public ApiHandler(Router router, ObjectMapper mapper) {
        this.router = router;
        this.mapper = mapper;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        try {
            ApiResponse response = dispatch(exchange, method, path);
            send(exchange, response.status(), response.body());
        } catch (ApiException e) {
            if (!e.allowedMethods().isEmpty()) {
                exchange.getResponseHeaders().set("Allow", String.join(", ", e.allowedMethods()));
            }
            send(exchange, e.status(), new ErrorBody(e.error(), e.detail()));
        } catch (ValidationException e) {
            send(exchange, 400, new ErrorBody("bad_request", e.getMessage()));
        } catch (Exception e) {
            LOG.log(Level.ERROR, "unexpected failure in " + method + " " + path, e);
            send(exchange, 500, new ErrorBody("internal_error", "unexpected server error; see the server log"));
        } finally {
            exchange.close();
        }
    }

    private ApiResponse dispatch(HttpExchange exchange, String method, String path) throws Exception {
        Router.Match match = router.match(method, path);
        byte[] body = readBody(exchange);
        ApiRequest request = new ApiRequest(method, path, match.parameters(),
                QueryParameters.parse(exchange.getRequestURI().getRawQuery()), body);
        return match.handler().handle(request);
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new ApiException(413, "payload_too_large",
                        "request body is larger than " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        }
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] json = mapper.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }
}
