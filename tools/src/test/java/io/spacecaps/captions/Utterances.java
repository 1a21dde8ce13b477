package io.spacecaps.captions;

import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.CaptionMarker;
import io.spacecaps.schema.MarkerType;
import io.spacecaps.schema.Role;
import io.spacecaps.schema.Speaker;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.schema.Word;
import io.spacecaps.schema.WrittenToken;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A short exchange from a Space, as caption events, for the renderer tests. */
final class Utterances {

    static final String SPACE = "1YqKDoXXabc";
    static final Instant SPACE_START = Instant.parse("2023-04-12T03:00:00Z");

    static final Speaker ELON = Speaker.newBuilder()
            .setId("p-elon").setDisplayName("Elon Musk").setRole(Role.HOST)
            .setAttribution(Attribution.TRACK).setConfidence(1.0f).build();
    /** No participant id, and a name that needs escaping in WebVTT. */
    static final Speaker JAMES = Speaker.newBuilder()
            .setId(null).setDisplayName("James <BBC> & Co").setRole(Role.SPEAKER)
            .setAttribution(Attribution.SPEAKING_INDICATOR).setConfidence(0.75f).build();

    static final String LONG_TEXT = "yes i do so there's a lot going on so i thought this might be a good"
            + " opportunity to answer some questions";

    private Utterances() {
    }

    /**
     * Out of order on purpose. Elon speaks twice 200 ms apart (one turn), James answers (no word
     * timings), a partial and a blank end-of-track final that must not show, then Elon's long answer.
     */
    static List<TranscriptEvent> exchange() {
        return List.of(
                utterance(ELON, "t-elon", 2, 8000, 17_000, LONG_TEXT, evenlyTimedWords(LONG_TEXT, 8000, 400)),
                utterance(JAMES, "t-james", 0, 5600, 7400, "you know what it stands for", List.of()),
                utterance(ELON, "t-elon", 0, 0, 2500, "i don't know",
                        List.of(word("i", 300, 450, 0.9f), word("don't", 450, 800, 0.85f), word("know", 800, 1200, 1f))),
                partial(JAMES, "t-james", 0, 5600, 6000, "you know"),
                utterance(JAMES, "t-james", 1, 7400, 7400, "  ", List.of()),
                utterance(ELON, "t-elon", 1, 2700, 5200, "i like spontaneity",
                        List.of(word("i", 2700, 2800, 1f), word("like", 2800, 3100, 1f),
                                word("spontaneity", 3100, 4000, 0.5f))));
    }

    static TranscriptEvent utterance(Speaker speaker, String track, int n, long startMs, long endMs, String text,
            List<Word> words) {
        return event(speaker, track, n, TranscriptKind.FINAL, startMs, endMs, text, words);
    }

    static TranscriptEvent partial(Speaker speaker, String track, int n, long startMs, long endMs, String text) {
        return event(speaker, track, n, TranscriptKind.PARTIAL, startMs, endMs, text, List.of());
    }

    private static TranscriptEvent event(Speaker speaker, String track, int n, TranscriptKind kind, long startMs,
            long endMs, String text, List<Word> words) {
        String utteranceId = track + "#" + n;
        return TranscriptEvent.newBuilder()
                .setEventId(SPACE + "/" + utteranceId + "/" + kind)
                .setSpaceId(SPACE)
                .setTrackId(track)
                .setUtteranceId(utteranceId)
                .setKind(kind)
                .setRevision(kind == TranscriptKind.FINAL ? 3 : 0)
                .setSpeaker(speaker)
                .setStartMs(startMs)
                .setEndMs(endMs)
                .setWallClockStart(SPACE_START.plusMillis(startMs))
                .setText(text)
                .setWords(words)
                .setLanguage("en")
                .setModel("vosk-model-small-en-us-0.15")
                .setLastAudioCaptureTime(SPACE_START.plusMillis(endMs))
                .setEmitTime(SPACE_START.plusMillis(endMs + 300))
                .setEndOfTrack(text.isBlank())
                .build();
    }

    /**
     * A final as the job writes it: each token is {@code "Written|spoken words"} (or just a word, said as
     * written in lower case without punctuation); its words are spoken back to back, {@code msPerWord}
     * each, from {@code startMs}, and the utterance ends with the last word.
     */
    static TranscriptEvent written(Speaker speaker, String track, int n, long startMs, long msPerWord, String... tokens) {
        List<Word> words = new ArrayList<>();
        List<WrittenToken> written = new ArrayList<>();
        long at = startMs;
        for (String token : tokens) {
            String[] parts = token.split("\\|", 2);
            String spoken = parts.length == 2 ? parts[1] : parts[0].toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}' ]", "");
            int first = words.size();
            for (String word : spoken.split(" ")) {
                words.add(word(word, at, at + msPerWord, 1f));
                at += msPerWord;
            }
            written.add(new WrittenToken(parts[0], first, words.size() - 1));
        }
        String text = String.join(" ", written.stream().map(WrittenToken::getText).toList());
        return TranscriptEvent.newBuilder(utterance(speaker, track, n, startMs, at, text, words)).setWritten(written)
                .setTrackParticipantId(speaker.getId()).setStableWords(words.size()).setStability(1f).build();
    }

    /** The note that a speaker who declined captions started talking at {@code atMs} (a 100 ms chunk). */
    static TranscriptEvent captionsOff(Speaker speaker, String track, long atMs) {
        return TranscriptEvent.newBuilder(utterance(speaker, track, 0, atMs, atMs + 100, "", List.of()))
                .setEventId(SPACE + "/" + track + "#off@" + atMs)
                .setUtteranceId(track + "#off@" + atMs)
                .setEndOfTrack(false)
                .setMarkers(List.of(new CaptionMarker(MarkerType.CAPTIONS_OFF, atMs, atMs + 100)))
                .build();
    }

    static Word word(String word, long startMs, long endMs, float confidence) {
        return Word.newBuilder().setWord(word).setStartMs(startMs).setEndMs(endMs).setConfidence(confidence).build();
    }

    /** One word every {@code eachMs}, back to back, from {@code startMs}. */
    static List<Word> evenlyTimedWords(String text, long startMs, long eachMs) {
        List<Word> words = new ArrayList<>();
        long at = startMs;
        for (String word : text.split(" ")) {
            words.add(word(word, at, at + eachMs, 1f));
            at += eachMs;
        }
        return words;
    }
}
