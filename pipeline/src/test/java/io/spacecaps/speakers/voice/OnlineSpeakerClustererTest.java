package io.spacecaps.speakers.voice;

import io.spacecaps.speakers.voice.OnlineSpeakerClusterer.Assignment;
import io.spacecaps.speakers.voice.OnlineSpeakerClusterer.Decision;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The clusterer on hand-made embeddings: orthogonal voices with a little noise. */
class OnlineSpeakerClustererTest {

    private static final int DIM = 29;
    private final Random random = new Random(42);

    /** A unit vector near axis {@code voice} (similarity about 0.98 to it). */
    private float[] voice(int voice) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) (0.03 * random.nextGaussian());
        }
        v[voice] += 1;
        return VoiceEmbedder.normalise(v);
    }

    /** A unit vector with cosine {@code similarity} to axis {@code a} and the rest along axis {@code b}. */
    private static float[] between(int a, int b, double similarity) {
        float[] v = new float[DIM];
        v[a] = (float) similarity;
        v[b] = (float) Math.sqrt(1 - similarity * similarity);
        return v;
    }

    private long clock;

    private Assignment speak(OnlineSpeakerClusterer clusterer, float[] embedding, long durationMs) {
        Assignment a = clusterer.assign(embedding, clock, clock + durationMs);
        clock += durationMs + 300;
        return a;
    }

    @Test
    void labelsCountFromOneInOrderOfFirstAppearance() {
        OnlineSpeakerClusterer clusterer = new OnlineSpeakerClusterer();
        int[] voices = {4, 7, 4, 2, 7, 2, 4};
        int[] labels = new int[voices.length];
        for (int i = 0; i < voices.length; i++) {
            labels[i] = speak(clusterer, voice(voices[i]), 2_000).label();
        }

        assertArrayEquals(new int[]{1, 2, 1, 3, 2, 3, 1}, labels);
        assertEquals(3, clusterer.voices());
    }

    @Test
    void aNewVoiceNeverRenamesAnOldOne() {
        OnlineSpeakerClusterer clusterer = new OnlineSpeakerClusterer();
        List<Integer> firstLabels = new ArrayList<>();
        for (int v = 0; v < 6; v++) {
            firstLabels.add(speak(clusterer, voice(v), 1_500).label());
            // Every voice heard so far still answers to the label it got first.
            for (int earlier = 0; earlier <= v; earlier++) {
                assertEquals(firstLabels.get(earlier), speak(clusterer, voice(earlier), 1_500).label(),
                        "voice " + earlier + " after " + (v + 1) + " voices");
            }
        }
        assertEquals(List.of(1, 2, 3, 4, 5, 6), firstLabels);
    }

    @Test
    void aShortUnknownSpanIsNotANewVoiceUntilTheEvidenceAddsUp() {
        OnlineSpeakerClusterer clusterer = new OnlineSpeakerClusterer();
        speak(clusterer, voice(0), 3_000);

        Assignment cough = speak(clusterer, voice(5), 400);
        assertEquals(1, cough.label());
        assertEquals(Decision.NEAREST, cough.decision());
        assertTrue(cough.confidence() <= 0.5f);
        assertEquals(1, clusterer.voices());

        Assignment more = speak(clusterer, voice(5), 700);
        assertEquals(new Assignment(2, more.confidence(), Decision.NEW_VOICE), more);
        assertEquals(2, speak(clusterer, voice(5), 1_000).label());
    }

    @Test
    void aClearlyNewVoiceWithASecondOfSpeechGetsALabelAtOnce() {
        OnlineSpeakerClusterer clusterer = new OnlineSpeakerClusterer();
        speak(clusterer, voice(0), 3_000);

        Assignment a = speak(clusterer, voice(1), 1_000);

        assertEquals(2, a.label());
        assertEquals(Decision.NEW_VOICE, a.decision());
    }

    @Test
    void anAmbiguousVoiceNeedsMoreEvidenceThanAClearlyNewOne() {
        OnlineSpeakerClusterer clusterer = new OnlineSpeakerClusterer();
        clusterer.assign(between(0, 1, 1.0), 0, 3_000);
        float[] ambiguous = between(0, 1, 0.62);

        assertEquals(Decision.NEAREST, clusterer.assign(ambiguous, 4_000, 5_500).decision());
        assertEquals(Decision.NEAREST, clusterer.assign(ambiguous, 6_000, 7_000).decision());
        Assignment founded = clusterer.assign(ambiguous, 8_000, 9_000);

        assertEquals(new Assignment(2, founded.confidence(), Decision.NEW_VOICE), founded);
    }

    @Test
    void strayCandidatesThatTurnOutToMatchAVoiceTeachItInsteadOfSplittingIt() {
        OnlineSpeakerClusterer clusterer = new OnlineSpeakerClusterer();
        clusterer.assign(between(0, 1, 1.0), 0, 3_000);

        // Short spans each too far from the voice (0.66), alike among themselves, whose mean points back at it.
        for (int k = 0; k < 2; k++) {
            float[] offAxis = new float[DIM];
            offAxis[1] = 1;
            offAxis[2 + k] = 1;
            VoiceEmbedder.normalise(offAxis);
            float[] span = new float[DIM];
            for (int i = 0; i < DIM; i++) {
                span[i] = 0.75f * offAxis[i];
            }
            span[0] = 0.66f;
            long start = 4_000 + 1_000 * k;
            assertEquals(1, clusterer.assign(VoiceEmbedder.normalise(span), start, start + 500).label());
        }

        assertEquals(1, clusterer.voices());
        assertEquals(0, clusterer.snapshot().candidateSums.length, "the pooled spans went into voice 1");
        assertTrue(clusterer.snapshot().voiceWeightMs[0] > 3_000);
    }

    @Test
    void aPreferredLabelWinsWhileItStillMatches() {
        // Similarity 0.7005 to voice 1, 0.7136 to voice 2.
        float[] nearerTwo = between(0, 1, 0.7005);

        assertEquals(2, twoVoices().assign(nearerTwo, 6_000, 7_000, 0).label());
        assertEquals(1, twoVoices().assign(nearerTwo, 6_000, 7_000, 1).label());
    }

    private static OnlineSpeakerClusterer twoVoices() {
        OnlineSpeakerClusterer clusterer = new OnlineSpeakerClusterer();
        clusterer.assign(between(0, 1, 1.0), 0, 2_000);
        clusterer.assign(between(1, 0, 1.0), 3_000, 5_000);
        return clusterer;
    }

    @Test
    void aContinuingTurnKeepsItsVoiceDownToTheKeepThreshold() {
        OnlineSpeakerClusterer clusterer = new OnlineSpeakerClusterer();
        clusterer.assign(between(0, 1, 1.0), 0, 2_000);
        clusterer.assign(between(2, 1, 1.0), 2_500, 4_500);
        float[] unusual = between(0, 3, 0.6);

        Assignment kept = clusterer.continueTurn(unusual, 5_000, 6_000, 1);
        assertEquals(1, kept.label());
        assertEquals(Decision.MATCHED, kept.decision());
        // Below the keep threshold even a continuing turn is decided afresh: here a clearly new voice.
        assertEquals(3, clusterer.continueTurn(between(4, 0, 1.0), 7_000, 8_500, 1).label());
    }

    @Test
    void snapshotIsACopyAndRestoreResumesExactly() {
        OnlineSpeakerClusterer original = new OnlineSpeakerClusterer();
        for (int v : new int[]{3, 8, 3, 11}) {
            speak(original, voice(v), 2_000);
        }
        OnlineSpeakerClusterer.State saved = original.snapshot();
        OnlineSpeakerClusterer resumed = new OnlineSpeakerClusterer(OnlineSpeakerClusterer.Config.DEFAULT, saved);

        List<float[]> next = List.of(voice(8), voice(5), voice(11), voice(3), voice(5));
        for (float[] e : next) {
            Assignment expected = original.assign(e, clock, clock + 1_500);
            Assignment actual = resumed.assign(e, clock, clock + 1_500);
            clock += 2_000;
            assertEquals(expected, actual);
        }
        // Learning after the snapshot did not reach into it.
        assertEquals(3, saved.voiceSums.length);
        OnlineSpeakerClusterer restored = new OnlineSpeakerClusterer();
        restored.restore(saved);
        assertEquals(3, restored.voices());
    }

    @Test
    void stateIsAFlinkPojo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(OnlineSpeakerClusterer.State.class);
    }

    @Test
    void neverMoreLabelsThanAllowed() {
        OnlineSpeakerClusterer clusterer = new OnlineSpeakerClusterer(
                new OnlineSpeakerClusterer.Config(0.7f, 0.5f, 0.55f, 1_000, 3_000, 3, 60_000));
        for (int v = 0; v < 6; v++) {
            assertTrue(speak(clusterer, voice(v), 2_000).label() <= 3);
        }
        assertEquals(3, clusterer.voices());
    }
}
