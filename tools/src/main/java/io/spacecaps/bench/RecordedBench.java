package io.spacecaps.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.spacecaps.audio.PcmAudio;
import io.spacecaps.audio.WavFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code scripts/spacecaps recorded-bench}: the pipeline as a user runs it on a recording, against
 * bare Vosk doing the same work, each in a JVM of its own started for the run, timed from start to
 * exit, in turn on the same two cores, the median of {@code runs} each:
 *
 * <ul>
 *   <li><b>Start-up</b>: {@code transcribe} of a short clip, against bare Vosk loading its model and
 *       decoding the clip ({@link BareVoskRun}). Everything the pipeline starts (its JVM, a Flink
 *       MiniCluster, the job, the model) is in its time.</li>
 *   <li><b>Recorded Spaces flat out</b>: {@code transcribe} of a Space of N tracks (a manifest),
 *       against bare Vosk decoding the same N tracks with a recogniser each, shared out over one thread
 *       per core. Throughput is audio over wall time; the ratio is the pipeline's over bare Vosk's.</li>
 * </ul>
 *
 * <p>The audio is the committed demo Space's two tracks: the clip is the first seconds of one, and
 * track k of a Space is one of them from a different offset, looped to the length asked for.
 */
public final class RecordedBench {

    /** What the bench is asked to do. */
    public record Options(Path home, String modelDir, Path out, int runs, List<Integer> trackCounts, double minutes,
                          int clipSeconds) {
    }

    /** One run of one side: start to exit, and the part that is recognition (not starting up), in ms. */
    record Run(long wallMs, long workMs) {
    }

    /** One thing timed both ways, every run. */
    record Timed(String name, long audioMs, List<Run> bare, List<Run> pipeline) {
        long bareMedian() {
            return median(bare.stream().map(Run::wallMs).toList());
        }

        long pipelineMedian() {
            return median(pipeline.stream().map(Run::wallMs).toList());
        }

        long bareWorkMedian() {
            return median(bare.stream().map(Run::workMs).toList());
        }

        long pipelineWorkMedian() {
            return median(pipeline.stream().map(Run::workMs).toList());
        }
    }

    /** What transcribe says at the end: "done: 1:00 of audio in 12.3 s (...)", the job's own time. */
    private static final Pattern TRANSCRIBE_DONE = Pattern.compile("done: .* of audio in ([0-9.]+) s");
    /** What {@link BareVoskRun} prints. */
    private static final Pattern BARE_DONE = Pattern.compile("decodeMs=([0-9]+)");

    private static final long RUN_LIMIT_MINUTES = 20;

    private RecordedBench() {
    }

    public static Path defaultOut(Path home) {
        return home.resolve("tools/target/recorded-bench.json");
    }

    /** One figure of the recorded bench, judged against its target (issue 16's targets 5 and 6). */
    public record Figure(String name, String measure, double value, String target, boolean met) {

        /** Target 6: {@code transcribe} of the clip takes at most 2.5 times as long as bare Vosk. */
        static Figure startUp(String name, double timeRatio) {
            return new Figure(name, "time x bare Vosk", timeRatio, "<= 2.5", timeRatio <= 2.5);
        }

        /** Target 5: a Space transcribed flat out reaches at least 0.85 of bare Vosk's throughput. */
        static Figure throughput(String name, double throughputRatio) {
            return new Figure(name, "throughput / bare Vosk", throughputRatio, ">= 0.85", throughputRatio >= 0.85);
        }
    }

    /**
     * The figures the last run of this bench wrote to {@code report}, for the main bench's table: this
     * bench runs fresh JVMs for minutes, so the main one shows what it found, and when, rather than
     * running it again. Empty when there is no such report.
     */
    public static List<Figure> lastFigures(Path report) throws IOException {
        if (!Files.isRegularFile(report)) {
            return List.of();
        }
        List<Figure> figures = new ArrayList<>();
        for (var row : new ObjectMapper().readTree(report.toFile()).path("results")) {
            if (row.has("timeRatio")) {
                figures.add(Figure.startUp(row.path("name").asText(), row.get("timeRatio").asDouble()));
            } else if (row.has("throughputRatio")) {
                figures.add(Figure.throughput(row.path("name").asText(), row.get("throughputRatio").asDouble()));
            }
        }
        return figures;
    }

