package io.spacecaps.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What this machine and process cost: CPU time of this JVM and of the embedded Kafka broker (a
 * child JVM), resident memory from {@code /proc}, heap after a full collection.
 */
final class Machine {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final ProcessHandle broker;

    Machine() {
        broker = ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().map(c -> c.contains("kafka.Kafka")).orElse(false))
                .findFirst().orElse(null);
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** CPU time of every thread of this JVM so far, in ns. */
    long processCpuNanos() {
        return os.getProcessCpuTime();
    }

    boolean hasBroker() {
        return broker != null && broker.isAlive();
    }

    /** CPU time of the embedded broker's JVM so far, in ns; 0 when there is none. */
    long brokerCpuNanos() {
        if (broker == null) {
            return 0;
        }
        return broker.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    Optional<Long> brokerPid() {
        return broker == null ? Optional.empty() : Optional.of(broker.pid());
    }

    /** Resident set size of this JVM, in bytes; -1 where {@code /proc} is not available. */
    static long rssBytes() {
        return rssBytes(Path.of("/proc/self/status"));
    }

    long brokerRssBytes() {
        return broker == null ? -1 : rssBytes(Path.of("/proc", String.valueOf(broker.pid()), "status"));
    }

    private static long rssBytes(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Heap and RSS after two full collections: the live heap, not garbage waiting to be collected. */
    static MemorySample memoryAfterGc(int openTracks) {
        System.gc();
        System.gc();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new MemorySample(openTracks, heap.getUsed(), heap.getCommitted(), rssBytes());
    }

    /** @param openTracks tracks with an open recogniser when the sample was taken */
    record MemorySample(int openTracks, long heapUsedBytes, long heapCommittedBytes, long rssBytes) {

        /** Resident memory outside the Java heap: native (Vosk), metaspace, thread stacks, code. */
        long rssOutsideHeapBytes() {
            return rssBytes < 0 ? -1 : rssBytes - heapCommittedBytes;
        }
    }
}
