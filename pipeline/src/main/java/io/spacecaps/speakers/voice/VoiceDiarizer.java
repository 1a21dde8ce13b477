package io.spacecaps.speakers.voice;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.ingest.EventTime;
import io.spacecaps.ingest.TrackChunk;
import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.Speaker;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.schema.Word;
import io.spacecaps.speakers.CaptionSplitter;
import io.spacecaps.speakers.DerivedEventId;
import io.spacecaps.speakers.SpeakerTimeline;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The voices of a mixed track (keyed by {@code <spaceId>/<trackId>}, on the same key and subtask as
 * the recogniser): the track's audio, as the recogniser heard it (its side output
 * {@link io.spacecaps.asr.TrackRecognizer#HEARD_MIXED_AUDIO}: nothing of a Space that never started or
 * of a track over a cap), goes through an online diarizer ({@link SpeakerTurnSegmenter}),
 * and the track's own finals wait until the voice labels are settled past their last word, then are
 * cut where the voice changes ({@link CaptionSplitter}) and each piece is labelled {@code voice-N}
 * ("Speaker N"). Partials take the newest label at once. Captions of a participant's own track, and
 * everything when diarization is off, pass through untouched.
 *
 * <p>Labels never change once given: the voices known so far (the clusterer) live in keyed state, as
 * do the labelled spans and the finals still waiting; the segmenter's few seconds of look-ahead do
 * not, and are heard afresh after a failover. A final waits for its labels at most {@code max-hold-ms}
 * of wall-clock time (a producer that stopped sending audio mid-sentence). A track whose audio has
 * been quiet for {@code max-hold-ms} plus twice {@code idle-track-timeout-ms} is released: its
 * waiting finals go out with the labels known, and its state and timers are cleared. Not sooner: the
 * recogniser may hold a track's audio up to {@code max-hold-ms} for its Space's start and flushes a
 * quiet track after {@code idle-track-timeout-ms}, so its last finals can come that long after its
 * last audio, and they must still find the labels (and the end of track) they belong to.
 *
 * <p>The second pass ({@link RecordingDiarizer}): the segmenter's voice windows and the finals shown
 * are kept in keyed state (bounded: {@link #MAX_WINDOWS}, {@link #MAX_SHOWN}); when the track ends,
 * or goes quiet for good, the voices are decided again over the whole recording, and each final shown
 * whose words now belong to another voice goes out again as a revision, before the track's last final.
 */
public class VoiceDiarizer extends KeyedCoProcessFunction<String, TranscriptEvent, TrackChunk, TranscriptEvent> {

    /** Spans older than this before the newest are forgotten; held finals are far younger. */
    private static final long SPAN_MEMORY_MS = 10 * 60_000;
    /**
     * Second-pass windows kept per track (3 hours of speech at one every 250 ms, about 6 MB of state at
     * most); past it every other window is dropped and half as many are kept from then on.
     */
    static final int MAX_WINDOWS = 43_200;
    /** Finals shown per track that the second pass may revise (a few hours of talk); later ones stand as shown. */
    static final int MAX_SHOWN = 20_000;
    /** Why a final was revised, on the revision. */
    public static final String SECOND_PASS = "second-pass diarization";

    private final String modelDir;
    private final long maxHoldMs;
    private final long quietAfterMs;

    /** Per track on this subtask: the segmenter, which cannot be checkpointed, and where its audio starts. */
    private transient Map<String, Live> live;
    private transient ValueState<OnlineSpeakerClusterer.State> voices;
    private transient ListState<VoiceSpan> spans;
    /** Wall-clock ms up to which labels are settled; Long.MAX_VALUE once the track's audio ended. */
    private transient ValueState<Long> settledUntil;
    private transient ListState<TranscriptEvent> held;
    private transient ValueState<Long> holdTimer;
    private transient ValueState<Long> lastAudioAt;
    private transient ValueState<Long> quietTimer;
    /** The second pass's material: the track's voice windows (wall-clock centres) and the finals it showed. */
    private transient ListState<VoiceWindow> windows;
    /** Windows seen and the stride they are kept at (1: every one), as [seen, stride, kept]. */
    private transient ValueState<long[]> windowCount;
    private transient ListState<TranscriptEvent> shown;
    private transient ValueState<Integer> shownCount;

    private static final class Live {
        final SpeakerTurnSegmenter segmenter;
        final long originMs;

        Live(SpeakerTurnSegmenter segmenter, long originMs) {
            this.segmenter = segmenter;
            this.originMs = originMs;
        }
    }

    /**
     * @param modelDir the Vosk model whose i-vector extractor embeds voices; null turns diarization off
     *                 (the operator stays in the graph, so the job's shape and uids do not depend on it)
     */
    public VoiceDiarizer(String modelDir, SpacecapsConfig config) {
        this.modelDir = modelDir;
        this.maxHoldMs = config.maxHoldMs();
        this.quietAfterMs = config.maxHoldMs() + 2 * config.idleTrackTimeoutMs();
    }

    @Override
    public void open(OpenContext openContext) {
        live = new HashMap<>();
        voices = getRuntimeContext().getState(new ValueStateDescriptor<>("voices", TypeInformation.of(OnlineSpeakerClusterer.State.class)));
        spans = getRuntimeContext().getListState(new ListStateDescriptor<>("voice-spans", TypeInformation.of(VoiceSpan.class)));
        settledUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("settled-until", Types.LONG));
        held = getRuntimeContext().getListState(new ListStateDescriptor<>("held-finals", TypeInformation.of(TranscriptEvent.class)));
        holdTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("hold-timer", Types.LONG));
        lastAudioAt = getRuntimeContext().getState(new ValueStateDescriptor<>("last-audio-at", Types.LONG));
        quietTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("quiet-timer", Types.LONG));
        windows = getRuntimeContext().getListState(new ListStateDescriptor<>("voice-windows", TypeInformation.of(VoiceWindow.class)));
        windowCount = getRuntimeContext().getState(new ValueStateDescriptor<>("voice-window-count", TypeInformation.of(long[].class)));
        shown = getRuntimeContext().getListState(new ListStateDescriptor<>("shown-finals", TypeInformation.of(TranscriptEvent.class)));
        shownCount = getRuntimeContext().getState(new ValueStateDescriptor<>("shown-count", Types.INT));
    }

    @Override
    public void processElement1(TranscriptEvent caption, Context ctx, Collector<TranscriptEvent> out) throws Exception {
        if (modelDir == null || caption.getTrackParticipantId() != null) {
            out.collect(caption);
            return;
        }
        if (caption.getKind() == TranscriptKind.PARTIAL) {
            SpeakerTimeline.Span<Integer> newest = timeline(caption).latestAt(caption.getEndMs());
            if (newest != null) {
                caption.setSpeaker(voice(newest.label(), 0.5f));
            }
            out.collect(caption);
            return;
        }
        held.add(caption);
        if (holdTimer.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + maxHoldMs;
            ctx.timerService().registerProcessingTimeTimer(at);
            holdTimer.update(at);
        }
        release(ctx, out, false);
    }

    @Override
    public void processElement2(TrackChunk chunk, Context ctx, Collector<TranscriptEvent> out) throws Exception {
        AudioChunk audio = chunk.chunk;
        if (modelDir == null || audio.getParticipantId() != null) {
            return;
        }
        String key = ctx.getCurrentKey();
        Live track = live.get(key);
        if (track == null) {
            OnlineSpeakerClusterer.State known = voices.value();
            OnlineSpeakerClusterer clusterer = known == null ? new OnlineSpeakerClusterer()
                    : new OnlineSpeakerClusterer(OnlineSpeakerClusterer.Config.DEFAULT, known);
            long origin = audio.getCaptureTime().toEpochMilli() - chunk.gapMs;
            track = new Live(new SpeakerTurnSegmenter(new IvectorEmbedder(IvectorModel.load(Path.of(modelDir))), clusterer), origin);
            live.put(key, track);
        }
        if (chunk.gapMs > 0) {
            remember(track, track.segmenter.push(new short[(int) (chunk.gapMs * VoiceEmbedder.SAMPLE_RATE / 1000)]));
        }
        ByteBuffer payload = audio.getPayload().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        short[] samples = new short[payload.remaining() / 2];
        payload.asShortBuffer().get(samples);
        remember(track, track.segmenter.push(samples));
        if (audio.getEndOfTrack()) {
            remember(track, track.segmenter.finish());
            // Everything the track said is labelled; its last finals, which may come after this, go at once.
            settledUntil.update(Long.MAX_VALUE);
            live.remove(key);
        } else {
            settledUntil.update(track.originMs + track.segmenter.finalUntilMs());
            voices.update(track.segmenter.clusterer().snapshot());
        }
        keepAlive(ctx);
        release(ctx, out, false);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TranscriptEvent> out) throws Exception {
        Long hold = holdTimer.value();
        if (hold != null && hold == timestamp) {
            holdTimer.clear();
            // Waited long enough for labels (the audio stopped coming): send with the labels known.
            release(ctx, out, true);
            return;
        }
        Long quiet = quietTimer.value();
        if (quiet == null || quiet != timestamp) {
            return;
        }
        quietTimer.clear();
        Long last = lastAudioAt.value();
        if (last != null && timestamp - last < quietAfterMs) {
            scheduleQuiet(ctx, last + quietAfterMs);
            return;
        }
        // The track went quiet, with or without an end: everything it said goes out, nothing stays.
        Live track = live.remove(ctx.getCurrentKey());
        if (track != null) {
            remember(track, track.segmenter.finish());
        }
        release(ctx, out, true);
        // A track that went quiet without an end is revised all the same.
        reviseShown(out);
        Long pendingHold = holdTimer.value();
        if (pendingHold != null) {
            ctx.timerService().deleteProcessingTimeTimer(pendingHold);
        }
        voices.clear();
        spans.clear();
        settledUntil.clear();
        held.clear();
        holdTimer.clear();
        lastAudioAt.clear();
    }

    /** Sends, in order, the held finals whose labels are settled (all of them when {@code all}). */
    private void release(Context ctx, Collector<TranscriptEvent> out, boolean all) throws Exception {
        List<TranscriptEvent> waiting = new ArrayList<>();
        held.get().forEach(waiting::add);
        if (waiting.isEmpty()) {
            return;
        }
        Long settled = settledUntil.value();
        int sent = 0;
        for (TranscriptEvent caption : waiting) {
            if (!all && (settled == null || settled < wallClockEnd(caption))) {
                break;
            }
            List<CaptionSplitter.Piece<Integer>> pieces = CaptionSplitter.split(caption, timeline(caption), SpeakerTimeline.DEFAULT_SNAP_MS);
            for (int i = 0; i < pieces.size(); i++) {
                CaptionSplitter.Piece<Integer> piece = pieces.get(i);
                TranscriptEvent part = piece.caption();
                if (piece.label() != null) {
                    part.setSpeaker(voice(piece.label(), piece.confidence()));
                }
                if (part.getEndOfTrack() && i == pieces.size() - 1) {
                    // Nothing of the track may follow its end: the second pass's revisions go first.
                    reviseShown(out);
                } else {
                    keepShown(part);
                }
                // At the end of its speech, not at the time of what released it (see EventTime).
                EventTime.emitAt(out, part, wallClockEnd(part));
            }
            sent++;
        }
        if (sent == 0) {
            return;
        }
        held.update(waiting.subList(sent, waiting.size()));
        if (sent == waiting.size()) {
            Long pending = holdTimer.value();
            if (pending != null) {
                ctx.timerService().deleteProcessingTimeTimer(pending);
                holdTimer.clear();
            }
        }
        forgetOldSpans(waiting.subList(sent, waiting.size()));
    }

    /** The track's labelled spans on the caption's timeline (ms from its Space's start). */
    private SpeakerTimeline<Integer> timeline(TranscriptEvent caption) throws Exception {
        long spaceStart = caption.getWallClockStart().toEpochMilli() - caption.getStartMs();
        SpeakerTimeline<Integer> timeline = new SpeakerTimeline<>();
        for (VoiceSpan s : spans.get()) {
            timeline.add(new SpeakerTimeline.Span<>(s.startMs - spaceStart, s.endMs - spaceStart, s.label, s.confidence));
        }
        return timeline;
    }

    private void remember(Live track, List<LabelledSegment> segments) throws Exception {
        for (LabelledSegment s : segments) {
            spans.add(new VoiceSpan(track.originMs + s.startMs(), track.originMs + s.endMs(), s.label(), s.confidence()));
        }
        for (VoiceWindow w : track.segmenter.drainWindows()) {
            keepWindow(w.shiftedBy(track.originMs));
        }
    }

    /** Keeps a second-pass window, thinning the track's windows to stay within {@link #MAX_WINDOWS}. */
    private void keepWindow(VoiceWindow w) throws Exception {
        long[] count = windowCount.value();
        if (count == null) {
            count = new long[]{0, 1, 0};
        }
        long seen = count[0]++;
        if (seen % count[1] == 0) {
            windows.add(w);
            if (++count[2] >= MAX_WINDOWS) {
                List<VoiceWindow> all = new ArrayList<>();
                windows.get().forEach(all::add);
                List<VoiceWindow> half = new ArrayList<>(all.size() / 2 + 1);
                for (int i = 0; i < all.size(); i += 2) {
                    half.add(all.get(i));
                }
                windows.update(half);
                count[1] *= 2;
                count[2] = half.size();
            }
        }
        windowCount.update(count);
    }

    /** Remembers a final as shown, for the second pass to revise. */
    private void keepShown(TranscriptEvent part) throws Exception {
        if (part.getSpeaker().getAttribution() != Attribution.VOICE || part.getWords().isEmpty()) {
            return;
        }
        Integer n = shownCount.value();
        if (n == null || n < MAX_SHOWN) {
            shown.add(part);
            shownCount.update(n == null ? 1 : n + 1);
        }
    }

    /**
     * The second pass, once the track has been heard to its end: decides the voices again over all of
     * its windows and sends, for every final shown whose words now belong to another voice, a
     * revision of it (same utterance id, next revision, its own event id, {@link #SECOND_PASS}).
     * Then forgets the material.
     */
    private void reviseShown(Collector<TranscriptEvent> out) throws Exception {
        List<VoiceWindow> heard = new ArrayList<>();
        windows.get().forEach(heard::add);
        List<TranscriptEvent> finals = new ArrayList<>();
        shown.get().forEach(finals::add);
        windows.clear();
        windowCount.clear();
        shown.clear();
        shownCount.clear();
        if (heard.isEmpty() || finals.isEmpty()) {
            return;
        }
        RecordingDiarizer second = RecordingDiarizer.of(heard);
        for (TranscriptEvent f : finals) {
            long spaceStart = f.getWallClockStart().toEpochMilli() - f.getStartMs();
            RecordingDiarizer.Vote vote = second.labelOf(f.getWords(), spaceStart);
            if (vote == null || vote.share() <= 0.5f) {
                continue;
            }
            Speaker now = voice(vote.label(), vote.share());
            if (now.getId().equals(f.getSpeaker().getId())) {
                continue;
            }
            TranscriptEvent revised = TranscriptEvent.newBuilder(f)
                    .setEventId(DerivedEventId.of(f.getEventId(), "\u0000" + SECOND_PASS))
                    .setRevision(f.getRevision() + 1)
                    .setRevisionReason(SECOND_PASS)
                    .setSpeaker(now)
                    .setEndOfTrack(false)
                    .build();
            EventTime.emitAt(out, revised, wallClockEnd(revised));
        }
    }

    /** Keeps the spans the held finals and the next ones can need: the last minutes. */
    private void forgetOldSpans(List<TranscriptEvent> stillHeld) throws Exception {
        List<VoiceSpan> all = new ArrayList<>();
        spans.get().forEach(all::add);
        if (all.isEmpty()) {
            return;
        }
        long keepFrom = all.get(all.size() - 1).endMs - SPAN_MEMORY_MS;
        for (TranscriptEvent h : stillHeld) {
            keepFrom = Math.min(keepFrom, h.getWallClockStart().toEpochMilli());
        }
        long from = keepFrom;
        if (all.get(0).endMs < from) {
            spans.update(all.stream().filter(s -> s.endMs >= from).toList());
        }
    }

    private static long wallClockEnd(TranscriptEvent caption) {
        List<Word> words = caption.getWords();
        long endMs = words.isEmpty() ? caption.getEndMs() : words.get(words.size() - 1).getEndMs();
        return caption.getWallClockStart().toEpochMilli() - caption.getStartMs() + endMs;
    }

    /** The speaker of voice label {@code n} on a mixed track: {@code voice-n}, shown as {@code Speaker n} until named. */
    static Speaker voice(int n, float confidence) {
        return Speaker.newBuilder().setId("voice-" + n).setDisplayName("Speaker " + n)
                .setAttribution(Attribution.VOICE).setConfidence(confidence).build();
    }

    private void keepAlive(Context ctx) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        lastAudioAt.update(now);
        if (quietTimer.value() == null) {
            scheduleQuiet(ctx, now + quietAfterMs);
        }
    }

    private void scheduleQuiet(Context ctx, long at) throws Exception {
        ctx.timerService().registerProcessingTimeTimer(at);
        quietTimer.update(at);
    }
}
