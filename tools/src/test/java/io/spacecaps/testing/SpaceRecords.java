package io.spacecaps.testing;

import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.CaptionMarker;
import io.spacecaps.schema.Keyword;
import io.spacecaps.schema.MarkerType;
import io.spacecaps.schema.Role;
import io.spacecaps.schema.ServiceLevels;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;
import io.spacecaps.schema.SpaceStats;
import io.spacecaps.schema.Speaker;
import io.spacecaps.schema.SpeakerStats;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.schema.Word;
import io.spacecaps.schema.WrittenToken;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A Space's records as the pipeline and the room write them, for tests of what reads the topics. */
public final class SpaceRecords {

    public static final Instant START = Instant.parse("2026-11-25T18:00:00Z");

    public final String space;

    public SpaceRecords(String space) {
        this.space = space;
    }

    public SpaceEvent started(String title) {
        return event(SpaceEventType.SPACE_STARTED, 0).setTitle(title).setLanguage("en").build();
    }

    public SpaceEvent ended(long atMs) {
        return event(SpaceEventType.SPACE_ENDED, atMs).build();
    }

    public SpaceEvent joined(String participantId, String displayName, Role role) {
        return event(SpaceEventType.PARTICIPANT_JOINED, 0).setParticipantId(participantId).setDisplayName(displayName)
                .setRole(role).setTrackId(participantId).build();
    }

    private SpaceEvent.Builder event(SpaceEventType type, long atMs) {
        return SpaceEvent.newBuilder().setSpaceId(space).setType(type).setTime(START.plusMillis(atMs));
    }

    /** A final of utterance {@code n} of the participant's own track, its words evenly timed. */
    public TranscriptEvent finalCaption(String participantId, String displayName, int n, long startMs, long endMs, String text) {
        List<Word> words = words(text, startMs, endMs);
        return caption(participantId, displayName, n, TranscriptKind.FINAL, 99, startMs, endMs, text, words, words.size()).build();
    }

    /** A partial whose first {@code stableWords} words are settled. */
    public TranscriptEvent partial(String participantId, String displayName, int n, int revision, long startMs, String text, int stableWords) {
        long endMs = startMs + 300L * Math.max(1, text.split(" ").length);
        return caption(participantId, displayName, n, TranscriptKind.PARTIAL, revision, startMs, endMs, text,
                words(text, startMs, endMs), stableWords).build();
    }

    /** "[Name: captions off]": a final with no words and a CAPTIONS_OFF marker. */
    public TranscriptEvent captionsOff(String participantId, String displayName, int n, long startMs, long endMs) {
        return caption(participantId, displayName, n, TranscriptKind.FINAL, 0, startMs, endMs, "", List.of(), 0)
                .setMarkers(List.of(new CaptionMarker(MarkerType.CAPTIONS_OFF, startMs, endMs))).build();
    }

    /** The last final of a track: nothing said. */
    public TranscriptEvent endOfTrack(String participantId, String displayName, int n, long atMs) {
        return caption(participantId, displayName, n, TranscriptKind.FINAL, 0, atMs, atMs, "", List.of(), 0).setEndOfTrack(true).build();
    }

    public TranscriptEvent.Builder caption(String participantId, String displayName, int n, TranscriptKind kind, int revision,
                                    long startMs, long endMs, String text, List<Word> words, int stableWords) {
        String utteranceId = participantId + "#" + n;
        // One written token per word where the text has as many; otherwise none, as on a caption without them.
        String[] tokens = text.split(" ");
        List<WrittenToken> written = new ArrayList<>();
        for (int i = 0; i < words.size() && tokens.length == words.size(); i++) {
            written.add(new WrittenToken(tokens[i], i, i));
        }
        return TranscriptEvent.newBuilder()
                .setEventId(space + "/" + utteranceId + "/" + kind + (kind == TranscriptKind.PARTIAL ? "/" + revision : ""))
                .setSpaceId(space)
                .setTrackId(participantId)
                .setUtteranceId(utteranceId)
                .setKind(kind)
                .setRevision(revision)
                .setSpeaker(Speaker.newBuilder().setId(participantId).setDisplayName(displayName).setRole(Role.SPEAKER)
                        .setAttribution(Attribution.TRACK).setConfidence(1f).build())
                .setTrackParticipantId(participantId)
                .setStartMs(startMs)
                .setEndMs(endMs)
                .setWallClockStart(START.plusMillis(startMs))
                .setText(text)
                .setWords(words)
                .setWritten(written)
                .setStableWords(stableWords)
                .setStability(words.isEmpty() ? 1f : (float) stableWords / words.size())
                .setLanguage("en")
                .setModel("test")
                .setLastAudioCaptureTime(START.plusMillis(endMs))
                .setEmitTime(START.plusMillis(endMs + 200));
    }

    private static List<Word> words(String text, long startMs, long endMs) {
        if (text.isBlank()) {
            return List.of();
        }
        String[] tokens = text.split(" ");
        long each = Math.max(1, (endMs - startMs) / tokens.length);
        List<Word> words = new ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            String spoken = tokens[i].replaceAll("[^\\p{L}\\p{N}']", "").toLowerCase();
            words.add(new Word(spoken, startMs + i * each, startMs + (i + 1) * each, 0.9f));
        }
        return words;
    }

    /** One speaker's figures, for {@link #stats}. */
    public record Talk(String speakerId, String displayName, long talkMs, float talkShare, long words, float wordsPerMinute) {
        SpeakerStats toAvro() {
            return new SpeakerStats(speakerId, displayName, talkMs, talkShare, words, wordsPerMinute, 3, 1, 400L, talkMs / 2);
        }
    }

    public SpaceStats stats(long upToMs, boolean summary, List<Talk> speakers, Map<String, Integer> keywords) {
        return SpaceStats.newBuilder()
                .setSpaceId(space)
                .setTitle(null)
                .setUpToMs(upToMs)
                .setEmittedAt(START.plusMillis(upToMs + 500))
                .setSummary(summary)
                .setSpeechMs(upToMs * 8 / 10)
                .setSilenceMs(upToMs * 2 / 10)
                .setOverlapMs(400)
                .setSpeakers(speakers.stream().map(Talk::toAvro).toList())
                .setKeywords(keywords.entrySet().stream().map(k -> new Keyword(k.getKey(), k.getValue())).toList())
                .setKeywordWindowMs(300_000)
                .setService(ServiceLevels.newBuilder()
                        .setPartialLatencyP50Ms(310).setPartialLatencyP95Ms(620)
                        .setFinalLatencyP50Ms(1_150).setFinalLatencyP95Ms(1_900)
                        .setRecognitionLagMs(240)
                        .setDeadLetters(Map.of("LATE_CHUNK", 2L))
                        .setStableWords(120).setStableWordsChanged(3).setStableWordChurn(0.025f)
                        .build())
                .build();
    }
}
