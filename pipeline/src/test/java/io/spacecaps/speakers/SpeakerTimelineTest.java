package io.spacecaps.speakers;

import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.Word;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class SpeakerTimelineTest {

    private static SpeakerTimeline<Integer> voices() {
        SpeakerTimeline<Integer> t = new SpeakerTimeline<>();
        t.add(new SpeakerTimeline.Span<>(1_000, 3_000, 1, 0.9f));
        t.add(new SpeakerTimeline.Span<>(3_000, 4_000, 1, 0.8f));
        t.add(new SpeakerTimeline.Span<>(4_600, 7_000, 2, 0.7f));
        t.add(new SpeakerTimeline.Span<>(9_000, 9_500, 1, 0.4f));
        return t;
    }

    private static Word word(String text, long startMs, long endMs) {
        return Word.newBuilder().setWord(text).setStartMs(startMs).setEndMs(endMs).setConfidence(1f).build();
    }

    private static List<SpeakerTimeline.Run<Integer, Word>> split(SpeakerTimeline<Integer> t, List<Word> words) {
        return t.split(words, Word::getStartMs, Word::getEndMs, SpeakerTimeline.DEFAULT_SNAP_MS);
    }

    @Test
    void answersWhoSpokeAtATime() {
        SpeakerTimeline<Integer> t = voices();

        assertNull(t.labelAt(500, 0));
        assertEquals(1, t.labelAt(1_000, 0));
        assertEquals(1, t.labelAt(3_999, 0));
        assertNull(t.labelAt(4_300, 0));
        assertEquals(2, t.labelAt(4_600, 0));
        assertNull(t.labelAt(8_000, 0));
        assertEquals(1, t.labelAt(9_200, 0));
        assertEquals(1, t.labelAt(4_300, 500), "a pause takes the nearest speech's label");
        assertEquals(2, t.labelAt(4_400, 500));
        assertEquals(2, t.labelOf(3_800, 5_000, 0), "the span that overlaps most");
        assertEquals(2, t.latestAt(8_000).label());
    }

    @Test
    void splitsWordsWhereTheVoiceChanges() {
        List<Word> words = List.of(word("so", 2_500, 2_800), word("what", 2_900, 3_300), word("do", 3_400, 3_900),
                word("you", 4_100, 4_700), word("mean", 4_800, 5_200), word("exactly", 8_700, 9_300));

        List<SpeakerTimeline.Run<Integer, Word>> runs = split(voices(), words);

        assertEquals(3, runs.size());
        assertEquals(1, runs.get(0).label());
        assertEquals(List.of("so", "what", "do"), runs.get(0).items().stream().map(Word::getWord).toList());
        assertEquals(2_500, runs.get(0).startMs());
        assertEquals(3_900, runs.get(0).endMs());
        assertEquals(0.8f, runs.get(0).confidence());
        // "you" overlaps voice 2 more than voice 1.
        assertEquals(2, runs.get(1).label());
        assertEquals(List.of("you", "mean"), runs.get(1).items().stream().map(Word::getWord).toList());
        assertEquals(1, runs.get(2).label());
    }

    @Test
    void wordsFarFromAnySpeechKeepThePreviousSpeakerOrNone() {
        List<Word> words = List.of(word("hm", 100, 200), word("yes", 1_100, 1_400), word("right", 7_800, 8_100));

        List<SpeakerTimeline.Run<Integer, Word>> runs = split(voices(), words);

        assertEquals(2, runs.size());
        assertNull(runs.get(0).label());
        assertEquals(1, runs.get(1).label());
        assertEquals(List.of("yes", "right"), runs.get(1).items().stream().map(Word::getWord).toList());
    }

    @Test
    void openAndOverlappingSpansOfTheRoomWork() {
        SpeakerTimeline<String> room = new SpeakerTimeline<>();
        room.add(new SpeakerTimeline.Span<>(1_000, SpeakerTimeline.OPEN, "guest", 1f));
        room.add(new SpeakerTimeline.Span<>(0, SpeakerTimeline.OPEN, "host", 1f));
        assertEquals("host", room.spans().get(0).label(), "spans are kept in order of their start");
        room.close("host", 900);
        room.close("guest", 1_600);
        room.add(new SpeakerTimeline.Span<>(1_600, SpeakerTimeline.OPEN, "host", 1f));
        assertEquals("host", room.labelAt(500, 0));
        assertEquals("guest", room.labelAt(1_200, 0));
        assertEquals("host", room.labelAt(60_000, 0), "an open span goes on");
        room.forgetBefore(1_000);
        assertEquals(2, room.spans().size(), "the host's first span ended before 1 s");
    }

    @Test
    void theSplitterCutsACaptionIntoPiecesWithTheirOwnIdsAndTimes() {
        List<Word> words = List.of(word("so", 2_500, 2_800), word("what", 2_900, 3_300), word("you", 4_700, 4_900), word("mean", 5_000, 5_200));
        TranscriptEvent whole = io.spacecaps.testing.Captions.finalOf("mixed", words);

        List<CaptionSplitter.Piece<Integer>> pieces = CaptionSplitter.split(whole, voices(), SpeakerTimeline.DEFAULT_SNAP_MS);

        assertEquals(2, pieces.size());
        assertEquals("so what", pieces.get(0).caption().getText());
        assertEquals(1, pieces.get(0).label());
        assertEquals("you mean", pieces.get(1).caption().getText());
        assertEquals(2, pieces.get(1).label());
        assertEquals(whole.getUtteranceId() + "/2", pieces.get(1).caption().getUtteranceId());
        assertEquals(4_700, pieces.get(1).caption().getStartMs());
        assertEquals(whole.getWallClockStart().toEpochMilli() + 2_200, pieces.get(1).caption().getWallClockStart().toEpochMilli());
        assertNotEquals(pieces.get(0).caption().getEventId(), pieces.get(1).caption().getEventId());
        assertEquals(pieces.get(1).caption().getEventId(),
                CaptionSplitter.split(whole, voices(), SpeakerTimeline.DEFAULT_SNAP_MS).get(1).caption().getEventId(),
                "the same cut gives the same ids");

        List<CaptionSplitter.Piece<Integer>> one = CaptionSplitter.split(whole, new SpeakerTimeline<>(), SpeakerTimeline.DEFAULT_SNAP_MS);
        assertEquals(1, one.size());
        assertEquals(whole, one.get(0).caption(), "one speaker: the caption stays itself");
        assertNull(one.get(0).label());
    }
}
