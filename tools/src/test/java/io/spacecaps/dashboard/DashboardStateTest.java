package io.spacecaps.dashboard;

import io.spacecaps.testing.SpaceRecords;
import io.spacecaps.schema.Role;
import io.spacecaps.schema.TranscriptEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DashboardStateTest {

    private final SpaceRecords space = new SpaceRecords("s1");
    private final DashboardState state = new DashboardState(5, 3);
    private long clock = 1_000;

    private DashboardState.Batch apply(Object... records) {
        DashboardState.Batch batch = new DashboardState.Batch();
        for (Object record : records) {
            state.apply(record, clock++, batch);
        }
        return batch;
    }

    private Views.SpaceDetail detail() {
        return state.space("s1").orElseThrow();
    }

    @Test
    void finalsAreShownInSpaceTimeOrderOnceEach() {
        TranscriptEvent late = space.finalCaption("bob", "Bob", 0, 1_000, 2_000, "Hi there.");
        apply(space.started("Morning show"),
                space.finalCaption("ann", "Ann", 0, 3_000, 4_000, "Second, said later."),
                late, late);
        Views.SpaceDetail detail = detail();
        assertEquals(List.of("Hi there.", "Second, said later."), detail.captions().stream().map(Views.Caption::text).toList());
        assertEquals("Morning show", detail.space().title());
        assertTrue(detail.space().live());
        // Colours in the order speakers were first heard.
        assertEquals(0, detail.captions().get(1).colour());
        assertEquals(1, detail.captions().get(0).colour());
    }

    @Test
    void aFinalsProvisionalCopyShowsItAtOnceAndItsCommittedCopyChangesNothing() {
        TranscriptEvent committed = space.finalCaption("ann", "Ann", 0, 0, 1_200, "So what I mean.");
        apply(space.partial("ann", "Ann", 0, 0, 0, "so what", 1));
        DashboardState.Batch live = apply(TranscriptEvent.newBuilder(committed).setProvisional(true).build());
        assertEquals(1, live.changes.get("s1").captions.size(), "shown at once");
        assertTrue(detail().partials().isEmpty(), "and the partial line cleared");
        DashboardState.Batch later = apply(committed);
        assertTrue(later.changes.isEmpty() || later.changes.get("s1").captions.isEmpty(), "the committed copy adds nothing");
        assertEquals(List.of("So what I mean."), detail().captions().stream().map(Views.Caption::text).toList());
    }

    @Test
    void aPartialIsReplacedByANewerRevisionAndClearedByItsFinal() {
        DashboardState.Batch first = apply(space.partial("ann", "Ann", 0, 0, 0, "so what", 1));
        assertEquals("so", first.changes.get("s1").partials.get("ann").stable());
        assertEquals("what", first.changes.get("s1").partials.get("ann").tentative());

        apply(space.partial("ann", "Ann", 0, 2, 0, "so what I mean", 3), space.partial("ann", "Ann", 0, 1, 0, "so what i", 2));
        Views.Partial now = detail().partials().get(0);
        assertEquals(2, now.revision(), "an older revision arriving late changes nothing");
        assertEquals("so what I", now.stable());
        assertEquals("mean", now.tentative());

        DashboardState.Batch done = apply(space.finalCaption("ann", "Ann", 0, 0, 1_200, "So what I mean."));
        assertTrue(done.changes.get("s1").partials.containsKey("ann"));
        assertNull(done.changes.get("s1").partials.get("ann"), "the track no longer speaks");
        assertTrue(detail().partials().isEmpty());

        apply(space.partial("ann", "Ann", 0, 3, 0, "so what I mean", 4));
        assertTrue(detail().partials().isEmpty(), "a partial read after its final is old news");
    }

    @Test
    void theEndOfATrackClearsItsPartialAndShowsNoCaption() {
        apply(space.partial("ann", "Ann", 4, 0, 0, "and", 0), space.endOfTrack("ann", "Ann", 5, 9_000));
        assertTrue(detail().partials().isEmpty());
        assertTrue(detail().captions().isEmpty());
    }

    @Test
    void captionsOffIsACaptionWithoutWords() {
        apply(space.captionsOff("cy", "Cy", 0, 500, 2_500));
        Views.Caption off = detail().captions().get(0);
        assertTrue(off.captionsOff());
        assertEquals("Cy", off.speaker());
        assertEquals("CAPTIONS_OFF", off.markers().get(0).type());
    }

    @Test
    void captionsAreBoundedKeepingTheNewest() {
        for (int i = 0; i < 8; i++) {
            apply(space.finalCaption("ann", "Ann", i, i * 1_000L, i * 1_000L + 900, "Line " + i + "."));
        }
        Views.SpaceDetail detail = detail();
        assertEquals(5, detail.captions().size());
        assertEquals("Line 3.", detail.captions().get(0).text());
        assertTrue(detail.captionsTrimmed());
        assertEquals(5, state.finals("s1").orElseThrow().size());
    }

    @Test
    void spacesAreBoundedForgettingTheOneThatEndedLongestAgoFirst() {
        SpaceRecords a = new SpaceRecords("a");
        SpaceRecords b = new SpaceRecords("b");
        SpaceRecords c = new SpaceRecords("c");
        SpaceRecords d = new SpaceRecords("d");
        apply(a.started("A"), b.started("B"), c.started("C"), b.ended(10_000), a.ended(20_000));
        DashboardState.Batch batch = apply(d.started("D"));
        assertTrue(batch.listChanged);
        assertEquals(List.of("c", "d", "a"), state.spaces().stream().map(Views.SpaceSummary::id).toList(),
                "b ended first, so it goes; live ones are listed first");
        apply(b.finalCaption("ann", "Ann", 0, 0, 1_000, "Too late."));
        assertTrue(state.space("b").isEmpty(), "a forgotten Space's stragglers do not bring it back");
    }

    @Test
    void theNewestStatsWinAndTheSummaryEndsTheSpace() {
        var ann = new SpaceRecords.Talk("ann", "Ann", 6_000, 0.6f, 20, 200f);
        var bob = new SpaceRecords.Talk("bob", "Bob", 4_000, 0.4f, 10, 150f);
        apply(space.started("S"), space.partial("bob", "Bob", 0, 0, 0, "well", 0),
                space.stats(10_000, false, List.of(ann, bob), Map.of("rockets", 4)),
                space.stats(5_000, false, List.of(ann), Map.of()));
        Views.Stats stats = detail().stats();
        assertEquals(10_000, stats.upToMs(), "an older record read later changes nothing");
        assertEquals(List.of("Ann", "Bob"), stats.speakers().stream().map(Views.SpeakerStats::displayName).toList());
        assertEquals(0, stats.speakers().get(1).colour(), "Bob was heard first, in a partial: the same colour everywhere");
        assertEquals("rockets", stats.keywords().get(0).word());
        assertEquals(Map.of("LATE_CHUNK", 2L), stats.service().deadLetters());

        DashboardState.Batch end = apply(space.stats(12_000, true, List.of(ann, bob), Map.of()), space.stats(14_000, false, List.of(ann), Map.of()));
        assertTrue(detail().stats().summary());
        assertFalse(detail().space().live());
        assertTrue(detail().partials().isEmpty());
        assertTrue(end.listChanged);
    }

    @Test
    void nanFiguresBecomeZero() {
        var silent = new SpaceRecords.Talk("ann", "Ann", 0, Float.NaN, 0, Float.POSITIVE_INFINITY);
        apply(space.stats(1_000, false, List.of(silent), Map.of()));
        assertEquals(0f, detail().stats().speakers().get(0).talkShare());
        assertEquals(0f, detail().stats().speakers().get(0).wordsPerMinute());
    }

    @Test
    void theRoomsEventsMakeTheRosterAndTheEnd() {
        apply(space.started("S"), space.joined("ann", "Ann", Role.HOST), space.partial("ann", "Ann", 0, 0, 0, "hello", 0));
        DashboardState.Batch ended = apply(space.ended(30_000));
        assertEquals("HOST", detail().participants().get(0).role());
        assertFalse(detail().space().live());
        assertEquals(SpaceRecords.START.plusMillis(30_000).toEpochMilli(), detail().space().endedAt());
        assertNull(ended.changes.get("s1").partials.get("ann"));
        assertTrue(detail().partials().isEmpty());
        assertTrue(state.delta("s1", ended.changes.get("s1")).orElseThrow().summary() != null);
    }

    private static io.spacecaps.schema.Word word(String word, long startMs, long endMs) {
        return new io.spacecaps.schema.Word(word, startMs, endMs, 1f);
    }

    @Test
    void searchFindsAPhraseInTheTextOrInTheSpokenWords() {
        apply(space.finalCaption("ann", "Ann", 0, 0, 2_000, "The BBC, the news."),
                space.caption("bob", "Bob", 0, io.spacecaps.schema.TranscriptKind.FINAL, 1, 3_000, 4_000, "It cost $44.",
                        List.of(word("it", 3_000L, 3_100L), word("cost", 3_100L, 3_300L),
                                word("forty", 3_300L, 3_600L), word("four", 3_600L, 3_800L),
                                word("dollars", 3_800L, 4_000L)), 5).build());
        Views.SearchResult bbc = state.search("s1", "bbc the NEWS", 10).orElseThrow();
        assertEquals(1, bbc.matches().size());
        Views.SearchMatch match = bbc.matches().get(0);
        assertEquals("BBC, the news", match.text().substring(match.start(), match.end()));

        Views.SearchMatch spoken = state.search("s1", "forty four", 10).orElseThrow().matches().get(0);
        assertEquals("Bob", spoken.speaker());
        assertEquals(0, spoken.end(), "found in the words, so nothing to mark in the text");

        assertTrue(state.search("s1", "   ", 10).orElseThrow().matches().isEmpty());
        assertTrue(state.search("nope", "bbc", 10).isEmpty());
        Views.SearchResult limited = state.search("s1", "the", 0).orElseThrow();
        assertTrue(limited.truncated());
    }
}
