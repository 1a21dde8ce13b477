package io.spacecaps.asr;

import io.spacecaps.ingest.TrackChunk;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.CaptionMarker;
import io.spacecaps.schema.MarkerType;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;

import java.time.Instant;
import java.util.List;

/**
 * What the captions say of a participant who declined them: nothing of their words (their audio was
 * dropped when it was decoded), only that they are speaking, once per turn: a final with no words and
 * a CAPTIONS_OFF marker over the turn's first speech, which views show as {@code [Name: captions off]}.
 * A turn starts with speech after {@link #TURN_GAP_MS} of silence.
 */
final class CaptionsOff {

    /** Silence that ends a turn of someone who declined captions. */
    static final long TURN_GAP_MS = 2_000;

    private CaptionsOff() {
    }

    /** Whether this chunk opens a new turn, given when the track's last speech ended (null: none yet). */
    static boolean opensTurn(TrackChunk chunk, Long lastSpeechEndMs) {
        return chunk.voiced && (lastSpeechEndMs == null || chunk.chunk.getCaptureTime().toEpochMilli() - lastSpeechEndMs > TURN_GAP_MS);
    }

    /** The caption that says the track's participant is speaking, from this chunk on. */
    static TranscriptEvent turn(TrackChunk chunk, long spaceStartMs, String language, long nowMs) {
        return caption(chunk, spaceStartMs, language, nowMs, "#off@" + chunk.chunk.getSequence(), false);
    }

    /** The track's end, for a participant who declined captions: no words. */
    static TranscriptEvent end(TrackChunk chunk, long spaceStartMs, String language, long nowMs) {
        return caption(chunk, spaceStartMs, language, nowMs, "#off-end", true);
    }

    private static TranscriptEvent caption(TrackChunk chunk, long spaceStartMs, String language, long nowMs, String suffix,
                                           boolean endOfTrack) {
        AudioChunk audio = chunk.chunk;
        long capture = audio.getCaptureTime().toEpochMilli();
        long start = capture - spaceStartMs;
        long end = start + chunk.durationMs();
        String utteranceId = audio.getTrackId() + suffix;
        return TranscriptEvent.newBuilder()
                .setEventId(TrackSession.eventId(audio.getSpaceId(), audio.getTrackId(), utteranceId, TranscriptKind.FINAL, 0))
                .setSpaceId(audio.getSpaceId())
                .setTrackId(audio.getTrackId())
                .setUtteranceId(utteranceId)
                .setKind(TranscriptKind.FINAL)
                .setRevision(0)
                .setSpeaker(TrackSession.UNATTRIBUTED)
                .setTrackParticipantId(audio.getParticipantId())
                .setStartMs(start)
                .setEndMs(end)
                .setWallClockStart(Instant.ofEpochMilli(capture))
                .setText("")
                .setWords(List.of())
                .setLanguage(language)
                .setModel("")
                .setLastAudioCaptureTime(Instant.ofEpochMilli(capture + chunk.durationMs()))
                .setEmitTime(Instant.ofEpochMilli(nowMs))
                .setEndOfTrack(endOfTrack)
                .setMarkers(endOfTrack ? List.of() : List.of(new CaptionMarker(MarkerType.CAPTIONS_OFF, start, end)))
                .setStableWords(0)
                .setStability(1f)
                .build();
    }
}
