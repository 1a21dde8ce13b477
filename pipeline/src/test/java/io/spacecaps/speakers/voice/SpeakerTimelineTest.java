package io.spacecaps.speakers.voice;

import io.spacecaps.schema.Word;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpeakerTimelineTest {

    private static SpeakerTimeline timeline() {
        SpeakerTimeline t = new SpeakerTimeline();
        t.add(new LabelledSegment(1_000, 3_000, 1, 0.9f));
        t.add(new LabelledSegment(3_000, 4_000, 1, 0.8f));
        t.add(new LabelledSegment(4_600, 7_000, 2, 0.7f));
        t.add(new LabelledSegment(9_000, 9_500, 1, 0.4f));
        return t;
    }

    private static Word word(String text, long startMs, long endMs) {
        return Word.newBuilder().setWord(text).setStartMs(startMs).setEndMs(endMs).setConfidence(1f).build();
    }

    @Test
    void answersWhichLabelCoversATime() {
        SpeakerTimeline t = timeline();

        assertEquals(0, t.labelAt(500));
        assertEquals(1, t.labelAt(1_000));
        assertEquals(1, t.labelAt(3_999));
        assertEquals(0, t.labelAt(4_300));
        assertEquals(2, t.labelAt(4_600));
        assertEquals(0, t.labelAt(8_000));
        assertEquals(1, t.labelAt(9_200));
        assertEquals(1, t.labelAt(4_300, 500), "a pause takes the nearest speech's label");
        assertEquals(2, t.labelAt(4_400, 500));
        assertTrue(t.segmentAt(5_000).isPresent());
    }

    @Test
    void splitsWordsWhereTheVoiceChanges() {
        List<Word> words = List.of(word("so", 2_500, 2_800), word("what", 2_900, 3_300), word("do", 3_400, 3_900),
                word("you", 4_100, 4_700), word("mean", 4_800, 5_200), word("exactly", 8_700, 9_300));

        List<SpeakerTimeline.Run<Word>> runs = timeline().splitWords(words);

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
    void wordsFarFromAnySpeechKeepThePreviousLabelOrNone() {
        List<Word> words = List.of(word("hm", 100, 200), word("yes", 1_100, 1_400), word("right", 7_800, 8_100));

        List<SpeakerTimeline.Run<Word>> runs = timeline().splitWords(words);

        assertEquals(2, runs.size());
        assertEquals(0, runs.get(0).label());
        assertEquals(1, runs.get(1).label());
        assertEquals(List.of("yes", "right"), runs.get(1).items().stream().map(Word::getWord).toList());
    }

    @Test
    void forgetsSegmentsOlderThanItsRetention() {
        SpeakerTimeline t = new SpeakerTimeline(5_000);
        t.add(new LabelledSegment(0, 1_000, 1, 1f));
        t.add(new LabelledSegment(2_000, 4_000, 2, 1f));
        t.add(new LabelledSegment(8_000, 9_000, 1, 1f));

        // Kept: everything ending within 5 s of the newest end (9 s), so from 4 s on.
        assertEquals(2, t.segments().size());
        assertEquals(0, t.labelAt(500));
        assertEquals(2, t.labelAt(3_000));
    }

    @Test
    void segmentsMustComeInTimeOrder() {
        SpeakerTimeline t = timeline();
        assertThrows(IllegalArgumentException.class, () -> t.add(new LabelledSegment(9_400, 9_800, 2, 1f)));
    }
}
