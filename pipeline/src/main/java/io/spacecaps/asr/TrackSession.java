package io.spacecaps.asr;

import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.Speaker;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.schema.Word;
import org.vosk.Recognizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One track's live recogniser and its timeline. The recogniser counts time in samples from the
 * first sample it was given ({@link #originMs} on the wall clock); captions are placed on the
 * Space's timeline by adding the offset of that origin from the Space's start.
 *
 * <p>Owns its native {@link Recognizer}: whoever creates a session must {@link #close()} it.
 */
final class TrackSession implements AutoCloseable {

    /** Placeholder name for the voices of a mixed track, until speaker attribution names them. */
    static final String MIXED_TRACK_SPEAKER = "Speaker 1";

    private final String spaceId;
    private final String trackId;
    private final String participantId;
    private final String language;
    private final String modelName;
    private final int sampleRate;
    private final long spaceStartMs;
    private final long originMs;
    private final Recognizer recognizer;

    private long samples;
    private int utterance;
    private int revision;
    private String lastPartial = "";
    private long lastActivityMs;

    TrackSession(VoskModels.Lease model, String language, int sampleRate, boolean partialWords,
                 String spaceId, String trackId, String participantId, long spaceStartMs, long originMs) {
        this.spaceId = spaceId;
        this.trackId = trackId;
        this.participantId = participantId;
        this.language = language;
        this.modelName = model.name();
        this.sampleRate = sampleRate;
        this.spaceStartMs = spaceStartMs;
        this.originMs = originMs;
        try {
            this.recognizer = new Recognizer(model.model(), sampleRate);
        } catch (IOException e) {
            throw new IllegalStateException("Vosk could not create a recogniser for " + trackId, e);
        }
        recognizer.setWords(true);
        recognizer.setPartialWords(partialWords);
    }

    /**
     * Feeds PCM samples and returns what they produced: a FINAL when Vosk detected the end of an
     * utterance, else a PARTIAL when the guess changed, else nothing.
     */
    List<TranscriptEvent> accept(byte[] pcm, int length, long nowMs) {
        lastActivityMs = nowMs;
        List<TranscriptEvent> out = new ArrayList<>(1);
        if (length == 0) {
            return out;
        }
        boolean endpoint = recognizer.acceptWaveForm(pcm, length);
        samples += length / 2;
        if (endpoint) {
            VoskResult result = VoskResult.parse(recognizer.getResult());
            if (!result.isEmpty()) {
                out.add(finalEvent(result, false, nowMs));
            }
            lastPartial = "";
        } else {
            VoskResult partial = VoskResult.parse(recognizer.getPartialResult());
            if (!partial.isEmpty() && !partial.text().equals(lastPartial)) {
                lastPartial = partial.text();
                out.add(event(TranscriptKind.PARTIAL, revision++, partial, nowMs, false));
            }
        }
        return out;
    }

    /**
     * Flushes what is left of the current utterance. Returns a FINAL if words were pending, or, when
     * the track ends, always one FINAL (with empty text if nothing was pending) marked end-of-track.
     */
    TranscriptEvent finish(boolean endOfTrack, long nowMs) {
        VoskResult result = VoskResult.parse(recognizer.getFinalResult());
        lastPartial = "";
        if (result.isEmpty() && !endOfTrack) {
            return null;
        }
        return finalEvent(result, endOfTrack, nowMs);
    }

    private TranscriptEvent finalEvent(VoskResult result, boolean endOfTrack, long nowMs) {
        TranscriptEvent event = event(TranscriptKind.FINAL, revision, result, nowMs, endOfTrack);
        utterance++;
        revision = 0;
        return event;
    }

    private TranscriptEvent event(TranscriptKind kind, int rev, VoskResult result, long nowMs, boolean endOfTrack) {
        String utteranceId = trackId + "#" + utterance;
        List<Word> words = new ArrayList<>(result.words().size());
        for (VoskResult.Word w : result.words()) {
            words.add(new Word(w.word(), spaceMs(w.startSeconds()), spaceMs(w.endSeconds()), (float) w.confidence()));
        }
        long heardUpTo = spaceMs((double) samples / sampleRate);
        long start = words.isEmpty() ? heardUpTo : words.get(0).getStartMs();
        long end = words.isEmpty() ? heardUpTo : words.get(words.size() - 1).getEndMs();
        boolean mixed = participantId == null;
        return TranscriptEvent.newBuilder()
                .setEventId(eventId(spaceId, trackId, utteranceId, kind, rev))
                .setSpaceId(spaceId)
                .setTrackId(trackId)
                .setUtteranceId(utteranceId)
                .setKind(kind)
                .setRevision(rev)
                .setSpeaker(Speaker.newBuilder()
                        .setId(participantId)
                        .setDisplayName(mixed ? MIXED_TRACK_SPEAKER : participantId)
                        .setAttribution(mixed ? Attribution.UNKNOWN : Attribution.TRACK)
                        .setConfidence(mixed ? 0f : 1f)
                        .build())
                .setStartMs(start)
                .setEndMs(end)
                .setWallClockStart(Instant.ofEpochMilli(spaceStartMs + start))
                .setText(result.text())
                .setWords(words)
                .setLanguage(language)
                .setModel(modelName)
                .setLastAudioCaptureTime(Instant.ofEpochMilli(originMs + samples * 1000L / sampleRate))
                .setEmitTime(Instant.ofEpochMilli(nowMs))
                .setEndOfTrack(endOfTrack)
                .build();
    }

    /** Milliseconds from the Space's start of a time the recogniser gives in seconds from its origin. */
    private long spaceMs(double recognizerSeconds) {
        return originMs - spaceStartMs + Math.round(recognizerSeconds * 1000.0);
    }

    static String eventId(String spaceId, String trackId, String utteranceId, TranscriptKind kind, int revision) {
        String name = spaceId + '\u0000' + trackId + '\u0000' + utteranceId + '\u0000' + kind + '\u0000' + revision;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    long lastActivityMs() {
        return lastActivityMs;
    }

    @Override
    public void close() {
        recognizer.close();
    }
}
