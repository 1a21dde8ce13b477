package io.spacecaps.config;

import org.apache.flink.util.ParameterTool;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Every setting of the pipeline, parsed once from {@code --name value} arguments (the same names work
 * as {@code -Dspacecaps.name=value} system properties), with defaults that work on a laptop.
 * Option names are the constants below; the README lists them.
 */
public record SpacecapsConfig(
        String bootstrapServers,
        String consumerGroup,
        String defaultLanguage,
        Map<String, String> modelDirs,
        int sampleRate,
        int maxChunkMillis,
        int maxRecordBytes,
        long idleTrackTimeoutMs,
        int parallelism,
        long bufferTimeoutMs,
        long checkpointIntervalMs,
        boolean partialWords,
        String startFrom,
        long reorderWaitMs,
        long maxGapFillMs,
        int maxWaitingChunks,
        long endedTrackRetentionMs,
        long recognizerResetMs,
        String checkpointDir,
        String transactionalIdPrefix,
        long unknownSpaceWaitMs,
        long rosterWaitMs,
        boolean diarize
) implements Serializable {

    public static final String BOOTSTRAP = "bootstrap";
    public static final String GROUP = "group";
    public static final String LANGUAGE = "language";
    /** {@code --model.<language> DIR}: the Vosk model directory for a language, e.g. {@code --model.de /models/de}. */
    public static final String MODEL_PREFIX = "model.";
    public static final String SAMPLE_RATE = "sample-rate";
    public static final String MAX_CHUNK_MS = "max-chunk-ms";
    public static final String MAX_RECORD_BYTES = "max-record-bytes";
    public static final String IDLE_TRACK_TIMEOUT_MS = "idle-track-timeout-ms";
    public static final String PARALLELISM = "parallelism";
    public static final String BUFFER_TIMEOUT_MS = "buffer-timeout-ms";
    public static final String CHECKPOINT_INTERVAL_MS = "checkpoint-interval-ms";
    public static final String PARTIAL_WORDS = "partial-words";
    public static final String REORDER_WAIT_MS = "reorder-wait-ms";
    public static final String MAX_GAP_FILL_MS = "max-gap-fill-ms";
    public static final String MAX_WAITING_CHUNKS = "max-waiting-chunks";
    public static final String ENDED_TRACK_RETENTION_MS = "ended-track-retention-ms";
    /** After this much audio, the recogniser is renewed at the next utterance end (bounds recovery state). */
    public static final String RECOGNIZER_RESET_MS = "recognizer-reset-ms";
    public static final String CHECKPOINT_DIR = "checkpoint-dir";
    /** How long audio of a Space with no SPACE_STARTED event waits for it before it is dead-lettered. */
    public static final String UNKNOWN_SPACE_WAIT_MS = "unknown-space-wait-ms";
    /** How long a final waits for roster or speaking-indicator events it needs before it is sent with what is known. */
    public static final String ROSTER_WAIT_MS = "roster-wait-ms";
    /** Tell the voices of mixed tracks apart (with the default language's model's i-vector extractor). */
    public static final String DIARIZE = "diarize";
    public static final String TRANSACTIONAL_ID_PREFIX = "transactional-id-prefix";
    /** Where a new consumer group starts reading: {@code earliest}, {@code latest}, or epoch milliseconds. */
    public static final String START_FROM = "start-from";

    public SpacecapsConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        modelDirs = Map.copyOf(modelDirs);
        Objects.requireNonNull(startFrom, "startFrom");
        if (sampleRate <= 0 || maxChunkMillis <= 0 || maxRecordBytes <= 0 || idleTrackTimeoutMs <= 0 || parallelism <= 0) {
            throw new IllegalArgumentException("sample rate, chunk and record limits, idle timeout and parallelism must be positive");
        }
    }

    public static SpacecapsConfig defaults() {
        return fromArgs(new String[0]);
    }

    public static SpacecapsConfig fromArgs(String[] args) {
        return from(ParameterTool.fromArgs(args));
    }

    public static SpacecapsConfig from(ParameterTool params) {
        Map<String, String> models = new HashMap<>();
        String bundled = bundledEnglishModel();
        if (bundled != null) {
            models.put("en", bundled);
        }
        String modelProperty = "spacecaps." + MODEL_PREFIX;
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(modelProperty)) {
                models.put(name.substring(modelProperty.length()), System.getProperty(name));
            }
        }
        for (Map.Entry<String, String> e : params.toMap().entrySet()) {
            if (e.getKey().startsWith(MODEL_PREFIX)) {
                models.put(e.getKey().substring(MODEL_PREFIX.length()), e.getValue());
            }
        }
        return new SpacecapsConfig(
                get(params, BOOTSTRAP, "localhost:9092"),
                get(params, GROUP, "spacecaps"),
                get(params, LANGUAGE, "en"),
                models,
                Integer.parseInt(get(params, SAMPLE_RATE, "16000")),
                Integer.parseInt(get(params, MAX_CHUNK_MS, "10000")),
                Integer.parseInt(get(params, MAX_RECORD_BYTES, String.valueOf(1024 * 1024))),
                Long.parseLong(get(params, IDLE_TRACK_TIMEOUT_MS, "30000")),
                Integer.parseInt(get(params, PARALLELISM, String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors())))),
                Long.parseLong(get(params, BUFFER_TIMEOUT_MS, "10")),
                Long.parseLong(get(params, CHECKPOINT_INTERVAL_MS, "1000")),
                Boolean.parseBoolean(get(params, PARTIAL_WORDS, "true")),
                get(params, START_FROM, "earliest"),
                Long.parseLong(get(params, REORDER_WAIT_MS, "1000")),
                Long.parseLong(get(params, MAX_GAP_FILL_MS, "30000")),
                Integer.parseInt(get(params, MAX_WAITING_CHUNKS, "200")),
                Long.parseLong(get(params, ENDED_TRACK_RETENTION_MS, "60000")),
                Long.parseLong(get(params, RECOGNIZER_RESET_MS, "180000")),
                get(params, CHECKPOINT_DIR, ""),
                get(params, TRANSACTIONAL_ID_PREFIX, "spacecaps"),
                Long.parseLong(get(params, UNKNOWN_SPACE_WAIT_MS, "10000")),
                Long.parseLong(get(params, ROSTER_WAIT_MS, "3000")),
                Boolean.parseBoolean(get(params, DIARIZE, "true")));
    }

    public SpacecapsConfig withBootstrapServers(String servers) {
        return new SpacecapsConfig(servers, consumerGroup, defaultLanguage, modelDirs, sampleRate, maxChunkMillis,
                maxRecordBytes, idleTrackTimeoutMs, parallelism, bufferTimeoutMs, checkpointIntervalMs, partialWords, startFrom,
                reorderWaitMs, maxGapFillMs, maxWaitingChunks, endedTrackRetentionMs, recognizerResetMs, checkpointDir,
                transactionalIdPrefix, unknownSpaceWaitMs, rosterWaitMs, diarize);
    }

    /** A separate consumer group that starts at {@code startFrom}: for a one-off run against a shared cluster. */
    public SpacecapsConfig withConsumerGroup(String group, String newStartFrom) {
        return new SpacecapsConfig(bootstrapServers, group, defaultLanguage, modelDirs, sampleRate, maxChunkMillis,
                maxRecordBytes, idleTrackTimeoutMs, parallelism, bufferTimeoutMs, checkpointIntervalMs, partialWords, newStartFrom,
                reorderWaitMs, maxGapFillMs, maxWaitingChunks, endedTrackRetentionMs, recognizerResetMs, checkpointDir,
                "spacecaps-" + group, unknownSpaceWaitMs, rosterWaitMs, diarize);
    }

    /** Largest PCM payload a chunk may carry: {@link #maxChunkMillis} of 16-bit mono audio. */
    public int maxPayloadBytes() {
        return (int) Math.min(Integer.MAX_VALUE, (long) sampleRate * 2L * maxChunkMillis / 1000L);
    }

    private static String get(ParameterTool params, String name, String fallback) {
        String value = params.get(name);
        if (value == null) {
            value = System.getProperty("spacecaps." + name);
        }
        return value == null ? fallback : value;
    }

    /**
     * The English model the build unpacks from Maven Central, found from {@code spacecaps.model.en} or
     * {@code spacecaps.home}; null when neither points at one (then {@code --model.en} must).
     */
    private static String bundledEnglishModel() {
        String explicit = System.getProperty("spacecaps.model.en");
        if (explicit != null) {
            return explicit;
        }
        String home = System.getProperty("spacecaps.home", System.getenv("SPACECAPS_HOME"));
        if (home != null) {
            Path dir = Path.of(home, "pipeline", "target", "vosk-models", "en", "assets", "model-en-us");
            if (Files.isDirectory(dir)) {
                return dir.toString();
            }
        }
        return null;
    }
}
