package com.threatlens.example.load;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One closed-loop client: sends the next request as soon as the previous one is answered,
 * until the stop time. Requests that start before the measurement start are not recorded.
 */
final class LoadWorker implements Runnable {

    private final ServiceClient client;
    private final Workload workload;
    private final SplittableRandom random;
    private final long measureFromNanos;
    private final long stopAtNanos;
    private final Map<Operation, LatencyRecorder> recorders = new EnumMap<>(Operation.class);

    LoadWorker(ServiceClient client, Workload workload, SplittableRandom random, long measureFromNanos,
            long stopAtNanos) {
        this.client = client;
        this.workload = workload;
        this.random = random;
        this.measureFromNanos = measureFromNanos;
        this.stopAtNanos = stopAtNanos;
    }

    @Override
    public void run() {
        try {
            while (System.nanoTime() < stopAtNanos) {
                iterate(workload.nextOperation(random));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Map<Operation, LatencyRecorder> recorders() {
        return recorders;
    }

    private void iterate(Operation operation) throws InterruptedException {
        switch (operation) {
            case WIKI -> get(Operation.WIKI, workload.wikiPath(random));
            case LIST -> get(Operation.LIST, workload.listPath(random));
            case SEARCH -> get(Operation.SEARCH, workload.searchPath(random));
            case ANALYTICS -> get(Operation.ANALYTICS, workload.analyticsPath(random));
            case WRITE -> readModifyWrite();
        }
    }

    /** The GET counts as a wiki read; only the PUT is the write. */
    private void readModifyWrite() throws InterruptedException {
        String path = workload.wikiPath(random);
        ServiceClient.Response wiki = get(Operation.WIKI, path);
        if (wiki == null || !wiki.ok()) {
            return;
        }
        long start = System.nanoTime();
        boolean ok;
        try {
            ok = client.put(path, workload.withChangedTitle(wiki.body(), random)).ok();
        } catch (IOException e) {
            ok = false;
        }
        record(Operation.WRITE, start, ok);
    }

    private ServiceClient.Response get(Operation operation, String path) throws InterruptedException {
        long start = System.nanoTime();
        ServiceClient.Response response;
        try {
            response = client.get(path);
        } catch (IOException e) {
            response = null;
        }
        record(operation, start, response != null && response.ok());
        return response;
    }

    private void record(Operation operation, long startNanos, boolean ok) {
        long end = System.nanoTime();
        if (startNanos >= measureFromNanos) {
            recorders.computeIfAbsent(operation, key -> new LatencyRecorder()).record(end - startNanos, ok);
        }
    }
}
