package io.spacecaps.eval;

import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.Word;

import java.util.Collection;
import java.util.Comparator;
import java.util.stream.Collectors;

/**
 * What the recogniser heard, as Vosk's own tokens ({@code words}), for scoring recognition. A caption's
 * {@code text} is written for people (sentences, casing, "$44 billion"), so scoring it would mix the
 * formatter's choices into the recogniser's errors.
 */
public final class RecognisedWords {

    private static final Comparator<TranscriptEvent> BY_START_THEN_UTTERANCE =
            Comparator.comparingLong(TranscriptEvent::getStartMs).thenComparing(TranscriptEvent::getUtteranceId);

    private RecognisedWords() {
    }

    /** The caption's words joined by spaces; empty for a caption that carries none. */
    public static String of(TranscriptEvent caption) {
        return caption.getWords().stream().map(Word::getWord).collect(Collectors.joining(" "));
    }

    /** Whether the caption carries recognised words (a track's closing final, or a "captions off" one, does not). */
    public static boolean any(TranscriptEvent caption) {
        return !caption.getWords().isEmpty();
    }

    /** The words of every caption, in the order they were spoken. */
    public static String inTimeOrder(Collection<TranscriptEvent> captions) {
        return captions.stream().filter(RecognisedWords::any).sorted(BY_START_THEN_UTTERANCE)
                .map(RecognisedWords::of).collect(Collectors.joining(" "));
    }
}
