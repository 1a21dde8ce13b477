package io.spacecaps.captions;

import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.text.ControlCharacters;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * NIST RTTM speaker turns, for scoring who-spoke-when against a reference with standard
 * diarization tools. Utterances of one speaker are joined across pauses shorter than
 * {@value #MAX_MERGED_GAP_MS} ms, the usual collar, so a speaker's breathing pauses are not turns.
 * Turns of speakers who declined captions are left out: their notes mark a turn's start, not its span.
 */
final class RttmFormat implements TranscriptFormat {

    static final long MAX_MERGED_GAP_MS = 500;

    /** RTTM fields are separated by whitespace, so none may appear inside one: no-break and other Unicode spaces included. */
    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\p{Z}]+");
    private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^\\p{L}\\p{N}]+");

    @Override
    public String render(List<TranscriptEvent> finals) {
        StringBuilder out = new StringBuilder();
        for (SpeakerTurn turn : SpeakerTurn.merge(ReadingOrder.spoken(finals), RttmFormat::speakerLabel, MAX_MERGED_GAP_MS)) {
            out.append(String.format(Locale.ROOT, "SPEAKER %s 1 %.3f %.3f <NA> <NA> %s <NA> <NA>\n",
                    field(turn.spaceId()), turn.startMs() / 1000.0, Math.max(0, turn.endMs() - turn.startMs()) / 1000.0,
                    turn.speaker()));
        }
        return out.toString();
    }

    /** The participant id when known, else a slug of the display name such as {@code elon-musk}. */
    static String speakerLabel(TranscriptEvent utterance) {
        String id = utterance.getSpeaker().getId();
        if (id != null && !id.isBlank()) {
            return field(id);
        }
        String slug = NOT_LETTER_OR_DIGIT.matcher(utterance.getSpeaker().getDisplayName().toLowerCase(Locale.ROOT))
                .replaceAll("-");
        slug = slug.replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "unknown" : slug;
    }

    private static String field(String value) {
        String field = WHITESPACE.matcher(ControlCharacters.strip(value).strip()).replaceAll("_");
        return field.isEmpty() ? "_" : field;
    }
}
