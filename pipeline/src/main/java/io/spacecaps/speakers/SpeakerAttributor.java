package io.spacecaps.speakers;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.ingest.EventTime;
import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.CaptionMarker;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;
import io.spacecaps.schema.Speaker;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.schema.Word;
import io.spacecaps.spaces.SpaceLifetime;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names who spoke every caption of a Space (keyed by Space id), from what the room says:
 * <ol>
 *   <li><b>track</b>: a caption of a participant's own track is that participant, named as the
 *       roster named them when the words were spoken ({@link RosterEntry}: renames and role changes
 *       keep their history);</li>
 *   <li><b>voices</b>: a mixed track's voice labels (from the voice stage) take the name of the
 *       participant the room said was speaking during most of their words ({@link VoiceNames});</li>
 *   <li><b>speaking indicators</b>: a mixed track without voice labels is cut where the room says the
 *       speaker changes ({@link SpeakingIndicators}, {@link CaptionSplitter}).</li>
 * </ol>
 * Overlapping speech between tracks is marked CROSSTALK and counted per speaker ({@link Crosstalk},
 * metric group {@code crosstalk}).
 *
 * <p>Room events travel on another topic and may come after the audio, so a final waits for the room
 * when it needs it (the job's one notion of progress, {@link io.spacecaps.ingest.EventTime}): a
 * participant's final the roster does not know yet waits until the room is {@code roster-wait-ms}
 * past it (then goes out under the participant id, confidence 0.5); a mixed track's final waits until
 * the room has been heard up to it, since the indicators that name its voices may still be on their
 * way. Partials never wait.
 * Wall-clock timers only release resources: what waits is let go when the room's progress has stood
 * still for {@code source-idle-ms} (every source quiet: the end of a recording), and after
 * {@code max-hold-ms} in any case; a Space's state is dropped a while after its end, or once it has
 * been quiet for {@code idle-space-timeout-ms}.
 */
public class SpeakerAttributor extends KeyedCoProcessFunction<String, TranscriptEvent, SpaceEvent, TranscriptEvent> {

    private static final String UNKNOWN_NAME = "Unknown speaker";

    private final long rosterWaitMs;
    private final long maxHoldMs;
    private final long idleSpaceTimeoutMs;
    private final long stallAfterMs;

    private transient MapState<String, RosterEntry> roster;
    /** Participant → speaking intervals ({@link SpeakingIndicators}). */
    private transient MapState<String, long[]> speaking;
    /** Voice and participant ({@link VoiceNames#key}) → ms of that voice heard while that participant was said to speak. */
    private transient MapState<String, Long> voiceVotes;
    /** Track → its recent speech from finals, and the span of its current partial ({@link Crosstalk}). */
    private transient MapState<String, long[]> recentSpeech;
    private transient MapState<String, long[]> speakingNow;
    private transient ListState<TranscriptEvent> held;
    /** The event-time timer of the earliest held final; the wall-clock bound on holds; the Space's release. */
    private transient ValueState<Long> roomTimer;
    /** A wall-clock check that the room is still moving while finals wait, and the watermark it last saw. */
    private transient ValueState<Long> stallTimer;
    private transient ValueState<Long> stallWatermark;
    private transient ValueState<Long> holdTimer;
    private transient SpaceLifetime lifetime;
    /**
     * Finals marked with crosstalk, one counter for the job: a metric per speaker would put people's
     * names into the metrics and grow with every name a room sends (who overlaps whom is in each
     * final's markers and in the Space statistics).
     */
    private transient Counter crosstalkFinals;

    public SpeakerAttributor(SpacecapsConfig config) {
        this.rosterWaitMs = config.rosterWaitMs();
        this.maxHoldMs = config.maxHoldMs();
        this.idleSpaceTimeoutMs = config.idleSpaceTimeoutMs();
        this.stallAfterMs = config.sourceIdleMs();
    }

    @Override
    public void open(OpenContext openContext) {
        roster = getRuntimeContext().getMapState(new MapStateDescriptor<>("roster", Types.STRING, TypeInformation.of(RosterEntry.class)));
        speaking = getRuntimeContext().getMapState(new MapStateDescriptor<>("speaking", Types.STRING, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        voiceVotes = getRuntimeContext().getMapState(new MapStateDescriptor<>("voice-votes", Types.STRING, Types.LONG));
        recentSpeech = getRuntimeContext().getMapState(new MapStateDescriptor<>("recent-speech", Types.STRING, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        speakingNow = getRuntimeContext().getMapState(new MapStateDescriptor<>("speaking-now", Types.STRING, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        held = getRuntimeContext().getListState(new ListStateDescriptor<>("held", TypeInformation.of(TranscriptEvent.class)));
        roomTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("room-timer", Types.LONG));
        stallTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("stall-timer", Types.LONG));
        stallWatermark = getRuntimeContext().getState(new ValueStateDescriptor<>("stall-watermark", Types.LONG));
        holdTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("hold-timer", Types.LONG));
        lifetime = new SpaceLifetime(getRuntimeContext(), idleSpaceTimeoutMs);
        crosstalkFinals = getRuntimeContext().getMetricGroup().counter("crosstalkFinals");
    }

    @Override
    public void processElement1(TranscriptEvent caption, Context ctx, Collector<TranscriptEvent> out) throws Exception {
        lifetime.heard(ctx.timerService());
        if (caption.getKind() == TranscriptKind.PARTIAL) {
            speakingNow.put(caption.getTrackId(), new long[]{caption.getStartMs(), caption.getEndMs()});
            caption.setSpeaker(speakerNow(caption));
            out.collect(caption);
            return;
        }
        if (waitsForRoom(caption, ctx.timerService().currentWatermark()) || isHeld(caption.getTrackId())) {
            held.add(caption);
            scheduleRoomTimer(ctx);
            if (holdTimer.value() == null) {
                long at = ctx.timerService().currentProcessingTime() + maxHoldMs;
                ctx.timerService().registerProcessingTimeTimer(at);
                holdTimer.update(at);
            }
            return;
        }
        emitFinal(caption, out);
    }

    @Override
    public void processElement2(SpaceEvent event, Context ctx, Collector<TranscriptEvent> out) throws Exception {
        lifetime.heard(ctx.timerService());
        // Wall-clock time: the room's events need not come in order, nor after the Space's start.
        long at = event.getTime().toEpochMilli();
        String pid = event.getParticipantId();
        String role = event.getRole() == null ? null : event.getRole().name();
        switch (event.getType()) {
            case PARTICIPANT_JOINED, PARTICIPANT_RENAMED, ROLE_CHANGED -> {
                if (pid != null) {
                    RosterEntry entry = roster.get(pid);
                    roster.put(pid, (entry == null ? new RosterEntry() : entry).with(at, event.getDisplayName(), event.getHandle(), role, true));
                }
            }
            case PARTICIPANT_LEFT -> {
                RosterEntry entry = pid == null ? null : roster.get(pid);
                if (entry != null) {
                    // Captions still in flight for someone who just left keep their name.
                    roster.put(pid, entry.with(at, null, null, null, false));
                }
                if (pid != null && speaking.contains(pid)) {
                    speaking.put(pid, SpeakingIndicators.stopped(speaking.get(pid), at));
                }
            }
            case SPEAKING_STARTED -> {
                if (pid != null) {
                    speaking.put(pid, SpeakingIndicators.started(speaking.get(pid), at));
                }
            }
            case SPEAKING_STOPPED -> {
                if (pid != null) {
                    speaking.put(pid, SpeakingIndicators.stopped(speaking.get(pid), at));
                }
            }
            case SPACE_ENDED -> lifetime.ended(ctx.timerService());   // what waits is released below
            default -> {
            }
        }
        // A join may be what a held final waited for.
        releaseHeld(ctx.timerService().currentWatermark(), out, false);
        scheduleRoomTimer(ctx);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TranscriptEvent> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            roomTimer.clear();
            releaseHeld(ctx.timerService().currentWatermark(), out, false);
            scheduleRoomTimer(ctx);
            return;
        }
        // Timers of one key at one time fire once: every timer set for this time is served here.
        Long stall = stallTimer.value();
        if (stall != null && stall == timestamp) {
            stallTimer.clear();
            Long before = stallWatermark.value();
            if (before != null && before == ctx.timerService().currentWatermark()) {
                // Every source has been quiet (the end of a recording, or of the room): the room will
                // not move on, so what waits for it goes on with what is known.
                releaseHeld(Long.MAX_VALUE, out, true);
            }
        }
        Long hold = holdTimer.value();
        if (hold != null && hold == timestamp) {
            holdTimer.clear();
            // Waited long enough on the wall clock: send what is held with what is known now.
            releaseHeld(Long.MAX_VALUE, out, true);
        }
        if (!lifetime.isDue(timestamp, ctx.timerService())) {
            scheduleRoomTimer(ctx);
            return;
        }
        // The Space ended (and its stragglers have passed), or it went quiet without an end: forget it.
        releaseHeld(Long.MAX_VALUE, out, true);
        scheduleRoomTimer(ctx);
        Long pendingHold = holdTimer.value();
        if (pendingHold != null) {
            ctx.timerService().deleteProcessingTimeTimer(pendingHold);
        }
        roster.clear();
        speaking.clear();
        voiceVotes.clear();
        recentSpeech.clear();
        speakingNow.clear();
        held.clear();
        holdTimer.clear();
    }

    /** A final waits while the room has not said what it needs: who owns the track, who spoke then. */
    private boolean waitsForRoom(TranscriptEvent caption, long roomHeardUpTo) throws Exception {
        if (caption.getWords().isEmpty() || lifetime.hasEnded()) {
            // Nothing to name, or the room has said all it will: a Space's events share one Kafka
            // partition, in order, so its end event comes after everything else it said.
            return false;
        }
        String owner = caption.getTrackParticipantId();
        if (owner != null) {
            return !roster.contains(owner) && roomHeardUpTo < eventTime(caption) + rosterWaitMs;
        }
        // A mixed track's words are named from the room's speaking indicators, which may still be on
        // their way (an empty history says nothing): wait until the room has been heard up to them.
        return roomHeardUpTo < eventTime(caption);
    }

    /**
     * Sends the held finals that need not wait any more; all of them when {@code all}. A track's finals
     * keep their order: one that must still wait holds back the later ones of its track.
     */
    private void releaseHeld(long roomHeardUpTo, Collector<TranscriptEvent> out, boolean all) throws Exception {
        List<TranscriptEvent> waiting = new ArrayList<>();
        held.get().forEach(waiting::add);
        if (waiting.isEmpty()) {
            return;
        }
        List<TranscriptEvent> still = new ArrayList<>();
        Set<String> blocked = new HashSet<>();
        for (TranscriptEvent caption : waiting) {
            if (all || !blocked.contains(caption.getTrackId()) && !waitsForRoom(caption, roomHeardUpTo)) {
                emitFinal(caption, out);
            } else {
                still.add(caption);
                blocked.add(caption.getTrackId());
            }
        }
        held.update(still);
    }

    private boolean isHeld(String trackId) throws Exception {
        for (TranscriptEvent caption : held.get()) {
            if (caption.getTrackId().equals(trackId)) {
                return true;
            }
        }
        return false;
    }

    /** One event-time timer: when the room reaches the earliest time a held final waits for. */
    private void scheduleRoomTimer(Context ctx) throws Exception {
        long next = Long.MAX_VALUE;
        for (TranscriptEvent caption : held.get()) {
            String owner = caption.getTrackParticipantId();
            boolean forRoster = owner != null && !roster.contains(owner);
            next = Math.min(next, eventTime(caption) + (forRoster ? rosterWaitMs : 0));
        }
        Long pending = roomTimer.value();
        if (pending != null && (next == Long.MAX_VALUE || pending != next)) {
            ctx.timerService().deleteEventTimeTimer(pending);
            roomTimer.clear();
        }
        if (next != Long.MAX_VALUE && (pending == null || pending != next)) {
            ctx.timerService().registerEventTimeTimer(next);
            roomTimer.update(next);
        }
        Long hold = holdTimer.value();
        if (next == Long.MAX_VALUE && hold != null) {
            // Nothing waits any more: the wall-clock bound has nothing to bound.
            ctx.timerService().deleteProcessingTimeTimer(hold);
            holdTimer.clear();
        }
        Long stall = stallTimer.value();
        if (next == Long.MAX_VALUE) {
            if (stall != null) {
                ctx.timerService().deleteProcessingTimeTimer(stall);
                stallTimer.clear();
            }
            stallWatermark.clear();
        } else if (stall == null) {
            long at = ctx.timerService().currentProcessingTime() + stallAfterMs;
            ctx.timerService().registerProcessingTimeTimer(at);
            stallTimer.update(at);
            stallWatermark.update(ctx.timerService().currentWatermark());
        }
    }

    private void emitFinal(TranscriptEvent caption, Collector<TranscriptEvent> out) throws Exception {
        speakingNow.remove(caption.getTrackId());
        for (TranscriptEvent part : named(caption)) {
            if (part.getRevisionReason() == null) {
                // A revision (end of a mixed track) was counted and marked as shown; the other
                // tracks' speech of its time is no longer at hand.
                markCrosstalk(part);
            }
            // At the end of its speech: a final released from a hold would otherwise carry the timer's
            // time, and finals released together would be read in any order in BATCH mode (EventTime).
            EventTime.emitAt(out, part, eventTime(part));
        }
    }

    /** A final with its speaker named; a mixed track's cut where the room says the speaker changed. */
    private List<TranscriptEvent> named(TranscriptEvent caption) throws Exception {
        String owner = caption.getTrackParticipantId();
        if (owner != null) {
            float confidence = roster.contains(owner) ? 1f : 0.5f;
            caption.setSpeaker(RosterEntry.speaker(roster.get(owner), owner, Attribution.TRACK, caption.getWallClockStart().toEpochMilli(), confidence));
            return List.of(caption);
        }
        if (caption.getSpeaker().getAttribution() == Attribution.VOICE) {
            if (caption.getRevisionReason() == null) {
                // A revision's words voted when they were shown; they must not vote twice.
                vote(caption.getSpeaker().getId(), caption);
            }
            caption.setSpeaker(voiceName(caption.getSpeaker()));
            return List.of(caption);
        }
        if (speaking.isEmpty() || caption.getWords().isEmpty()) {
            caption.setSpeaker(unknown());
            return List.of(caption);
        }
        List<TranscriptEvent> parts = new ArrayList<>();
        long spaceStart = spaceStartOf(caption);
        for (CaptionSplitter.Piece<String> piece : CaptionSplitter.split(caption, speakingOn(caption), 0)) {
            TranscriptEvent part = piece.caption();
            String pid = piece.label();
            part.setSpeaker(pid == null ? unknown() : indicated(pid, part.getWallClockStart().toEpochMilli(),
                    SpeakingIndicators.coverage(SpeakingIndicators.intervals(speaking.get(pid)), spans(part.getWords(), spaceStart))));
            parts.add(part);
        }
        return parts;
    }

    /** The speaker of a partial, from what is known now; partials are never cut. */
    private Speaker speakerNow(TranscriptEvent caption) throws Exception {
        String owner = caption.getTrackParticipantId();
        if (owner != null) {
            return RosterEntry.speaker(roster.get(owner), owner, Attribution.TRACK, caption.getWallClockStart().toEpochMilli(),
                    roster.contains(owner) ? 1f : 0.5f);
        }
        if (caption.getSpeaker().getAttribution() == Attribution.VOICE) {
            return voiceName(caption.getSpeaker());
        }
        String pid = speakingOn(caption).labelOf(caption.getStartMs(), caption.getEndMs(), 0);
        return pid == null ? unknown() : indicated(pid, caption.getWallClockStart().toEpochMilli(), 0.5f);
    }

    private Speaker indicated(String pid, long atMs, float confidence) throws Exception {
        return RosterEntry.speaker(roster.get(pid), pid, Attribution.SPEAKING_INDICATOR, atMs, confidence);
    }

    /** A voice label named after the participant its speech overlapped most, once that is clear. */
    private Speaker voiceName(Speaker voice) throws Exception {
        Map.Entry<String, Float> winner = VoiceNames.winner(voice.getId(), voiceVotes.entries());
        if (winner == null) {
            return voice;
        }
        return RosterEntry.speaker(roster.get(winner.getKey()), winner.getKey(), Attribution.VOICE, Long.MAX_VALUE, winner.getValue());
    }

    private void vote(String voiceId, TranscriptEvent caption) throws Exception {
        SpeakerTimeline<String> said = speakingOn(caption);
        for (Word w : caption.getWords()) {
            String pid = said.labelOf(w.getStartMs(), w.getEndMs(), 0);
            if (pid != null) {
                String key = VoiceNames.key(voiceId, pid);
                Long sofar = voiceVotes.get(key);
                voiceVotes.put(key, (sofar == null ? 0 : sofar) + Math.max(1, w.getEndMs() - w.getStartMs()));
            }
        }
    }

    /** Marks where other tracks' speech overlaps this final, counts it for its speaker, and remembers it. */
    private void markCrosstalk(TranscriptEvent caption) throws Exception {
        if (caption.getText().isBlank()) {
            return;
        }
        long start = caption.getStartMs();
        long end = caption.getEndMs();
        List<long[]> others = new ArrayList<>();
        for (Map.Entry<String, long[]> e : recentSpeech.entries()) {
            if (!e.getKey().equals(caption.getTrackId())) {
                others.add(e.getValue());
            }
        }
        for (Map.Entry<String, long[]> e : speakingNow.entries()) {
            if (!e.getKey().equals(caption.getTrackId())) {
                others.add(e.getValue());
            }
        }
        List<CaptionMarker> overlaps = Crosstalk.overlaps(start, end, others);
        if (!overlaps.isEmpty()) {
            List<CaptionMarker> markers = new ArrayList<>(caption.getMarkers());
            markers.addAll(overlaps);
            caption.setMarkers(markers);
            crosstalkFinals.inc();
        }
        recentSpeech.put(caption.getTrackId(), Crosstalk.spoke(recentSpeech.get(caption.getTrackId()), start, end));
    }

    /**
     * The time up to which the room must have been heard to name the caption: the wall-clock end of
     * its last word (the room's events about those words are what it waits for).
     */
    private static long eventTime(TranscriptEvent caption) {
        return spaceStartOf(caption) + caption.getEndMs();
    }

    /** The words' times on the wall clock. */
    private static long[][] spans(List<Word> words, long spaceStart) {
        return words.stream().map(w -> new long[]{spaceStart + w.getStartMs(), spaceStart + w.getEndMs()}).toArray(long[][]::new);
    }

    private static Speaker unknown() {
        return Speaker.newBuilder().setId(null).setDisplayName(UNKNOWN_NAME).setAttribution(Attribution.UNKNOWN).setConfidence(0f).build();
    }

    /** Wall-clock ms of the Space's start, as the caption places itself. */
    private static long spaceStartOf(TranscriptEvent caption) {
        return caption.getWallClockStart().toEpochMilli() - caption.getStartMs();
    }

    /** Everyone's speaking intervals on the caption's timeline (ms from its Space's start). */
    private SpeakerTimeline<String> speakingOn(TranscriptEvent caption) throws Exception {
        return SpeakingIndicators.timeline(speaking.entries(), spaceStartOf(caption));
    }

    /** Finals marked with crosstalk on this subtask (also the counter {@code crosstalkFinals}). */
    long crosstalkFinals() {
        return crosstalkFinals.getCount();
    }
}
