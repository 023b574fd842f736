package com.threatlens.example.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load driver's socket client against a real JDK HTTP server. */
class ServiceClientTest {

    private HttpServer server;
    private URI url;
    private final Set<InetSocketAddress> clientPorts = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/sized", exchange -> answer(exchange, 200, "sized " + exchange.getRequestURI().getRawQuery(), false));
        server.createContext("/chunked", exchange -> answer(exchange, 200, "x".repeat(70_000), true));
        server.createContext("/missing", exchange -> answer(exchange, 404, "{\"error\":\"not_found\"}", false));
        server.createContext("/echo", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            answer(exchange, 200, exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type")
                    + " " + body, false);
        });
        server.createContext("/closing", exchange -> {
            exchange.getResponseHeaders().set("Connection", "close");
            answer(exchange, 200, "bye", false);
        });
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void keepsOneConnectionForManyRequests() throws IOException {
        try (ServiceClient client = new ServiceClient(url)) {
            for (int i = 0; i < 20; i++) {
                ServiceClient.Response response = client.get("/sized?n=" + i);
                assertEquals(200, response.status());
                assertEquals("sized n=" + i, text(response));
            }
        }
        assertEquals(1, clientPorts.size(), "every request went over the same connection");
    }

    @Test
    void readsChunkedBodiesAndErrorStatuses() throws IOException {
        try (ServiceClient client = new ServiceClient(url)) {
            assertEquals("x".repeat(70_000), text(client.get("/chunked")));
            ServiceClient.Response missing = client.get("/missing");
            assertEquals(404, missing.status());
            assertEquals(false, missing.ok());
            assertEquals("{\"error\":\"not_found\"}", text(missing));
            assertEquals("sized a=1", text(client.get("/sized?a=1")));
        }
    }

    @Test
    void sendsPutBodiesAsJson() throws IOException {
        byte[] json = "{\"title\":\"Ünïcode\"}".getBytes(StandardCharsets.UTF_8);
        try (ServiceClient client = new ServiceClient(url)) {
            ServiceClient.Response response = client.put("/echo", json);
            assertArrayEquals(("PUT application/json " + new String(json, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8), response.body());
        }
    }

    @Test
    void opensANewConnectionAfterTheServerClosesOne() throws IOException {
        try (ServiceClient client = new ServiceClient(url)) {
            assertEquals("bye", text(client.get("/closing")));
            assertEquals("sized b=2", text(client.get("/sized?b=2")));
        }
        assertEquals(2, clientPorts.size());
    }

    @Test
    void retriesOnceWhenAKeptConnectionWasDroppedWhileIdle() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        try (ServerSocket dropping = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread serverThread = new Thread(() -> {
                try {
                    // The first connection answers once and is then closed as if idle too long;
                    // the second answers normally.
                    for (int connection = 0; connection < 2; connection++) {
                        try (Socket socket = dropping.accept()) {
                            accepted.incrementAndGet();
                            readRequestHead(socket);
                            socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                                    .getBytes(StandardCharsets.US_ASCII));
                            socket.getOutputStream().flush();
                        }
                    }
                } catch (IOException ignored) {
                    // The test fails on its own assertions.
                }
            });
            serverThread.start();
            try (ServiceClient client = new ServiceClient(URI.create("http://127.0.0.1:" + dropping.getLocalPort()))) {
                assertEquals("ok", text(client.get("/first")));
                assertEquals("ok", text(client.get("/second")));
            }
            serverThread.join(5_000);
        }
        assertEquals(2, accepted.get());
    }

    @Test
    void aRefusedConnectionIsAnError() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (ServiceClient client = new ServiceClient(URI.create("http://127.0.0.1:" + closedPort))) {
            assertThrows(IOException.class, () -> client.get("/sized"));
        }
    }

    @Test
    void refusesUrlsItCannotSpeak() {
        assertThrows(IllegalArgumentException.class, () -> new ServiceClient(URI.create("https://127.0.0.1:1")));
    }

    private void answer(HttpExchange exchange, int status, String body, boolean chunked) throws IOException {
        clientPorts.add(exchange.getRemoteAddress());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(status, chunked ? 0 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void readRequestHead(Socket socket) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = socket.getInputStream().read();
            if (b < 0) {
                throw new IOException("closed before the request's end");
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    private static String text(ServiceClient.Response response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
