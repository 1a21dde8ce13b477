package io.spacecaps.stats;

import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.SpaceStats;
import io.spacecaps.schema.Speaker;
import io.spacecaps.schema.SpeakerStats;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.testing.Captions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.spacecaps.testing.Captions.SPACE_START;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The accumulator's arithmetic, without Flink. */
class SpaceTallyTest {

    @Test
    void speechAndOverlapAreTheUnionAndTheDoubleCoveredTimeOfTheSpans() {
        assertArrayEquals(new long[]{0, 0}, SpaceTally.cover(new long[0]));
        assertArrayEquals(new long[]{3_000, 0}, SpaceTally.cover(new long[]{0, 1_000, 0, 0, 2_000, 4_000, 1, 0}));
        assertArrayEquals(new long[]{4_000, 1_500}, SpaceTally.cover(new long[]{0, 2_500, 0, 0, 1_000, 4_000, 1, 0, 1_200, 1_800, 2, 1}));
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
    void turnsAndMonologuesFollowWhenSpeechStartedNotWhichFinalCameFirst() {
        // Ann speaks from 0 to 20 s in one long utterance; Bob says "yeah" at 8 s, inside it; Ann goes on
        // at 22 s; Bob answers at 40 s. Bob's "yeah" is finished long before Ann's first final.
        TranscriptEvent annLong = finalOf("ann", 0, "so the thing is that we never quite know how it went");
        annLong.setEndMs(20_000);
        TranscriptEvent bobYeah = finalOf("bob", 8_000, "yeah");
        TranscriptEvent annOn = finalOf("ann", 22_000, "and then it went on");
        TranscriptEvent bobAnswer = finalOf("bob", 40_000, "right okay");
        SpaceStats inTimeOrder = tallied(annLong, bobYeah, annOn, bobAnswer);
        SpaceStats asTheyArrived = tallied(bobYeah, annLong, annOn, bobAnswer);
        for (SpaceStats stats : new SpaceStats[]{inTimeOrder, asTheyArrived}) {
            SpeakerStats ann = of(stats, "ann");
            SpeakerStats bob = of(stats, "bob");
            assertEquals(List.of(2, 2), List.of(ann.getTurns(), bob.getTurns()), "ann, bob's yeah, ann again, bob");
            assertEquals(20_000, ann.getLongestMonologueMs());
        }
        // The same once the spans are folded into the totals, a minute later.
        SpaceTally tally = new SpaceTally();
        tally.onStart(SPACE_START, "t");
        for (TranscriptEvent f : List.of(bobYeah, annLong, annOn, bobAnswer, finalOf("ann", 200_000, "much later"))) {
            tally.onFinal(f, SPACE_START + f.getEndMs());
        }
        assertEquals(SpaceTally.SPAN, tally.openSpans.length, "all but the last span folded");
        SpaceStats folded = tally.snapshot("s1", 201_000, SPACE_START + 201_000, false);
        assertEquals(List.of(3, 2), List.of(of(folded, "ann").getTurns(), of(folded, "bob").getTurns()));
    }

    private static SpaceStats tallied(TranscriptEvent... finals) {
        SpaceTally tally = new SpaceTally();
        tally.onStart(SPACE_START, "t");
        for (TranscriptEvent f : finals) {
            tally.onFinal(f, SPACE_START + f.getEndMs());
        }
        return tally.snapshot("s1", 45_000, SPACE_START + 45_000, false);
    }

    private static SpeakerStats of(SpaceStats stats, String speakerId) {
        return stats.getSpeakers().stream().filter(s -> s.getSpeakerId().equals(speakerId)).findFirst().orElseThrow();
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
