package com.threatlens.example.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One worker's persistent HTTP/1.1 connection to the service, with blocking socket I/O.
 *
 * <p>The driver shares the machine's cores with the service it measures, so its own cost per
 * request is taken from the service: the JDK's {@code HttpClient} spends several times the CPU of
 * a plain socket on each call (its selector thread and the hand-offs between threads). This client
 * does what load tools such as wrk do instead: it writes the request and reads the answer on the
 * calling thread, keeps the connection open, and understands just enough HTTP for the service's
 * answers (Content-Length or chunked bodies, {@code Connection: close}). Not thread-safe.
 */
final class ServiceClient implements Closeable {

    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 30_000;
    private static final int MAX_HEADER_LINE = 16 * 1024;

    private final String host;
    private final int port;
    private final String basePath;
    private final byte[] commonHeaders;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    ServiceClient(URI baseUrl) {
        if (!"http".equalsIgnoreCase(baseUrl.getScheme()) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("the service URL must be http://host:port, not " + baseUrl);
        }
        this.host = baseUrl.getHost();
        this.port = baseUrl.getPort() < 0 ? 80 : baseUrl.getPort();
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String hostHeader = host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        this.commonHeaders = (" HTTP/1.1\r\nHost: " + hostHeader + "\r\nAccept: application/json\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    Response get(String pathAndQuery) throws IOException {
        return send("GET", pathAndQuery, null);
    }

    Response put(String path, byte[] json) throws IOException {
        return send("PUT", path, json);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing a socket that failed: nothing left to release.
            }
            socket = null;
        }
    }

    /**
     * Sends one request. A kept-alive connection may have been closed by the server while idle;
     * then the request is sent once more on a new connection (the service's GETs and PUTs are
     * idempotent). A failure on a new connection is the caller's.
     */
    private Response send(String method, String pathAndQuery, byte[] body) throws IOException {
        while (true) {
            boolean reusing = socket != null;
            try {
                connectIfClosed();
                writeRequest(method, pathAndQuery, body);
                return readResponse(method);
            } catch (IOException e) {
                close();
                if (!reusing) {
                    throw e;
                }
            }
        }
    }

    private void connectIfClosed() throws IOException {
        if (socket != null) {
            return;
        }
        Socket opened = new Socket();
        try {
            opened.setTcpNoDelay(true);
            opened.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            opened.setSoTimeout(READ_TIMEOUT_MS);
            in = new BufferedInputStream(opened.getInputStream(), 16 * 1024);
            out = opened.getOutputStream();
        } catch (IOException e) {
            opened.close();
            throw e;
        }
        socket = opened;
    }

    private void writeRequest(String method, String pathAndQuery, byte[] body) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream(256 + (body == null ? 0 : body.length));
        request.writeBytes((method + " " + basePath + pathAndQuery).getBytes(StandardCharsets.UTF_8));
        request.writeBytes(commonHeaders);
        if (body != null) {
            request.writeBytes(("Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        request.writeBytes(new byte[] {'\r', '\n'});
        if (body != null) {
            request.writeBytes(body);
        }
        request.writeTo(out);
        out.flush();
    }

    private Response readResponse(String method) throws IOException {
        String statusLine = readLine();
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        int status = parseStatus(statusLine);
        long contentLength = -1;
        boolean chunked = false;
        boolean closeAfter = statusLine.startsWith("HTTP/1.0");
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line: " + line);
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> closeAfter = value.contains("close") || closeAfter && !value.contains("keep-alive");
                default -> { }
            }
        }
        byte[] body;
        if (method.equals("HEAD") || status == 204 || status == 304 || (status >= 100 && status < 200)) {
            body = new byte[0];
        } else if (chunked) {
            body = readChunked();
        } else if (contentLength >= 0) {
            body = readExactly(contentLength);
        } else {
            body = in.readAllBytes();
            closeAfter = true;
        }
        if (closeAfter) {
            close();
        }
        return new Response(status, body);
    }

    private static int parseStatus(String statusLine) throws IOException {
        try {
            return Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("no status code in: " + statusLine);
        }
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            int extension = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunk size: " + sizeLine);
            }
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // Trailer fields: none of them matter here.
                }
                return body.toByteArray();
            }
            body.writeBytes(readExactly(size));
            if (!readLine().isEmpty()) {
                throw new IOException("a chunk is not followed by CRLF");
            }
        }
    }

    private byte[] readExactly(long length) throws IOException {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("response body too large: " + length + " bytes");
        }
        byte[] bytes = in.readNBytes((int) length);
        if (bytes.length < length) {
            throw new EOFException("the connection closed " + (length - bytes.length) + " bytes before the body's end");
        }
        return bytes;
    }

    /** One CRLF- (or LF-) terminated line in ISO-8859-1, without its terminator. */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection closed in the middle of an answer");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_HEADER_LINE) {
                throw new IOException("header line longer than " + MAX_HEADER_LINE + " bytes");
            }
            line.append((char) b);
        }
    }

    record Response(int status, byte[] body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }
}
