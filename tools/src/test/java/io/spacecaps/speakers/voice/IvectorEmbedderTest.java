package io.spacecaps.speakers.voice;

import io.spacecaps.testing.Clip;
import io.spacecaps.eval.Rttm;
import io.spacecaps.eval.SpeakerSegment;
import io.spacecaps.testing.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The i-vector embedder with the Vosk model the build unpacked. */
class IvectorEmbedderTest {

    private static IvectorEmbedder embedder;
    private static Clip mixed;
    private static List<SpeakerSegment> reference;

    @BeforeAll
    static void load() throws IOException {
        embedder = IvectorEmbedder.forModel(Path.of(TestData.englishModel()));
        mixed = TestData.clip("mixed-3voices");
        try (InputStream in = IvectorEmbedderTest.class.getResourceAsStream("/clips/mixed-3voices.rttm")) {
            reference = Rttm.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), null);
        }
    }

    @Test
    void readsTheExtractorShippedWithTheModel() {
        IvectorModel model = IvectorModel.load(Path.of(TestData.englishModel()));

        assertSame(model, IvectorModel.load(Path.of(TestData.englishModel(), "ivector")), "one copy per JVM");
        assertEquals(40, model.featureDim);
        assertEquals(40, model.rawDim());
        assertEquals(280, model.splicedDim);
        assertEquals(512, model.numGauss);
        assertEquals(30, model.ivectorDim);
        assertEquals(29, embedder.dimension());
    }

    @Test
    void anEmbeddingIsAUnitVector() throws IOException {
        float[] e = embedder.embed(TestData.clip("slt-hello").samples());

        assertEquals(29, e.length);
        double norm = 0;
        for (float x : e) {
            assertTrue(Float.isFinite(x));
            norm += x * x;
        }
        assertEquals(1.0, norm, 1e-5);
        assertArrayEquals(new float[29], embedder.newAccumulator().embedding(), "nothing heard, no direction");
    }

    @Test
    void framesDoNotDependOnHowTheAudioIsChunked() {
        short[] samples = mixed.slice(0, 3 * 16_000).samples();
        List<VoiceFrame> whole = frames(samples, samples.length);
        List<VoiceFrame> chunked = frames(samples, 37);

        assertEquals(whole.size(), chunked.size());
        assertEquals(1 + (samples.length - 400) / 160, whole.size());
        for (int i = 0; i < whole.size(); i++) {
            assertEquals(i, chunked.get(i).index);
            assertArrayEquals(whole.get(i).feature, chunked.get(i).feature);
            assertArrayEquals(whole.get(i).gaussians, chunked.get(i).gaussians);
            assertArrayEquals(whole.get(i).posteriors, chunked.get(i).posteriors);
        }
    }

    @Test
    void removingFramesUndoesAddingThem() {
        List<VoiceFrame> frames = frames(mixed.samples(), 1_600);
        VoiceEmbedder.Accumulator first = embedder.newAccumulator();
        VoiceEmbedder.Accumulator both = embedder.newAccumulator();
        frames.subList(50, 200).forEach(first::add);
        frames.subList(50, 200).forEach(both::add);
        frames.subList(600, 800).forEach(both::add);
        frames.subList(600, 800).forEach(both::remove);

        assertEquals(150, both.frames());
        float[] expected = first.embedding();
        float[] actual = both.embedding();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4);
        }
    }

    @Test
    void spansOfOneVoiceAreMoreAlikeThanSpansOfTwo() {
        List<VoiceFrame> frames = frames(mixed.samples(), 1_600);
        // One-and-a-half-second spans from the middle of turns nobody else talks over.
        float[] ann1 = span(frames, 1_000, 2_500);
        float[] ann2 = span(frames, 12_700, 14_200);
        float[] bob1 = span(frames, 5_500, 7_000);
        float[] bob2 = span(frames, 16_000, 17_500);
        float[] cat = span(frames, 10_000, 11_500);

        float sameAnn = VoiceEmbedder.similarity(ann1, ann2);
        float sameBob = VoiceEmbedder.similarity(bob1, bob2);
        float worstSame = Math.min(sameAnn, sameBob);
        float bestDifferent = max(VoiceEmbedder.similarity(ann1, bob1), VoiceEmbedder.similarity(ann2, bob2),
                VoiceEmbedder.similarity(ann1, cat), VoiceEmbedder.similarity(bob1, cat),
                VoiceEmbedder.similarity(bob2, cat));
        assertTrue(worstSame > bestDifferent + 0.2,
                "same voice " + sameAnn + ", " + sameBob + "; different voices at most " + bestDifferent);
        assertTrue(reference.stream().anyMatch(s -> s.speaker().equals("cat") && s.startMs() <= 10_000
                && s.endMs() >= 11_500), "the spans follow the reference");
    }

    private static float max(float... values) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static float[] span(List<VoiceFrame> frames, long fromMs, long toMs) {
        VoiceEmbedder.Accumulator acc = embedder.newAccumulator();
        // Loud frames only: the digital silence between words and sentences says nothing about the voice.
        frames.stream().filter(f -> f.startMs() >= fromMs && f.startMs() < toMs)
                .filter(f -> EnergyVoiceActivity.levelDb(f.logEnergy) > 30).forEach(acc::add);
        return acc.embedding();
    }

    private static List<VoiceFrame> frames(short[] samples, int chunk) {
        VoiceEmbedder.Analyzer analyzer = embedder.newAnalyzer();
        List<VoiceFrame> out = new ArrayList<>();
        for (int i = 0; i < samples.length; i += chunk) {
            analyzer.push(samples, i, Math.min(chunk, samples.length - i), out);
        }
        analyzer.finish(out);
        return out;
    }

    @Test
    void rejectsAudioAtAnotherRate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> embedder.embed(new short[8_000], 8_000));
        assertTrue(e.getMessage().contains("16000"), e.getMessage());
    }
}
