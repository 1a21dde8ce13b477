package io.spacecaps.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything a bench run found: printed as a table and written as JSON (same figures, more detail).
 * CPU figures are CPU-seconds per second of audio; latencies are milliseconds; memory is bytes.
 */
public record BenchReport(Setup setup, Cost cost, Capacity capacity, Map<String, LatencyAt> latency, Accuracy accuracy,
                          Memory memory, Targets targets, RecordedSpaces recordedSpaces, List<SyntheticLoadStep.Result> steps,
                          List<String> notes) {

    /**
     * Start-up and recorded Spaces flat out (issue 16's targets 6 and 5): what {@code recorded-bench}
     * last wrote, in {@code report}, and when; no figures when it has not run.
     */
    public record RecordedSpaces(String report, String measuredAt, List<RecordedBench.Figure> figures) {
    }

    /** How the run was set up. */
    public record Setup(String startedAt, int cores, int parallelism, boolean quick, double minutesPerStep,
                        Integer maxSpaces, int maxTracks, int chunkMs, String model, String java, String jvmOptions,
                        List<String> pipelineOptions, long bufferTimeoutMs, long checkpointIntervalMs, boolean partialWords,
                        boolean embeddedBroker, String pipelineConfig) {
    }

    /**
     * @param pipelineCpuPerAudioSecond         the job's JVM (Flink, Vosk, Kafka clients), the load generator and caption reader taken out
     * @param pipelineMarginalCpuPerAudioSecond the same with the job's idle CPU over the step taken out too
     * @param bareVoskCpuPerAudioSecond         bare Vosk on the cost step's own audio, in one thread
     * @param bareVoskEveryCoreBusyCpuPerAudioSecond the same audio shared out over one thread per core
     * @param recognizerThreadCpuPerAudioSecond the job's recogniser threads alone (Vosk, and the operator around it)
     * @param voskCallsInJobCpuPerAudioSecond   the job's time inside Vosk's calls alone ({@link io.spacecaps.asr.VoskCpuMeter})
     * @param bareVoskPacedCpuPerAudioSecond    bare Vosk on the same audio fed in real time, as live audio arrives
     * @param overheadRatio                     pipeline over bare Vosk
     * @param overheadRatioWithBroker           pipeline plus the Kafka broker's CPU, over bare Vosk
     */
    public record Cost(String step, int tracks, double audioSeconds, double pipelineCpuPerAudioSecond,
                       double pipelineMarginalCpuPerAudioSecond, double brokerCpuPerAudioSecond,
                       double loadGeneratorCpuPerAudioSecond, double bareVoskCpuPerAudioSecond, double bareVoskAudioSeconds,
                       double bareVoskEveryCoreBusyCpuPerAudioSecond, double recognizerThreadCpuPerAudioSecond,
                       double voskCallsInJobCpuPerAudioSecond, double bareVoskPacedCpuPerAudioSecond,
                       double overheadRatio, double overheadRatioWithBroker, double idlePipelineCores, double idleBrokerCores,
                       Map<String, Double> idleJvmCpuSecondsByThreadKind, Map<String, Double> stepJvmCpuSecondsByThreadKind,
                       Machine.VmActivity stepGcAndJit,
                       List<CallPattern> bareVoskCallPatterns) {
    }

    /** One way of calling Vosk, timed on the same audio as the others. */
    public record CallPattern(String how, double audioSeconds, double cpuPerAudioSecond, double ratioToBare) {
    }

    /**
     * @param sustainedTracks     most concurrent real-time tracks with a flat backlog; null when not searched
     * @param atLeast             no step failed: the machine may sustain more
     * @param bareVoskBoundTracks cores divided by bare Vosk's CPU-seconds per audio-second (the offline bound)
     * @param bareVoskPacedBoundTracks cores divided by bare Vosk's cost fed the same audio in real time (the
     *                                 paced bound, the live floor); null until measured on the cost step's audio
     */
    public record Capacity(Integer sustainedTracks, boolean atLeast, Integer lowestFailedTracks, double bareVoskBoundTracks,
                           double bareVoskEveryCoreBusyBoundTracks, Double bareVoskPacedBoundTracks,
                           Double ratioToBareVoskBound, int cores, List<Integer> triedTracks, String note) {

        /** The same search judged against bounds from bare Vosk on the cost step's own audio. */
        Capacity withBounds(double offline, double everyCoreBusy, double paced) {
            return new Capacity(sustainedTracks, atLeast, lowestFailedTracks, offline, everyCoreBusy, paced,
                    sustainedTracks == null ? null : sustainedTracks / offline, cores, triedTracks, note);
        }
    }

    /**
     * Latencies at one load.
     *
     * @param partialToRecognizerMs   of a partial's latency, what passed before the recogniser took its chunk
     * @param partialFromRecognizerMs the rest, from the recogniser to the reader
     */
    public record LatencyAt(int tracks, Double fractionOfCapacity, double fractionOfBareVoskBound, boolean flat,
                            LatencySummary partialMs, LatencySummary partialToRecognizerMs, LatencySummary partialFromRecognizerMs,
                            LatencySummary finalAfterEndpointMs,
                            LatencySummary finalAfterLastWordMs, LatencySummary endpointSilenceMs, LatencySummary finalOnScreenMs) {
    }

    /** @param worstDifferencePoints the largest pipeline-minus-bare WER difference over the sets, in points */
    public record Accuracy(List<AccuracyBench.Score> sets, Double worstDifferencePoints, Boolean withinHalfPoint,
                           List<String> skipped) {
    }

    /**
     * @param harnessHeapBytes bytes of the loaded heap that are the load generator's audio, taken out of the per-track heap
     * @param bareVoskRssBytesPerRecognizer resident memory of one bare Vosk recogniser that has heard
     *                                      {@code bareVoskRecognizerAudioSeconds} of a track, fed the job's way
     */
    public record Memory(Machine.MemorySample idle, Machine.MemorySample loaded, Long harnessHeapBytes,
                         Long heapBytesPerTrack, Long rssBytesPerTrack, Long rssOutsideHeapBytesPerTrack,
                         Slope betweenLoads,
                         long bareVoskRssBytesPerRecognizer, long bareVoskRecognizerAudioSeconds, Long brokerRssBytes,
                         AfterLoad afterLoad) {
    }

    /**
     * Memory after the last step's tracks ended: 5 s on ({@code ended}), and past the kept recognisers'
     * idle time {@code idleMs} ({@code afterIdle}; null when it was too long to wait for).
     *
     * @param keptWhenEnded recognisers kept for later tracks at the first sample, {@code keptAfterIdle} at the second
     */
    public record AfterLoad(Machine.MemorySample ended, int keptWhenEnded, Machine.MemorySample afterIdle, Integer keptAfterIdle,
                            long idleMs) {
    }

    /**
     * Memory per track from the two most loaded steps that were sampled, {@code fromTracks} and
     * {@code toTracks}: unlike the figures against the idle pipeline, it leaves out whatever the JVM
     * grew by once (JIT code, metaspace, arenas) between the idle sample and the first load.
     */
    public record Slope(int fromTracks, int toTracks, long heapBytesPerTrack, long rssBytesPerTrack,
                        long rssOutsideHeapBytesPerTrack) {
    }

    /**
     * The targets, each with the figure it is judged on: issue 16's (capacity within the latency targets
     * against the paced and the offline bound, partial and on-screen final p99 at 50% of capacity, parity
     * on long tracks, memory per open track; its start-up and recorded Spaces are {@link RecordedSpaces}),
     * and the earlier ones still reported (overhead ratio, committed final p99, WER difference).
     */
    public record Targets(Check capacityVsPacedBound, Check capacityVsOfflineBound, Check partialP99, Check finalOnScreenP99,
                          Check longTrackParity, Check memoryPerTrack,
                          Check overheadRatio, Check finalP99AfterEndpoint, Check werDifference) {
    }

    /** Issue 16's latency targets, which a step must meet for its tracks to count as capacity. */
    static final long PARTIAL_P99_TARGET_MS = 250;
    static final long FINAL_ON_SCREEN_P99_TARGET_MS = 300;

    public record Check(String target, Double value, Boolean met) {

        /** Met when {@code value} is at most {@code limit}; not judged without a value. */
        static Check atMost(String target, Number value, double limit) {
            Double v = value == null ? null : value.doubleValue();
            return new Check(target, v, v == null ? null : v <= limit);
        }

        /** Met when {@code value} is at least {@code limit}; not judged without a value. */
        static Check atLeast(String target, Number value, double limit) {
            Double v = value == null ? null : value.doubleValue();
            return new Check(target, v, v == null ? null : v >= limit);
        }
    }

    public void writeJson(Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        json().writeValue(file.toFile(), this);
    }

    static ObjectMapper json() {
        SimpleModule finite = new SimpleModule();
        // NaN and infinities are not JSON: a figure that could not be measured is null.
        JsonSerializer<Double> doubles = new JsonSerializer<>() {
            @Override
            public void serialize(Double value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                if (value == null || value.isNaN() || value.isInfinite()) {
                    gen.writeNull();
                } else {
                    gen.writeNumber(value);
                }
            }
        };
        finite.addSerializer(Double.class, doubles);
        finite.addSerializer(double.class, doubles);
        return JsonMapper.builder().addModule(finite).enable(SerializationFeature.INDENT_OUTPUT).build();
    }

    /** The summary table for people. */
    public String table() {
        StringBuilder b = new StringBuilder();
        line(b, "Spacecaps bench: %d cores, parallelism %d, %s of audio per track per step%s",
                setup.cores(), setup.parallelism(), seconds(setup.minutesPerStep() * 60), setup.quick() ? " (quick)" : "");
        line(b, "pipeline options: %s; checkpoints every %d ms, buffer timeout %d ms, partial words %s",
                setup.pipelineOptions().isEmpty() ? "defaults" : String.join(" ", setup.pipelineOptions()),
                setup.checkpointIntervalMs(), setup.bufferTimeoutMs(), setup.partialWords());
        b.append('\n');
        line(b, "COST (CPU-seconds per audio-second)            step %s, %d tracks, %.0f s of audio",
                cost.step(), cost.tracks(), cost.audioSeconds());
        line(b, "  pipeline (job JVM, load generator excluded)   %.4f   (idle taken out: %.4f)",
                cost.pipelineCpuPerAudioSecond(), cost.pipelineMarginalCpuPerAudioSecond());
        line(b, "  bare Vosk, same audio, one thread             %.4f   (%.0f s of audio)",
                cost.bareVoskCpuPerAudioSecond(), cost.bareVoskAudioSeconds());
        line(b, "  bare Vosk, same audio, one thread per core    %.4f   (ratio %.3f)", cost.bareVoskEveryCoreBusyCpuPerAudioSecond(),
                cost.pipelineCpuPerAudioSecond() / cost.bareVoskEveryCoreBusyCpuPerAudioSecond());
        line(b, "  overhead ratio                                %.3f    %s", cost.overheadRatio(), verdict(targets.overheadRatio()));
        line(b, "  the job's recogniser threads alone            %.4f   (x%.3f bare Vosk, x%.3f with every core busy)",
                cost.recognizerThreadCpuPerAudioSecond(), cost.recognizerThreadCpuPerAudioSecond() / cost.bareVoskCpuPerAudioSecond(),
                cost.recognizerThreadCpuPerAudioSecond() / cost.bareVoskEveryCoreBusyCpuPerAudioSecond());
        line(b, "    of which inside Vosk's calls                %.4f   (x%.3f bare Vosk)", cost.voskCallsInJobCpuPerAudioSecond(),
                cost.voskCallsInJobCpuPerAudioSecond() / cost.bareVoskCpuPerAudioSecond());
        line(b, "  bare Vosk, same audio, paced in real time     %.4f   (x%.3f bare Vosk; ratio of the pipeline to it %.3f)",
                cost.bareVoskPacedCpuPerAudioSecond(), cost.bareVoskPacedCpuPerAudioSecond() / cost.bareVoskCpuPerAudioSecond(),
                cost.pipelineCpuPerAudioSecond() / cost.bareVoskPacedCpuPerAudioSecond());
        line(b, "  Kafka broker (separate JVM)                   %.4f   (ratio with broker %.3f)",
                cost.brokerCpuPerAudioSecond(), cost.overheadRatioWithBroker());
        line(b, "  load generator + caption reader (excluded)    %.4f", cost.loadGeneratorCpuPerAudioSecond());
        line(b, "  where the job JVM's CPU went in that step (CPU-s):");
        cost.stepJvmCpuSecondsByThreadKind().entrySet().stream().limit(8)
                .forEach(e -> line(b, "    %-60s %7.2f", abbreviate(e.getKey(), 60), e.getValue()));
        line(b, "  idle job JVM %.3f cores, idle broker %.3f cores", cost.idlePipelineCores(), cost.idleBrokerCores());
        if (cost.stepGcAndJit() != null) {
            line(b, "  in that step: %d collections taking %d ms, %d ms of JIT compilation",
                    cost.stepGcAndJit().collections(), cost.stepGcAndJit().collectionMillis(), cost.stepGcAndJit().compilationMillis());
        }
        for (CallPattern p : cost.bareVoskCallPatterns()) {
            line(b, "    Vosk called as: %-46s %.4f  x%.3f", p.how(), p.cpuPerAudioSecond(), p.ratioToBare());
        }
        b.append('\n');
        line(b, "CAPACITY (concurrent real-time tracks, backlog flat)");
        if (capacity.sustainedTracks() == null) {
            line(b, "  sustained                                     not searched (%s)", capacity.note());
        } else {
            line(b, "  sustained                                     %s%d   (tried %s)", capacity.atLeast() ? ">= " : "",
                    capacity.sustainedTracks(), capacity.triedTracks());
        }
        Integer withinTargets = tracksWithinLatencyTargets();
        line(b, "  within the latency targets                    %s   (most tracks of a flat step with partial p99 <= %d ms"
                + " and final on screen p99 <= %d ms)", withinTargets == null ? "-" : withinTargets.toString(),
                PARTIAL_P99_TARGET_MS, FINAL_ON_SCREEN_P99_TARGET_MS);
        line(b, "  bare Vosk bound (%d cores / bare cost)         %.1f   (%.1f at the every-core-busy cost)", capacity.cores(),
                capacity.bareVoskBoundTracks(), capacity.bareVoskEveryCoreBusyBoundTracks());
        line(b, "  paced bound (%d cores / bare Vosk paced)       %s", capacity.cores(),
                capacity.bareVoskPacedBoundTracks() == null ? "-" : String.format(Locale.ROOT, "%.1f", capacity.bareVoskPacedBoundTracks()));
        line(b, "  sustained / bound                             %s",
                capacity.ratioToBareVoskBound() == null ? "-" : String.format(Locale.ROOT, "%.2f", capacity.ratioToBareVoskBound()));
        line(b, "  within the latency targets / paced bound      %s    %s", ratio(targets.capacityVsPacedBound()),
                verdict(targets.capacityVsPacedBound()));
        line(b, "  within the latency targets / bound            %s    %s", ratio(targets.capacityVsOfflineBound()),
                verdict(targets.capacityVsOfflineBound()));
        b.append('\n');
        line(b, "LATENCY (ms)                          load          n     p50    p95    p99    max");
        latency.forEach((label, at) -> {
            String load = String.format(Locale.ROOT, "%s %d tr", label, at.tracks());
            latencyRow(b, "partial (last sample -> partial)", load, at.partialMs());
            latencyRow(b, "  to the recogniser", load, at.partialToRecognizerMs());
            latencyRow(b, "  from the recogniser", load, at.partialFromRecognizerMs());
            latencyRow(b, "final on screen (provisional)", load, at.finalOnScreenMs());
            latencyRow(b, "final committed after endpoint", load, at.finalAfterEndpointMs());
            latencyRow(b, "final after last word", load, at.finalAfterLastWordMs());
            latencyRow(b, "  of which endpoint silence", load, at.endpointSilenceMs());
        });
        line(b, "  targets at 50%%: partial p99 %s; final on screen p99 after the endpoint %s; committed p99 %s",
                verdict(targets.partialP99()), verdict(targets.finalOnScreenP99()), verdict(targets.finalP99AfterEndpoint()));
        b.append('\n');
        line(b, "ACCURACY (WER)                            files  words  pipeline  bare Vosk  diff (points)");
        for (AccuracyBench.Score s : accuracy.sets()) {
            line(b, "  %-38s %5d  %5d  %7.2f%%  %8.2f%%  %+.2f", s.name(), s.files(), s.referenceWords(),
                    100 * s.pipelineWer(), 100 * s.bareVoskWer(), s.differencePoints());
            if (s.bareVoskFedLikeTheJobWer() != null) {
                line(b, "    bare Vosk fed like the job, one recogniser          %8.2f%%  %+.2f",
                        100 * s.bareVoskFedLikeTheJobWer(), s.differenceFedLikeTheJobPoints());
            }
        }
        for (String skipped : accuracy.skipped()) {
            line(b, "  skipped: %s", skipped);
        }
        line(b, "  difference within 0.5 point                   %s", verdict(targets.werDifference()));
        line(b, "  long tracks within 0.2 point                  %s%s", verdict(targets.longTrackParity()),
                targets.longTrackParity().value() == null ? " (--long-tracks)" : "");
        b.append('\n');
        line(b, "MEMORY (per open track)");
        if (memory.loaded() == null) {
            line(b, "  not sampled");
        } else {
            line(b, "  heap (live, after GC)                         %s", megabytes(memory.heapBytesPerTrack()));
            line(b, "  resident (RSS)                                %s", megabytes(memory.rssBytesPerTrack()));
            line(b, "  resident outside the heap (Vosk, native)      %s", megabytes(memory.rssOutsideHeapBytesPerTrack()));
            if (memory.betweenLoads() != null) {
                Slope s = memory.betweenLoads();
                line(b, "  between %d and %d open tracks: heap %s, RSS %s, outside the heap %s per track", s.fromTracks(), s.toTracks(),
                        megabytes(s.heapBytesPerTrack()), megabytes(s.rssBytesPerTrack()), megabytes(s.rssOutsideHeapBytesPerTrack()));
            }
            line(b, "  bare Vosk, one open recogniser after %d s      %s", memory.bareVoskRecognizerAudioSeconds(),
                    megabytes(memory.bareVoskRssBytesPerRecognizer()));
            line(b, "  resident per track - bare Vosk's recogniser   %s    %s", megabytesOrDash(targets.memoryPerTrack().value()),
                    verdict(targets.memoryPerTrack()));
            line(b, "  measured at %d open tracks, %d s into their audio, against 0; idle: heap %s, RSS %s",
                    memory.loaded().openTracks(), memory.loaded().audioSecondsPerTrack(),
                    megabytes(memory.idle().heapUsedBytes()), megabytes(memory.idle().rssBytes()));
            AfterLoad after = memory.afterLoad();
            if (after != null) {
                afterLoadLine(b, "after the load, 5 s on", after.ended(), after.keptWhenEnded(), memory.idle());
                if (after.afterIdle() == null) {
                    line(b, "  past their idle time: not waited for (%d s: --warm-recognizer-idle-ms)", after.idleMs() / 1000);
                } else {
                    afterLoadLine(b, "past their idle time (" + after.idleMs() / 1000 + " s)", after.afterIdle(), after.keptAfterIdle(),
                            memory.idle());
                }
            }
        }
        b.append('\n');
        line(b, "START-UP AND RECORDED SPACES (scripts/spacecaps recorded-bench: fresh JVMs for minutes, so not run here)");
        if (recordedSpaces.figures().isEmpty()) {
            line(b, "  not measured: run scripts/spacecaps recorded-bench (it writes %s, which this table shows)", recordedSpaces.report());
        } else {
            line(b, "  as measured %s (%s)", recordedSpaces.measuredAt(), recordedSpaces.report());
            for (RecordedBench.Figure f : recordedSpaces.figures()) {
                line(b, "  %-40s %-24s %6.3f   %s (target %s)", f.name(), f.measure(), f.value(), f.met() ? "MET" : "MISSED", f.target());
            }
        }
        b.append('\n');
        line(b, "ISSUE 16 TARGETS");
        target(b, "1. capacity within the latency targets", ratio(targets.capacityVsPacedBound()) + " paced, "
                + ratio(targets.capacityVsOfflineBound()) + " offline", targets.capacityVsPacedBound(), targets.capacityVsOfflineBound());
        target(b, "2. partial p99 at 50%", ms(targets.partialP99()), targets.partialP99());
        target(b, "3. final on screen p99 at 50%", ms(targets.finalOnScreenP99()), targets.finalOnScreenP99());
        target(b, "4. parity on long tracks", targets.longTrackParity().value() == null ? "-"
                : String.format(Locale.ROOT, "%+.2f point", targets.longTrackParity().value()), targets.longTrackParity());
        for (RecordedBench.Figure f : recordedSpaces.figures()) {
            line(b, "  %-40s %-22s %s (target %s; recorded-bench, %s)", (f.measure().startsWith("time") ? "6. " : "5. ") + abbreviate(f.name(), 37),
                    String.format(Locale.ROOT, "%.3f", f.value()), f.met() ? "MET" : "MISSED", f.target(), recordedSpaces.measuredAt());
        }
        if (recordedSpaces.figures().isEmpty()) {
            line(b, "  %-40s %-22s (run scripts/spacecaps recorded-bench)", "5., 6. recorded Spaces, start-up", "not measured");
        }
        target(b, "7. resident memory per open track", megabytesOrDash(targets.memoryPerTrack().value()), targets.memoryPerTrack());
        for (String note : notes) {
            b.append("\nnote: ").append(note);
        }
        return b.append('\n').toString();
    }

    /**
     * The most tracks of a step that kept up with partial p99 and final-on-screen p99 within issue 16's
     * targets: the load a live audience would still find prompt. Null if none did.
     */
    public Integer getTracksWithinLatencyTargets() {
        return tracksWithinLatencyTargets();
    }

    Integer tracksWithinLatencyTargets() {
        return tracksWithinLatencyTargets(steps);
    }

    static Integer tracksWithinLatencyTargets(List<SyntheticLoadStep.Result> steps) {
        return steps.stream()
                .filter(s -> s.flat() && s.latency().partialMs().p99() != null && s.latency().partialMs().p99() <= PARTIAL_P99_TARGET_MS
                        && (s.latency().finalOnScreenMs().p99() == null || s.latency().finalOnScreenMs().p99() <= FINAL_ON_SCREEN_P99_TARGET_MS))
                .map(SyntheticLoadStep.Result::tracks).max(Integer::compare).orElse(null);
    }

    private static void target(StringBuilder b, String what, String figure, Check... checks) {
        boolean measured = java.util.Arrays.stream(checks).allMatch(c -> c.met() != null);
        boolean met = measured && java.util.Arrays.stream(checks).allMatch(Check::met);
        line(b, "  %-40s %-22s %s (target %s)", what, figure, !measured ? "not measured" : met ? "MET" : "MISSED",
                String.join(" and ", java.util.Arrays.stream(checks).map(Check::target).toList()));
    }

    /** One memory sample after the load, against the idle job's. */
    private static void afterLoadLine(StringBuilder b, String when, Machine.MemorySample sample, int keptRecognizers,
                                      Machine.MemorySample idle) {
        line(b, "  %s: RSS %s (%+.0f MB on the idle job's), %d recognisers kept", when, megabytes(sample.rssBytes()),
                (sample.rssBytes() - idle.rssBytes()) / 1048576.0, keptRecognizers);
    }

    private static String ratio(Check c) {
        return c.value() == null ? "-" : String.format(Locale.ROOT, "%.2f", c.value());
    }

    private static String ms(Check c) {
        return c.value() == null ? "-" : String.format(Locale.ROOT, "%.0f ms", c.value());
    }

    private static String megabytesOrDash(Double bytes) {
        return bytes == null ? "-" : String.format(Locale.ROOT, "%+.1f MB", bytes / 1048576.0);
    }

    private static void latencyRow(StringBuilder b, String what, String load, LatencySummary s) {
        line(b, "  %-34s %-10s %6d  %6s %6s %6s %6s", what, load, s.count(), n(s.p50()), n(s.p95()), n(s.p99()), n(s.max()));
    }

    private static String abbreviate(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 3) + "...";
    }

    private static String n(Long v) {
        return v == null ? "-" : v.toString();
    }

    private static String verdict(Check c) {
        if (c == null || c.met() == null) {
            return "(target " + (c == null ? "?" : c.target()) + ": not measured)";
        }
        return (c.met() ? "MET" : "MISSED") + " (target " + c.target() + ")";
    }

    private static String megabytes(Long bytes) {
        return bytes == null ? "-" : String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.0f s", s);
    }

    private static void line(StringBuilder b, String format, Object... args) {
        b.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
