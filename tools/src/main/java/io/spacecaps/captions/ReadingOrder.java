package io.spacecaps.captions;

import io.spacecaps.kafka.LiveCaptions;
import io.spacecaps.schema.MarkerType;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.text.ControlCharacters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The utterances a transcript shows, in the order a reader meets them. */
final class ReadingOrder {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Comparator<TranscriptEvent> BY_START_THEN_TRACK =
            Comparator.comparingLong(TranscriptEvent::getStartMs).thenComparing(TranscriptEvent::getTrackId);

    private ReadingOrder() {
    }

    /**
     * FINAL events with something to say (words, or that their speaker declined captions), sorted by
     * start then track: the transcript of record. Each utterance once, at its newest revision (a
     * replayed event is the same revision again; a revision replaces what was shown live).
     */
    static List<TranscriptEvent> of(List<TranscriptEvent> events) {
        Map<String, TranscriptEvent> newest = new LinkedHashMap<>();
        for (TranscriptEvent event : events) {
            if (event.getKind() == TranscriptKind.FINAL && (!event.getText().isBlank() || isCaptionsOff(event))) {
                newest.merge(LiveCaptions.utteranceOf(event), event, LiveCaptions::newerRevision);
            }
        }
        List<TranscriptEvent> finals = new ArrayList<>(newest.values());
        finals.sort(BY_START_THEN_TRACK);
        return finals;
    }

    /** As {@link #of}, without the "captions off" notes: only what was said. */
    static List<TranscriptEvent> spoken(List<TranscriptEvent> events) {
        return of(events).stream().filter(e -> !isCaptionsOff(e)).toList();
    }

    /**
     * A final that only says its speaker is talking with captions declined: it carries no words, so
     * views show {@link #captionsOffNote} instead of text.
     */
    static boolean isCaptionsOff(TranscriptEvent event) {
        return event.getText().isBlank() && event.getMarkers().stream().anyMatch(m -> m.getType() == MarkerType.CAPTIONS_OFF);
    }

    /** {@code [Elon Musk: captions off]} */
    static String captionsOffNote(String speakerName) {
        return "[" + speakerName + ": captions off]";
    }

    /**
     * The text on one line, without control characters: a line-based format must not be broken by a
     * newline inside it, and a transcript printed on a terminal must not drive it.
     */
    static String oneLine(String text) {
        return WHITESPACE.matcher(ControlCharacters.strip(text)).replaceAll(" ").strip();
    }

    /**
     * The speaker's name on one line. Brackets become parentheses: the seed format and SRT cues label
     * turns {@code [Name]}, and a name such as {@code Bob] [Alice} would otherwise pose as two speakers.
     */
    static String speakerName(TranscriptEvent event) {
        String name = oneLine(event.getSpeaker().getDisplayName()).replace('[', '(').replace(']', ')');
        return name.isEmpty() ? "Unknown" : name;
    }
}
