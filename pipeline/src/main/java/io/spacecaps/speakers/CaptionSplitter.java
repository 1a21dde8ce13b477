package io.spacecaps.speakers;

import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.Word;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a final caption where its speaker changes on a {@link SpeakerTimeline}: the one splitter of
 * the job, for voices on a mixed track and for the room's speaking indicators alike.
 */
public final class CaptionSplitter {

    /** A piece of a caption spoken by one speaker ({@code label} null: nobody near it on the timeline). */
    public record Piece<L>(TranscriptEvent caption, L label, float confidence) {
    }

    private CaptionSplitter() {
    }

    /**
     * The caption in pieces, one per run of words of one speaker. A caption one speaker spoke whole
     * stays itself; pieces get utterance ids {@code <id>/1}, {@code <id>/2}, … and event ids derived
     * from the caption's, so a replay cuts and names them the same way.
     */
    public static <L> List<Piece<L>> split(TranscriptEvent caption, SpeakerTimeline<L> timeline, long snapMs) {
        List<SpeakerTimeline.Run<L, Word>> runs = timeline.split(caption.getWords(), Word::getStartMs, Word::getEndMs, snapMs);
        if (runs.size() <= 1) {
            SpeakerTimeline.Run<L, Word> only = runs.isEmpty() ? null : runs.get(0);
            L label = only != null ? only.label() : timeline.labelOf(caption.getStartMs(), caption.getEndMs(), snapMs);
            return List.of(new Piece<>(caption, label, only != null ? only.confidence() : 0f));
        }
        List<Piece<L>> pieces = new ArrayList<>(runs.size());
        for (int k = 0; k < runs.size(); k++) {
            SpeakerTimeline.Run<L, Word> run = runs.get(k);
            pieces.add(new Piece<>(piece(caption, k, run.items()), run.label(), run.confidence()));
        }
        return pieces;
    }

    /** The k-th piece of a caption: its own utterance id, event id, words, text and times. */
    static TranscriptEvent piece(TranscriptEvent whole, int k, List<Word> words) {
        String suffix = "/" + (k + 1);
        long start = words.get(0).getStartMs();
        return TranscriptEvent.newBuilder(whole)
                .setUtteranceId(whole.getUtteranceId() + suffix)
                .setEventId(DerivedEventId.of(whole.getEventId(), suffix))
                .setText(String.join(" ", words.stream().map(Word::getWord).toList()))
                .setWords(new ArrayList<>(words))
                .setStartMs(start)
                .setEndMs(words.get(words.size() - 1).getEndMs())
                .setWallClockStart(Instant.ofEpochMilli(whole.getWallClockStart().toEpochMilli() - whole.getStartMs() + start))
                .setMarkers(whole.getMarkers().stream()
                        .filter(m -> m.getEndMs() > start && m.getStartMs() < words.get(words.size() - 1).getEndMs()).toList())
                .build();
    }
}
