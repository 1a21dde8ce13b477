package io.spacecaps.speakers.voice;

import io.spacecaps.schema.Word;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The second pass on windows whose voices are known: unit vectors scattered around one direction
 * per voice (as alike within a voice as real i-vector windows, 0.85-0.95 in cosine), labelled as a
 * live diarizer would have labelled them, with its mistakes.
 */
class RecordingDiarizerTest {

    private static final int DIM = 29;
    private final Random random = new Random(7);

    private float[] around(float[] direction) {
        float[] v = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            v[d] = direction[d] + (float) (0.06 * random.nextGaussian());
        }
        return VoiceEmbedder.normalise(v);
    }

    private float[] direction() {
        float[] v = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            v[d] = (float) random.nextGaussian();
        }
        return VoiceEmbedder.normalise(v);
    }

    /** {@code count} windows of a voice from {@code fromMs}, every 250 ms, each with the live label given. */
    private void speak(List<VoiceWindow> windows, float[] voice, long fromMs, int count, int liveLabel) {
        for (int i = 0; i < count; i++) {
            windows.add(new VoiceWindow(fromMs + 250L * i, liveLabel, around(voice)));
        }
    }

    @Test
    void aNewVoicesFirstSecondsUnderAKnownLabelGoToTheNewVoice() {
        float[] ann = direction();
        float[] bob = direction();
        List<VoiceWindow> windows = new ArrayList<>();
        speak(windows, ann, 0, 40, 1);
        speak(windows, bob, 10_000, 10, 1);     // Bob's first 2.5 s, shown as Ann's while evidence gathered
        speak(windows, bob, 12_500, 40, 2);
        speak(windows, ann, 22_500, 20, 1);

        int[] labels = RecordingDiarizer.of(windows).labels();

        int[] expected = new int[110];
        Arrays.fill(expected, 0, 40, 1);
        Arrays.fill(expected, 40, 90, 2);
        Arrays.fill(expected, 90, 110, 1);
        assertArrayEquals(expected, labels);
    }

    @Test
    void aVoiceSplitInTwoIsOneAgainUnderItsFirstLabel() {
        float[] ann = direction();
        float[] bob = direction();
        List<VoiceWindow> windows = new ArrayList<>();
        speak(windows, ann, 0, 30, 1);
        speak(windows, bob, 7_500, 30, 2);
        speak(windows, ann, 15_000, 30, 3);     // Ann came back sounding unlike herself, and got a new label

        int[] labels = RecordingDiarizer.of(windows).labels();

        assertEquals(List.of(1, 2), Arrays.stream(labels).distinct().sorted().boxed().toList());
        assertEquals(1, labels[75], "the split voice keeps its first (lower) number");
        assertEquals(2, labels[45]);
    }

    @Test
    void aVoiceHeardForLessThanTwoSecondsAllToldGoesToTheNearestVoice() {
        float[] ann = direction();
        float[] bob = direction();
        float[] cat = direction();
        List<VoiceWindow> windows = new ArrayList<>();
        speak(windows, ann, 0, 40, 1);
        speak(windows, bob, 10_000, 40, 2);
        // A live label founded on a cough or a door: too little speech to be anyone's voice.
        List<VoiceWindow> odd = new ArrayList<>();
        speak(odd, cat, 20_000, RecordingDiarizer.MIN_WINDOWS - 1, 3);
        for (VoiceWindow w : odd) {
            float[] nearBob = around(bob);
            for (int d = 0; d < DIM; d++) {
                nearBob[d] = 0.4f * w.embedding[d] + nearBob[d];
            }
            windows.add(new VoiceWindow(w.centreMs, 3, VoiceEmbedder.normalise(nearBob)));
        }
        speak(windows, ann, 22_000, 8, 1);

        int[] labels = RecordingDiarizer.of(windows).labels();

        assertEquals(List.of(1, 2), Arrays.stream(labels).distinct().sorted().boxed().toList());
        assertEquals(2, labels[80], "the odd label's windows go to the voice they are nearest");
    }

    @Test
    void wordsTakeTheLabelMostOfTheirTimeHasAndFarWordsNone() {
        float[] ann = direction();
        float[] bob = direction();
        List<VoiceWindow> windows = new ArrayList<>();
        speak(windows, ann, 0, 40, 1);          // 0-9.75 s
        speak(windows, bob, 10_000, 40, 2);     // 10-19.75 s
        RecordingDiarizer second = RecordingDiarizer.of(windows);

        List<Word> acrossTheTurn = List.of(new Word("well", 9_000L, 9_400L, 1f), new Word("thanks", 10_100L, 10_900L, 1f),
                new Word("so", 11_000L, 11_300L, 1f));
        RecordingDiarizer.Vote vote = second.labelOf(acrossTheTurn, 0);
        assertEquals(2, vote.label());
        assertEquals(1100f / 1500f, vote.share(), 1e-4);
        assertEquals(1, second.labelOf(acrossTheTurn, -5_000).label(), "the words' times move by the offset given");
        assertNull(second.labelOf(List.of(new Word("later", 40_000L, 40_300L, 1f)), 0), "nothing heard near it");
        assertNull(RecordingDiarizer.of(List.of()).labelOf(acrossTheTurn, 0));
    }
}
