package io.spacecaps.job;

import io.spacecaps.asr.ModelRegistry;
import io.spacecaps.asr.TrackRecognizer;
import io.spacecaps.config.RunMode;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.format.CaptionWriter;
import io.spacecaps.ingest.AudioChunkValidator;
import io.spacecaps.ingest.DeadLetters;
import io.spacecaps.ingest.EventTime;
import io.spacecaps.ingest.OpusTrackDecoder;
import io.spacecaps.ingest.SpaceEventDecoder;
import io.spacecaps.ingest.TrackChunk;
import io.spacecaps.ingest.TrackSequencer;
import io.spacecaps.kafka.KafkaConnectors;
import io.spacecaps.kafka.LiveCaptions;
import io.spacecaps.kafka.RawRecord;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.DeadLetter;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceStats;
import io.spacecaps.stats.RoomSignal;
import io.spacecaps.stats.SpaceStatistics;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.spaces.SpaceDirectory;
import io.spacecaps.speakers.SpeakerAttributor;
import io.spacecaps.speakers.voice.VoiceDiarizer;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * The Spacecaps job: audio and room events in, partial and final captions and dead letters out.
 *
 * <pre>
 *                          keyBy(track)            keyBy(route)                                keyBy(track)
 * spaces.audio → decode+validate → sequence, place → decode Opus → recognize (Vosk) ─┬─ captions ─→ voices: diarize, split finals
 *                      ↑                                                ↑            └─ mixed tracks' audio ─┘         │
 *                      └──────────── broadcast: Space starts, consent ──┘                                              │
 *                                                                                                                       ↓
 * spaces.events → decode ─────── keyBy(space): roster, indicators, names, vocabulary ──→ keyBy(space): attribute speakers
 *                                                                                       → write captions ─┬→ captions.partial
 *                                                                                                         ├→ captions.final
 *                                                             room events, dead letters → Space statistics ←┘→ spaces.stats
 * (bad records, from every stage) → spaces.deadletter
 * </pre>
 *
 * A chunk passes each stage once and is shuffled twice: by its track's key to the sequencer, which
 * orders it and places the track on a recogniser subtask ({@code io.spacecaps.ingest.TrackPlacement}:
 * Flink's hash of a few keys spreads them unevenly, and a subtask's tracks share its thread), then by
 * the route it was given to that subtask, where the Opus decoder and the recogniser run on one keyed
 * stream ({@link DataStreamUtils#reinterpretAsKeyedStream}). The voice stage hears a mixed track's
 * audio from the recogniser (a side output), so only audio that was admitted and heard. The one
 * notion of progress is {@link EventTime}.
 *
 * <p>{@link #defineWorkflow} builds the graph from any sources and sinks, so tests and the command line
 * run exactly the graph a cluster runs; {@link #main} wires it to Kafka. Every operator has a stable
 * uid (the {@code UID_*} constants), whatever the options: savepoints restore by them.
 */
public final class SpacecapsJob {

    public static final String UID_AUDIO_SOURCE = "audio-source";
    public static final String UID_EVENT_SOURCE = "event-source";
    public static final String UID_DECODE_AUDIO = "decode-audio";
    public static final String UID_DECODE_EVENTS = "decode-events";
    public static final String UID_SEQUENCE = "sequence-tracks";
    public static final String UID_DECODE_OPUS = "decode-opus-tracks";
    public static final String UID_RECOGNIZE = "recognize-tracks";
    public static final String UID_VOICES = "diarize-voices";
    public static final String UID_ATTRIBUTE = "attribute-speakers";
    public static final String UID_WRITE = "write-captions";
    public static final String UID_PARTIALS = "partials";
    public static final String UID_FINALS = "finals";
    public static final String UID_PARTIAL_SINK = "partial-sink";
    public static final String UID_FINAL_SINK = "final-sink";
    public static final String UID_DEAD_LETTER_SINK = "dead-letter-sink";
    public static final String UID_EVENT_SIGNALS = "event-signals";
    public static final String UID_SPACE_DEAD_LETTERS = "space-dead-letters";
    public static final String UID_DEAD_LETTER_SIGNALS = "dead-letter-signals";
    public static final String UID_STATS = "space-statistics";
    public static final String UID_STATS_SINK = "stats-sink";

    private static final KeySelector<TrackChunk, String> BY_TRACK = TrackChunk::trackKey;
    private static final KeySelector<TrackChunk, String> BY_ROUTE = TrackChunk::routeKey;
    private static final KeySelector<TranscriptEvent, String> CAPTION_BY_TRACK =
            c -> Topics.audioKey(c.getSpaceId(), c.getTrackId());

    private SpacecapsJob() {
    }

    /** Where the job reads: audio chunks and room events, undecoded. */
    public record Sources(Source<RawRecord, ?, ?> audio, Source<RawRecord, ?, ?> events) {
        public static Sources kafka(SpacecapsConfig config) {
            return new Sources(KafkaConnectors.rawSource(config, Topics.AUDIO), KafkaConnectors.rawSource(config, Topics.EVENTS));
        }
    }

    /** Where the job writes: partial and final captions, dead letters, statistics. */
    public record Sinks(Sink<TranscriptEvent> partials, Sink<TranscriptEvent> finals, Sink<DeadLetter> deadLetters,
                        Sink<SpaceStats> stats) {
        public static Sinks kafka(SpacecapsConfig config) {
            return new Sinks(KafkaConnectors.partialSink(config), KafkaConnectors.finalSink(config),
                    KafkaConnectors.deadLetterSink(config), KafkaConnectors.statsSink(config));
        }
    }

    public static void main(String[] args) throws Exception {
        SpacecapsConfig config = SpacecapsConfig.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        configure(env, config);
        defineWorkflow(env, config, Sources.kafka(config), Sinks.kafka(config));
        env.execute("spacecaps");
    }

    /**
     * Environment settings that belong to the job, wherever it runs. Checkpoints are exactly-once:
     * final captions become visible to read_committed consumers when the checkpoint after them
     * completes, so the interval is what finals wait at most beyond recognition.
     */
    public static void configure(StreamExecutionEnvironment env, SpacecapsConfig config) {
        env.setParallelism(config.parallelism());
        if (RunMode.isBatch(env.getConfiguration())) {
            // One sequencer subtask places every track (defineWorkflow) by the recognisers' key groups:
            // the same number of them on every stage, whatever its parallelism. (Live jobs keep Flink's
            // default, which their savepoints were taken with.)
            env.setMaxParallelism(KeyGroupRangeAssignment.computeDefaultMaxParallelism(config.parallelism()));
        }
        // Partials are only useful while fresh. At 0 (the default) every record leaves at once and no
        // flusher threads run: at 10 ms, fifty of them woke 100 times a second each, an idle job used 0.23
        // to 0.45 cores instead of 0.09 to 0.11, and 8 live tracks cost 11% more CPU (BENCHMARKS.md). BATCH
        // runs ignore it (Flink turns buffer timeouts off for them).
        env.setBufferTimeout(config.bufferTimeoutMs());
        if (config.checkpointIntervalMs() > 0) {
            env.enableCheckpointing(config.checkpointIntervalMs(), CheckpointingMode.EXACTLY_ONCE);
        }
    }

    public static void defineWorkflow(StreamExecutionEnvironment env, SpacecapsConfig config, Sources sources, Sinks sinks) {
        defineWorkflow(env, config, new TrackRecognizer(config), sources, sinks);
    }

    /** As above, with the recogniser operator given: tests hand in one that fails on purpose. */
    public static void defineWorkflow(StreamExecutionEnvironment env, SpacecapsConfig config, TrackRecognizer recognizer,
                                      Sources sources, Sinks sinks) {
        ModelRegistry models = new ModelRegistry(config.modelDirs(), config.defaultLanguage());
        models.checkDirectories();

        // Event time is each record's Kafka timestamp, watermarked per partition at the source (EventTime).
        SingleOutputStreamOperator<SpaceEvent> events = env
                .fromSource(sources.events(), EventTime.forSource(config), "room event source")
                .uid(UID_EVENT_SOURCE)
                .process(new SpaceEventDecoder(config.maxRecordBytes(), config.maxClockSkewMs()))
                .uid(UID_DECODE_EVENTS).name("decode room events");
        // The room's Spaces on every subtask: who declined captions (decoding), when a Space started (recognition).
        BroadcastStream<SpaceEvent> spaces = events.broadcast(SpaceDirectory.SPACES);
        SingleOutputStreamOperator<TrackChunk> chunks = env
                .fromSource(sources.audio(), EventTime.forSource(config), "audio source")
                .uid(UID_AUDIO_SOURCE)
                .connect(spaces)
                .process(new AudioChunkValidator(config))
                .uid(UID_DECODE_AUDIO).name("decode and validate audio");

        // The audio's first shuffle: to the sequencer, by the track's key.
        SingleOutputStreamOperator<TrackChunk> sequenced = chunks
                .keyBy(BY_TRACK)
                .process(new TrackSequencer(config))
                .uid(UID_SEQUENCE).name("order chunks per track");
        if (RunMode.isBatch(env.getConfiguration())) {
            // BATCH mode hands a sequencer subtask its tracks one after another, each to its end: one
            // subtask sees them all and deals them out over the recognisers by work (TrackPlacement).
            // Several would each deal their own from where they stand, and two tracks could meet on one
            // recogniser while another has none (a 4-track Space at parallelism 4: 48 s instead of 41 s at 2).
            sequenced.setParallelism(1);
        }
        // Its second and last: to the recogniser subtask the sequencer placed the track on (its route),
        // so that tracks spread evenly whatever their keys. From here on a track stays on its subtask;
        // Opus decodes only in order, with state per track, on the same key and subtask as the recogniser.
        SingleOutputStreamOperator<TrackChunk> decoded = sequenced
                .keyBy(BY_ROUTE)
                .process(new OpusTrackDecoder(config))
                .uid(UID_DECODE_OPUS).name("decode Opus per track");
        KeyedStream<TrackChunk, String> tracks = DataStreamUtils.reinterpretAsKeyedStream(decoded, BY_ROUTE, Types.STRING);

        SingleOutputStreamOperator<TranscriptEvent> recognized = tracks
                .connect(spaces)
                .process(recognizer)
                .uid(UID_RECOGNIZE).name("recognize speech (Vosk)");

        // Mixed tracks carry several voices: tell them apart from the audio the recogniser heard (so
        // audio of a Space that never starts, or over a cap, builds no voice state), on the same subtask.
        String voiceModel = config.diarize() ? models.directoryFor(config.defaultLanguage()).orElse(null) : null;
        // Keyed by the track's own key (captions do not carry the route): the voice stage's subtask need
        // not be the recogniser's; only mixed tracks' audio makes this hop.
        KeyedStream<TrackChunk, String> heardMixed = recognized.getSideOutput(TrackRecognizer.HEARD_MIXED_AUDIO).keyBy(BY_TRACK);
        SingleOutputStreamOperator<TranscriptEvent> voiced = recognized
                .keyBy(CAPTION_BY_TRACK)
                .connect(heardMixed)
                .process(new VoiceDiarizer(voiceModel, config))
                .uid(UID_VOICES).name("tell voices apart (mixed tracks)");

        KeyedStream<SpaceEvent, String> roomEvents = events.keyBy(SpaceEvent::getSpaceId);
        SingleOutputStreamOperator<TranscriptEvent> named = voiced
                .keyBy(TranscriptEvent::getSpaceId)
                .connect(roomEvents)
                .process(new SpeakerAttributor(config))
                .uid(UID_ATTRIBUTE).name("attribute speakers");

        // Written text for people to read, on the same Space key and subtask as the names.
        DataStream<TranscriptEvent> captions = DataStreamUtils
                .reinterpretAsKeyedStream(named, TranscriptEvent::getSpaceId, Types.STRING)
                .connect(roomEvents)
                .process(new CaptionWriter(config))
                .uid(UID_WRITE).name("write captions (sentences, casing, numbers)");

        DataStream<DeadLetter> deadLetters = chunks.getSideOutput(DeadLetters.TAG)
                .union(events.getSideOutput(DeadLetters.TAG), sequenced.getSideOutput(DeadLetters.TAG),
                        decoded.getSideOutput(DeadLetters.TAG), recognized.getSideOutput(DeadLetters.TAG));

        // Figures for dashboards, from the captions as they leave and the room's events and dead letters.
        DataStream<RoomSignal> signals = events.map(RoomSignal::of).returns(RoomSignal.class)
                .uid(UID_EVENT_SIGNALS).name("room events for stats")
                .union(deadLetters.filter(d -> d.getSpaceId() != null).uid(UID_SPACE_DEAD_LETTERS).name("dead letters of a Space")
                        .map(RoomSignal::of).returns(RoomSignal.class).uid(UID_DEAD_LETTER_SIGNALS).name("dead letters for stats"));
        DataStreamUtils.reinterpretAsKeyedStream(captions, TranscriptEvent::getSpaceId, Types.STRING)
                .connect(signals.keyBy(s -> s.spaceId))
                .process(new SpaceStatistics(config))
                .uid(UID_STATS).name("Space statistics")
                .sinkTo(sinks.stats()).uid(UID_STATS_SINK).name("spaces.stats");

        // What is live goes out at once: partials, and each final the moment it is made (marked
        // provisional), so a viewer does not wait for the checkpoint that commits it to captions.final.
        captions.flatMap(LiveCaptions::forLiveTopic).returns(TranscriptEvent.class)
                .uid(UID_PARTIALS).name("live captions (partials, finals at once)")
                .sinkTo(sinks.partials()).uid(UID_PARTIAL_SINK).name("captions.partial");
        captions.filter(c -> c.getKind() == TranscriptKind.FINAL)
                .uid(UID_FINALS).name("final captions")
                .sinkTo(sinks.finals()).uid(UID_FINAL_SINK).name("captions.final");
        deadLetters.sinkTo(sinks.deadLetters()).uid(UID_DEAD_LETTER_SINK).name("spaces.deadletter");
    }
}