    public static int run(Options options, Consumer<String> status) throws Exception {
        Path dir = Files.createDirectories(options.out().toAbsolutePath().getParent().resolve("recorded-bench"));
        List<PcmAudio> demo = List.of(
                WavFile.read(options.home().resolve("data/demo-space/elon-musk.wav")),
                WavFile.read(options.home().resolve("data/demo-space/james-clayton.wav")));
        int cores = Runtime.getRuntime().availableProcessors();

        Path clip = dir.resolve("clip.wav");
        PcmAudio elon = demo.get(0);
        WavFile.write(clip, elon.slice(0, Math.min(elon.sampleCount(), options.clipSeconds() * elon.sampleRate())));
        status.accept("warming up (a transcribe and a bare Vosk run of the clip, not timed: page cache, the JVM's class archive)");
        pipeline(options, clip, dir);
        bare(options, 1, List.of(clip), dir);

        List<Timed> results = new ArrayList<>();
        results.add(timed(options, "transcribe of a " + options.clipSeconds() + " s clip (start-up)", clip, List.of(clip), 1,
                options.clipSeconds() * 1000L, dir, status));
        long trackMs = Math.round(options.minutes() * 60_000);
        for (int n : options.trackCounts()) {
            Path space = space(dir, demo, n, trackMs);
            List<Path> tracks = new ArrayList<>();
            for (int k = 1; k <= n; k++) {
                tracks.add(space.resolve("t" + k + ".wav"));
            }
            // The tracks' length is in the name: what the start-up weighs, and so the ratio, depends on it.
            String name = String.format(Locale.ROOT, "Space of %d tracks x %s min flat out", n,
                    new java.math.BigDecimal(Double.toString(options.minutes())).stripTrailingZeros().toPlainString());
            results.add(timed(options, name, space.resolve("manifest.json"), tracks,
                    Math.min(n, cores), n * trackMs, dir, status));
        }
        report(options, cores, results);
        return 0;
    }

    private static Timed timed(Options options, String name, Path input, List<Path> tracks, int bareThreads, long audioMs,
                               Path dir, Consumer<String> status) throws Exception {
        List<Run> bare = new ArrayList<>();
        List<Run> pipeline = new ArrayList<>();
        for (int r = 0; r < options.runs(); r++) {
            status.accept(name + ": run " + (r + 1) + " of " + options.runs());
            // In turn, and each side first every other run: the machine's drift falls on both.
            if (r % 2 == 0) {
                bare.add(bare(options, bareThreads, tracks, dir));
                pipeline.add(pipeline(options, input, dir));
            } else {
                pipeline.add(pipeline(options, input, dir));
                bare.add(bare(options, bareThreads, tracks, dir));
            }
        }
        return new Timed(name, audioMs, bare, pipeline);
    }

    /** {@code scripts/spacecaps transcribe INPUT}, as a user runs it; its job's time is what it says at the end. */
    private static Run pipeline(Options options, Path input, Path dir) throws Exception {
        Path out = dir.resolve("transcribe.out");
        long wall = time(List.of(options.home().resolve("scripts/spacecaps").toString(), "transcribe", input.toString(),
                "--format", "jsonl", "--model.en", options.modelDir()), out);
        Matcher done = TRANSCRIBE_DONE.matcher(Files.readString(Path.of(out + ".err")));
        if (!done.find()) {
            throw new IllegalStateException("transcribe did not say how long its job took (" + out + ".err)");
        }
        return new Run(wall, Math.round(Double.parseDouble(done.group(1)) * 1000));
    }

