package io.spacecaps.bench;

import io.spacecaps.asr.VoskCpuMeter;
import io.spacecaps.session.SessionPublisher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One load step: {@code tracks} synthetic tracks published in real time, each Space from a thread
 * of its own (as separate rooms would), while the job's backlog, the CPU of this JVM, of the broker
 * and of the load generator itself, and the captions' latencies are recorded. The step ends when
 * every track's end-of-track final has arrived, so its CPU window covers all of its audio.
 */
final class SyntheticLoadStep {

    static final int CHUNK_MS = 100;
    /** Backlog growth per track (seconds of audio per second) still counted as flat: 1% of real time. */
    static final double FLAT_GROWTH = 0.01;
    /** Seconds from the last audio to the last end-of-track final still counted as keeping up. */
    static final double FLAT_DRAIN_SECONDS = 5.0;
    /** A step whose tracks are this many seconds behind is failing: stop it rather than wait. */
    static final double ABORT_BACKLOG_SECONDS = 15.0;
    /**
     * Heap the load generator holds per 100 ms chunk of a track while it publishes: the samples
     * (3,200 bytes), the chunk's payload copy (3,216) and its two small records; taken out of the
     * heap measured with tracks open, which would otherwise be mostly the generator's.
     */
    static final long HARNESS_HEAP_BYTES_PER_CHUNK = 3_200 + 3_216 + 104;
    /** How far into a step memory is sampled: late, since the recogniser's kept audio grows with what a track heard. */
    static final double MEMORY_SAMPLE_AT = 0.9;

    private final String bootstrapServers;
    private final CaptionRouter router;
    private final SyntheticLoad load;
    private final Machine machine;
    private final HarnessThreads harness;
    private final BacklogProbe backlog;
    private final int parallelism;
    private final long idleTimeoutMs;
    private final RecognizerSplit split;
    private final Consumer<String> status;
    private int stepNumber;

    /** Open recognisers on each recogniser subtask now, as the job reports them; empty when it cannot tell yet. */
    interface RecognizerSplit {
        Optional<double[]> openRecognizers() throws Exception;
    }

    SyntheticLoadStep(String bootstrapServers, CaptionRouter router, SyntheticLoad load, Machine machine,
                      HarnessThreads harness, BacklogProbe backlog, int parallelism, long idleTimeoutMs,
                      RecognizerSplit split, Consumer<String> status) {
        this.bootstrapServers = bootstrapServers;
        this.router = router;
        this.load = load;
        this.machine = machine;
        this.harness = harness;
        this.backlog = backlog;
        this.parallelism = parallelism;
        this.idleTimeoutMs = idleTimeoutMs;
        this.split = split;
        this.status = status;
    }

    /** What one step measured. CPU in seconds; backlog in seconds of audio per track. */
    record Result(String label, int tracks, int spaces, double audioSeconds, double wallSeconds,
                  boolean flat, String verdict, boolean aborted, boolean drained,
                  double backlogGrowthPerTrack, double maxBacklogSecondsPerTrack, double drainSeconds, String backlogSource,
                  double jvmCpuSeconds, double harnessCpuSeconds, double pipelineCpuSeconds, double voskCallsCpuSeconds,
                  double brokerCpuSeconds,
                  double forcedGcCpuSeconds, double pipelineCpuPerAudioSecond, double brokerCpuPerAudioSecond, double coresBusy,
                  Map<String, Double> jvmCpuSecondsByThreadKind, Machine.VmActivity gcAndJit,
                  int[] tracksPerRecognizerSubtask, LatencyRecorder.Latencies latency,
                  Machine.MemorySample memory, long harnessHeapBytes) {
    }

