package io.spacecaps.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where this JVM's CPU went over a stretch of time, by kind of thread: Flink's task threads are
 * named after their operators, Kafka's client threads after their role, so grouping names with the
 * numbers taken out tells Vosk's work from the job's plumbing. GC and other VM threads are not Java
 * threads; their share is what the process used beyond all Java threads. {@link #sample()} must be
 * called often enough to catch threads before they end.
 */
final class ThreadCpuProfile {

    /** Digits, and a Flink subtask suffix such as {@code (1/2)#0}, vary between threads of one kind. */
    private static final Pattern VARYING = Pattern.compile("\\(\\d+/\\d+\\)(#\\d+)?|\\d+");

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, String> names = new HashMap<>();
    private final Map<Long, Long> first = new HashMap<>();
    private final Map<Long, Long> last = new HashMap<>();
    private final long processFirst;
    private final Machine machine;
    private boolean started;

    ThreadCpuProfile(Machine machine) {
        this.machine = machine;
        this.processFirst = machine.processCpuNanos();
        sample();
        started = true;
    }

    synchronized void sample() {
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            long cpu = threads.getThreadCpuTime(ids[i]);
            if (cpu < 0 || infos[i] == null) {
                continue;
            }
            names.putIfAbsent(ids[i], infos[i].getThreadName());
            // A thread born after the start used all of its CPU inside the stretch.
            first.putIfAbsent(ids[i], started ? 0L : cpu);
            last.put(ids[i], cpu);
        }
    }

    /** CPU seconds per kind of thread since the start, largest first, at most {@code limit} kinds plus the rest. */
    synchronized Map<String, Double> secondsByKind(int limit) {
        sample();
        Map<String, Long> byKind = new HashMap<>();
        long javaTotal = 0;
        for (Map.Entry<Long, Long> e : last.entrySet()) {
            long used = e.getValue() - first.get(e.getKey());
            javaTotal += used;
            byKind.merge(kind(names.get(e.getKey())), used, Long::sum);
        }
        byKind.put("(GC, JIT and other VM threads)", Math.max(0, machine.processCpuNanos() - processFirst - javaTotal));
        Map<String, Double> top = new LinkedHashMap<>();
        double[] rest = {0};
        byKind.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> {
                    if (top.size() < limit) {
                        top.put(e.getKey(), Math.round(e.getValue() / 1e6) / 1e3);
                    } else {
                        rest[0] += e.getValue() / 1e9;
                    }
                });
        top.put("(the rest)", Math.round(rest[0] * 1e3) / 1e3);
        return top;
    }

    static String kind(String threadName) {
        return VARYING.matcher(threadName).replaceAll("#").replaceAll("\\s+", " ").strip();
    }
}