    /** Bare Vosk in a plain JVM of its own; its recognition is its decoding, after the model's load. */
    private static Run bare(Options options, int threads, List<Path> tracks, Path dir) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BareVoskRun.class.getName(), options.modelDir(),
                String.valueOf(threads)));
        tracks.forEach(t -> command.add(t.toString()));
        Path out = dir.resolve("bare.out");
        long wall = time(command, out);
        Matcher done = BARE_DONE.matcher(Files.readString(out));
        if (!done.find()) {
            throw new IllegalStateException("bare Vosk did not say how long it decoded (" + out + ")");
        }
        return new Run(wall, Long.parseLong(done.group(1)));
    }

    private static long time(List<String> command, Path out) throws Exception {
        Path err = Path.of(out + ".err");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(RUN_LIMIT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end within " + RUN_LIMIT_MINUTES + " minutes");
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (process.exitValue() != 0) {
            List<String> lines = Files.readAllLines(err);
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                    + String.join(" / ", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
        }
        if (Files.size(out) == 0) {
            throw new IllegalStateException(String.join(" ", command) + " wrote nothing");
        }
        return ms;
    }

    /** A Space of {@code n} tracks, each one of the demo's two from its own offset, looped to {@code trackMs}. */
    static Path space(Path dir, List<PcmAudio> demo, int n, long trackMs) throws IOException {
        Path space = Files.createDirectories(dir.resolve("space-" + n));
        List<Map<String, Object>> participants = new ArrayList<>();
        List<Map<String, Object>> tracks = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            PcmAudio source = demo.get((k - 1) % demo.size());
            int offset = (int) ((long) ((k - 1) / demo.size()) * 17 * source.sampleRate() % source.sampleCount());
            WavFile.write(space.resolve("t" + k + ".wav"), looped(source, offset, (int) (trackMs * source.sampleRate() / 1000)));
            participants.add(Map.of("id", "p" + k, "displayName", "Speaker " + k, "role", k == 1 ? "HOST" : "SPEAKER"));
            tracks.add(Map.of("id", "t" + k, "file", "t" + k + ".wav", "participantId", "p" + k));
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("space", Map.of("id", "recorded-bench-" + n, "title", n + " tracks", "language", "en"));
        manifest.put("participants", participants);
        manifest.put("tracks", tracks);
        manifest.put("events", List.of());
        new ObjectMapper().writeValue(space.resolve("manifest.json").toFile(), manifest);
        return space;
    }

    private static PcmAudio looped(PcmAudio audio, int from, int samples) {
        short[] out = new short[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = audio.sampleAt((from + i) % audio.sampleCount());
        }
        return new PcmAudio(out, audio.sampleRate());
    }

    static void report(Options options, int cores, List<Timed> results) throws IOException {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-40s %7s %22s %22s %15s %s%n", "", "audio", "bare Vosk (decoding)", "transcribe (its job)",
                "ratio (work)", "target");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Timed t = results.get(i);
            boolean startup = i == 0;
            double ratio = startup ? (double) t.pipelineMedian() / t.bareMedian() : (double) t.bareMedian() / t.pipelineMedian();
            double workRatio = startup ? (double) t.pipelineWorkMedian() / t.bareWorkMedian()
                    : (double) t.bareWorkMedian() / t.pipelineWorkMedian();
            Figure judged = startup ? Figure.startUp(t.name(), ratio) : Figure.throughput(t.name(), ratio);
            String target = (startup ? "time " + judged.target() + "x bare: " : "throughput " + judged.target() + " of bare: ")
                    + (judged.met() ? "met" : "missed");
            // Three decimals: 0.847 shown as 0.85 beside "missed" would read as a contradiction.
            System.out.printf(Locale.ROOT, "%-40s %6.0fs %9.1fs (%8.1fs) %9.1fs (%8.1fs) %6.3f (%6.3f) %s%n", t.name(),
                    t.audioMs() / 1000.0, t.bareMedian() / 1000.0, t.bareWorkMedian() / 1000.0, t.pipelineMedian() / 1000.0,
                    t.pipelineWorkMedian() / 1000.0, ratio, workRatio, target);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", t.name());
            row.put("audioMs", t.audioMs());
            row.put("bareRuns", t.bare());
            row.put("transcribeRuns", t.pipeline());
            row.put("bareMedianMs", t.bareMedian());
            row.put("transcribeMedianMs", t.pipelineMedian());
            row.put("bareDecodingMedianMs", t.bareWorkMedian());
            row.put("transcribeJobMedianMs", t.pipelineWorkMedian());
            row.put(startup ? "timeRatio" : "throughputRatio", ratio);
            row.put(startup ? "workTimeRatio" : "workThroughputRatio", workRatio);
            row.put("bareRealTimeFactor", t.audioMs() / (double) t.bareMedian());
            row.put("transcribeRealTimeFactor", t.audioMs() / (double) t.pipelineMedian());
            rows.add(row);
        }
        System.out.printf(Locale.ROOT, "(medians of %d runs each, in turn, start to exit; in brackets the recognition alone: bare "
                + "Vosk's decoding after its model's load, transcribe's job as it reports it. Ratio: start-up time transcribe / bare; "
                + "Spaces' throughput transcribe / bare. Bare Vosk decodes a Space with one thread per core, %d here)%n",
                options.runs(), cores);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cores", cores);
        json.put("runs", options.runs());
        json.put("minutesPerTrack", options.minutes());
        json.put("results", rows);
        Files.createDirectories(options.out().toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(options.out().toFile(), json);
        System.out.println("report: " + options.out());
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
