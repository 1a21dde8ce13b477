package io.spacecaps.config;

import io.spacecaps.config.Setting.Group;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Every setting of the pipeline, parsed and checked once, with defaults that work on a laptop.
 * {@link #SETTINGS} declares each option (name, default, help, check); the job's {@code main} parses
 * {@code --name value} arguments against it and the command line builds its help from it, so an
 * unknown or misspelt option is refused everywhere the same way. {@code -Dspacecaps.name=value}
 * system properties fill in options the arguments leave out.
 */
public record SpacecapsConfig(
        String bootstrapServers,
        Map<String, String> kafkaProperties,
        String consumerGroup,
        String startFrom,
        String transactionalIdPrefix,
        String defaultLanguage,
        Map<String, String> modelDirs,
        int sampleRate,
        long opusWarmUpMs,
        boolean partialWords,
        long stableAfterMs,
        long recognizerResetMs,
        int warmRecognizers,
        long recognizerLifeMs,
        long warmRecognizerIdleMs,
        long idleTrackTimeoutMs,
        long reorderWaitMs,
        long maxGapFillMs,
        int maxWaitingChunks,
        long endedTrackRetentionMs,
        long unknownSpaceWaitMs,
        long rosterWaitMs,
        long maxOutOfOrdernessMs,
        long sourceIdleMs,
        long maxHoldMs,
        long idleSpaceTimeoutMs,
        boolean diarize,
        List<String> maskedWords,
        long statsIntervalMs,
        int maxChunkMillis,
        int maxRecordBytes,
        int maxRecognizers,
        int maxTracksPerSpace,
        int maxAwaitingBytes,
        long maxAwaitingBytesTotal,
        long maxClockSkewMs,
        int parallelism,
        long bufferTimeoutMs,
        long checkpointIntervalMs,
        String checkpointDir,
        Map<String, String> given
) implements Serializable {

    public static final String BOOTSTRAP = "bootstrap";
    /** A Kafka client properties file (TLS, SASL...) for every client of the job. */
    public static final String KAFKA_PROPERTIES = "kafka-properties";
    public static final String GROUP = "group";
    /** Where a new consumer group starts reading: {@code earliest}, {@code latest}, epoch ms or an ISO-8601 time. */
    public static final String START_FROM = "start-from";
    public static final String TRANSACTIONAL_ID_PREFIX = "transactional-id-prefix";
    public static final String LANGUAGE = "language";
    /** {@code --model.<language> DIR}: the Vosk model directory for a language, e.g. {@code --model.de /models/de}. */
    public static final String MODEL_PREFIX = "model.";
    public static final String SAMPLE_RATE = "sample-rate";
    /** How much of a track's preceding Opus packets a fresh decoder hears before each chunk (and the job keeps). */
    public static final String OPUS_WARM_UP_MS = "opus-warm-up-ms";
    public static final String PARTIAL_WORDS = "partial-words";
    public static final String STABLE_AFTER_MS = "stable-after-ms";
    /** After this much audio, the recogniser is renewed at the next utterance end (bounds recovery state). */
    public static final String RECOGNIZER_RESET_MS = "recognizer-reset-ms";
    /** Recognisers kept, per model and JVM, for the next track once theirs is done (see VoskModels). */
    public static final String WARM_RECOGNIZERS = "warm-recognizers";
    public static final String RECOGNIZER_LIFE_MS = "recognizer-life-ms";
    public static final String WARM_RECOGNIZER_IDLE_MS = "warm-recognizer-idle-ms";
    /**
     * The longest {@code recognizer-life-ms}: Vosk places words on a recogniser's timeline by adding the
     * samples it heard before, in single precision; at 6 hours that is within 1 ms, after days of audio
     * it would be tens of ms.
     */
    public static final long LONGEST_RECOGNIZER_LIFE_MS = 6 * 3600 * 1000L;
    public static final String IDLE_TRACK_TIMEOUT_MS = "idle-track-timeout-ms";
    public static final String REORDER_WAIT_MS = "reorder-wait-ms";
    public static final String MAX_GAP_FILL_MS = "max-gap-fill-ms";
    public static final String MAX_WAITING_CHUNKS = "max-waiting-chunks";
    public static final String ENDED_TRACK_RETENTION_MS = "ended-track-retention-ms";
    /** How long audio of a Space with no SPACE_STARTED event waits for it before it is dead-lettered. */
    public static final String UNKNOWN_SPACE_WAIT_MS = "unknown-space-wait-ms";
    /** How long a final waits for roster or speaking-indicator events it needs before it is sent with what is known. */
    public static final String ROSTER_WAIT_MS = "roster-wait-ms";
    /** How far behind the newest record of its partition a record may be without being late (watermark bound). */
    public static final String MAX_OUT_OF_ORDERNESS_MS = "max-out-of-orderness-ms";
    /** A source partition with no records this long stops holding the room's progress back. */
    public static final String SOURCE_IDLE_MS = "source-idle-ms";
    /** The wall-clock bound on any hold: what waits for the room is let go after this long, with what is known. */
    public static final String MAX_HOLD_MS = "max-hold-ms";
    /** A Space with no captions and no events this long is forgotten by the speaker stage. */
    public static final String IDLE_SPACE_TIMEOUT_MS = "idle-space-timeout-ms";
    /** Tell the voices of mixed tracks apart (with the default language's model's i-vector extractor). */
    public static final String DIARIZE = "diarize";
    /** A file of words the captions mask ("f***"), one per line; none by default. */
    public static final String MASK_WORDS = "mask-words";
    /** How often, in the Space's own time, its statistics are written. */
    public static final String STATS_INTERVAL_MS = "stats-interval-ms";
    public static final String MAX_CHUNK_MS = "max-chunk-ms";
    public static final String MAX_RECORD_BYTES = "max-record-bytes";
    /** Recognisers one recognition subtask opens at most; a new track beyond them is dead-lettered. */
    public static final String MAX_RECOGNIZERS = "max-recognizers";
    /** Tracks of one Space one recognition subtask recognises at most. */
    public static final String MAX_TRACKS_PER_SPACE = "max-tracks-per-space";
    /** Audio bytes one track may hold while it waits for its Space's start. */
    public static final String MAX_AWAITING_BYTES = "max-awaiting-bytes";
    public static final String MAX_AWAITING_BYTES_TOTAL = "max-awaiting-bytes-total";
    public static final String MAX_CLOCK_SKEW_MS = "max-clock-skew-ms";
    public static final String PARALLELISM = "parallelism";
    public static final String BUFFER_TIMEOUT_MS = "buffer-timeout-ms";
    public static final String CHECKPOINT_INTERVAL_MS = "checkpoint-interval-ms";
    public static final String CHECKPOINT_DIR = "checkpoint-dir";

    /** Every option, in the order help shows them. {@code --model.<tag>} is the one family of names. */
    public static final List<Setting> SETTINGS = List.of(
            Setting.text(BOOTSTRAP, "localhost:9092", Group.KAFKA, "HOST:PORT[,...]",
                    "Kafka bootstrap servers (the command line starts an embedded broker unless given)"),
            Setting.choice(KAFKA_PROPERTIES, "", Group.KAFKA, "FILE",
                    "Kafka client properties (security.protocol, sasl.*, ssl.*...) for every client", SpacecapsConfig::checkPropertiesFile),
            Setting.text(GROUP, "spacecaps", Group.KAFKA, "NAME", "the job's consumer group"),
            Setting.choice(START_FROM, "earliest", Group.KAFKA, "earliest|latest|TIME",
                    "where a group with no committed offsets starts: earliest, latest, epoch ms or an ISO-8601 time",
                    SpacecapsConfig::checkStartFrom),
            Setting.text(TRANSACTIONAL_ID_PREFIX, "spacecaps", Group.KAFKA, "PREFIX",
                    "prefix of the final captions' Kafka transactional ids; unique per job on a cluster"),
            Setting.text(LANGUAGE, "en", Group.RECOGNITION, "TAG", "the language of a Space that does not name one (BCP 47)"),
            Setting.positiveInt(SAMPLE_RATE, 16_000, Group.RECOGNITION, "HZ", "the sample rate the job recognises"),
            Setting.nonNegativeLong(OPUS_WARM_UP_MS, 200, Group.RECOGNITION, "MS",
                    "each OPUS chunk is decoded by a fresh decoder that first hears this much of the track before it (kept in state)"),
            Setting.flag(PARTIAL_WORDS, true, Group.RECOGNITION, "word timings on partial captions"),
            Setting.positiveLong(STABLE_AFTER_MS, 1_500, Group.RECOGNITION, "MS",
                    "a partial's word is marked stable once it and every word before it stood unchanged for this much audio"),
            Setting.positiveLong(RECOGNIZER_RESET_MS, 180_000, Group.RECOGNITION, "MS",
                    "a recogniser is renewed at the first utterance end after this much audio (bounds recovery state)"),
            // Kept recognisers never outnumber the most the JVM had open at once (a new one is made only when
            // none is kept), so keeping them costs no more memory than the busiest moment held.
            Setting.nonNegativeInt(WARM_RECOGNIZERS, 64, Group.RECOGNITION, "N",
                    "recognisers kept per model and JVM for later tracks once theirs ended (never more than were open at once): a new one decodes its first seconds of speech several times slower"),
            Setting.choice(RECOGNIZER_LIFE_MS, "900000", Group.RECOGNITION, "MS",
                    "a recogniser that has heard this much audio is closed at its next renewal or its track's end instead of serving on (its cache, and memory, grow with what it hears; at most 6 h)",
                    v -> Setting.wholeNumber(v, 1, LONGEST_RECOGNIZER_LIFE_MS)),
            Setting.positiveLong(WARM_RECOGNIZER_IDLE_MS, 600_000, Group.RECOGNITION, "MS",
                    "a kept recogniser no track takes within this long is closed, giving back the memory a busier time held"),
            Setting.positiveLong(IDLE_TRACK_TIMEOUT_MS, 30_000, Group.RECOGNITION, "MS",
                    "a track with no audio this long is flushed and its state released"),
            Setting.positiveLong(REORDER_WAIT_MS, 1_000, Group.ORDERING, "MS", "how long a chunk ahead of a missing one waits"),
            Setting.positiveLong(MAX_GAP_FILL_MS, 30_000, Group.ORDERING, "MS", "longest stretch of missing audio heard as silence"),
            Setting.positiveInt(MAX_WAITING_CHUNKS, 200, Group.ORDERING, "N", "chunks waiting per track before a gap is given up"),
            Setting.positiveLong(ENDED_TRACK_RETENTION_MS, 60_000, Group.ORDERING, "MS",
                    "how long a track's end is remembered, to spot stragglers"),
            Setting.positiveLong(UNKNOWN_SPACE_WAIT_MS, 10_000, Group.ORDERING, "MS",
                    "audio whose Space has not started is dead-lettered once the room has moved this far past it"),
            Setting.nonNegativeLong(MAX_OUT_OF_ORDERNESS_MS, 500, Group.ORDERING, "MS",
                    "how far behind the newest record of its Kafka partition a record may arrive and still count as on time"),
            Setting.positiveLong(SOURCE_IDLE_MS, 5_000, Group.ORDERING, "MS",
                    "a Kafka partition quiet this long stops holding the room's progress back"),
            Setting.positiveLong(MAX_HOLD_MS, 60_000, Group.ORDERING, "MS",
                    "wall-clock bound on any wait for the room: what waits longer goes on with what is known"),
            Setting.nonNegativeLong(ROSTER_WAIT_MS, 3_000, Group.SPEAKERS, "MS",
                    "a final of a participant the roster does not know waits until the room has moved this far past it"),
            Setting.positiveLong(IDLE_SPACE_TIMEOUT_MS, 2 * 3_600_000L, Group.SPEAKERS, "MS",
                    "a Space with no captions and no room events this long is forgotten (speakers, captions, statistics)"),
            Setting.flag(DIARIZE, true, Group.SPEAKERS, "tell the voices of mixed tracks apart"),
            Setting.choice(MASK_WORDS, "", Group.RECOGNITION, "FILE",
                    "words the captions mask, one per line (# starts a comment); none by default", SpacecapsConfig::checkWordList),
            Setting.positiveLong(STATS_INTERVAL_MS, 5_000, Group.SPEAKERS, "MS",
                    "how often, in the Space's own time, its statistics (spaces.stats) are written"),
            Setting.positiveInt(MAX_CHUNK_MS, 10_000, Group.LIMITS, "MS", "longest audio chunk accepted"),
            Setting.positiveInt(MAX_RECORD_BYTES, 1024 * 1024, Group.LIMITS, "BYTES", "largest Kafka record accepted"),
            Setting.positiveInt(MAX_RECOGNIZERS, 100, Group.LIMITS, "N",
                    "recognisers one recognition subtask opens at most (about 10 MB new, up to about 270 MB each as they hear, see recognizer-life-ms)"),
            Setting.positiveInt(MAX_TRACKS_PER_SPACE, 20, Group.LIMITS, "N",
                    "tracks of one Space one recognition subtask recognises at most"),
            Setting.positiveInt(MAX_AWAITING_BYTES, 10 * 1024 * 1024, Group.LIMITS, "BYTES",
                    "audio one track holds while it waits for its Space's start (10 MiB: over 5 minutes)"),
            Setting.positiveLong(MAX_AWAITING_BYTES_TOTAL, 256L * 1024 * 1024, Group.LIMITS, "BYTES",
                    "audio all tracks of one recognition subtask hold while they wait for their Spaces' starts (256 MiB)"),
            Setting.positiveLong(MAX_CLOCK_SKEW_MS, 30_000, Group.LIMITS, "MS",
                    "how far ahead of the job's clock a record's time may be; a later one is a FUTURE_TIME dead letter"),
            Setting.positiveInt(PARALLELISM, Math.max(1, Runtime.getRuntime().availableProcessors()), Group.FLINK, "N",
                    "job parallelism (default: the number of cores)"),
            Setting.nonNegativeLong(BUFFER_TIMEOUT_MS, 0, Group.FLINK, "MS",
                    "Flink network buffer timeout: 0 sends each record at once (a live job's records are few: ten chunks"
                            + " a second per track), N waits up to N ms to fill a buffer, with a thread per output waking every N ms"),
            Setting.nonNegativeLong(CHECKPOINT_INTERVAL_MS, 1_000, Group.FLINK, "MS",
                    "checkpoint interval; finals are committed with each checkpoint (0: no checkpoints, finals at least once)"),
            Setting.choice(CHECKPOINT_DIR, "", Group.FLINK, "URI",
                    "checkpoint storage, e.g. file:///data/checkpoints or s3://... (default: a temporary directory)",
                    SpacecapsConfig::checkCheckpointDir));

    public SpacecapsConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        kafkaProperties = Map.copyOf(kafkaProperties);
        modelDirs = Map.copyOf(modelDirs);
        maskedWords = List.copyOf(maskedWords);
        given = Map.copyOf(given);
    }

    public static SpacecapsConfig defaults() {
        return from(Map.of());
    }

    /**
     * Parses {@code --name value} and {@code --name=value} arguments strictly: an unknown option, a
     * missing value or a bad one is an {@link IllegalArgumentException} naming the option and, for a
     * misspelt name, the closest known one.
     */
    public static SpacecapsConfig fromArgs(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "': options are --name value");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else if (setting(name).map(Setting::isFlag).orElse(false)) {
                value = "true";
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            values.put(name, value);
        }
        return from(values);
    }

    /** Builds the configuration from option values by name (without {@code --}); see {@link #fromArgs}. */
    public static SpacecapsConfig from(Map<String, String> values) {
        Map<String, String> all = new LinkedHashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("spacecaps.") && isOption(name.substring("spacecaps.".length()))) {
                all.put(name.substring("spacecaps.".length()), System.getProperty(name));
            }
        }
        all.putAll(values);
        List<String> problems = new ArrayList<>();
        Map<String, String> models = new TreeMap<>();
        String bundled = bundledEnglishModel();
        if (bundled != null) {
            models.put("en", bundled);
        }
        for (Map.Entry<String, String> e : all.entrySet()) {
            String name = e.getKey();
            if (name.startsWith(MODEL_PREFIX) && name.length() > MODEL_PREFIX.length()) {
                models.put(name.substring(MODEL_PREFIX.length()), e.getValue());
                continue;
            }
            Optional<Setting> setting = setting(name);
            if (setting.isEmpty()) {
                problems.add("unknown option --" + name + suggestion(name));
                continue;
            }
            String problem = setting.get().problemWith(e.getValue());
            if (problem != null) {
                problems.add("--" + name + " " + problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        Values v = new Values(all);
        return new SpacecapsConfig(
                v.text(BOOTSTRAP),
                loadProperties(v.text(KAFKA_PROPERTIES)),
                v.text(GROUP),
                v.text(START_FROM),
                v.text(TRANSACTIONAL_ID_PREFIX),
                v.text(LANGUAGE),
                models,
                (int) v.number(SAMPLE_RATE),
                v.number(OPUS_WARM_UP_MS),
                v.flag(PARTIAL_WORDS),
                v.number(STABLE_AFTER_MS),
                v.number(RECOGNIZER_RESET_MS),
                (int) v.number(WARM_RECOGNIZERS),
                v.number(RECOGNIZER_LIFE_MS),
                v.number(WARM_RECOGNIZER_IDLE_MS),
                v.number(IDLE_TRACK_TIMEOUT_MS),
                v.number(REORDER_WAIT_MS),
                v.number(MAX_GAP_FILL_MS),
                (int) v.number(MAX_WAITING_CHUNKS),
                v.number(ENDED_TRACK_RETENTION_MS),
                v.number(UNKNOWN_SPACE_WAIT_MS),
                v.number(ROSTER_WAIT_MS),
                v.number(MAX_OUT_OF_ORDERNESS_MS),
                v.number(SOURCE_IDLE_MS),
                v.number(MAX_HOLD_MS),
                v.number(IDLE_SPACE_TIMEOUT_MS),
                v.flag(DIARIZE),
                loadWordList(v.text(MASK_WORDS)),
                v.number(STATS_INTERVAL_MS),
                (int) v.number(MAX_CHUNK_MS),
                (int) v.number(MAX_RECORD_BYTES),
                (int) v.number(MAX_RECOGNIZERS),
                (int) v.number(MAX_TRACKS_PER_SPACE),
                (int) v.number(MAX_AWAITING_BYTES),
                v.number(MAX_AWAITING_BYTES_TOTAL),
                v.number(MAX_CLOCK_SKEW_MS),
                (int) v.number(PARALLELISM),
                v.number(BUFFER_TIMEOUT_MS),
                v.number(CHECKPOINT_INTERVAL_MS),
                v.text(CHECKPOINT_DIR),
                all);
    }

    /** The same configuration with one option changed (checked like any other value). */
    public SpacecapsConfig with(String name, String value) {
        Map<String, String> values = new LinkedHashMap<>(given);
        values.put(name, value);
        return from(values);
    }

    public SpacecapsConfig withBootstrapServers(String servers) {
        return with(BOOTSTRAP, servers);
    }

    /** A separate consumer group that starts at {@code startFrom}: for a one-off run against a shared cluster. */
    public SpacecapsConfig withConsumerGroup(String group, String newStartFrom) {
        return with(GROUP, group).with(START_FROM, newStartFrom).with(TRANSACTIONAL_ID_PREFIX, "spacecaps-" + group);
    }

    /** Largest PCM payload a chunk may carry: {@link #maxChunkMillis} of 16-bit mono audio. */
    public int maxPayloadBytes() {
        return (int) Math.min(Integer.MAX_VALUE, (long) sampleRate * 2L * maxChunkMillis / 1000L);
    }

    /** The Kafka consumer's starting time for {@link #startFrom}: empty for earliest/latest. */
    public Optional<Long> startFromEpochMs() {
        return parseTime(startFrom);
    }

    public static Optional<Setting> setting(String name) {
        return SETTINGS.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public static boolean isOption(String name) {
        return setting(name).isPresent() || name.startsWith(MODEL_PREFIX) && name.length() > MODEL_PREFIX.length();
    }

    /** ", did you mean --x?" for the known option closest to a misspelt name, or nothing. */
    public static String suggestion(String name) {
        return SETTINGS.stream().map(Setting::name)
                .min(Comparator.comparingInt(known -> editDistance(known, name)))
                .filter(best -> editDistance(best, name) <= Math.max(2, best.length() / 3))
                .map(best -> " (did you mean --" + best + "?)").orElse("");
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** A URI with a scheme and a path (file:///..., s3://bucket/...): a typo fails here, not after Flink started. */
    private static String checkCheckpointDir(String value) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            java.net.URI uri = new java.net.URI(value);
            if (uri.getScheme() == null || uri.getScheme().length() < 2) {
                return "takes a URI with a scheme such as file:///data/checkpoints or s3://bucket/path, not '" + value + "'";
            }
            if ((uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/")) && uri.getAuthority() == null) {
                return "names no directory: '" + value + "'";
            }
            return null;
        } catch (java.net.URISyntaxException e) {
            return "is not a URI: " + e.getMessage();
        }
    }

    private static String checkStartFrom(String value) {
        if (value.equals("earliest") || value.equals("latest") || parseTime(value).isPresent()) {
            return null;
        }
        return "takes earliest, latest, epoch milliseconds or an ISO-8601 time such as 2026-11-25T18:00:00Z, not '" + value + "'";
    }

    private static Optional<Long> parseTime(String value) {
        try {
            return Optional.of(Long.parseLong(value));
        } catch (NumberFormatException notMillis) {
            try {
                return Optional.of(Instant.parse(value).toEpochMilli());
            } catch (DateTimeParseException notIso) {
                return Optional.empty();
            }
        }
    }

    private static String checkPropertiesFile(String value) {
        if (value.isEmpty()) {
            return null;
        }
        Path file = Path.of(value);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return "names no readable file: " + value;
        }
        try {
            loadProperties(value);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String checkWordList(String value) {
        if (value.isEmpty()) {
            return null;
        }
        Path file = Path.of(value);
        return Files.isRegularFile(file) && Files.isReadable(file) ? null : "names no readable file: " + value;
    }

    private static List<String> loadWordList(String file) {
        if (file.isEmpty()) {
            return List.of();
        }
        try {
            return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(w -> !w.isEmpty() && !w.startsWith("#")).map(w -> w.toLowerCase(Locale.ROOT)).distinct().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> loadProperties(String file) {
        if (file.isEmpty()) {
            return Map.of();
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> map = new TreeMap<>();
        props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k)));
        return map;
    }

    /** Parsed values, each option's default where none was given. */
    private record Values(Map<String, String> given) {
        String text(String name) {
            String value = given.get(name);
            return value != null ? value.strip() : setting(name).orElseThrow().defaultValue();
        }

        long number(String name) {
            return Long.parseLong(text(name));
        }

        boolean flag(String name) {
            return Boolean.parseBoolean(text(name).toLowerCase(Locale.ROOT));
        }
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
