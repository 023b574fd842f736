package com.threatlens.agent.cache;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.threatlens.agent.bootstrap.AgentLog;
import com.threatlens.agent.tasks.TaskContext;
import com.threatlens.agent.tasks.TaskProcessor;
import com.threatlens.agent.tasks.TaskRecord;
import com.threatlens.agent.tasks.TaskRejectedException;
import com.threatlens.agent.tasks.TaskRequest;
import com.threatlens.sidecar.cache.WarmResult;

/**
 * Warms the cache by making remembered calls again, most used first, as one task of the
 * agent's background processor (or, when it is off or full, on one low-priority thread): each call goes through its method as the application's would, so a value
 * still fresh is a hit and costs nothing, and one that was invalidated is computed and stored.
 * Calls whose object was collected are skipped. Warming from the disk tier needs nothing extra:
 * a memory miss reads the disk first.
 */
final class CacheWarmer {

    static final int QUEUE_LIMIT = 10_000;
    /** Below security analysis (1-5), wiki indexing (5-10) and analytics (10-15): warming can wait. */
    static final int PRIORITY = 20;

    private final CacheSites sites;
    private final ThreadPoolExecutor executor;
    private final AtomicLong ownTasks = new AtomicLong();
    /** The agent's background processor, when it runs; else warming uses the thread below. */
    private volatile TaskProcessor tasks;
    final LongAdder calls = new LongAdder();
    final LongAdder failures = new LongAdder();

    CacheWarmer(CacheSites sites) {
        this.sites = sites;
        this.executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE_LIMIT), runnable -> {
            Thread thread = new Thread(runnable, "threatlens-cache-warm");
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY);
            return thread;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    /** Warm through {@code processor} from now on. */
    void useProcessor(TaskProcessor processor) {
        this.tasks = processor;
    }

    /** Queues the remembered calls of {@code region} (null: all) whose last value carried {@code tag} (null: any). */
    WarmResult warm(String region, String tag) {
        List<RecentCall> chosen = new ArrayList<>();
        List<CacheSite> siteOfCall = new ArrayList<>();
        for (CacheSite site : sites.all()) {
            // A site without a method (the agent's own results) has no call to make again.
            if (region != null && !site.rule.region().name().equals(region) || !site.usable() || site.method() == null) {
                continue;
            }
            for (RecentCall call : site.recent.asMap().values()) {
                if (tag == null || call.tags != null && call.tags.contains(tag)) {
                    chosen.add(call);
                    siteOfCall.add(site);
                }
            }
        }
        if (chosen.isEmpty()) {
            return new WarmResult(0, null);
        }
        chosen.sort(Comparator.comparingLong((RecentCall call) -> call.uses).reversed()
            .thenComparing(Comparator.comparingLong((RecentCall call) -> call.lastUsedNanos).reversed()));
        TaskProcessor processor = tasks;
        if (processor != null) {
            try {
                TaskRecord task = processor.submit(TaskRequest.of("cache-warm", PRIORITY,
                    chosen.size() + " calls" + (region == null ? "" : " of region " + region)
                        + (tag == null ? "" : " tagged " + tag),
                    context -> replayAll(chosen, context)));
                return new WarmResult(chosen.size(), task.id());
            } catch (TaskRejectedException full) {
                AgentLog.debug("warming on the cache's own thread: " + full.getMessage());
            }
        }
        String taskId = "warm-" + ownTasks.incrementAndGet();
        long queued = 0;
        for (RecentCall call : chosen) {
            try {
                executor.execute(() -> replay(call.key.site, call));
                queued++;
            } catch (RejectedExecutionException full) {
                break;
            }
        }
        return new WarmResult(queued, queued == 0 ? null : taskId);
    }

    /** The work of one warming task: every chosen call, in order, with progress. */
    private String replayAll(List<RecentCall> calls, TaskContext context) throws InterruptedException {
        int done = 0;
        for (RecentCall call : calls) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("warming cancelled after " + done + " of " + calls.size() + " calls");
            }
            replay(call.key.site, call);
            context.progress(++done * 100 / calls.size());
        }
        return done + " calls made again";
    }

    private void replay(CacheSite site, RecentCall call) {
        Method method = site.method();
        Object instance = call.instance();
        if (method == null || (!call.isStatic() && instance == null)) {
            return;
        }
        try {
            method.setAccessible(true);
            method.invoke(instance, call.arguments);
            calls.increment();
        } catch (InvocationTargetException failed) {
            failures.increment();
            AgentLog.debug("warming " + site.signature + " failed: " + failed.getCause());
        } catch (ReflectiveOperationException | RuntimeException failed) {
            failures.increment();
            AgentLog.debug("warming " + site.signature + " failed: " + failed);
        }
    }

    long queued() {
        return executor.getQueue().size();
    }

    void close() {
        executor.shutdownNow();
    }
}
