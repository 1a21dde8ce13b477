package io.spacecaps.asr;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.ingest.DeadLetterReason;
import io.spacecaps.ingest.DeadLetters;
import io.spacecaps.kafka.RawRecord;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.wire.WireFormat;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Speech to text, per track (keyed by {@code <spaceId>/<trackId>}). Each active track has one Vosk
 * recogniser on this subtask; partials flow while the speaker talks, a final with word timings at
 * each endpoint Vosk detects. A track's recogniser is closed when the track ends or has been idle
 * for the configured time, and every keyed state and timer of the track is cleared with it.
 *
 * <p>The broadcast side carries the Spaces' start events: their start time anchors caption times
 * and their language picks the model.
 */
public class TrackRecognizer extends KeyedBroadcastProcessFunction<String, AudioChunk, SpaceEvent, TranscriptEvent> {

    /** Space id → its SPACE_STARTED event. */
    public static final MapStateDescriptor<String, SpaceEvent> SPACES =
            new MapStateDescriptor<>("spaces", Types.STRING, TypeInformation.of(SpaceEvent.class));

    private final ModelRegistry models;
    private final int sampleRate;
    private final long idleTimeoutMs;
    private final boolean partialWords;

    private transient Map<String, VoskModels.Lease> leases;
    private transient Map<String, TrackSession> sessions;
    private transient ValueState<Long> idleTimer;
    private transient DeadLetters deadLetters;
    private transient WireFormat<AudioChunk> wire;

    public TrackRecognizer(SpacecapsConfig config) {
        this.models = new ModelRegistry(config.modelDirs(), config.defaultLanguage());
        this.sampleRate = config.sampleRate();
        this.idleTimeoutMs = config.idleTrackTimeoutMs();
        this.partialWords = config.partialWords();
    }

    @Override
    public void open(OpenContext openContext) {
        leases = new HashMap<>();
        sessions = new HashMap<>();
        idleTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("idle-timer", Types.LONG));
        deadLetters = new DeadLetters(getRuntimeContext().getMetricGroup(), 64 * 1024);
        wire = WireFormat.of(AudioChunk.class);
        getRuntimeContext().getMetricGroup().gauge("openRecognizers", () -> sessions == null ? 0 : sessions.size());
    }

    @Override
    public void processElement(AudioChunk chunk, ReadOnlyContext ctx, Collector<TranscriptEvent> out) throws Exception {
        String key = ctx.getCurrentKey();
        long now = ctx.timerService().currentProcessingTime();
        TrackSession session = sessions.get(key);
        if (session == null) {
            session = startSession(chunk, ctx);
            if (session == null) {
                return;
            }
            sessions.put(key, session);
        }
        ByteBuffer payload = chunk.getPayload();
        byte[] pcm = new byte[payload.remaining()];
        payload.duplicate().get(pcm);
        for (TranscriptEvent event : session.accept(pcm, pcm.length, now)) {
            out.collect(event);
        }
        if (chunk.getEndOfTrack()) {
            out.collect(session.finish(true, now));
            release(key, ctx.timerService());
        } else if (idleTimer.value() == null) {
            long at = now + idleTimeoutMs;
            ctx.timerService().registerProcessingTimeTimer(at);
            idleTimer.update(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TranscriptEvent> out) throws Exception {
        String key = ctx.getCurrentKey();
        TrackSession session = sessions.get(key);
        idleTimer.clear();
        if (session == null) {
            return;
        }
        long idleFor = timestamp - session.lastActivityMs();
        if (idleFor >= idleTimeoutMs) {
            // An idle track keeps no native memory: flush what it heard and let the next chunk start afresh.
            TranscriptEvent pending = session.finish(false, timestamp);
            if (pending != null) {
                out.collect(pending);
            }
            release(key, null);
        } else {
            long at = session.lastActivityMs() + idleTimeoutMs;
            ctx.timerService().registerProcessingTimeTimer(at);
            idleTimer.update(at);
        }
    }

    @Override
    public void processBroadcastElement(SpaceEvent event, Context ctx, Collector<TranscriptEvent> out) throws Exception {
        BroadcastState<String, SpaceEvent> spaces = ctx.getBroadcastState(SPACES);
        if (event.getType() == SpaceEventType.SPACE_STARTED) {
            spaces.put(event.getSpaceId(), event);
        } else if (event.getType() == SpaceEventType.SPACE_ENDED) {
            spaces.remove(event.getSpaceId());
        }
    }

    private TrackSession startSession(AudioChunk chunk, ReadOnlyContext ctx) throws Exception {
        ReadOnlyBroadcastState<String, SpaceEvent> spaces = ctx.getBroadcastState(SPACES);
        SpaceEvent started = spaces.get(chunk.getSpaceId());
        String language = started != null && started.getLanguage() != null ? started.getLanguage() : models.defaultLanguage();
        Optional<String> dir = models.directoryFor(language);
        if (dir.isEmpty()) {
            byte[] bytes = wire.encode(chunk);
            RawRecord source = new RawRecord(Topics.AUDIO.topicName(), -1, chunk.getSequence(), 0L,
                    Topics.audioKey(chunk.getSpaceId(), chunk.getTrackId()).getBytes(StandardCharsets.UTF_8), bytes);
            ctx.output(DeadLetters.TAG, deadLetters.of(source, DeadLetterReason.NO_MODEL_FOR_LANGUAGE,
                    models.missingModelMessage(language), chunk.getSpaceId(), chunk.getTrackId()));
            return null;
        }
        VoskModels.Lease lease = leases.computeIfAbsent(dir.get(), VoskModels::acquire);
        long origin = chunk.getCaptureTime().toEpochMilli();
        // Before the room's start event arrives, the track's first sample stands in for the Space's start.
        long spaceStart = started != null ? started.getTime().toEpochMilli() : origin;
        return new TrackSession(lease, language, sampleRate, partialWords, chunk.getSpaceId(), chunk.getTrackId(),
                chunk.getParticipantId(), spaceStart, origin);
    }

    /** Closes the track's recogniser and clears its state and pending timer (none when called from the timer). */
    private void release(String key, TimerService timers) throws Exception {
        TrackSession session = sessions.remove(key);
        if (session != null) {
            session.close();
        }
        Long pending = idleTimer.value();
        if (pending != null && timers != null) {
            timers.deleteProcessingTimeTimer(pending);
        }
        idleTimer.clear();
    }

    @Override
    public void close() throws Exception {
        if (sessions != null) {
            sessions.values().forEach(TrackSession::close);
            sessions.clear();
        }
        if (leases != null) {
            leases.values().forEach(VoskModels.Lease::close);
            leases.clear();
        }
        super.close();
    }
}
