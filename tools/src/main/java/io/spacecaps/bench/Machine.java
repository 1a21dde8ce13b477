package io.spacecaps.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What this machine and process cost: CPU time of this JVM and of the embedded Kafka broker (a
 * child JVM), resident memory from {@code /proc}, heap after a full collection.
 */
public final class Machine {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final ProcessHandle broker;

    Machine() {
        broker = ProcessHandle.current().children().filter(Machine::isKafkaBroker).findFirst().orElse(null);
    }

    /**
     * The JDK gives up on long command lines (the broker's classpath is one), so {@code /proc} is
     * read directly where it exists.
     */
    private static boolean isKafkaBroker(ProcessHandle p) {
        try {
            Path cmdline = Path.of("/proc", String.valueOf(p.pid()), "cmdline");
            if (Files.isReadable(cmdline)) {
                return new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).contains("kafka.Kafka");
            }
        } catch (IOException e) {
            // fall back on what the JDK knows
        }
        return p.info().commandLine().map(c -> c.contains("kafka.Kafka")).orElse(false);
    }

    /** Collections, time spent in them (ms, all collectors) and JIT compilation time (ms) so far. */
    record VmActivity(long collections, long collectionMillis, long compilationMillis) {

        static VmActivity now() {
            long count = 0;
            long millis = 0;
            for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, gc.getCollectionCount());
                millis += Math.max(0, gc.getCollectionTime());
            }
            java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            long compiling = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
            return new VmActivity(count, millis, compiling);
        }

        VmActivity since(VmActivity earlier) {
            return new VmActivity(collections - earlier.collections, collectionMillis - earlier.collectionMillis,
                    compilationMillis - earlier.compilationMillis);
        }
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
    public static long rssBytes() {
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

    /**
     * Heap and RSS after two full collections (the live heap, not garbage waiting to be collected),
     * and after asking glibc to hand freed native memory back: recognisers closed earlier leave
     * their memory in malloc's free lists, where new ones reuse it without growing the RSS, which
     * would hide what an open track costs.
     *
     * @param audioSecondsPerTrack how much audio each open track had heard (state grows with it)
     */
    static MemorySample memoryAfterGc(int openTracks, double audioSecondsPerTrack) {
        System.gc();
        System.gc();
        boolean trimmed = mallocTrim();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new MemorySample(openTracks, Math.round(audioSecondsPerTrack), heap.getUsed(), heap.getCommitted(),
                rssBytes(), trimmed);
    }

    private static boolean mallocTrim() {
        try {
            // JNA comes with Vosk's Java binding.
            com.sun.jna.NativeLibrary.getInstance("c").getFunction("malloc_trim").invokeInt(new Object[]{0});
            return true;
        } catch (Throwable notGlibc) {
            return false;
        }
    }

    /**
     * @param openTracks           tracks with an open recogniser when the sample was taken
     * @param audioSecondsPerTrack audio each of them had heard by then
     * @param nativeHeapTrimmed    glibc's free memory was returned first (see {@link #memoryAfterGc})
     */
    record MemorySample(int openTracks, long audioSecondsPerTrack, long heapUsedBytes, long heapCommittedBytes,
                        long rssBytes, boolean nativeHeapTrimmed) {

        /** Resident memory outside the Java heap: native (Vosk), metaspace, thread stacks, code. */
        long rssOutsideHeapBytes() {
            return rssBytes < 0 ? -1 : rssBytes - heapCommittedBytes;
        }
    }
}
