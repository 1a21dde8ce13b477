package io.spacecaps.asr;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.LongAdder;

/**
 * CPU time spent inside Vosk's native calls by the recognisers of this JVM, measured on the calling
 * thread's CPU clock (Vosk decodes on the thread that feeds it). It tells the pipeline's own overhead
 * apart from recognition: the bench divides it by the audio fed, and the recogniser reports it per
 * subtask as the counter {@code voskCpuMs}. Reading a thread's CPU clock costs about a microsecond;
 * it is read twice per chunk, against milliseconds of decoding.
 */
public final class VoskCpuMeter {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final LongAdder TOTAL_NANOS = new LongAdder();

    private VoskCpuMeter() {
    }

    /** This thread's CPU clock now, in nanoseconds; -1 where the JVM cannot tell. */
    static long threadNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    /** Adds the CPU time since {@code startNanos} (from {@link #threadNanos()}); returns it. */
    static long addSince(long startNanos) {
        if (startNanos < 0) {
            return 0;
        }
        long spent = THREADS.getCurrentThreadCpuTime() - startNanos;
        TOTAL_NANOS.add(spent);
        return spent;
    }

    /** CPU nanoseconds spent in Vosk calls by every recogniser of this JVM so far. */
    public static long totalNanos() {
        return TOTAL_NANOS.sum();
    }
}
