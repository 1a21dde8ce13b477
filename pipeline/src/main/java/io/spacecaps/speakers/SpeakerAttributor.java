package io.spacecaps.speakers;

import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.CaptionMarker;
import io.spacecaps.schema.MarkerType;
import io.spacecaps.schema.Role;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.Speaker;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.schema.Word;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Says who is speaking in every caption (keyed by Space id), from every source the room offers:
 * <ol>
 *   <li><b>track</b>: a track that belongs to a participant is that participant;</li>
 *   <li><b>roster</b>: the name, handle and role the room's roster held at the caption's time
 *       (renames and role changes keep their history, so late captions keep the old name);</li>
 *   <li><b>speaking indicators</b>: on a mixed track, the participant the room said was speaking
 *       names each word; an utterance is split where that changes;</li>
 *   <li><b>voices</b>: a mixed track's voice labels ({@code voice-N}, from the recogniser's diarizer)
 *       are mapped to the participants whose speaking indicators they overlap most.</li>
 * </ol>
 * Roster events may arrive a little after the audio: a final caption whose participant the roster
 * does not know yet, or whose time the speaking indicators have not reached yet, is <b>held</b> for
 * up to {@code roster-wait-ms} and then sent with what is known (partials are never held: they are
 * only useful at once). Overlapping speech between tracks is marked CROSSTALK on the captions it
 * touches and counted per speaker (metric group {@code crosstalk}).
 */
public class SpeakerAttributor extends KeyedCoProcessFunction<String, TranscriptEvent, SpeakerEvidence, TranscriptEvent> {

    private static final Duration STATE_TTL = Duration.ofHours(12);
    static final Duration ENDED_SPACE_GRACE = Duration.ofMinutes(2);
    /** Overlaps shorter than this are turn-taking, not crosstalk. */
    static final long MIN_CROSSTALK_MS = 250;
    /** How far back speech is remembered for crosstalk. */
    private static final long CROSSTALK_MEMORY_MS = 60_000;

    private final long holdMs;
    private final boolean voicesExpected;

    private transient ValueState<Long> spaceStart;
    private transient ValueState<Long> roomHeardUpTo;
    private transient MapState<String, RosterEntry> roster;
    /** Participant → speaking intervals, pairs of Space ms (an open interval ends at Long.MAX_VALUE). */
    private transient MapState<String, long[]> speaking;
    /** Track → recent speech intervals from its finals, pairs of Space ms. */
    private transient MapState<String, long[]> recentSpeech;
    /** Track → the span of its current partial. */
    private transient MapState<String, long[]> openSpeech;
    /** "voiceLabel\0participantId" → ms of that voice heard while that participant was said to speak. */
    private transient MapState<String, Long> voiceVotes;
    /** Mixed track → voice segments, triples of Space ms start, end and label. */
    private transient MapState<String, long[]> voiceSegments;
    /** Mixed track → Space ms up to which its voice labels are settled. */
    private transient MapState<String, Long> voicesSettled;
    private transient ListState<TranscriptEvent> held;
    private transient ValueState<Long> holdTimer;
    private transient ValueState<Long> endTimer;
    private transient Map<String, Counter> crosstalkCounters;

