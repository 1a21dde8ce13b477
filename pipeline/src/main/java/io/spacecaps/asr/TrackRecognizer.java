package io.spacecaps.asr;

import io.spacecaps.config.RunMode;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.ingest.DeadLetterReason;
import io.spacecaps.ingest.DeadLetters;
import io.spacecaps.ingest.EventTime;
import io.spacecaps.ingest.TrackChunk;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.wire.WireFormat;
import io.spacecaps.spaces.KnownSpace;
import io.spacecaps.spaces.SpaceDirectory;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Speech to text, per track (keyed by {@code <spaceId>/<trackId>}): the track's words and their
 * times, as partials while someone speaks and a final at each endpoint Vosk detects. Who spoke is
 * not decided here: a caption carries its track's owner ({@code trackParticipantId}, null on a mixed
 * track) and an unattributed speaker, for the voice and speaker stages to fill in.
 *
 * <p>Each active track has one Vosk recogniser on this subtask. It lives in native memory, which no
 * checkpoint can hold; what a fresh one needs to get back to the same point is in keyed state instead:
 * the track's counters ({@link RecognizerState}) and the audio since the recogniser began
 * ({@link FedAudio}). After a failover the first chunk of a track finds state but no recogniser, and
 * rebuilds it from there, so utterance numbers, event ids and texts come out as without the failure.
 *
 * <p>A new track's Space must have started ({@link SpaceDirectory}, from the broadcast room events).
 * The start event travels on another topic and may come after the first audio, so that audio waits
 * until the room has been heard {@code unknown-space-wait-ms} past it (the job's one notion of
 * progress, {@link io.spacecaps.ingest.EventTime}), then becomes an {@code UNKNOWN_SPACE} dead letter.
 * The start reaches every subtask as a broadcast, which cannot touch another key's timers or state,
 * so waiting audio looks again every {@value #SPACE_RECHECK_MS} ms of wall-clock time: a recording
 * whose audio all arrived before its start would otherwise wait for the room to move on, and at the
 * end of a recording the room does not move.
 * Wall-clock timers only release resources: a track quiet for {@code idle-track-timeout-ms} is flushed
 * (its last words go out as a final) and its recogniser and state are freed, whether or not its end
 * came; audio that has waited {@code max-hold-ms} for its Space is let go as a dead letter.
 */
public class TrackRecognizer extends KeyedBroadcastProcessFunction<String, TrackChunk, SpaceEvent, TranscriptEvent> {

    /**
     * The audio of mixed tracks that the recogniser heard, in the order it heard it: what the voice
     * stage tells voices apart in. Audio it did not hear (a Space that never started, a track over a
     * cap) never reaches the voice stage, so it builds no voice state there.
     */
    /** The metric of audio handed to Vosk, in ms summed over tracks. */
    public static final String AUDIO_RECOGNISED_MS = "audioRecognisedMs";
    public static final OutputTag<TrackChunk> HEARD_MIXED_AUDIO = new OutputTag<>("heard-mixed-audio", TypeInformation.of(TrackChunk.class));

    /** How much audio between two partials in BATCH mode, where only the crosstalk marks use them. */
    static final long BATCH_PARTIAL_EVERY_MS = 500;

    /** How often audio waiting for its Space's start (or its speaker's consent) looks whether it came. */
    static final long SPACE_RECHECK_MS = 200;

    private final ModelRegistry models;
    private final int sampleRate;
    private final long idleTimeoutMs;
    private final boolean partialWords;
    private final long stableAfterMs;
    private final long recognizerResetMs;
    private final VoskModels.Keeping keeping;
    private final long unknownSpaceWaitMs;
    private final long maxHoldMs;
    private final long idleSpaceTimeoutMs;
    private final int maxRecognizers;
    private final int maxTracksPerSpace;
    private final int maxAwaitingBytes;
    private final long maxAwaitingBytesTotal;
    /**
     * Audio bytes waiting for their Spaces' starts on this subtask, over all its tracks: a flood of
     * tracks of Spaces that never start must not add up without bound either. Counted since the
     * subtask started (audio restored while it waited is counted from its next chunk on).
     */
    private transient long awaitingOnSubtask;

    private transient TrackSession.Settings sessionSettings;
    /** Live: the audio a lost recogniser heard is kept, to rebuild it after a failover. Not in BATCH mode. */
    private transient boolean keepsRecoveryAudio;
    private transient Map<String, VoskModels.Lease> leases;
    private transient Map<String, TrackSession> sessions;
    /** Wall-clock time of the last chunk of each captions-off track on this subtask (for its idle release). */
    private transient Map<String, Long> lastHeardOff;
    /** Per open track: how long after its last sample's capture time the latest chunk was recognised. */
    private transient Map<String, Long> lagMsByTrack;
    private transient Counter voskCpuMs;
    private transient Counter stableWordsChanged;
    /** Audio handed to Vosk, in ms of every track: how far a run over a recording has got (transcribe). */
    private transient Counter audioRecognisedMs;
    private transient long voskCpuNanosCarry;
    private transient ValueState<Long> idleTimer;
    /** Chunks of a Space whose start event has not arrived yet, the event-time timer that ends their wait, and the wall-clock bound. */
    private transient ListState<TrackChunk> awaitingSpace;
    /** The audio bytes in {@code awaitingSpace}, held to {@code max-awaiting-bytes}. */
    private transient ValueState<Long> awaitingBytes;
    private transient ValueState<Long> spaceWaitTimer;
    private transient ValueState<Long> spaceHoldTimer;
    /** When the first chunk began to wait (wall clock), and the timer for the least wall-clock wait. */
    private transient ValueState<Long> spaceWaitSince;
    private transient ValueState<Long> spaceLeastWaitTimer;
    /** The wall-clock timer at which waiting audio next looks whether its Space has started. */
    private transient ValueState<Long> spaceRecheckTimer;
    /** The event-time timer at a new participant track's first audio, until which their consent may still come. */
    private transient ValueState<Long> consentTimer;
    private transient ValueState<RecognizerState> savedState;
    /**
     * How many utterances a released track had finished, kept for {@code idle-space-timeout-ms} (a TTL):
     * a producer that comes back after its track was released (it went quiet, or it ended and
     * reconnected) goes on numbering, so its finals never take the ids of the ones before.
     */
    private transient ValueState<Integer> utterancesBefore;
    /** For a participant who declined captions: when their last speech ended (wall clock), to tell turns apart. */
    private transient ValueState<Long> captionsOffSpeechEnd;
    private transient ListState<FedAudio> heardAudio;
    private transient DeadLetters deadLetters;
    private transient WireFormat<AudioChunk> wire;

    public TrackRecognizer(SpacecapsConfig config) {
        this.models = new ModelRegistry(config.modelDirs(), config.defaultLanguage());
        this.sampleRate = config.sampleRate();
        this.idleTimeoutMs = config.idleTrackTimeoutMs();
        this.partialWords = config.partialWords();
        this.stableAfterMs = config.stableAfterMs();
        this.recognizerResetMs = config.recognizerResetMs();
        this.keeping = VoskModels.Keeping.of(config);
        this.unknownSpaceWaitMs = config.unknownSpaceWaitMs();
        this.maxHoldMs = config.maxHoldMs();
        this.idleSpaceTimeoutMs = config.idleSpaceTimeoutMs();
        this.maxRecognizers = config.maxRecognizers();
        this.maxTracksPerSpace = config.maxTracksPerSpace();
        this.maxAwaitingBytes = config.maxAwaitingBytes();
        this.maxAwaitingBytesTotal = config.maxAwaitingBytesTotal();
    }

    @Override
    public void open(OpenContext openContext) {
        // In BATCH mode (transcribe, backfill) nobody watches partials: they are dropped at the end. The
        // only use they have there is the speaker stage's crosstalk marks (who was still speaking when a
        // final ended), for which one every half second does; one per chunk cost 8% of a Space's time.
        // Nor is a recogniser ever rebuilt there (no checkpoints: a failed run is run again), so none is
        // renewed and no audio is kept to rebuild one: a renewal restarts Vosk's adaptation, which
        // costs words and time (a 10-minute track: 61-67 CPU-s renewed every 3 minutes by a new
        // recogniser, 57-60 not; renewals now keep the recogniser's graph cache, which was most of that).
        boolean batch = RunMode.isBatch(getRuntimeContext());
        keepsRecoveryAudio = !batch;
        sessionSettings = new TrackSession.Settings(sampleRate, partialWords, stableAfterMs, batch ? 0 : recognizerResetMs,
                batch ? BATCH_PARTIAL_EVERY_MS : 0, keeping);
        leases = new HashMap<>();
        sessions = new HashMap<>();
        lastHeardOff = new HashMap<>();
        idleTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("idle-timer", Types.LONG));
        savedState = getRuntimeContext().getState(new ValueStateDescriptor<>("recognizer", TypeInformation.of(RecognizerState.class)));
        ValueStateDescriptor<Integer> numbering = new ValueStateDescriptor<>("utterances-before", Types.INT);
        numbering.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofMillis(idleSpaceTimeoutMs))
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired).build());
        utterancesBefore = getRuntimeContext().getState(numbering);
        captionsOffSpeechEnd = getRuntimeContext().getState(new ValueStateDescriptor<>("captions-off-speech-end", Types.LONG));
        heardAudio = getRuntimeContext().getListState(new ListStateDescriptor<>("heard-audio", TypeInformation.of(FedAudio.class)));
        awaitingSpace = getRuntimeContext().getListState(
                new ListStateDescriptor<>("awaiting-space", TypeInformation.of(TrackChunk.class)));
        spaceWaitTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("space-wait-timer", Types.LONG));
        spaceHoldTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("space-hold-timer", Types.LONG));
        spaceWaitSince = getRuntimeContext().getState(new ValueStateDescriptor<>("space-wait-since", Types.LONG));
        spaceLeastWaitTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("space-least-wait-timer", Types.LONG));
        spaceRecheckTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("space-recheck-timer", Types.LONG));
        awaitingBytes = getRuntimeContext().getState(new ValueStateDescriptor<>("awaiting-bytes", Types.LONG));
        consentTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("consent-timer", Types.LONG));
        deadLetters = new DeadLetters(getRuntimeContext().getMetricGroup(), 64 * 1024);
        wire = WireFormat.of(AudioChunk.class);
        lagMsByTrack = new HashMap<>();
        getRuntimeContext().getMetricGroup().gauge("openRecognizers", () -> sessions == null ? 0 : sessions.size());
        getRuntimeContext().getMetricGroup().gauge("awaitingSpaceBytes", () -> awaitingOnSubtask);
        // The backlog in time: how far behind its audio's capture the slowest open track on this
        // subtask is being recognised. Flat near the chunk length when the job keeps up; growing
        // when it does not. (The Kafka source's own pendingRecords counts the same in records.)
        getRuntimeContext().getMetricGroup().gauge("recognitionLagMs", this::recognitionLagMs);
        // CPU spent decoding (inside Vosk) on this subtask: the recognition cost, apart from the pipeline's own.
        voskCpuMs = getRuntimeContext().getMetricGroup().counter("voskCpuMs");
        // Words a partial declared stable that a later partial changed: how often "settled" was wrong.
        stableWordsChanged = getRuntimeContext().getMetricGroup().counter("stableWordsChanged");
        audioRecognisedMs = getRuntimeContext().getMetricGroup().counter(AUDIO_RECOGNISED_MS);
    }

    @Override
    public void processElement(TrackChunk chunk, ReadOnlyContext ctx, Collector<TranscriptEvent> out) throws Exception {
        String key = ctx.getCurrentKey();
        if (!sessions.containsKey(key) && savedState.value() == null) {
            // A new track: its Space must have started, and its participant's word on captions must be
            // in (their join, or the room heard up to the audio); audio waiting for that keeps its order.
            var spaces = ctx.getBroadcastState(SpaceDirectory.SPACES);
            AudioChunk audio = chunk.chunk;
            boolean spaceKnown = SpaceDirectory.hasStarted(spaces, audio.getSpaceId());
            boolean consentSettled = chunk.captionsOff || SpaceDirectory.consentSettled(spaces, audio.getSpaceId(),
                    audio.getParticipantId(), chunk.eventTime, ctx.timerService().currentWatermark());
            if (!spaceKnown || !consentSettled || spaceWaitTimer.value() != null) {
                awaitSpace(chunk, ctx, consentSettled);
                if (spaceKnown && consentSettled) {
                    releaseAwaiting(ctx, out);
                }
                return;
            }
        }
        recognize(chunk, ctx, out);
    }

    private void awaitSpace(TrackChunk chunk, ReadOnlyContext ctx, boolean consentSettled) throws Exception {
        long held = awaitingBytes.value() == null ? 0 : awaitingBytes.value();
        int bytes = chunk.chunk.getPayload().remaining();
        if (held + bytes > maxAwaitingBytes) {
            // A Space that never starts must not hold memory without bound; what already waits keeps its place.
            reject(ctx, chunk, DeadLetterReason.AWAITING_SPACE_FULL, "track already holds " + held + " bytes of audio waiting for Space '"
                    + chunk.chunk.getSpaceId() + "' to start (max-awaiting-bytes " + maxAwaitingBytes + ")");
            return;
        }
        if (awaitingOnSubtask + bytes > maxAwaitingBytesTotal) {
            reject(ctx, chunk, DeadLetterReason.AWAITING_SPACE_FULL, "this recognition subtask already holds " + awaitingOnSubtask
                    + " bytes of audio waiting for Spaces to start (max-awaiting-bytes-total " + maxAwaitingBytesTotal + ")");
            return;
        }
        awaitingBytes.update(held + bytes);
        awaitingOnSubtask += bytes;
        awaitingSpace.add(chunk);
        if (!consentSettled && consentTimer.value() == null) {
            ctx.timerService().registerEventTimeTimer(chunk.eventTime);
            consentTimer.update(chunk.eventTime);
        }
        if (spaceWaitTimer.value() == null) {
            long at = chunk.eventTime + unknownSpaceWaitMs;
            ctx.timerService().registerEventTimeTimer(at);
            spaceWaitTimer.update(at);
            long now = ctx.timerService().currentProcessingTime();
            spaceWaitSince.update(now);
            long cap = now + maxHoldMs;
            ctx.timerService().registerProcessingTimeTimer(cap);
            spaceHoldTimer.update(cap);
        }
        if (spaceRecheckTimer.value() == null) {
            recheckSpaceLater(ctx.timerService());
        }
    }

    private void recheckSpaceLater(TimerService timers) throws Exception {
        long at = timers.currentProcessingTime() + SPACE_RECHECK_MS;
        spaceRecheckTimer.update(at);
        timers.registerProcessingTimeTimer(at);
    }

    /**
     * The wait for the Space's start is over: recognise the chunks that waited if it has started, else
     * reject them. Called when a chunk finds its Space known, when the room has moved past the wait,
     * and when the wall-clock bound ran out.
     */
    private void releaseAwaiting(ReadOnlyContext ctx, Collector<TranscriptEvent> out) throws Exception {
        List<TrackChunk> waited = new ArrayList<>();
        awaitingSpace.get().forEach(waited::add);
        Long wait = spaceWaitTimer.value();
        if (wait != null) {
            ctx.timerService().deleteEventTimeTimer(wait);
        }
        Long hold = spaceHoldTimer.value();
        if (hold != null) {
            ctx.timerService().deleteProcessingTimeTimer(hold);
        }
        Long least = spaceLeastWaitTimer.value();
        if (least != null) {
            ctx.timerService().deleteProcessingTimeTimer(least);
        }
        Long recheck = spaceRecheckTimer.value();
        if (recheck != null) {
            ctx.timerService().deleteProcessingTimeTimer(recheck);
        }
        spaceRecheckTimer.clear();
        Long consent = consentTimer.value();
        if (consent != null) {
            ctx.timerService().deleteEventTimeTimer(consent);
        }
        consentTimer.clear();
        spaceWaitTimer.clear();
        spaceHoldTimer.clear();
        spaceWaitSince.clear();
        spaceLeastWaitTimer.clear();
        Long held = awaitingBytes.value();
        awaitingOnSubtask = Math.max(0, awaitingOnSubtask - (held == null ? 0 : held));
        awaitingSpace.clear();
        awaitingBytes.clear();
        if (waited.isEmpty()) {
            return;
        }
        boolean known = SpaceDirectory.hasStarted(ctx.getBroadcastState(SpaceDirectory.SPACES), waited.get(0).chunk.getSpaceId());
        for (TrackChunk chunk : waited) {
            if (known) {
                recognize(chunk, ctx, out);
            } else {
                reject(ctx, chunk, DeadLetterReason.UNKNOWN_SPACE, "Space '" + chunk.chunk.getSpaceId()
                        + "' has not started: no SPACE_STARTED event came while the room moved " + unknownSpaceWaitMs
                        + " ms past its audio (or within " + maxHoldMs + " ms of wall-clock time)");
            }
        }
    }

    /** Whether what the waiting audio waits for is in: its Space's start and its speaker's word on captions. */
    private boolean awaitedHasArrived(ReadOnlyContext ctx) throws Exception {
        var first = awaitingSpace.get().iterator();
        if (!first.hasNext()) {
            return true;
        }
        TrackChunk chunk = first.next();
        var spaces = ctx.getBroadcastState(SpaceDirectory.SPACES);
        return SpaceDirectory.hasStarted(spaces, chunk.chunk.getSpaceId())
                && (chunk.captionsOff || SpaceDirectory.consentSettled(spaces, chunk.chunk.getSpaceId(),
                chunk.chunk.getParticipantId(), chunk.eventTime, ctx.timerService().currentWatermark()));
    }

    private boolean spaceOfAwaitingHasStarted(ReadOnlyContext ctx) throws Exception {
        var first = awaitingSpace.get().iterator();
        return first.hasNext() && SpaceDirectory.hasStarted(ctx.getBroadcastState(SpaceDirectory.SPACES), first.next().chunk.getSpaceId());
    }

    private void recognize(TrackChunk chunk, ReadOnlyContext ctx, Collector<TranscriptEvent> out) throws Exception {
        AudioChunk audio = chunk.chunk;
        String key = ctx.getCurrentKey();
        long now = ctx.timerService().currentProcessingTime();
        if (chunk.captionsOff || SpaceDirectory.declined(ctx.getBroadcastState(SpaceDirectory.SPACES), audio.getSpaceId(),
                audio.getParticipantId())) {
            // Audio that passed the decoder before the decline reached it is dropped here, unheard.
            TrackChunk off = chunk.captionsOff ? chunk : chunk.withoutAudio();
            if (sessions.containsKey(key) || savedState.value() != null) {
                // Captions withdrawn mid-track: what was said before goes out as its final, nothing after.
                TrackSession open = sessions.containsKey(key) ? sessions.get(key) : restore(savedState.value());
                sessions.put(key, open);
                TranscriptEvent last = open.finish(false, now);
                if (last != null) {
                    EventTime.emitAt(out, last, chunk.eventTime);
                }
                release(key, ctx);
            }
            sayCaptionsOff(off, ctx, out, now);
            return;
        }
        TrackSession session = sessions.get(key);
        if (session == null) {
            session = resumeOrStart(chunk, ctx);
            if (session == null) {
                return;
            }
            sessions.put(key, session);
        }
        if (audio.getParticipantId() == null) {
            // Before the captions it gives: the voice stage then knows the audio before the finals that wait for it.
            ctx.output(HEARD_MIXED_AUDIO, chunk);
        }
        List<TranscriptEvent> produced = new ArrayList<>(2);
        List<FedAudio> fed = new ArrayList<>(2);
        if (chunk.gapMs > 0) {
            fed.add(session.acceptGap(chunk.gapMs, now, produced));
        }
        ByteBuffer payload = audio.getPayload();
        byte[] pcm = new byte[payload.remaining()];
        payload.duplicate().get(pcm);
        fed.add(session.accept(pcm, now, produced));
        // Each caption at the time of the audio it came from, also when that audio waited (see EventTime).
        produced.forEach(c -> EventTime.emitAt(out, c, chunk.eventTime));
        voskCpuNanosCarry += session.takeVoskCpuNanos();
        stableWordsChanged.inc(session.takeStableWordsChanged());
        if (voskCpuNanosCarry >= 1_000_000) {
            voskCpuMs.inc(voskCpuNanosCarry / 1_000_000);
            voskCpuNanosCarry %= 1_000_000;
        }
        audioRecognisedMs.inc(pcm.length / 2 * 1000L / sampleRate);
        long chunkEndMs = audio.getCaptureTime().toEpochMilli() + pcm.length / 2 * 1000L / sampleRate;
        lagMsByTrack.put(key, Math.max(0, System.currentTimeMillis() - chunkEndMs));

        if (audio.getEndOfTrack()) {
            EventTime.emitAt(out, session.finish(true, now), chunk.eventTime);
            release(key, ctx);
            return;
        }
        if (session.renewIfDue()) {
            heardAudio.clear();
        } else if (keepsRecoveryAudio) {
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
        Long consent = consentTimer.value();
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME && consent != null && consent == timestamp) {
            // The room has been heard up to the track's first audio: whatever it said about the
            // participant's captions by then is known. Go on if the Space has started too.
            consentTimer.clear();
            if (spaceOfAwaitingHasStarted(ctx)) {
                releaseAwaiting(ctx, out);
                return;
            }
        }
        Long wait = spaceWaitTimer.value();
        Long hold = spaceHoldTimer.value();
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            if (wait != null && wait == timestamp) {
                // The room has moved on past the audio. If its Space has started meanwhile, the audio
                // goes on now. If not: sources start at different moments (a topic read before the
                // other has even been assigned looks idle), so the audio has also waited
                // unknown-space-wait-ms on the wall clock before it is given up on, unless all input
                // has ended (the watermark at its maximum), when no start can come any more.
                long leastUntil = spaceWaitSince.value() + unknownSpaceWaitMs;
                boolean started = spaceOfAwaitingHasStarted(ctx);
                if (started || ctx.timerService().currentWatermark() == Long.MAX_VALUE
                        || ctx.timerService().currentProcessingTime() >= leastUntil) {
                    releaseAwaiting(ctx, out);
                } else {
                    ctx.timerService().registerProcessingTimeTimer(leastUntil);
                    spaceLeastWaitTimer.update(leastUntil);
                }
            }
            return;
        }
        Long least = spaceLeastWaitTimer.value();
        if (hold != null && hold == timestamp || least != null && least == timestamp) {
            releaseAwaiting(ctx, out);
            return;
        }
        Long recheck = spaceRecheckTimer.value();
        if (recheck != null && recheck == timestamp) {
            spaceRecheckTimer.clear();
            if (awaitedHasArrived(ctx)) {
                releaseAwaiting(ctx, out);
            } else {
                recheckSpaceLater(ctx.timerService());
            }
            return;
        }
        Long idle = idleTimer.value();
        if (idle == null || idle != timestamp) {
            return;
        }
        idleTimer.clear();
        String key = ctx.getCurrentKey();
        TrackSession session = sessions.get(key);
        if (session == null && savedState.value() == null) {
            Long lastOff = lastHeardOff.get(key);
            if (lastOff != null && timestamp - lastOff < idleTimeoutMs && ctx.timerService().currentWatermark() != Long.MAX_VALUE) {
                long at = lastOff + idleTimeoutMs;
                ctx.timerService().registerProcessingTimeTimer(at);
                idleTimer.update(at);
            } else {
                release(key, null);
            }
            return;
        }
        if (session == null) {
            // State restored by a failover, and no audio since: rebuild just to flush what it held.
            session = restore(savedState.value());
            sessions.put(key, session);
        }
        long idleFor = timestamp - session.lastActivityMs();
        // All input has ended (a bounded run, such as a backfill in BATCH mode, where this timer fires
        // at the end of the track's input, early on the wall clock): no more audio can come.
        boolean inputEnded = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        if (idleFor >= idleTimeoutMs || inputEnded) {
            // A quiet track keeps no native memory and no state: flush what it heard, and let its next
            // chunk start afresh.
            TranscriptEvent pending = session.finish(false, timestamp);
            if (pending != null) {
                // At its last audio's time: a wall-clock timer gives what it emits no time at all.
                EventTime.emitAt(out, pending, pending.getLastAudioCaptureTime().toEpochMilli());
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
        SpaceDirectory.apply(ctx.getBroadcastState(SpaceDirectory.SPACES), event,
                ctx.currentProcessingTime(), idleSpaceTimeoutMs);
    }

    /**
     * A chunk of someone who declined captions (no audio left in it): a caption that they are speaking
     * at the start of each turn, nothing else. No recogniser is opened for the track.
     */
    private void sayCaptionsOff(TrackChunk chunk, ReadOnlyContext ctx, Collector<TranscriptEvent> out, long now) throws Exception {
        KnownSpace space = ctx.getBroadcastState(SpaceDirectory.SPACES).get(chunk.chunk.getSpaceId());
        String language = space.language != null ? space.language : models.defaultLanguage();
        if (chunk.chunk.getEndOfTrack()) {
            EventTime.emitAt(out, CaptionsOff.end(chunk, space.startMs, language, now), chunk.eventTime);
            release(ctx.getCurrentKey(), ctx);
            return;
        }
        if (CaptionsOff.opensTurn(chunk, captionsOffSpeechEnd.value())) {
            EventTime.emitAt(out, CaptionsOff.turn(chunk, space.startMs, language, now), chunk.eventTime);
        }
        if (chunk.voiced) {
            captionsOffSpeechEnd.update(chunk.chunk.getCaptureTime().toEpochMilli() + chunk.durationMs());
        }
        lastHeardOff.put(ctx.getCurrentKey(), now);
        if (idleTimer.value() == null) {
            long at = now + idleTimeoutMs;
            ctx.timerService().registerProcessingTimeTimer(at);
            idleTimer.update(at);
        }
    }

    private TrackSession resumeOrStart(TrackChunk chunk, ReadOnlyContext ctx) throws Exception {
        RecognizerState saved = savedState.value();
        if (saved != null) {
            return restore(saved);
        }
        // Admission: a recogniser is native memory and CPU, so new tracks are capped per subtask and per
        // Space on it (a flood of track ids must not take the subtask down); tracks already open go on.
        if (sessions.size() >= maxRecognizers) {
            reject(ctx, chunk, DeadLetterReason.RECOGNIZER_QUOTA, "this recognition subtask already has " + sessions.size()
                    + " recognisers open (max-recognizers " + maxRecognizers + ")");
            return null;
        }
        String spaceId = chunk.chunk.getSpaceId();
        long ofSpace = sessions.values().stream().filter(open -> open.spaceId().equals(spaceId)).count();
        if (ofSpace >= maxTracksPerSpace) {
            reject(ctx, chunk, DeadLetterReason.TRACK_QUOTA, "Space '" + chunk.chunk.getSpaceId() + "' already has " + ofSpace
                    + " tracks recognised on this subtask (max-tracks-per-space " + maxTracksPerSpace + ")");
            return null;
        }
        KnownSpace space = ctx.getBroadcastState(SpaceDirectory.SPACES).get(chunk.chunk.getSpaceId());
        String language = space.language != null ? space.language : models.defaultLanguage();
        Optional<String> dir = models.directoryFor(language);
        if (dir.isEmpty()) {
            reject(ctx, chunk, DeadLetterReason.NO_MODEL_FOR_LANGUAGE, models.missingModelMessage(language));
            return null;
        }
        AudioChunk audio = chunk.chunk;
        return TrackSession.start(lease(dir.get()), language, sessionSettings, audio.getSpaceId(), audio.getTrackId(),
                audio.getParticipantId(), space.startMs, audio.getCaptureTime().toEpochMilli() - chunk.gapMs,
                utterancesBefore.value() == null ? 0 : utterancesBefore.value());
    }

    private void reject(ReadOnlyContext ctx, TrackChunk chunk, DeadLetterReason reason, String message) {
        ctx.output(DeadLetters.TAG, deadLetters.ofChunk(chunk, wire, reason, message));
    }

    private TrackSession restore(RecognizerState saved) throws Exception {
        String dir = models.directoryFor(saved.language).orElseThrow(() ->
                new IllegalStateException(models.missingModelMessage(saved.language) + " (needed to restore " + saved.trackId + ")"));
        return TrackSession.restore(lease(dir), sessionSettings, saved, heardAudio.get());
    }

    private VoskModels.Lease lease(String dir) {
        return leases.computeIfAbsent(dir, VoskModels::acquire);
    }

    /** Closes the track's recogniser and clears its state and pending idle timer (none when called from that timer). */
    private void release(String key, ReadOnlyContext ctx) throws Exception {
        TrackSession session = sessions.remove(key);
        lagMsByTrack.remove(key);
        if (session != null) {
            utterancesBefore.update(session.utterancesSoFar());
            session.close();
        }
        Long pending = idleTimer.value();
        if (pending != null && ctx != null) {
            ctx.timerService().deleteProcessingTimeTimer(pending);
        }
        idleTimer.clear();
        savedState.clear();
        heardAudio.clear();
        captionsOffSpeechEnd.clear();
        lastHeardOff.remove(key);
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
