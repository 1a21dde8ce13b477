package io.spacecaps.asr;

import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.CaptionMarker;
import io.spacecaps.schema.MarkerType;
import io.spacecaps.schema.Speaker;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.schema.Word;
import org.vosk.Recognizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * One track's live recogniser and its timeline. The track's samples are counted from its first
 * sample ({@code originMs} on the wall clock); captions are placed on the Space's timeline by adding
 * the offset of that origin from the Space's start.
 *
 * <p>Vosk's recogniser carries adaptation state from one utterance to the next, so recovering it
 * means feeding a fresh one everything the lost one heard. To keep that bounded, the recogniser is
 * renewed at the first utterance end after {@code renewAfterSamples}; the caller keeps the audio since
 * then ({@link FedAudio}) and {@link #state()} in Flink state.
 *
 * <p>Owns its native {@link Recognizer}: whoever creates a session must {@link #close()} it.
 */
final class TrackSession implements AutoCloseable {

    /**
     * The speaker of every caption that leaves the recogniser: not decided yet. The voice stage labels
     * a mixed track's voices and the speaker stage names everyone; the track's owner travels as
     * {@code trackParticipantId}.
     */
    static final Speaker UNATTRIBUTED = Speaker.newBuilder().setId(null).setDisplayName("")
            .setAttribution(Attribution.UNKNOWN).setConfidence(0f).build();

    /**
     * How a track is recognised, the same for every track of the job.
     *
     * @param partialEveryMs how much audio between two partials: 0 for one after every chunk (live, where
     *                       someone watches them); more where nobody does (BATCH mode), as each partial
     *                       costs Vosk, and every stage after it, work
     * @param renewAfterMs   renew the recogniser at the first utterance end after this much audio, so that
     *                       the audio kept to rebuild it after a failover stays bounded; 0 for never (BATCH
     *                       mode: nothing is rebuilt there, a failed run is run again)
     * @param keeping        what is kept of a recogniser for later tracks; its life, the audio a Vosk
     *                       recogniser object hears before a renewal or the track's end closes it instead of
     *                       finalising it for more, bounds its memory
     */
    record Settings(int sampleRate, boolean partialWords, long stableAfterMs, long renewAfterMs, long partialEveryMs,
                    VoskModels.Keeping keeping) {
    }

    private final VoskModels.Lease model;
    private final int sampleRate;
    private final boolean partialWords;
    private final long stableAfterMs;
    private final long renewAfterSamples;
    private final long partialEverySamples;
    private final RecognizerState s;
    private final List<Long> pendingGaps = new ArrayList<>();
    private long voskCpuNanos;
    private long stableWordsChanged;
    private Recognizer recognizer;
    private final VoskModels.Keeping keeping;
    /** Samples the Vosk recogniser object has heard in its life (it may have served other tracks or rounds first)... */
    private long recognizerLifeSamples;
    /** ...and how many of them it had heard when the current recogniser began, at {@code s.recognizerStartSample}. */
    private long recognizerLifeSamplesAtStart;
    private long lastActivityMs;
    /** True right after Vosk ended an utterance: its decoder holds nothing, so renewing loses nothing. */
    private boolean atUtteranceBoundary;

    private TrackSession(VoskModels.Lease model, Settings settings, RecognizerState state) {
        this.model = model;
        this.sampleRate = settings.sampleRate();
        this.partialWords = settings.partialWords();
        this.stableAfterMs = settings.stableAfterMs();
        this.renewAfterSamples = settings.renewAfterMs() == 0 ? Long.MAX_VALUE : settings.renewAfterMs() * sampleRate / 1000L;
        this.partialEverySamples = Math.max(1, settings.partialEveryMs() * sampleRate / 1000L);
        this.keeping = settings.keeping();
        this.s = state;
        if (state.pendingGaps != null) {
            Arrays.stream(state.pendingGaps).forEach(pendingGaps::add);
        }
        takeRecognizer();
    }

    static TrackSession start(VoskModels.Lease model, String language, Settings settings, String spaceId, String trackId,
                              String participantId, long spaceStartMs, long originMs, int firstUtterance) {
        RecognizerState state = new RecognizerState();
        state.utterance = firstUtterance;
        state.spaceId = spaceId;
        state.trackId = trackId;
        state.participantId = participantId;
        state.language = language;
        state.spaceStartMs = spaceStartMs;
        state.originMs = originMs;
        state.lastPartial = "";
        return new TrackSession(model, settings, state);
    }

    /**
     * Rebuilds a session lost with its task: feeds a fresh recogniser the audio the lost one had
     * heard, exactly as it was fed, discarding what it says (that was emitted before), then takes
     * over the saved counters.
     */
    static TrackSession restore(VoskModels.Lease model, Settings settings, RecognizerState saved, Iterable<FedAudio> heard) {
        TrackSession session = new TrackSession(model, settings, copy(saved));
        // The samples the lost recogniser had heard before each piece: where it asked for partials.
        long heardBefore = saved.recognizerStartSample;
        for (FedAudio piece : heard) {
            byte[] pcm = piece.silenceSamples > 0 ? new byte[piece.silenceSamples * 2] : piece.pcm;
            if (pcm.length == 0) {
                continue;
            }
            // Asking Vosk for a partial advances its incremental lattice determinisation, which moves
            // word times by a few ms: the replay must ask exactly what the original run asked.
            session.recognizerLifeSamples += pcm.length / 2;
            if (session.recognizer.acceptWaveForm(pcm, pcm.length)) {
                session.recognizer.getResult();
            } else if (session.partialDue(heardBefore, heardBefore + pcm.length / 2)) {
                session.recognizer.getPartialResult();
            }
            heardBefore += pcm.length / 2;
        }
        return session;
    }

    /**
     * Whether audio from sample {@code from} to {@code to} of the track earns a partial: it crosses a
     * multiple of the partial interval (every chunk when the interval is one sample). Counted from the
     * track's first sample, so that a replay after a failover asks where the original run asked.
     */
    private boolean partialDue(long from, long to) {
        return from / partialEverySamples != to / partialEverySamples;
    }

    String language() {
        return s.language;
    }

    /** Hears a stretch of missing audio as silence, and remembers to mark it on the next final. */
    FedAudio acceptGap(long gapMs, long nowMs, List<TranscriptEvent> out) {
        int silence = (int) (gapMs * sampleRate / 1000L);
        long from = spaceMs(s.samples);
        pendingGaps.add(from);
        pendingGaps.add(spaceMs(s.samples + silence));
        acceptPcm(new byte[silence * 2], nowMs, out);
        return FedAudio.silence(silence);
    }

    /**
     * Feeds PCM samples and adds what they produced to {@code out}: a FINAL when Vosk detected the
     * end of an utterance, else a PARTIAL when the guess changed, else nothing.
     */
    FedAudio accept(byte[] pcm, long nowMs, List<TranscriptEvent> out) {
        acceptPcm(pcm, nowMs, out);
        return FedAudio.samples(pcm);
    }

    private void acceptPcm(byte[] pcm, long nowMs, List<TranscriptEvent> out) {
        lastActivityMs = nowMs;
        if (pcm.length == 0) {
            return;
        }
        long cpu = VoskCpuMeter.threadNanos();
        boolean endpoint = recognizer.acceptWaveForm(pcm, pcm.length);
        recognizerLifeSamples += pcm.length / 2;
        boolean partialDue = !endpoint && partialDue(s.samples, s.samples + pcm.length / 2);
        String json = endpoint ? recognizer.getResult() : partialDue ? recognizer.getPartialResult() : null;
        voskCpuNanos += VoskCpuMeter.addSince(cpu);
        atUtteranceBoundary = endpoint;
        s.samples += pcm.length / 2;
        if (json == null) {
            return;
        }
        if (endpoint) {
            VoskResult result = VoskResult.parse(json);
            if (!result.isEmpty()) {
                out.add(finalEvent(result, false, nowMs));
            }
            forgetPartial();
        } else {
            VoskResult partial = VoskResult.parse(json);
            if (partial.isEmpty()) {
                return;
            }
            String[] previous = s.lastPartialWords == null ? new String[0] : s.lastPartialWords;
            long heardMs = (s.samples - s.recognizerStartSample) * 1000L / sampleRate;
            PartialStability.Step step = PartialStability.next(previous, s.stableSinceMs == null ? new long[0] : s.stableSinceMs,
                    s.stableWords, partial.words(), heardMs, stableAfterMs);
            int stable = step.stableWords();
            if (step.broke()) {
                stableWordsChanged += s.stableWords;
            }
            // A partial goes out when its words changed, or when more of them settled.
            if (!partial.text().equals(s.lastPartial) || stable > s.stableWords) {
                s.lastPartial = partial.text();
                s.stableWords = stable;
                out.add(event(TranscriptKind.PARTIAL, s.revision++, partial, nowMs, false));
            }
            s.lastPartialWords = PartialStability.words(partial.words());
            s.stableSinceMs = step.sinceMs();
            s.stableWords = stable;
        }
    }

    /**
     * Renews the recogniser if it has heard enough since it began and Vosk has just ended an
     * utterance. Returns true when it did: the audio kept for recovery can then be dropped.
     */
    boolean renewIfDue() {
        if (!atUtteranceBoundary || s.samples - s.recognizerStartSample < renewAfterSamples) {
            return false;
        }
        atUtteranceBoundary = false;
        s.recognizerStartSample = s.samples;
        if (VoskModels.mayGoOn(heard(), keeping.lifeMs())) {
            // The same recogniser, finalised: Vosk gives it a new feature pipeline and decoder at its next
            // audio, exactly what a new one would start with, but its decoding graph's cache stays warm.
            VoskModels.finalise(recognizer);
            recognizerLifeSamplesAtStart = recognizerLifeSamples;
        } else {
            // Past its life: handed back the one way every recogniser is, which closes it.
            close();
            takeRecognizer();
        }
        return true;
    }

    /**
     * Flushes what is left of the current utterance. Returns a FINAL if words were pending, or, when
     * the track ends, always one FINAL (with empty text if nothing was pending) marked end-of-track.
     */
    TranscriptEvent finish(boolean endOfTrack, long nowMs) {
        VoskResult result = VoskResult.parse(recognizer.getFinalResult());
        forgetPartial();
        if (result.isEmpty() && !endOfTrack && pendingGaps.isEmpty()) {
            return null;
        }
        return finalEvent(result, endOfTrack, nowMs);
    }

    private void forgetPartial() {
        s.lastPartial = "";
        s.lastPartialWords = null;
        s.stableSinceMs = null;
        s.stableWords = 0;
    }

    /** Words declared stable that a later partial changed, since the last call; then zero again. */
    long takeStableWordsChanged() {
        long changed = stableWordsChanged;
        stableWordsChanged = 0;
        return changed;
    }

    /** A copy of the session's counters and timeline, for Flink state. */
    /** How many utterances the track has finished: the number the next one takes. */
    int utterancesSoFar() {
        return s.utterance;
    }

    /** The Space this track belongs to. */
    String spaceId() {
        return s.spaceId;
    }

    RecognizerState state() {
        RecognizerState copy = copy(s);
        copy.pendingGaps = pendingGaps.stream().mapToLong(Long::longValue).toArray();
        return copy;
    }

    /**
     * Makes the current recogniser, from {@code s.recognizerStartSample} on, one another track left
     * (finalised, its graph cache warm), else a new one.
     */
    private void takeRecognizer() {
        try {
            VoskModels.HeardRecognizer taken = model.recognizer(sampleRate);
            taken.recognizer().setWords(true);
            taken.recognizer().setPartialWords(partialWords);
            recognizer = taken.recognizer();
            recognizerLifeSamples = taken.samplesHeard();
            recognizerLifeSamplesAtStart = taken.samplesHeard();
        } catch (IOException e) {
            throw new IllegalStateException("Vosk could not create a recogniser for " + s.trackId, e);
        }
    }

    private TranscriptEvent finalEvent(VoskResult result, boolean endOfTrack, long nowMs) {
        TranscriptEvent event = event(TranscriptKind.FINAL, s.revision, result, nowMs, endOfTrack);
        pendingGaps.clear();
        s.utterance++;
        s.revision = 0;
        return event;
    }

    private TranscriptEvent event(TranscriptKind kind, int rev, VoskResult result, long nowMs, boolean endOfTrack) {
        String utteranceId = s.trackId + "#" + s.utterance;
        List<Word> words = new ArrayList<>(result.words().size());
        for (VoskResult.Word w : result.words()) {
            words.add(new Word(w.word(), recognizerMs(w.startSeconds()), recognizerMs(w.endSeconds()), (float) w.confidence()));
        }
        long heardUpTo = spaceMs(s.samples);
        long start = words.isEmpty() ? heardUpTo : words.get(0).getStartMs();
        long end = words.isEmpty() ? heardUpTo : words.get(words.size() - 1).getEndMs();
        List<CaptionMarker> markers = new ArrayList<>();
        for (int i = 0; i + 1 < pendingGaps.size(); i += 2) {
            markers.add(new CaptionMarker(MarkerType.GAP, pendingGaps.get(i), pendingGaps.get(i + 1)));
        }
        return TranscriptEvent.newBuilder()
                .setEventId(eventId(s.spaceId, s.trackId, utteranceId, kind, rev))
                .setSpaceId(s.spaceId)
                .setTrackId(s.trackId)
                .setUtteranceId(utteranceId)
                .setKind(kind)
                .setRevision(rev)
                .setSpeaker(Speaker.newBuilder(UNATTRIBUTED).build())
                .setTrackParticipantId(s.participantId)
                .setStartMs(start)
                .setEndMs(end)
                .setWallClockStart(Instant.ofEpochMilli(s.spaceStartMs + start))
                .setText(result.text())
                .setWords(words)
                .setLanguage(s.language)
                .setModel(model.name())
                .setLastAudioCaptureTime(Instant.ofEpochMilli(s.originMs + s.samples * 1000L / sampleRate))
                .setEmitTime(Instant.ofEpochMilli(nowMs))
                .setEndOfTrack(endOfTrack)
                .setMarkers(markers)
                .setStableWords(kind == TranscriptKind.FINAL ? words.size() : Math.min(s.stableWords, words.size()))
                .setStability(words.isEmpty() ? (kind == TranscriptKind.FINAL ? 1f : 0f)
                        : kind == TranscriptKind.FINAL ? 1f : (float) Math.min(s.stableWords, words.size()) / words.size())
                .build();
    }

    /**
     * Space-timeline ms of a time Vosk gives in seconds from the first sample its recogniser object
     * heard: for a new one, the current recogniser's start; for one kept from another track or round,
     * {@link #recognizerLifeSamplesAtStart} samples before it.
     */
    private long recognizerMs(double seconds) {
        return spaceMs(s.recognizerStartSample) + Math.round((seconds - (double) recognizerLifeSamplesAtStart / sampleRate) * 1000.0);
    }

    /** Space-timeline ms of a sample position of the track. */
    private long spaceMs(long sample) {
        return s.originMs - s.spaceStartMs + sample * 1000L / sampleRate;
    }

    /**
     * Partials are numbered by revision; an utterance has exactly one final, whose id leaves the
     * revision out, because how many partials came before it is not reproducible: Vosk's floating
     * point results differ slightly between recogniser instances in one process.
     */
    static String eventId(String spaceId, String trackId, String utteranceId, TranscriptKind kind, int revision) {
        String name = spaceId + '\u0000' + trackId + '\u0000' + utteranceId + '\u0000' + kind
                + (kind == TranscriptKind.PARTIAL ? "\u0000" + revision : "");
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** CPU time this session has spent in Vosk calls since the last call, then zero again. */
    long takeVoskCpuNanos() {
        long spent = voskCpuNanos;
        voskCpuNanos = 0;
        return spent;
    }

    long lastActivityMs() {
        return lastActivityMs;
    }

    private static RecognizerState copy(RecognizerState from) {
        RecognizerState to = new RecognizerState();
        to.spaceId = from.spaceId;
        to.trackId = from.trackId;
        to.participantId = from.participantId;
        to.language = from.language;
        to.spaceStartMs = from.spaceStartMs;
        to.originMs = from.originMs;
        to.recognizerStartSample = from.recognizerStartSample;
        to.samples = from.samples;
        to.utterance = from.utterance;
        to.revision = from.revision;
        to.lastPartial = from.lastPartial == null ? "" : from.lastPartial;
        to.lastPartialWords = from.lastPartialWords == null ? null : from.lastPartialWords.clone();
        to.stableSinceMs = from.stableSinceMs == null ? null : from.stableSinceMs.clone();
        to.stableWords = from.stableWords;
        to.pendingGaps = from.pendingGaps == null ? null : from.pendingGaps.clone();
        return to;
    }

    /**
     * Hands the recogniser on to a later track (at most {@code warm-recognizers} are kept, each younger than
     * {@code recognizer-life-ms}, for {@code warm-recognizer-idle-ms} unused), or frees it.
     */
    @Override
    public void close() {
        model.keep(heard(), keeping);
    }

    /** The current Vosk recogniser with all it has heard in its life. */
    private VoskModels.HeardRecognizer heard() {
        return new VoskModels.HeardRecognizer(recognizer, sampleRate, recognizerLifeSamples);
    }
}
