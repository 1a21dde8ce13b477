package io.spacecaps.asr;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.ingest.DeadLetterReason;
import io.spacecaps.ingest.DeadLetters;
import io.spacecaps.ingest.SequencedChunk;
import io.spacecaps.kafka.RawRecord;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.wire.WireFormat;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Speech to text, per track (keyed by {@code <spaceId>/<trackId>}). Each active track has one Vosk
 * recogniser on this subtask; partials flow while the speaker talks, a final with word timings at
 * each endpoint Vosk detects. A track's recogniser is closed when the track ends or has been idle
 * for the configured time, and every keyed state and timer of the track is cleared with it.
 *
 * <p>The recogniser lives in native memory, which no checkpoint can hold. What a fresh one needs
 * to get back to the same point is in keyed state instead: the track's counters
 * ({@link RecognizerState}) and the audio since the recogniser began ({@link FedAudio}). After a
 * failover the first chunk of a track finds state but no recogniser, and rebuilds it from there, so
 * utterance numbers, event ids and texts come out as they would have without the failure.
 *
 * <p>The broadcast side carries the Spaces' start events: their start time anchors caption times
 * and their language picks the model.
 */
public class TrackRecognizer extends KeyedBroadcastProcessFunction<String, SequencedChunk, SpaceEvent, TranscriptEvent> {

    /** Space id → its SPACE_STARTED event. */
    public static final MapStateDescriptor<String, SpaceEvent> SPACES =
            new MapStateDescriptor<>("spaces", Types.STRING, TypeInformation.of(SpaceEvent.class));
    /** How far the room-event stream has got: the latest event time seen (key {@link #EVENTS_SEEN}). */
    public static final MapStateDescriptor<String, Long> EVENT_PROGRESS =
            new MapStateDescriptor<>("event-progress", Types.STRING, Types.LONG);
    private static final String EVENTS_SEEN = "latest";
    /** However slow the room events are, audio waits for its Space's start at most this many times the wait. */
    private static final int MAX_WAIT_ROUNDS = 30;
    /** Spaces that started more than a day before the newest room event are forgotten. */
    private static final long FORGET_SPACES_AFTER_MS = 24L * 3600 * 1000;

    private final ModelRegistry models;
    private final int sampleRate;
    private final long idleTimeoutMs;
    private final boolean partialWords;
    private final long renewAfterMs;
    private final long unknownSpaceWaitMs;

    private transient Map<String, VoskModels.Lease> leases;
    private transient Map<String, TrackSession> sessions;
    /** Per open track: how long after its last sample's capture time the latest chunk was recognised. */
    private transient Map<String, Long> lagMsByTrack;
    private transient Counter voskCpuMs;
    private transient long voskCpuNanosCarry;
    private transient ValueState<Long> idleTimer;
    /** Chunks of a Space whose start event has not arrived yet, and when to give up on it. */
    private transient ListState<SequencedChunk> awaitingSpace;
    private transient ValueState<Long> spaceWaitDeadline;
    private transient ValueState<Integer> waitRounds;
    private transient ValueState<RecognizerState> savedState;
    private transient ListState<FedAudio> heardAudio;
    private transient DeadLetters deadLetters;
    private transient WireFormat<AudioChunk> wire;

    public TrackRecognizer(SpacecapsConfig config) {
        this.models = new ModelRegistry(config.modelDirs(), config.defaultLanguage());
        this.sampleRate = config.sampleRate();
        this.idleTimeoutMs = config.idleTrackTimeoutMs();
        this.partialWords = config.partialWords();
        this.renewAfterMs = config.recognizerResetMs();
        this.unknownSpaceWaitMs = config.unknownSpaceWaitMs();
    }