    /**
     * @param holdMs         how long a final may wait for the room or the diarizer
     * @param voicesExpected whether mixed tracks are diarized (their finals then wait for voice labels)
     */
    public SpeakerAttributor(long holdMs, boolean voicesExpected) {
        this.holdMs = holdMs;
        this.voicesExpected = voicesExpected;
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttl = StateTtlConfig.newBuilder(STATE_TTL).setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite).build();
        spaceStart = getRuntimeContext().getState(withTtl(new ValueStateDescriptor<>("space-start", Types.LONG), ttl));
        roomHeardUpTo = getRuntimeContext().getState(withTtl(new ValueStateDescriptor<>("room-heard-up-to", Types.LONG), ttl));
        roster = getRuntimeContext().getMapState(withTtl(
                new MapStateDescriptor<>("roster", Types.STRING, TypeInformation.of(RosterEntry.class)), ttl));
        speaking = getRuntimeContext().getMapState(withTtl(
                new MapStateDescriptor<>("speaking", Types.STRING, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO), ttl));
        recentSpeech = getRuntimeContext().getMapState(withTtl(
                new MapStateDescriptor<>("recent-speech", Types.STRING, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO), ttl));
        openSpeech = getRuntimeContext().getMapState(withTtl(
                new MapStateDescriptor<>("open-speech", Types.STRING, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO), ttl));
        voiceVotes = getRuntimeContext().getMapState(withTtl(new MapStateDescriptor<>("voice-votes", Types.STRING, Types.LONG), ttl));
        voiceSegments = getRuntimeContext().getMapState(withTtl(
                new MapStateDescriptor<>("voice-segments", Types.STRING, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO), ttl));
        voicesSettled = getRuntimeContext().getMapState(withTtl(new MapStateDescriptor<>("voices-settled", Types.STRING, Types.LONG), ttl));
        held = getRuntimeContext().getListState(new ListStateDescriptor<>("held", TypeInformation.of(TranscriptEvent.class)));
        holdTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("hold-timer", Types.LONG));
        endTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("end-timer", Types.LONG));
        crosstalkCounters = new HashMap<>();
    }

    private static <D extends org.apache.flink.api.common.state.StateDescriptor<?, ?>> D withTtl(D descriptor, StateTtlConfig ttl) {
        descriptor.enableTimeToLive(ttl);
        return descriptor;
    }

    @Override
    public void processElement1(TranscriptEvent caption, Context ctx, Collector<TranscriptEvent> out) throws Exception {
        if (caption.getKind() == TranscriptKind.PARTIAL) {
            openSpeech.put(caption.getTrackId(), new long[]{caption.getStartMs(), caption.getEndMs()});
            out.collect(withSpeaker(caption, resolveNow(caption)));
            return;
        }
        if (mustWait(caption)) {
            held.add(caption);
            if (holdTimer.value() == null) {
                long at = ctx.timerService().currentProcessingTime() + holdMs;
                ctx.timerService().registerProcessingTimeTimer(at);
                holdTimer.update(at);
            }
            return;
        }
        emitFinal(caption, out);
    }

    @Override
    public void processElement2(SpeakerEvidence evidence, Context ctx, Collector<TranscriptEvent> out) throws Exception {
        if (evidence.roomEvent != null) {
            onRoomEvent(evidence.roomEvent, ctx);
        } else {
            onVoice(evidence.voice);
        }
        releaseHeld(out, false);
    }

    private void onVoice(VoiceSegment v) throws Exception {
        if (v.label > 0) {
            long[] known = voiceSegments.get(v.trackId);
            long[] base = known == null ? new long[0] : known;
            int drop = base.length / 3 >= 2000 ? 3 : 0;
            long[] next = new long[base.length - drop + 3];
            System.arraycopy(base, drop, next, 0, base.length - drop);
            next[next.length - 3] = spaceMs(v.startMs);
            next[next.length - 2] = spaceMs(v.endMs);
            next[next.length - 1] = v.label;
            voiceSegments.put(v.trackId, next);
        }
        long settled = v.settledUpToMs == Long.MAX_VALUE ? Long.MAX_VALUE : spaceMs(v.settledUpToMs);
        Long before = voicesSettled.get(v.trackId);
        voicesSettled.put(v.trackId, before == null ? settled : Math.max(before, settled));
    }

    private void onRoomEvent(SpaceEvent event, Context ctx) throws Exception {
        if (event.getType() == io.spacecaps.schema.SpaceEventType.SPACE_STARTED) {
            spaceStart.update(event.getTime().toEpochMilli());
        }
        long at = spaceMs(event.getTime().toEpochMilli());
        Long upTo = roomHeardUpTo.value();
        roomHeardUpTo.update(upTo == null ? at : Math.max(upTo, at));
        String pid = event.getParticipantId();
        String role = event.getRole() == null ? null : event.getRole().name();
        switch (event.getType()) {
            case PARTICIPANT_JOINED, PARTICIPANT_RENAMED, ROLE_CHANGED -> {
                if (pid != null) {
                    RosterEntry entry = roster.get(pid);
                    roster.put(pid, (entry == null ? new RosterEntry() : entry)
                            .with(at, event.getDisplayName(), event.getHandle(), role, true));
                }
            }
            case PARTICIPANT_LEFT -> {
                RosterEntry entry = pid == null ? null : roster.get(pid);
                if (entry != null) {
                    // Captions still in flight for someone who just left keep their name.
                    roster.put(pid, entry.with(at, null, null, null, false));
                }
                closeSpeaking(pid, at);
            }
            case SPEAKING_STARTED -> {
                if (pid != null) {
                    long[] intervals = speaking.get(pid);
                    speaking.put(pid, append(intervals, at, Long.MAX_VALUE, 400));
                }
            }
            case SPEAKING_STOPPED -> closeSpeaking(pid, at);
            case SPACE_ENDED -> {
                // The last captions of a Space pass after its end event: keep what we know a while for them.
                long when = ctx.timerService().currentProcessingTime() + ENDED_SPACE_GRACE.toMillis();
                ctx.timerService().registerProcessingTimeTimer(when);
                endTimer.update(when);
            }
            default -> {
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TranscriptEvent> out) throws Exception {
        Long end = endTimer.value();
        if (end != null && end == timestamp) {
            releaseHeld(out, true);
            for (var state : List.of(spaceStart, roomHeardUpTo, holdTimer, endTimer)) {
                state.clear();
            }
            roster.clear();
            speaking.clear();
            voiceSegments.clear();
            voicesSettled.clear();
            recentSpeech.clear();
            openSpeech.clear();
            voiceVotes.clear();
            return;
        }
        Long hold = holdTimer.value();
        if (hold != null && hold == timestamp) {
            holdTimer.clear();
            // Waited long enough: send what is held with what is known now.
            releaseHeld(out, true);
        }
    }

    /** A final waits while the room has not told us what it needs: who owns the track, who spoke then. */
    private boolean mustWait(TranscriptEvent caption) throws Exception {
        Speaker speaker = caption.getSpeaker();
        if (speaker.getAttribution() == Attribution.TRACK) {
            return speaker.getId() != null && !roster.contains(speaker.getId());
        }
        if (voicesExpected) {
            Long settled = voicesSettled.get(caption.getTrackId());
            if (settled == null || settled < caption.getEndMs()) {
                return true;
            }
        }
        if (speaking.isEmpty()) {
            return false;
        }
        Long upTo = roomHeardUpTo.value();
        return upTo == null || upTo < caption.getEndMs();
    }

    private void releaseHeld(Collector<TranscriptEvent> out, boolean all) throws Exception {
        List<TranscriptEvent> waiting = new ArrayList<>();
        held.get().forEach(waiting::add);
        if (waiting.isEmpty()) {
            return;
        }
        List<TranscriptEvent> still = new ArrayList<>();
        for (TranscriptEvent caption : waiting) {
            if (all || !mustWait(caption)) {
                emitFinal(caption, out);
            } else {
                still.add(caption);
            }
        }
        held.update(still);
    }

    private void emitFinal(TranscriptEvent caption, Collector<TranscriptEvent> out) throws Exception {
        openSpeech.remove(caption.getTrackId());
        for (TranscriptEvent part : resolveFinal(caption)) {
            markCrosstalk(part);
            out.collect(part);
        }
    }

    /** The speaker of a partial, from what is known now; partials are never split. */
    private Speaker resolveNow(TranscriptEvent caption) throws Exception {
        Speaker speaker = caption.getSpeaker();
        return switch (speaker.getAttribution()) {
            case TRACK -> named(speaker, caption.getStartMs(), 1f);
            case VOICE -> voiceName(speaker);
            default -> {
                long[] voices = voiceSegments.get(caption.getTrackId());
                if (voices != null) {
                    yield voiceName(voice((int) voices[voices.length - 1], 0.5f));
                }
                String pid = dominantSpeaker(caption.getStartMs(), caption.getEndMs());
                yield pid == null ? speaker : indicator(pid, caption.getStartMs(), 0.5f);
            }
        };
    }

    /** The speaker record of voice label {@code n} on a mixed track: {@code voice-n}, shown as {@code Speaker n}. */
    static Speaker voice(int n, float confidence) {
        return Speaker.newBuilder().setId("voice-" + n).setDisplayName("Speaker " + n)
                .setAttribution(Attribution.VOICE).setConfidence(confidence).build();
    }

    /** The voice label covering a word: the segment containing its middle, else the nearest one. */
    private static int voiceAt(long[] voices, Word w) {
        long mid = (w.getStartMs() + w.getEndMs()) / 2;
        int best = 0;
        long bestDistance = Long.MAX_VALUE;
        for (int i = 0; i + 2 < voices.length; i += 3) {
            long distance = mid < voices[i] ? voices[i] - mid : mid > voices[i + 1] ? mid - voices[i + 1] : 0;
            if (distance < bestDistance) {
                bestDistance = distance;
                best = (int) voices[i + 2];
            }
        }
        return best;
    }

    /** A final, with its speaker resolved, split where the speaking indicators change speaker. */
    private List<TranscriptEvent> resolveFinal(TranscriptEvent caption) throws Exception {
        Speaker speaker = caption.getSpeaker();
        if (speaker.getAttribution() == Attribution.TRACK) {
            RosterEntry entry = roster.get(speaker.getId());
            return List.of(withSpeaker(caption, named(speaker, caption.getStartMs(), entry == null ? 0.5f : 1f)));
        }
        if (speaker.getAttribution() == Attribution.VOICE) {
            vote(speaker.getId(), caption.getWords());
            return List.of(withSpeaker(caption, voiceName(speaker)));
        }
        long[] voices = voiceSegments.get(caption.getTrackId());
        if (voices != null && voices.length > 0 && !caption.getWords().isEmpty()) {
            return splitByVoice(caption, voices);
        }
        if (speaking.isEmpty() || caption.getWords().isEmpty()) {
            return List.of(caption);
        }
        // A mixed track with no voices told apart: each word goes to whoever the room said was speaking.
        Map<Integer, List<Word>> runs = new LinkedHashMap<>();
        List<String> owners = new ArrayList<>();
        String current = null;
        for (Word w : caption.getWords()) {
            String pid = dominantSpeaker(w.getStartMs(), w.getEndMs());
            if (pid == null) {
                pid = current;
            }
            if (owners.isEmpty() || !java.util.Objects.equals(pid, current)) {
                owners.add(pid);
                runs.put(owners.size() - 1, new ArrayList<>());
                current = pid;
            }
            runs.get(owners.size() - 1).add(w);
        }
        List<TranscriptEvent> parts = new ArrayList<>();
        for (int i = 0; i < owners.size(); i++) {
            List<Word> words = runs.get(i);
            String pid = owners.get(i);
            TranscriptEvent part = owners.size() == 1 ? caption : part(caption, i, words);
            Speaker who = pid == null ? speaker : indicator(pid, part.getStartMs(), coverage(pid, words));
            parts.add(withSpeaker(part, who));
        }
        return parts;
    }

    /** A mixed-track final split where the voice changes; each piece named by its voice (and the room, if it says). */
    private List<TranscriptEvent> splitByVoice(TranscriptEvent caption, long[] voices) throws Exception {
        List<List<Word>> runs = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Word w : caption.getWords()) {
            int label = voiceAt(voices, w);
            if (labels.isEmpty() || labels.get(labels.size() - 1) != label) {
                labels.add(label);
                runs.add(new ArrayList<>());
            }
            runs.get(runs.size() - 1).add(w);
        }
        List<TranscriptEvent> parts = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            TranscriptEvent part = runs.size() == 1 ? caption : part(caption, i, runs.get(i));
            Speaker v = voice(labels.get(i), 1f);
            vote(v.getId(), runs.get(i));
            parts.add(withSpeaker(part, voiceName(v)));
        }
        return parts;
    }

    /** The k-th piece of a final that more than one person spoke: its own utterance id, event id and times. */
    static TranscriptEvent part(TranscriptEvent whole, int k, List<Word> words) {
        String utteranceId = whole.getUtteranceId() + "/" + (k + 1);
        String text = String.join(" ", words.stream().map(Word::getWord).toList());
        long start = words.get(0).getStartMs();
        return TranscriptEvent.newBuilder(whole)
                .setUtteranceId(utteranceId)
                .setEventId(java.util.UUID.nameUUIDFromBytes((whole.getEventId() + "/" + (k + 1))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString())
                .setText(text)
                .setWords(new ArrayList<>(words))
                .setStartMs(start)
                .setEndMs(words.get(words.size() - 1).getEndMs())
                .setWallClockStart(java.time.Instant.ofEpochMilli(whole.getWallClockStart().toEpochMilli() - whole.getStartMs() + start))
                .build();
    }

    private Speaker named(Speaker speaker, long atMs, float confidence) throws Exception {
        RosterEntry entry = roster.get(speaker.getId());
        if (entry == null || entry.isEmpty()) {
            return Speaker.newBuilder(speaker).setConfidence(confidence).build();
        }
        int i = entry.at(atMs);
        return Speaker.newBuilder(speaker)
                .setDisplayName(entry.names[i] != null ? entry.names[i] : speaker.getDisplayName())
                .setRole(entry.roles[i] == null ? null : Role.valueOf(entry.roles[i]))
                .setConfidence(confidence)
                .build();
    }

    private Speaker indicator(String pid, long atMs, float confidence) throws Exception {
        Speaker base = Speaker.newBuilder().setId(pid).setDisplayName(pid)
                .setAttribution(Attribution.SPEAKING_INDICATOR).setConfidence(confidence).build();
        return named(base, atMs, confidence);
    }

    /** A voice label named by the participant its speech overlapped most, once that is clear. */
    private Speaker voiceName(Speaker voice) throws Exception {
        String best = null;
        long bestMs = 0;
        long total = 0;
        String prefix = voice.getId() + '\u0000';
        for (Map.Entry<String, Long> vote : voiceVotes.entries()) {
            if (vote.getKey().startsWith(prefix)) {
                total += vote.getValue();
                if (vote.getValue() > bestMs) {
                    bestMs = vote.getValue();
                    best = vote.getKey().substring(prefix.length());
                }
            }
        }
        if (best == null || bestMs * 2 <= total) {
            return voice;
        }
        Speaker mapped = indicator(best, 0, (float) bestMs / total);
        return Speaker.newBuilder(mapped).setAttribution(Attribution.VOICE).build();
    }

    private void vote(String voiceLabel, List<Word> words) throws Exception {
        for (Word w : words) {
            String pid = dominantSpeaker(w.getStartMs(), w.getEndMs());
            if (pid != null) {
                String key = voiceLabel + '\u0000' + pid;
                Long sofar = voiceVotes.get(key);
                voiceVotes.put(key, (sofar == null ? 0 : sofar) + Math.max(1, w.getEndMs() - w.getStartMs()));
            }
        }
    }

    /** The participant the room said was speaking for most of [from, to], or null. */
    private String dominantSpeaker(long from, long to) throws Exception {
        String best = null;
        long bestOverlap = 0;
        long mid = (from + to) / 2;
        for (Map.Entry<String, long[]> e : speaking.entries()) {
            long[] iv = e.getValue();
            long overlap = 0;
            for (int i = 0; i + 1 < iv.length; i += 2) {
                overlap += Math.max(0, Math.min(to, iv[i + 1]) - Math.max(from, iv[i]));
                if (to == from && iv[i] <= mid && mid < iv[i + 1]) {
                    overlap += 1;
                }
            }
            if (overlap > bestOverlap) {
                bestOverlap = overlap;
                best = e.getKey();
            }
        }
        return best;
    }

    private float coverage(String pid, List<Word> words) throws Exception {
        long said = 0;
        long all = 0;
        long[] iv = speaking.get(pid);
        for (Word w : words) {
            all += Math.max(1, w.getEndMs() - w.getStartMs());
            for (int i = 0; iv != null && i + 1 < iv.length; i += 2) {
                said += Math.max(0, Math.min(w.getEndMs(), iv[i + 1]) - Math.max(w.getStartMs(), iv[i]));
            }
        }
        return all == 0 ? 0f : Math.min(1f, (float) said / all);
    }

    /** Marks where other tracks' speech overlaps this final, counts it for its speaker, and remembers it. */
    private void markCrosstalk(TranscriptEvent caption) throws Exception {
        if (caption.getText().isBlank()) {
            return;
        }
        long start = caption.getStartMs();
        long end = caption.getEndMs();
        List<CaptionMarker> markers = new ArrayList<>(caption.getMarkers());
        for (Map.Entry<String, long[]> e : recentSpeech.entries()) {
            if (!e.getKey().equals(caption.getTrackId())) {
                addOverlaps(markers, e.getValue(), start, end);
            }
        }
        for (Map.Entry<String, long[]> e : openSpeech.entries()) {
            if (!e.getKey().equals(caption.getTrackId())) {
                addOverlaps(markers, e.getValue(), start, end);
            }
        }
        if (markers.size() > caption.getMarkers().size()) {
            caption.setMarkers(markers);
            String who = caption.getSpeaker().getDisplayName();
            crosstalkCounters.computeIfAbsent(who, name -> getRuntimeContext().getMetricGroup()
                    .addGroup("crosstalk").counter(name.replaceAll("[^A-Za-z0-9_-]", "_"))).inc();
        }
        long[] mine = recentSpeech.get(caption.getTrackId());
        recentSpeech.put(caption.getTrackId(), trim(append(mine, start, end, 400), end - CROSSTALK_MEMORY_MS));
    }

    private static void addOverlaps(List<CaptionMarker> markers, long[] intervals, long start, long end) {
        for (int i = 0; i + 1 < intervals.length; i += 2) {
            long from = Math.max(start, intervals[i]);
            long to = Math.min(end, intervals[i + 1]);
            if (to - from >= MIN_CROSSTALK_MS) {
                markers.add(new CaptionMarker(MarkerType.CROSSTALK, from, to));
            }
        }
    }

    private void closeSpeaking(String pid, long at) throws Exception {
        long[] intervals = pid == null ? null : speaking.get(pid);
        if (intervals != null && intervals.length >= 2 && intervals[intervals.length - 1] == Long.MAX_VALUE) {
            long[] closed = intervals.clone();
            closed[closed.length - 1] = at;
            speaking.put(pid, closed);
        }
    }

    private static long[] append(long[] intervals, long start, long end, int maxPairs) {
        long[] base = intervals == null ? new long[0] : intervals;
        int drop = base.length / 2 >= maxPairs ? 2 : 0;
        long[] next = new long[base.length - drop + 2];
        System.arraycopy(base, drop, next, 0, base.length - drop);
        next[next.length - 2] = start;
        next[next.length - 1] = end;
        return next;
    }

    private static long[] trim(long[] intervals, long before) {
        int from = 0;
        while (from + 1 < intervals.length && intervals[from + 1] < before) {
            from += 2;
        }
        return from == 0 ? intervals : java.util.Arrays.copyOfRange(intervals, from, intervals.length);
    }

    private long spaceMs(long wallClockMs) throws Exception {
        Long start = spaceStart.value();
        return start == null ? 0 : wallClockMs - start;
    }

    private static TranscriptEvent withSpeaker(TranscriptEvent caption, Speaker speaker) {
        caption.setSpeaker(speaker);
        return caption;
    }
}
