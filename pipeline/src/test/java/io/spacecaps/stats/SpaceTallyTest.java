package io.spacecaps.stats;

import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.SpaceStats;
import io.spacecaps.schema.Speaker;
import io.spacecaps.schema.SpeakerStats;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.testing.Captions;
import org.junit.jupiter.api.Test;

import static io.spacecaps.testing.Captions.SPACE_START;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The accumulator's arithmetic, without Flink. */
class SpaceTallyTest {

    @Test
    void speechAndOverlapAreTheUnionAndTheDoubleCoveredTimeOfTheSpans() {
        assertArrayEquals(new long[]{0, 0}, SpaceTally.cover(new long[0]));
        assertArrayEquals(new long[]{3_000, 0}, SpaceTally.cover(new long[]{0, 1_000, 2_000, 4_000}));
        assertArrayEquals(new long[]{4_000, 1_500}, SpaceTally.cover(new long[]{0, 2_500, 1_000, 4_000, 1_200, 1_800}));
    }

    @Test
    void spansFoldedAfterAMinuteStillCountOnce() {
        SpaceTally tally = new SpaceTally();
        tally.onStart(SPACE_START, "t");
        tally.onFinal(finalOf("ann", 0, "one two three"), SPACE_START + 1_000);
        tally.onFinal(finalOf("bob", 300, "four five"), SPACE_START + 1_000);
        tally.onFinal(finalOf("ann", 120_000, "later on"), SPACE_START + 121_000);
        SpaceStats stats = tally.snapshot("s1", 125_000, SPACE_START + 125_000, false);
        assertEquals(680 + 380, stats.getSpeechMs(), "ann 0-0.58 s and bob 0.3-0.68 s: 0-0.68 s; then 120.0-120.38 s");
        assertEquals(280, stats.getOverlapMs());
    }

    @Test
    void aFloodOfMadeUpSpeakersIsCountedTogetherBeyondTheCap() {
        SpaceTally tally = new SpaceTally();
        tally.onStart(SPACE_START, "t");
        for (int i = 0; i < SpaceTally.MAX_SPEAKERS + 500; i++) {
            tally.onFinal(finalOf("p" + i, i * 1_000L, "hello"), SPACE_START + i * 1_000L + 100);
        }
        SpaceStats stats = tally.snapshot("s1", 1_000_000, SPACE_START, false);
        assertEquals(SpaceTally.MAX_SPEAKERS, stats.getSpeakers().size());
        SpeakerStats others = stats.getSpeakers().stream().filter(s -> s.getSpeakerId().equals(SpaceTally.OTHER_SPEAKERS)).findFirst().orElseThrow();
        assertEquals(501, others.getWords(), "every word still counted");
        assertEquals(SpaceTally.OTHER_SPEAKERS, others.getDisplayName());
    }

    private static TranscriptEvent finalOf(String who, long startMs, String text) {
        TranscriptEvent caption = Captions.caption(TranscriptKind.FINAL, who, who, Captions.words(startMs, text), 0).build();
        caption.setSpeaker(Speaker.newBuilder().setId(who).setDisplayName(who).setAttribution(Attribution.TRACK).setConfidence(1f).build());
        return caption;
    }
}