    @Override
    public void open(OpenContext openContext) {
        leases = new HashMap<>();
        sessions = new HashMap<>();
        idleTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("idle-timer", Types.LONG));
        savedState = getRuntimeContext().getState(new ValueStateDescriptor<>("recognizer", TypeInformation.of(RecognizerState.class)));
        heardAudio = getRuntimeContext().getListState(new ListStateDescriptor<>("heard-audio", TypeInformation.of(FedAudio.class)));
        awaitingSpace = getRuntimeContext().getListState(
                new ListStateDescriptor<>("awaiting-space", TypeInformation.of(SequencedChunk.class)));
        spaceWaitDeadline = getRuntimeContext().getState(new ValueStateDescriptor<>("space-wait-deadline", Types.LONG));
        waitRounds = getRuntimeContext().getState(new ValueStateDescriptor<>("space-wait-rounds", Types.INT));
        deadLetters = new DeadLetters(getRuntimeContext().getMetricGroup(), 64 * 1024);
        wire = WireFormat.of(AudioChunk.class);
        lagMsByTrack = new HashMap<>();
        getRuntimeContext().getMetricGroup().gauge("openRecognizers", () -> sessions == null ? 0 : sessions.size());
        // The backlog in time: how far behind its audio's capture the slowest open track on this
        // subtask is being recognised. Flat near the chunk length when the job keeps up; growing
        // when it does not. (The Kafka source's own pendingRecords counts the same in records.)
        getRuntimeContext().getMetricGroup().gauge("recognitionLagMs", this::recognitionLagMs);
        // CPU spent decoding (inside Vosk) on this subtask: the recognition cost, apart from the pipeline's own.
        voskCpuMs = getRuntimeContext().getMetricGroup().counter("voskCpuMs");
    }

    @Override
    public void processElement(SequencedChunk sequenced, ReadOnlyContext ctx, Collector<TranscriptEvent> out) throws Exception {
        String key = ctx.getCurrentKey();
        if (!sessions.containsKey(key) && savedState.value() == null) {
            // A new track: its Space must have started. The start event travels on another topic
            // and may come a little after the first audio, so the audio waits for it, a while.
            boolean spaceKnown = ctx.getBroadcastState(SPACES).contains(sequenced.chunk.getSpaceId());
            if (!spaceKnown || spaceWaitDeadline.value() != null) {
                awaitingSpace.add(sequenced);
                if (spaceWaitDeadline.value() == null) {
                    long at = ctx.timerService().currentProcessingTime() + unknownSpaceWaitMs;
                    ctx.timerService().registerProcessingTimeTimer(at);
                    spaceWaitDeadline.update(at);
                }
                if (spaceKnown) {
                    releaseAwaiting(ctx, out, false);
                }
                return;
            }
        }
        recognise(sequenced, ctx, out);
    }

    /**
     * The Space has started, or the room events have moved on past the audio without starting it:
     * recognise or reject the chunks that waited. Room events and audio come from separate topics and
     * sources that may run at different speeds (a source starting late, a backlog), so "too late" is
     * judged on the event stream's own progress, not on the wall clock; a hard cap bounds the wait when
     * the event stream does not move at all.
     */
    private void releaseAwaiting(ReadOnlyContext ctx, Collector<TranscriptEvent> out, boolean timedOut) throws Exception {
        Long deadline = spaceWaitDeadline.value();
        List<SequencedChunk> waited = new ArrayList<>();
        awaitingSpace.get().forEach(waited::add);
        if (waited.isEmpty()) {
            spaceWaitDeadline.clear();
            return;
        }
        String spaceId = waited.get(0).chunk.getSpaceId();
        boolean known = ctx.getBroadcastState(SPACES).contains(spaceId);
        Long eventsSeen = ctx.getBroadcastState(EVENT_PROGRESS).get(EVENTS_SEEN);
        long firstCapture = waited.get(0).chunk.getCaptureTime().toEpochMilli();
        boolean eventsMovedOn = eventsSeen != null && eventsSeen > firstCapture + unknownSpaceWaitMs;
        boolean waitedTooLong = waitRounds.value() != null && waitRounds.value() >= MAX_WAIT_ROUNDS;
        if (!known && !eventsMovedOn && !waitedTooLong) {
            if (timedOut) {
                waitRounds.update(waitRounds.value() == null ? 1 : waitRounds.value() + 1);
                long at = ctx.timerService().currentProcessingTime() + unknownSpaceWaitMs;
                ctx.timerService().registerProcessingTimeTimer(at);
                spaceWaitDeadline.update(at);
            }
            return;
        }
        if (deadline != null && !timedOut) {
            ctx.timerService().deleteProcessingTimeTimer(deadline);
        }
        spaceWaitDeadline.clear();
        waitRounds.clear();
        awaitingSpace.clear();
        for (SequencedChunk chunk : waited) {
            if (known) {
                recognise(chunk, ctx, out);
            } else {
                reject(ctx, chunk.chunk, DeadLetterReason.UNKNOWN_SPACE, "Space '" + chunk.chunk.getSpaceId()
                        + "' has not started: no SPACE_STARTED event came while the room's events moved "
                        + unknownSpaceWaitMs + " ms past its audio");
            }
        }
    }

    private void recognise(SequencedChunk sequenced, ReadOnlyContext ctx, Collector<TranscriptEvent> out) throws Exception {
        AudioChunk chunk = sequenced.chunk;
        String key = ctx.getCurrentKey();
        long now = ctx.timerService().currentProcessingTime();
        TrackSession session = sessions.get(key);
        if (session == null) {
            session = resumeOrStart(chunk, ctx);
            if (session == null) {
                return;
            }
            sessions.put(key, session);
        }
        List<TranscriptEvent> produced = new ArrayList<>(2);
        List<FedAudio> fed = new ArrayList<>(2);
        if (sequenced.gapMs > 0) {
            fed.add(session.acceptGap(sequenced.gapMs, now, produced));
        }
        ByteBuffer payload = chunk.getPayload();
        byte[] pcm = new byte[payload.remaining()];
        payload.duplicate().get(pcm);
        fed.add(session.accept(pcm, now, produced));
        produced.forEach(out::collect);
        voskCpuNanosCarry += session.takeVoskCpuNanos();
        if (voskCpuNanosCarry >= 1_000_000) {
            voskCpuMs.inc(voskCpuNanosCarry / 1_000_000);
            voskCpuNanosCarry %= 1_000_000;
        }
        long chunkEndMs = chunk.getCaptureTime().toEpochMilli() + pcm.length / 2 * 1000L / sampleRate;
        lagMsByTrack.put(key, Math.max(0, System.currentTimeMillis() - chunkEndMs));

        if (chunk.getEndOfTrack()) {
            out.collect(session.finish(true, now));
            release(key, ctx.timerService());
            return;
        }
        if (session.renewIfDue()) {
            heardAudio.clear();
        } else {
            heardAudio.addAll(fed);
        }
        savedState.update(session.state());
        if (idleTimer.value() == null) {
            long at = now + idleTimeoutMs;
            ctx.timerService().registerProcessingTimeTimer(at);
            idleTimer.update(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TranscriptEvent> out) throws Exception {
        Long deadline = spaceWaitDeadline.value();
        if (deadline != null && deadline == timestamp) {
            releaseAwaiting(ctx, out, true);
            return;
        }
        String key = ctx.getCurrentKey();
        idleTimer.clear();
        TrackSession session = sessions.get(key);
        if (session == null && savedState.value() == null) {
            return;
        }
        if (session == null) {
            // State restored by a failover, and no audio since: rebuild just to flush what it held.
            session = restore(savedState.value());
            sessions.put(key, session);
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
        BroadcastState<String, Long> progress = ctx.getBroadcastState(EVENT_PROGRESS);
        Long seen = progress.get(EVENTS_SEEN);
        long at = event.getTime().toEpochMilli();
        if (seen == null || at > seen) {
            progress.put(EVENTS_SEEN, at);
        }
        if (event.getType() == SpaceEventType.SPACE_STARTED) {
            spaces.put(event.getSpaceId(), event);
            // An ended Space is kept (its end event can overtake its last audio, which travels on
            // another topic); Spaces started long ago are forgotten here instead.
            List<String> stale = new ArrayList<>();
            for (Map.Entry<String, SpaceEvent> e : spaces.entries()) {
                if (e.getValue().getTime().toEpochMilli() < at - FORGET_SPACES_AFTER_MS) {
                    stale.add(e.getKey());
                }
            }
            for (String id : stale) {
                spaces.remove(id);
            }
        }
    }

    private TrackSession resumeOrStart(AudioChunk chunk, ReadOnlyContext ctx) throws Exception {
        RecognizerState saved = savedState.value();
        if (saved != null) {
            return restore(saved);
        }
        ReadOnlyBroadcastState<String, SpaceEvent> spaces = ctx.getBroadcastState(SPACES);
        SpaceEvent started = spaces.get(chunk.getSpaceId());
        String language = started.getLanguage() != null ? started.getLanguage() : models.defaultLanguage();
        Optional<String> dir = models.directoryFor(language);
        if (dir.isEmpty()) {
            reject(ctx, chunk, DeadLetterReason.NO_MODEL_FOR_LANGUAGE, models.missingModelMessage(language));
            return null;
        }
        long origin = chunk.getCaptureTime().toEpochMilli();
        long spaceStart = started.getTime().toEpochMilli();
        return TrackSession.start(lease(dir.get()), language, sampleRate, partialWords, renewAfterMs,
                chunk.getSpaceId(), chunk.getTrackId(), chunk.getParticipantId(), spaceStart, origin);
    }

    private void reject(ReadOnlyContext ctx, AudioChunk chunk, DeadLetterReason reason, String message) {
        RawRecord source = new RawRecord(Topics.AUDIO.topicName(), -1, -1, 0L,
                Topics.audioKey(chunk.getSpaceId(), chunk.getTrackId()).getBytes(StandardCharsets.UTF_8), wire.encode(chunk));
        ctx.output(DeadLetters.TAG, deadLetters.of(source, reason, message, chunk.getSpaceId(), chunk.getTrackId()));
    }

    private TrackSession restore(RecognizerState saved) throws Exception {
        String dir = models.directoryFor(saved.language).orElseThrow(() ->
                new IllegalStateException(models.missingModelMessage(saved.language) + " (needed to restore " + saved.trackId + ")"));
        return TrackSession.restore(lease(dir), sampleRate, partialWords, renewAfterMs, saved, heardAudio.get());
    }

    private VoskModels.Lease lease(String dir) {
        return leases.computeIfAbsent(dir, VoskModels::acquire);
    }

    /** Closes the track's recogniser and clears its state and pending timer (none when called from the timer). */
    private void release(String key, TimerService timers) throws Exception {
        TrackSession session = sessions.remove(key);
        lagMsByTrack.remove(key);
        if (session != null) {
            session.close();
        }
        Long pending = idleTimer.value();
        if (pending != null && timers != null) {
            timers.deleteProcessingTimeTimer(pending);
        }
        idleTimer.clear();
        savedState.clear();
        heardAudio.clear();
    }

    /** The gauge {@code recognitionLagMs}: the largest lag of an open track on this subtask, 0 with none open. */
    long recognitionLagMs() {
        Map<String, Long> lags = lagMsByTrack;
        return lags == null ? 0 : lags.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** Recognisers open on this subtask now (also the gauge {@code openRecognizers}). */
    int openRecognizers() {
        return sessions.size();
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
