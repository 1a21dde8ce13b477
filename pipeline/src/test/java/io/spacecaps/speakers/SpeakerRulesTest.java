package io.spacecaps.speakers;

import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.CaptionMarker;
import io.spacecaps.schema.MarkerType;
import io.spacecaps.schema.Role;
import io.spacecaps.schema.Speaker;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The small pure rules the speaker stage is built from. */
class SpeakerRulesTest {

    @Test
    void speakingIndicatorsGiveTheSameIntervalsWhateverOrderTheEventsCameIn() {
        long[] inOrder = SpeakingIndicators.started(null, 1_000);
        inOrder = SpeakingIndicators.stopped(inOrder, 2_000);
        inOrder = SpeakingIndicators.started(inOrder, 5_000);
        long[] shuffled = SpeakingIndicators.started(null, 5_000);
        shuffled = SpeakingIndicators.stopped(shuffled, 2_000);
        shuffled = SpeakingIndicators.started(shuffled, 1_000);
        assertArrayEquals(new long[]{1_000, 2_000, 5_000, SpeakerTimeline.OPEN}, SpeakingIndicators.intervals(inOrder));
        assertArrayEquals(SpeakingIndicators.intervals(inOrder), SpeakingIndicators.intervals(shuffled));

        long[] doubled = SpeakingIndicators.started(SpeakingIndicators.started(null, 100), 300);
        doubled = SpeakingIndicators.stopped(SpeakingIndicators.stopped(doubled, 400), 600);
        assertArrayEquals(new long[]{100, 400}, SpeakingIndicators.intervals(doubled), "a start while speaking and a stop while silent change nothing");
    }

    @Test
    void theIndicatorHistoryIsBounded() {
        long[] history = null;
        for (int i = 0; i < 2 * SpeakingIndicators.MAX_EVENTS; i++) {
            history = i % 2 == 0 ? SpeakingIndicators.started(history, i * 10L) : SpeakingIndicators.stopped(history, i * 10L);
        }
        assertEquals(2 * SpeakingIndicators.MAX_EVENTS, history.length);
        assertEquals(SpeakingIndicators.MAX_EVENTS * 10L, history[0], "the oldest events went first");
    }

    @Test
    void aVoiceIsNamedOnlyByAMajorityOfItsVotes() {
        List<Map.Entry<String, Long>> votes = List.of(Map.entry(VoiceNames.key("voice-1", "ann"), 600L),
                Map.entry(VoiceNames.key("voice-1", "bob"), 300L), Map.entry(VoiceNames.key("voice-2", "bob"), 100L));
        Map.Entry<String, Float> winner = VoiceNames.winner("voice-1", votes);
        assertEquals("ann", winner.getKey());
        assertEquals(600f / 900f, winner.getValue(), 1e-6);
        assertNull(VoiceNames.winner("voice-3", votes));
        assertNull(VoiceNames.winner("voice-1", List.of(Map.entry(VoiceNames.key("voice-1", "ann"), 500L),
                Map.entry(VoiceNames.key("voice-1", "bob"), 500L))), "a tie names nobody");
    }

    @Test
    void crosstalkIsOverlapOfAQuarterSecondOrMore() {
        List<CaptionMarker> markers = Crosstalk.overlaps(1_000, 3_000, List.of(new long[]{0, 1_200, 2_900, 4_000}, new long[]{2_000, 2_100}));
        assertEquals(List.of(), markers, "200 ms and 100 ms overlaps are turn-taking");
        assertEquals(List.of(new CaptionMarker(MarkerType.CROSSTALK, 1_000L, 1_300L)),
                Crosstalk.overlaps(1_000, 3_000, List.of(new long[]{0, 1_300})));
        long[] recent = Crosstalk.spoke(null, 0, 1_000);
        recent = Crosstalk.spoke(recent, 100_000, 101_000);
        assertArrayEquals(new long[]{100_000, 101_000}, recent, "a track's speech is remembered for a minute");
    }

    @Test
    void theRosterNamesAParticipantAsTheyWereNamedThen() {
        RosterEntry entry = new RosterEntry().with(0, "James Clayton", null, "SPEAKER", true).with(6_000, "J. Clayton", null, null, true);
        Speaker before = RosterEntry.speaker(entry, "p1", Attribution.TRACK, 5_000, 1f);
        Speaker after = RosterEntry.speaker(entry, "p1", Attribution.TRACK, 7_000, 1f);
        assertEquals("James Clayton", before.getDisplayName());
        assertEquals("J. Clayton", after.getDisplayName());
        assertEquals(Role.SPEAKER, after.getRole(), "a rename keeps the role");
        assertEquals("p9", RosterEntry.speaker(null, "p9", Attribution.TRACK, 0, 0.5f).getDisplayName(), "no roster: the id stands in");

        RosterEntry shuffled = new RosterEntry().with(6_000, "J. Clayton", null, null, true).with(0, "James Clayton", null, "SPEAKER", true);
        assertEquals(before, RosterEntry.speaker(shuffled, "p1", Attribution.TRACK, 5_000, 1f), "the same history whatever the order");
        assertEquals(after, RosterEntry.speaker(shuffled, "p1", Attribution.TRACK, 7_000, 1f));
    }
}
