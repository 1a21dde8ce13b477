package io.spacecaps.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The threads of this JVM that belong to the bench rather than the pipeline: the load generator's
 * publishing threads and their Kafka producer threads, the caption reader. Their CPU time is taken
 * out of the JVM's so that the pipeline's cost is the job's alone. A thread's CPU time can only be
 * read while it lives, so {@link #sample()} is called often and the last reading of a finished
 * thread is kept.
 */
final class HarnessThreads {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> lastCpu = new ConcurrentHashMap<>();

    HarnessThreads() {
        if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
    }

    void add(Thread thread) {
        lastCpu.putIfAbsent(thread.getId(), 0L);
    }

    /** Ids of the threads alive now, to find the ones a client starts: see {@link #addStartedSince}. */
    static Set<Long> liveIds() {
        Set<Long> ids = new HashSet<>();
        for (long id : ManagementFactory.getThreadMXBean().getAllThreadIds()) {
            ids.add(id);
        }
        return ids;
    }

    /** Adds the threads whose name starts with {@code prefix} that were not alive in {@code before}. */
    void addStartedSince(Set<Long> before, String prefix) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(t.getId()) && t.getName().startsWith(prefix)) {
                add(t);
            }
        }
    }

    /** Adds every live thread with this exact name. */
    void addNamed(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                add(t);
            }
        }
    }

    /** Reads the CPU time of every harness thread still alive. */
    void sample() {
        for (Map.Entry<Long, Long> e : lastCpu.entrySet()) {
            long cpu = threads.getThreadCpuTime(e.getKey());
            if (cpu >= 0) {
                e.setValue(cpu);
            }
        }
    }

    /** CPU time of the harness threads so far, in ns (as of the last {@link #sample()}). */
    long cpuNanos() {
        return lastCpu.values().stream().mapToLong(Long::longValue).sum();
    }
}
