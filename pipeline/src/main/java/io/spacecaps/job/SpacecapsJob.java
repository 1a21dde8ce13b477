package io.spacecaps.job;

import io.spacecaps.asr.ModelRegistry;
import io.spacecaps.asr.TrackRecognizer;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.ingest.AudioChunkValidator;
import io.spacecaps.ingest.DeadLetters;
import io.spacecaps.ingest.SequencedChunk;
import io.spacecaps.ingest.SpaceEventDecoder;
import io.spacecaps.ingest.TrackSequencer;
import io.spacecaps.kafka.KafkaConnectors;
import io.spacecaps.kafka.RawRecord;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.DeadLetter;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.speakers.SpeakerAttributor;
import io.spacecaps.speakers.SpeakerEvidence;
import io.spacecaps.speakers.VoiceDiarizer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;

/**
 * The Spacecaps job: audio and room events in, partial and final captions and dead letters out.
 *
 * <pre>
 * spaces.audio  → decode+validate ─┬→ keyBy(space/track) → order → recognise (Vosk) → keyBy(space) → attribute speakers ─┬→ captions.partial
 *                                  │                         ↑ broadcast: Space starts                 ↑ roster  └→ captions.final
 * spaces.events → decode ──────────┼─────────────────────────┴─────────────────────────────────────────┘
 *                                  └→ (bad records from every stage) → spaces.deadletter
 * </pre>
 *
 * {@link #defineWorkflow} builds the graph from any sources and sinks, so tests and the command line
 * run exactly the graph a cluster runs; {@link #main} wires it to Kafka.
 */
public final class SpacecapsJob {

    private SpacecapsJob() {
    }

    public static void main(String[] args) throws Exception {
        SpacecapsConfig config = SpacecapsConfig.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        configure(env, config);
        defineWorkflow(env, config,
                KafkaConnectors.rawSource(config, Topics.AUDIO),
                KafkaConnectors.rawSource(config, Topics.EVENTS),
                KafkaConnectors.partialSink(config),
                KafkaConnectors.finalSink(config),
                KafkaConnectors.deadLetterSink(config));
        env.execute("spacecaps");
    }

    /**
     * Environment settings that belong to the job, wherever it runs. Checkpoints are exactly-once:
     * final captions become visible to read_committed consumers when the checkpoint after them
     * completes, so the interval is what finals wait at most beyond recognition.
     */
    public static void configure(StreamExecutionEnvironment env, SpacecapsConfig config) {
        env.setParallelism(config.parallelism());
        // Partials are only useful while fresh: flush network buffers after at most this long.
        env.setBufferTimeout(config.bufferTimeoutMs());
        if (config.checkpointIntervalMs() > 0) {
            env.enableCheckpointing(config.checkpointIntervalMs(), CheckpointingMode.EXACTLY_ONCE);
        }
    }

    public static void defineWorkflow(StreamExecutionEnvironment env, SpacecapsConfig config,
                                      Source<RawRecord, ?, ?> audioSource,
                                      Source<RawRecord, ?, ?> eventSource,
                                      Sink<TranscriptEvent> partialSink,
                                      Sink<TranscriptEvent> finalSink,
                                      Sink<DeadLetter> deadLetterSink) {
        defineWorkflow(env, config, new TrackRecognizer(config), audioSource, eventSource, partialSink, finalSink, deadLetterSink);
    }

