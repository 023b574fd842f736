package com.threatlens.sidecar;

import static com.threatlens.sidecar.Fakes.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class SidecarServerTest {

    private final List<SidecarServer> started = new ArrayList<>();

    @AfterEach
    void stopServers() {
        started.forEach(SidecarServer::stop);
    }

    private SidecarServer start(String host, int port, String token) {
        SidecarServer server = SidecarServer.start(new SidecarOptions(host, port, token, null), Fakes.engine(
            List.of(check("jdbc", () -> ComponentHealth.healthy(Map.of()))), List.of()));
        started.add(server);
        return server;
    }

    @Test
    void port_0_binds_a_free_port_that_answers_on_loopback() {
        SidecarServer server = start("127.0.0.1", 0, "");

        assertTrue(server.address().getPort() > 0, server.address()::toString);
        assertEquals("127.0.0.1", server.address().getAddress().getHostAddress());
        assertEquals(200, SidecarCalls.of(server).get("/api/performance/health").status());
    }

    @Test
    void two_servers_on_port_0_get_different_ports() {
        SidecarServer first = start("127.0.0.1", 0, "");
        SidecarServer second = start("127.0.0.1", 0, "");

        assertNotEquals(first.address().getPort(), second.address().getPort());
        assertEquals(200, SidecarCalls.of(first).get("/api/performance/health").status());
        assertEquals(200, SidecarCalls.of(second).get("/api/performance/health").status());
    }

    @Test
    void the_url_names_the_bound_address_port_and_base_path() {
        SidecarServer server = start("127.0.0.1", 0, "");

        assertEquals("http://127.0.0.1:" + server.address().getPort() + "/api/performance", server.url());
    }

    @Test
    void the_url_of_an_ipv6_address_puts_it_in_brackets() {
        Assumptions.assumeTrue(canBind("::1"), "no IPv6 loopback here");
        SidecarServer server = start("::1", 0, "");

        assertTrue(server.address().getAddress().isLoopbackAddress());
        assertEquals("http://[0:0:0:0:0:0:0:1]:" + server.address().getPort() + "/api/performance", server.url());
    }

    @Test
    void localhost_is_loopback_and_needs_no_token() {
        SidecarServer server = start("localhost", 0, "");

        assertTrue(server.address().getAddress().isLoopbackAddress(), server.address()::toString);
    }

    @Test
    void binding_every_address_without_a_token_is_refused_naming_http_token() {
        SidecarStartException refused = assertThrows(SidecarStartException.class, () -> start("0.0.0.0", 0, ""));

        assertTrue(refused.getMessage().contains("http.token"), refused::getMessage);
        assertTrue(refused.getMessage().contains("0.0.0.0"), refused::getMessage);
    }

    @Test
    void binding_every_address_with_a_token_starts_and_answers() {
        SidecarServer server = start("0.0.0.0", 0, "a-token");

        assertTrue(server.address().getAddress().isAnyLocalAddress(), server.address()::toString);
        SidecarCalls.Reply reply = new SidecarCalls(server.address().getPort()).get("/api/performance/health");
        assertEquals(200, reply.status(), reply::toString);
    }

    @Test
    void an_unknown_host_name_is_refused_naming_it() {
        SidecarStartException refused = assertThrows(SidecarStartException.class,
            () -> start("no-such-host.invalid", 0, ""));

        assertTrue(refused.getMessage().contains("no-such-host.invalid"), refused::getMessage);
        assertTrue(refused.getMessage().contains("http.host"), refused::getMessage);
    }

    @Test
    void a_port_already_in_use_is_refused_with_a_message_naming_the_port() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            SidecarStartException refused = assertThrows(SidecarStartException.class, () -> start("127.0.0.1", port, ""));

            assertTrue(refused.getMessage().contains(String.valueOf(port)), refused::getMessage);
            assertFalse(refused.getMessage().contains("\n"), "one line: " + refused.getMessage());
        }
    }

    @Test
    void stop_releases_the_port() throws IOException {
        SidecarServer server = start("127.0.0.1", 0, "");
        int port = server.address().getPort();
        assertEquals(200, SidecarCalls.of(server).get("/api/performance/health").status());

        server.stop();

        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            assertEquals(port, again.getLocalPort());
        }
        assertThrows(UncheckedIOException.class, () -> new SidecarCalls(port).get("/api/performance/health"));
    }

    @Test
    void stopping_twice_is_harmless() {
        SidecarServer server = start("127.0.0.1", 0, "");

        server.stop();
        server.stop();
    }

    @Test
    void threads_named_after_the_sidecar_are_daemon_threads() {
        SidecarServer server = start("127.0.0.1", 0, "");
        assertEquals(200, SidecarCalls.of(server).get("/api/performance/health").status());

        List<Thread> sidecarThreads = Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().startsWith("threatlens-sidecar"))
            .collect(Collectors.toList());

        assertFalse(sidecarThreads.isEmpty(), "the server runs on its named pool");
        assertEquals(List.of(), nonDaemonNames(sidecarThreads));
    }

    @Test
    void every_thread_the_server_starts_is_a_daemon_thread() {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        SidecarServer server = start("127.0.0.1", 0, "");
        assertEquals(200, SidecarCalls.of(server).get("/api/performance/health").status());

        List<Thread> created = Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> !before.contains(thread))
            .filter(thread -> !thread.getName().startsWith("HttpClient-"))
            .collect(Collectors.toList());

        assertFalse(created.isEmpty());
        assertEquals(List.of(), nonDaemonNames(created));
    }

    @Test
    void a_failed_start_leaves_no_thread_that_keeps_the_jvm_alive() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());

            assertThrows(SidecarStartException.class, () -> start("127.0.0.1", taken.getLocalPort(), ""));

            List<Thread> created = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread))
                .filter(Thread::isAlive)
                .collect(Collectors.toList());
            assertEquals(List.of(), nonDaemonNames(created));
        }
    }

    private static List<String> nonDaemonNames(List<Thread> threads) {
        return threads.stream().filter(thread -> !thread.isDaemon()).map(Thread::getName).sorted().collect(Collectors.toList());
    }

    private static boolean canBind(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort() > 0;
        } catch (IOException unavailable) {
            return false;
        }
    }
}
