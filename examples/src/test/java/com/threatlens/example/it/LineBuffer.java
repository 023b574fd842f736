package com.threatlens.example.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines of one output stream of a child process, read by a daemon thread as they come.
 * Readers may wait for a line matching a pattern; waiting ends early once the stream closes.
 */
final class LineBuffer {

    private final List<String> lines = new ArrayList<>();
    private boolean closed;

    /** Starts a daemon thread that copies every line of {@code stream} into a new buffer. */
    static LineBuffer drain(InputStream stream, String threadName) {
        LineBuffer buffer = new LineBuffer();
        Thread reader = new Thread(() -> buffer.readAll(stream), threadName);
        reader.setDaemon(true);
        reader.start();
        return buffer;
    }

    private void readAll(InputStream stream) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                append(line);
            }
        } catch (IOException streamClosedUnderUs) {
            // the process was destroyed: keep what was read
        } finally {
            close();
        }
    }

    private synchronized void append(String line) {
        lines.add(line);
        notifyAll();
    }

    private synchronized void close() {
        closed = true;
        notifyAll();
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    synchronized String text() {
        return String.join(System.lineSeparator(), lines);
    }

    /** The first line (already read or still to come) that {@code pattern} finds, or empty after the timeout. */
    synchronized Optional<Matcher> await(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < lines.size(); checked++) {
                Matcher matcher = pattern.matcher(lines.get(checked));
                if (matcher.find()) {
                    return Optional.of(matcher);
                }
            }
            long remainingNanos = deadline - System.nanoTime();
            if (closed || remainingNanos <= 0) {
                return Optional.empty();
            }
            try {
                wait(Math.max(1, remainingNanos / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }
}
