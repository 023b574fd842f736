package com.threatlens.example.load;

import java.io.IOException;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One closed-loop client: sends the next request as soon as the previous one is answered,
 * until the stop time. Requests that start before the measurement start are not recorded.
 */
final class LoadWorker implements Runnable {

    private final URI serviceUrl;
    private final Workload workload;
    private final SplittableRandom random;
    private final long measureFromNanos;
    private final long stopAtNanos;
    private final Map<Operation, LatencyRecorder> recorders = new EnumMap<>(Operation.class);

    LoadWorker(URI serviceUrl, Workload workload, SplittableRandom random, long measureFromNanos,
            long stopAtNanos) {
        this.serviceUrl = serviceUrl;
        this.workload = workload;
        this.random = random;
        this.measureFromNanos = measureFromNanos;
        this.stopAtNanos = stopAtNanos;
    }

    @Override
    public void run() {
        try (ServiceClient client = new ServiceClient(serviceUrl)) {
            while (System.nanoTime() < stopAtNanos) {
                iterate(client, workload.nextOperation(random));
            }
        }
    }

    Map<Operation, LatencyRecorder> recorders() {
        return recorders;
    }

    private void iterate(ServiceClient client, Operation operation) {
        switch (operation) {
            case WIKI -> get(client, Operation.WIKI, workload.wikiPath(random));
            case LIST -> get(client, Operation.LIST, workload.listPath(random));
            case SEARCH -> get(client, Operation.SEARCH, workload.searchPath(random));
            case ANALYTICS -> get(client, Operation.ANALYTICS, workload.analyticsPath(random));
            case WRITE -> readModifyWrite(client);
        }
    }

    /** The GET counts as a wiki read; only the PUT is the write. */
    private void readModifyWrite(ServiceClient client) {
        String path = workload.wikiPath(random);
        ServiceClient.Response wiki = get(client, Operation.WIKI, path);
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

    private ServiceClient.Response get(ServiceClient client, Operation operation, String path) {
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
