package io.spacecaps.testing;

import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.Speaker;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.schema.Word;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Captions as the recogniser writes them, for the tests of the stages after it. */
public final class Captions {

    /** The wall-clock start of the Space every caption here belongs to ({@code s1}). */
    public static final long SPACE_START = 1_700_000_000_000L;

    private Captions() {
    }

    /** Words of {@code text}, one every 200 ms from {@code startMs}, each 180 ms long. */
    public static List<Word> words(long startMs, String text) {
        List<Word> words = new ArrayList<>();
        long t = startMs;
        for (String w : text.split(" ")) {
            words.add(new Word(w, t, t + 180, 1f));
            t += 200;
        }
        return words;
    }

    /** A final of a mixed track (no owner), as the recogniser writes it. */
    public static TranscriptEvent finalOf(String trackId, List<Word> words) {
        return caption(TranscriptKind.FINAL, trackId, null, words, 0).build();
    }

    /**
     * A caption of {@code trackId}, owned by {@code participantId} (null: a mixed track), utterance
     * {@code n}, unattributed; its event time (last audio captured) is its last word's end.
     */
    public static TranscriptEvent.Builder caption(TranscriptKind kind, String trackId, String participantId, List<Word> words, int n) {
        long start = words.isEmpty() ? 0 : words.get(0).getStartMs();
        long end = words.isEmpty() ? 0 : words.get(words.size() - 1).getEndMs();
        String utterance = trackId + "#" + n;
        return TranscriptEvent.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes((utterance + kind).getBytes()).toString())
                .setSpaceId("s1").setTrackId(trackId).setUtteranceId(utterance).setKind(kind).setRevision(0)
                .setSpeaker(Speaker.newBuilder().setId(null).setDisplayName("").setAttribution(Attribution.UNKNOWN).setConfidence(0f).build())
                .setTrackParticipantId(participantId)
                .setStartMs(start).setEndMs(end).setWallClockStart(Instant.ofEpochMilli(SPACE_START + start))
                .setText(String.join(" ", words.stream().map(Word::getWord).toList()))
                .setWords(new ArrayList<>(words)).setLanguage("en").setModel("test")
                .setLastAudioCaptureTime(Instant.ofEpochMilli(SPACE_START + end)).setEmitTime(Instant.ofEpochMilli(SPACE_START + end));
    }
}