    /** As above, with the recogniser operator given: tests hand in one that fails on purpose. */
    public static void defineWorkflow(StreamExecutionEnvironment env, SpacecapsConfig config, TrackRecognizer recognizer,
                                      Source<RawRecord, ?, ?> audioSource,
                                      Source<RawRecord, ?, ?> eventSource,
                                      Sink<TranscriptEvent> partialSink,
                                      Sink<TranscriptEvent> finalSink,
                                      Sink<DeadLetter> deadLetterSink) {
        ModelRegistry models = new ModelRegistry(config.modelDirs(), config.defaultLanguage());
        models.checkDirectories();

        SingleOutputStreamOperator<AudioChunk> validChunks = env
                .fromSource(audioSource, WatermarkStrategy.noWatermarks(), "audio source")
                .uid("audio-source")
                .process(new AudioChunkValidator(config))
                .uid("decode-audio").name("decode and validate audio");
        DataStream<AudioChunk> chunks = validChunks
                // Capture time is in the payload, so watermarks start here; idle tracks must not hold them back.
                .assignTimestampsAndWatermarks(WatermarkStrategy.<AudioChunk>forBoundedOutOfOrderness(Duration.ofSeconds(2))
                        .withTimestampAssigner((chunk, ts) -> chunk.getCaptureTime().toEpochMilli())
                        .withIdleness(Duration.ofSeconds(5)))
                .uid("audio-watermarks").name("audio watermarks");

        SingleOutputStreamOperator<SpaceEvent> events = env
                .fromSource(eventSource, WatermarkStrategy.noWatermarks(), "room event source")
                .uid("event-source")
                .process(new SpaceEventDecoder(config.maxRecordBytes()))
                .uid("decode-events").name("decode room events");

        SingleOutputStreamOperator<SequencedChunk> sequenced = chunks
                .keyBy(chunk -> Topics.audioKey(chunk.getSpaceId(), chunk.getTrackId()))
                .process(new TrackSequencer(config))
                .uid("sequence-tracks").name("order chunks per track");

        BroadcastStream<SpaceEvent> spaceStarts = events.broadcast(TrackRecognizer.SPACES, TrackRecognizer.EVENT_PROGRESS);

        SingleOutputStreamOperator<TranscriptEvent> recognised = sequenced
                .keyBy(s -> Topics.audioKey(s.chunk.getSpaceId(), s.chunk.getTrackId()))
                .connect(spaceStarts)
                .process(recognizer)
                .uid("recognize").name("recognise speech (Vosk)");

        DataStream<SpeakerEvidence> evidence = events
                .map(SpeakerEvidence::of).returns(SpeakerEvidence.class)
                .uid("room-evidence").name("room events as evidence");
        String voiceModel = config.diarize() ? models.directoryFor(config.defaultLanguage()).orElse(null) : null;
        if (voiceModel != null) {
            // Mixed tracks carry several voices: tell them apart from the audio.
            DataStream<SpeakerEvidence> voices = sequenced
                    .filter(s -> s.chunk.getParticipantId() == null)
                    .uid("mixed-tracks").name("mixed tracks")
                    .keyBy(s -> Topics.audioKey(s.chunk.getSpaceId(), s.chunk.getTrackId()))
                    .process(new VoiceDiarizer(voiceModel))
                    .uid("diarize").name("tell voices apart")
                    .map(SpeakerEvidence::of).returns(SpeakerEvidence.class)
                    .uid("voice-evidence").name("voices as evidence");
            evidence = evidence.union(voices);
        }

        DataStream<TranscriptEvent> captions = recognised
                .keyBy(TranscriptEvent::getSpaceId)
                .connect(evidence.keyBy(SpeakerEvidence::spaceId))
                .process(new SpeakerAttributor(config.rosterWaitMs(), voiceModel != null))
                .uid("attribute-speakers").name("attribute speakers");

        captions.filter(c -> c.getKind() == TranscriptKind.PARTIAL)
                .uid("partials").name("partial captions")
                .sinkTo(partialSink).uid("partial-sink").name("captions.partial");
        captions.filter(c -> c.getKind() == TranscriptKind.FINAL)
                .uid("finals").name("final captions")
                .sinkTo(finalSink).uid("final-sink").name("captions.final");

        validChunks.getSideOutput(DeadLetters.TAG)
                .union(events.getSideOutput(DeadLetters.TAG), sequenced.getSideOutput(DeadLetters.TAG),
                        recognised.getSideOutput(DeadLetters.TAG))
                .sinkTo(deadLetterSink).uid("dead-letter-sink").name("spaces.deadletter");
    }
}
