package com.threatlens.agent.report;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;

import com.threatlens.sidecar.MetricsSection;

/** The host JVM's own figures: memory, threads, garbage collection, CPU. */
public final class JvmMetrics implements MetricsSection {

    @Override
    public String name() {
        return "jvm";
    }

    @Override
    public Map<String, Object> snapshot() {
        Map<String, Object> jvm = new LinkedHashMap<>();
        Runtime runtime = Runtime.getRuntime();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        jvm.put("java_version", Runtime.version().toString());
        jvm.put("uptime_ms", ManagementFactory.getRuntimeMXBean().getUptime());
        jvm.put("available_processors", runtime.availableProcessors());
        jvm.put("heap_used_bytes", heap.getUsed());
        jvm.put("heap_committed_bytes", heap.getCommitted());
        jvm.put("heap_max_bytes", heap.getMax());
        jvm.put("non_heap_used_bytes", nonHeap.getUsed());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        jvm.put("threads_live", threads.getThreadCount());
        jvm.put("threads_daemon", threads.getDaemonThreadCount());
        jvm.put("threads_peak", threads.getPeakThreadCount());
        long collections = 0;
        long collectionMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            collections += Math.max(0, gc.getCollectionCount());
            collectionMillis += Math.max(0, gc.getCollectionTime());
        }
        jvm.put("gc_collections", collections);
        jvm.put("gc_time_ms", collectionMillis);
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        jvm.put("system_load_average", os.getSystemLoadAverage());
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            jvm.put("process_cpu_load", ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuLoad());
        }
        return jvm;
    }
}
