package io.spacecaps.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.WrittenToken;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.spacecaps.testing.Transcripts;
import org.junit.jupiter.api.Test;

/**
 * Every cue of the demo Space (its finals as the job wrote them, committed in
 * transcripts/demo-space.finals.jsonl) within the limits, in SRT and WebVTT, with the broadcast
 * limits and with tighter ones; and nothing lost or cut inside a written token on the way.
 */
class DemoSpaceCuesTest {

    private static final List<TranscriptEvent> DEMO = Transcripts.demoSpace();

    @Test
    void everySubRipCueIsWithinTheBroadcastLimits() {
        assertWithinLimits(new SubRipFormat(CueLimits.BROADCAST), true, true);
    }

    @Test
    void everyWebVttCueIsWithinTheBroadcastLimits() {
        assertWithinLimits(new WebVttFormat(CueLimits.BROADCAST), false, true);
    }

    @Test
    void tighterLimitsAreKeptTooAndTheCuesTheyCannotKeepAreReported() {
        // One line of 32 at 15 characters a second: flite's speech is faster than that in places.
        CueFormat tight = new SubRipFormat(new CueLimits(1, 32, 15, 1200, 5000));
        assertWithinLimits(tight, true, false);
        assertFalse(tight.problems(DEMO).isEmpty(), "some cues of fast speech are reported");
    }

    private static void assertWithinLimits(CueFormat format, boolean labelled, boolean readable) {
        CueLimits limits = format.limits();
        List<Cue> cues = format.cues(DEMO);
        assertTrue(cues.size() >= 30, cues.size() + " cues");
        List<String> tooFast = new ArrayList<>();
        for (int i = 0; i < cues.size(); i++) {
            Cue cue = cues.get(i);
            String what = "cue " + (i + 1) + " " + cue;
            assertTrue(cue.lines().size() <= limits.maxLines(), what);
            for (int l = 0; l < cue.lines().size(); l++) {
                int label = labelled && l == 0 ? ("[" + cue.utterance().getSpeaker().getDisplayName() + "] ").length() : 0;
                assertTrue(label + cue.lines().get(l).length() <= limits.maxLineChars(), what);
            }
            long shown = cue.endMs() - cue.startMs();
            assertTrue(shown >= limits.minMillis() && shown <= limits.maxMillis(), shown + " ms: " + what);
            if (i + 1 < cues.size()) {
                // The demo Space has no crosstalk, so no cue needs to share the screen.
                assertTrue(cue.endMs() <= cues.get(i + 1).startMs(), "overlaps the next: " + what);
            }
            if (cue.charsPerSecond() > limits.maxCharsPerSecond()) {
                tooFast.add("cue " + (i + 1));
            }
        }
        assertEquals(tooFast, format.problems(DEMO).stream().map(p -> p.substring(0, p.indexOf(" ("))).toList(),
                "exactly the cues read too fast are reported");
        if (readable) {
            assertEquals(List.of(), tooFast, "every cue can be read at the rate");
        }
        assertEveryUtteranceIsShownWholeAndCutOnlyBetweenTokens(cues);
    }

    /** The cues of each utterance, lines joined, give back its text, and every cue and line starts at a token. */
    private static void assertEveryUtteranceIsShownWholeAndCutOnlyBetweenTokens(List<Cue> cues) {
        Map<String, List<String>> piecesByUtterance = new LinkedHashMap<>();
        for (Cue cue : cues) {
            piecesByUtterance.computeIfAbsent(cue.utterance().getEventId(), id -> new ArrayList<>()).addAll(cue.lines());
        }
        for (TranscriptEvent utterance : DEMO) {
            if (utterance.getWritten().isEmpty()) {
                continue;
            }
            List<String> pieces = piecesByUtterance.get(utterance.getEventId());
            assertEquals(utterance.getText(), String.join(" ", pieces), utterance.getUtteranceId());
            Set<Integer> tokenStarts = new HashSet<>();
            int at = 0;
            for (WrittenToken token : utterance.getWritten()) {
                tokenStarts.add(at);
                at += token.getText().length() + 1;
            }
            at = 0;
            for (String piece : pieces) {
                assertTrue(tokenStarts.contains(at), "cut inside a token before \"" + piece + "\"");
                at += piece.length() + 1;
            }
        }
    }
}