    Result run(String label, int tracks, long lengthMs, boolean sampleMemory) throws Exception {
        stepNumber++;
        String prefix = String.format("bench-%02d-%s-%dt", stepNumber, label.replaceAll("[^A-Za-z0-9]+", ""), tracks);
        List<SyntheticLoad.Space> spaces = load.spaces(prefix, tracks, lengthMs);
        List<String> keys = spaces.stream().flatMap(s -> s.trackKeys().stream()).toList();
        double audioSeconds = spaces.stream().mapToDouble(SyntheticLoad.Space::audioSeconds).sum();
        long chunks = Math.round(audioSeconds * 1000 / CHUNK_MS);
        status.accept(String.format("step %d (%s): %d track(s) in %d Space(s), %.0f s of audio each, in real time",
                stepNumber, label, tracks, spaces.size(), lengthMs / 1000.0));

        LatencyRecorder recorder = new LatencyRecorder(Set.copyOf(keys));
        spaces.forEach(s -> router.route(s.id(), recorder));
        List<SessionPublisher> publishers = new ArrayList<>();
        Set<Long> before = HarnessThreads.liveIds();
        for (int k = 0; k < spaces.size(); k++) {
            publishers.add(new SessionPublisher(bootstrapServers));
        }
        harness.addStartedSince(before, "kafka-producer-network-thread");

        List<double[]> lag = new CopyOnWriteArrayList<>();
        AtomicBoolean publishing = new AtomicBoolean(true);
        AtomicBoolean abort = new AtomicBoolean(false);
        List<Thread> threads = new CopyOnWriteArrayList<>();
        AtomicReference<String> backlogSource = new AtomicReference<>("none");
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-sampler");
            t.setDaemon(true);
            harness.add(t);
            return t;
        });

        harness.sample();
        long vosk0 = VoskCpuMeter.totalNanos();
        long cpu0 = machine.processCpuNanos();
        long broker0 = machine.brokerCpuNanos();
        long harness0 = harness.cpuNanos();
        long wall0 = System.nanoTime();
        ThreadCpuProfile profile = new ThreadCpuProfile(machine);
        Machine.VmActivity vm0 = Machine.VmActivity.now();
        // The most tracks each recogniser subtask held at once, as the job reports it (Flink's REST API
        // refreshes its metrics every few seconds, so every 2 s is often enough).
        int[] peakPerSubtask = new int[parallelism];
        AtomicLong ticks = new AtomicLong();
        sampler.scheduleAtFixedRate(() -> {
            harness.sample();
            profile.sample();
            if (ticks.getAndIncrement() % 4 == 0) {
                try {
                    split.openRecognizers().ifPresent(open -> {
                        synchronized (peakPerSubtask) {
                            for (int i = 0; i < Math.min(open.length, peakPerSubtask.length); i++) {
                                peakPerSubtask[i] = Math.max(peakPerSubtask[i], (int) open[i]);
                            }
                        }
                    });
                } catch (Exception unavailable) {
                    // The split is reported when known; the step goes on without it.
                }
            }
            long records = backlog.lagRecords();
            backlogSource.set(backlog.source());
            double t = (System.nanoTime() - wall0) / 1e9;
            if (records >= 0) {
                double perTrack = records * (CHUNK_MS / 1000.0) / tracks;
                lag.add(new double[]{t, perTrack});
                if (publishing.get() && t > 10 && perTrack > ABORT_BACKLOG_SECONDS && abort.compareAndSet(false, true)) {
                    status.accept(String.format("step %d: %.1f s of audio behind per track: stopping the step", stepNumber, perTrack));
                    threads.forEach(Thread::interrupt);
                }
            }
        }, 0, 500, TimeUnit.MILLISECONDS);

        AtomicLong publishEndMs = new AtomicLong();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int k = 0; k < spaces.size(); k++) {
            SyntheticLoad.Space space = spaces.get(k);
            SessionPublisher publisher = publishers.get(k);
            // Rooms are not in step with each other: spread the Spaces' chunk boundaries over one chunk.
            long staggerMs = (long) k * CHUNK_MS / spaces.size();
            Thread thread = new Thread(() -> {
                try {
                    Thread.sleep(staggerMs);
                    publisher.publish(space.manifest(), space.audio(), space.id(), 1.0, CHUNK_MS, null);
                } catch (InterruptedException | org.apache.kafka.common.errors.InterruptException stopped) {
                    // The step was stopped.
                } catch (Throwable t) {
                    failures.add(t);
                } finally {
                    publishEndMs.accumulateAndGet(System.currentTimeMillis(), Math::max);
                }
            }, "bench-space-" + k);
            harness.add(thread);
            threads.add(thread);
        }
        threads.forEach(Thread::start);

        Machine.MemorySample memory = null;
        long forcedGcCpu = 0;
        if (sampleMemory) {
            long at = wall0 + (long) (lengthMs * MEMORY_SAMPLE_AT * 1_000_000L);
            while (System.nanoTime() < at && threads.stream().anyMatch(Thread::isAlive)) {
                Thread.sleep(100);
            }
            if (!abort.get() && threads.stream().allMatch(Thread::isAlive)) {
                long gcStart = machine.processCpuNanos();
                memory = Machine.memoryAfterGc(tracks, (System.nanoTime() - wall0) / 1e9);
                // The collections are the bench's doing, not the pipeline's.
                forcedGcCpu = machine.processCpuNanos() - gcStart;
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        publishing.set(false);
        double publishSeconds = (System.nanoTime() - wall0) / 1e9;
        if (!failures.isEmpty()) {
            sampler.shutdownNow();
            throw new IllegalStateException("publishing the load failed: " + failures.get(0).getMessage(), failures.get(0));
        }

        boolean drained = !abort.get() && recorder.awaitComplete(Duration.ofSeconds(60),
                Duration.ofMillis(Math.max(60_000, 2 * lengthMs)));
        harness.sample();
        double wallSeconds = (System.nanoTime() - wall0) / 1e9;
        double jvm = (machine.processCpuNanos() - cpu0) / 1e9;
        double voskCalls = (VoskCpuMeter.totalNanos() - vosk0) / 1e9;
        double brokerCpu = (machine.brokerCpuNanos() - broker0) / 1e9;
        double harnessCpu = (harness.cpuNanos() - harness0) / 1e9;
        Map<String, Double> byThread = profile.secondsByKind(12);
        Machine.VmActivity vm = Machine.VmActivity.now().since(vm0);
        sampler.shutdownNow();
        sampler.awaitTermination(5, TimeUnit.SECONDS);
        publishers.forEach(SessionPublisher::close);
        spaces.forEach(s -> router.stop(s.id()));

        double drainSeconds = drained ? Math.max(0, (recorder.lastEndOfTrackMs() - publishEndMs.get()) / 1000.0) : Double.NaN;
        double growth = slope(lag, 0.25 * lengthMs / 1000.0, publishSeconds);
        double maxBacklog = lag.stream().mapToDouble(s -> s[1]).max().orElse(Double.NaN);
        String verdict;
        if (abort.get()) {
            verdict = String.format("stopped: over %.0f s of audio behind per track", ABORT_BACKLOG_SECONDS);
        } else if (!drained) {
            verdict = "tracks never ended: " + recorder.missingTracks().stream().limit(4).collect(Collectors.joining(", "));
        } else if (!Double.isNaN(growth) && growth > FLAT_GROWTH) {
            verdict = String.format("backlog grew %.3f s/s per track", growth);
        } else if (drainSeconds > FLAT_DRAIN_SECONDS) {
            verdict = String.format("took %.1f s after the audio ended to catch up", drainSeconds);
        } else {
            verdict = "flat";
        }
        boolean flat = verdict.equals("flat");
        double pipelineCpu = jvm - harnessCpu - forcedGcCpu / 1e9;
        Result result = new Result(label, tracks, spaces.size(), audioSeconds, wallSeconds, flat, verdict, abort.get(), drained,
                growth, maxBacklog, drainSeconds, backlogSource.get(),
                jvm, harnessCpu, pipelineCpu, voskCalls, brokerCpu, forcedGcCpu / 1e9,
                pipelineCpu / audioSeconds, brokerCpu / audioSeconds, (jvm + brokerCpu) / wallSeconds, byThread, vm,
                peakOf(peakPerSubtask), recorder.latencies(), memory,
                chunks * HARNESS_HEAP_BYTES_PER_CHUNK);
        LatencySummary partial = result.latency().partialMs();
        LatencySummary fin = result.latency().finalAfterEndpointMs();
        status.accept(String.format("step %d: %s; %.3f CPU-s per audio-s; partial p99 %s ms, final p99 %s ms after the endpoint "
                        + "on screen (%s ms committed); tracks per recogniser subtask %s", stepNumber, verdict,
                result.pipelineCpuPerAudioSecond(), partial.p99(), result.latency().finalOnScreenMs().p99(), fin.p99(),
                java.util.Arrays.toString(result.tracksPerRecognizerSubtask())));
        if (!result.latency().slowestPartials().isEmpty()) {
            status.accept("step " + stepNumber + ": slowest partials (ms, of which before the recogniser; track; s after "
                    + result.latency().startedAt() + "): "
                    + result.latency().slowestPartials().stream().limit(5)
                    .map(slow -> String.format(Locale.ROOT, "%d (%d; %s; %.1f)", slow.latencyMs(), slow.toRecognizerMs(),
                            slow.track(), slow.arrivedAtMs() / 1000.0))
                    .collect(Collectors.joining(", ")));
        }
        if (!drained) {
            recover();
        }
        return result;
    }

    private static int[] peakOf(int[] peakPerSubtask) {
        synchronized (peakPerSubtask) {
            return peakPerSubtask.clone();
        }
    }

    /** After a stopped step: let the job work off what is queued and close the tracks that never ended. */
    private void recover() throws InterruptedException {
        status.accept("letting the job catch up before the next step");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        while (System.nanoTime() < deadline && backlog.lagRecords() > 0) {
            Thread.sleep(1000);
        }
        // Tracks without an end-of-track chunk hold their recogniser until the idle timeout.
        Thread.sleep(idleTimeoutMs + 3_000);
    }

    /** Least-squares slope of {@code samples} ({t, value}) with {@code from <= t <= to}; NaN if too few. */
    static double slope(List<double[]> samples, double from, double to) {
        double n = 0;
        double st = 0;
        double sv = 0;
        double stt = 0;
        double stv = 0;
        for (double[] s : samples) {
            if (s[0] >= from && s[0] <= to) {
                n++;
                st += s[0];
                sv += s[1];
                stt += s[0] * s[0];
                stv += s[0] * s[1];
            }
        }
        double denominator = n * stt - st * st;
        if (n < 4 || denominator == 0) {
            return Double.NaN;
        }
        return (n * stv - st * sv) / denominator;
    }
}
