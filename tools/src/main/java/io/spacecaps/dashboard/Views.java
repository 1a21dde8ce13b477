package io.spacecaps.dashboard;

import java.util.List;
import java.util.Map;

/**
 * The JSON shapes the browser reads, one record each, so that the page's script and the server agree
 * on one list of field names. Every string in them came from the pipeline or a room and is untrusted:
 * the page only ever puts them into the document as text.
 */
final class Views {

    private Views() {
    }

    /** One Space in the list. Times are epoch ms; null where not known (yet). */
    record SpaceSummary(String id, String title, boolean live, Long startedAt, Long endedAt, long lastActivityAt) {
    }

    /** A settled caption: {@code captionsOff} means "[speaker: captions off]", with no words. */
    record Caption(String id, String trackId, long startMs, long endMs, String speaker, int colour, String text,
                   List<Marker> markers, boolean captionsOff) {
    }

    /** What a track is saying now: {@code stable} will not change any more, {@code tentative} may. */
    record Partial(String trackId, String utteranceId, int revision, long startMs, String speaker, int colour,
                   String stable, String tentative) {
    }

    /** GAP, CROSSTALK or CAPTIONS_OFF over a stretch of a caption. */
    record Marker(String type, long startMs, long endMs) {
    }

    record Participant(String id, String displayName, String role, boolean present, boolean speaking, boolean captionsOff,
                       int colour) {
    }

    record Stats(long upToMs, boolean summary, long emittedAt, long speechMs, long silenceMs, long overlapMs,
                 List<SpeakerStats> speakers, List<Keyword> keywords, long keywordWindowMs, Service service) {
    }

    record SpeakerStats(String speakerId, String displayName, int colour, long talkMs, float talkShare, long words,
                        float wordsPerMinute, int turns, int interruptions, long overlapMs, long longestMonologueMs) {
    }

    record Keyword(String word, int count) {
    }

    record Service(long partialLatencyP50Ms, long partialLatencyP95Ms, long finalLatencyP50Ms, long finalLatencyP95Ms,
                   long recognitionLagMs, Map<String, Long> deadLetters, long stableWords, long stableWordsChanged,
                   float stableWordChurn) {
    }

    /** Everything the page shows of one Space; {@code maxCaptions} is how many captions it keeps. */
    record SpaceDetail(SpaceSummary space, List<Caption> captions, List<Partial> partials, Stats stats,
                       List<Participant> participants, int maxCaptions, boolean captionsTrimmed) {
    }

    /** The whole of one Space, as a browser gets it when it connects; {@code detail} null for a Space not (or no longer) known. */
    record Snapshot(String space, SpaceDetail detail) {
    }

    /**
     * What changed in one Space since the last message: captions added, partials by track (null: the
     * track has stopped speaking), and the newest stats, participants or summary where they changed.
     */
    record SpaceDelta(String space, List<Caption> captions, Map<String, Partial> partials, Stats stats,
                      List<Participant> participants, SpaceSummary summary) {
    }

    /** A caption that contains the phrase: {@code [start, end)} in its text, or both 0 when only its spoken words matched. */
    record SearchMatch(String id, long startMs, String speaker, int colour, String text, int start, int end) {
    }

    record SearchResult(String query, List<SearchMatch> matches, boolean truncated) {
    }

    /**
     * How the dashboard is reading Kafka: {@code connecting} before the first answer, {@code connected},
     * or {@code unreachable} (the page then says so, and shows what was read before).
     */
    record Status(String kafka, String bootstrap, String message, long sinceMs, boolean caughtUp, List<String> missingTopics) {
    }
}
