package io.spacecaps.eval;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DiarizationErrorRateTest {

    private static SpeakerSegment s(String speaker, long startMs, long endMs) {
        return new SpeakerSegment(speaker, startMs, endMs);
    }

    private static final List<SpeakerSegment> TWO_TURNS = List.of(s("alice", 0, 10_000), s("bob", 10_000, 20_000));

    @Test
    void perfectHypothesisWithOtherLabelsScoresZero() {
        DiarizationErrorRate.Result r = DiarizationErrorRate.score(TWO_TURNS,
                List.of(s("Speaker 2", 0, 10_000), s("Speaker 1", 10_000, 20_000)), 0);

        assertEquals(20_000, r.referenceMs());
        assertEquals(0, r.errorMs());
        assertEquals(0.0, r.der());
        assertEquals(Map.of("alice", "Speaker 2", "bob", "Speaker 1"), r.mapping());
    }

    @Test
    void missedSpeechIsReferenceTimeWithoutAnyHypothesis() {
        DiarizationErrorRate.Result r = DiarizationErrorRate.score(TWO_TURNS,
                List.of(s("x", 0, 8_000), s("y", 10_000, 20_000)), 0);

        assertEquals(2_000, r.missedMs());
        assertEquals(0, r.falseAlarmMs());
        assertEquals(0, r.confusionMs());
        assertEquals(0.10, r.der(), 1e-12);
    }

    @Test
    void falseAlarmIsHypothesisSpeechWhereNobodySpeaks() {
        DiarizationErrorRate.Result r = DiarizationErrorRate.score(TWO_TURNS,
                List.of(s("x", 0, 10_000), s("y", 10_000, 23_000)), 0);

        assertEquals(3_000, r.falseAlarmMs());
        assertEquals(0.15, r.der(), 1e-12);
    }

    @Test
    void confusionIsSpeechGivenToTheWrongMappedSpeaker() {
        DiarizationErrorRate.Result r = DiarizationErrorRate.score(TWO_TURNS,
                List.of(s("x", 0, 15_000), s("y", 15_000, 20_000)), 0);

        assertEquals(Map.of("alice", "x", "bob", "y"), r.mapping());
        assertEquals(5_000, r.confusionMs());
        assertEquals(0, r.missedMs() + r.falseAlarmMs());
        assertEquals(0.25, r.der(), 1e-12);
    }

    @Test
    void theMappingIsOptimalNotGreedyAndAnExtraHypothesisSpeakerIsConfusion() {
        // Greedy by largest overlap would pair alice with x (6 s) and leave bob with nothing matched.
        List<SpeakerSegment> ref = List.of(s("alice", 0, 10_000), s("bob", 10_000, 16_000));
        List<SpeakerSegment> hyp = List.of(s("y", 0, 4_000), s("x", 4_000, 16_000));

        DiarizationErrorRate.Result r = DiarizationErrorRate.score(ref, hyp, 0);

        assertEquals(Map.of("alice", "y", "bob", "x"), r.mapping());
        assertEquals(6_000, r.confusionMs());
    }

    @Test
    void collarForgivesBoundaryJitterAndShrinksTheScoredTime() {
        List<SpeakerSegment> hyp = List.of(s("x", 0, 10_200), s("y", 10_200, 20_000));

        DiarizationErrorRate.Result strict = DiarizationErrorRate.score(TWO_TURNS, hyp, 0);
        DiarizationErrorRate.Result collared = DiarizationErrorRate.score(TWO_TURNS, hyp, 250);

        assertEquals(200, strict.confusionMs());
        assertEquals(0, collared.errorMs());
        // 250 ms after 0, 500 ms around 10 s (one boundary of both speakers), 250 ms before 20 s.
        assertEquals(19_000, collared.referenceMs());
    }

    @Test
    void overlappingReferenceSpeechCountsOncePerSpeaker() {
        List<SpeakerSegment> ref = List.of(s("alice", 0, 10_000), s("bob", 5_000, 10_000));

        DiarizationErrorRate.Result r = DiarizationErrorRate.score(ref, List.of(s("x", 0, 10_000)), 0);

        assertEquals(15_000, r.referenceMs());
        assertEquals(5_000, r.missedMs());
        assertEquals(0, r.confusionMs());
        assertEquals(1 / 3.0, r.der(), 1e-12);
    }

    @Test
    void labelPermutationsScoreAlike() {
        List<SpeakerSegment> ref = List.of(s("a", 0, 3_000), s("b", 3_000, 7_000), s("c", 6_000, 9_000),
                s("a", 9_500, 12_000));
        List<SpeakerSegment> hyp = List.of(s("1", 200, 3_100), s("2", 3_100, 6_500), s("3", 6_500, 9_000),
                s("1", 9_400, 11_000), s("2", 11_000, 12_500));
        DiarizationErrorRate.Result base = DiarizationErrorRate.score(ref, hyp, 0);

        List<SpeakerSegment> renamed = hyp.stream()
                .map(h -> s(Map.of("1", "z", "2", "x", "3", "y").get(h.speaker()), h.startMs(), h.endMs()))
                .toList();
        DiarizationErrorRate.Result permuted = DiarizationErrorRate.score(ref, renamed, 0);

        assertEquals(base.missedMs(), permuted.missedMs());
        assertEquals(base.falseAlarmMs(), permuted.falseAlarmMs());
        assertEquals(base.confusionMs(), permuted.confusionMs());
        assertEquals(base.referenceMs(), permuted.referenceMs());
    }

    @Test
    void segmentsOfOneSpeakerThatTouchMakeNoCollarBoundary() {
        List<SpeakerSegment> split = List.of(s("alice", 0, 5_000), s("alice", 5_000, 10_000));

        DiarizationErrorRate.Result r = DiarizationErrorRate.score(split, List.of(s("x", 0, 10_000)), 250);

        // Collars at 0 and 10 s only (250 ms of each inside the timeline), none at 5 s.
        assertEquals(9_500, r.referenceMs());
    }

    @Test
    void emptySidesAreAllMissedOrNothing() {
        assertEquals(1.0, DiarizationErrorRate.score(TWO_TURNS, List.of(), 0).der());
        assertEquals(0.0, DiarizationErrorRate.score(List.of(), List.of(), 250).der());
        assertEquals(Double.POSITIVE_INFINITY, DiarizationErrorRate.score(List.of(), TWO_TURNS, 0).der());
    }

    @Test
    void resultsAddUpTimesNotRates() {
        DiarizationErrorRate.Result a = new DiarizationErrorRate.Result(10_000, 1_000, 0, 0, Map.of());
        DiarizationErrorRate.Result b = new DiarizationErrorRate.Result(30_000, 0, 1_000, 2_000, Map.of());

        assertEquals(0.1, a.add(b).der(), 1e-12);
    }

    @Test
    void rejectsANegativeCollar() {
        assertThrows(IllegalArgumentException.class, () -> DiarizationErrorRate.score(TWO_TURNS, TWO_TURNS, -1));
    }

    @Test
    void hungarianAssignmentHandlesRectangularGains() {
        assertArrayEquals(new int[]{1, 0},
                DiarizationErrorRate.maximumAssignment(new long[][]{{5, 6, 0}, {5, 1, 0}}));
        assertArrayEquals(new int[]{0, -1, 1},
                DiarizationErrorRate.maximumAssignment(new long[][]{{9, 0}, {1, 1}, {0, 8}}));
        assertArrayEquals(new int[0], DiarizationErrorRate.maximumAssignment(new long[0][0]));
    }
}
