package io.spacecaps.bench;

import io.spacecaps.audio.PcmAudio;
import io.spacecaps.audio.WavFile;
import io.spacecaps.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccuracyBenchTest {

    @Test
    void aLongTrackIsItsClipsInTurnWithHalfASecondAfterEachAndTheirTextsInTheSameOrder(@TempDir Path dir) throws Exception {
        Path hello = TestData.home().resolve("pipeline/src/test/resources/clips/slt-hello.wav");
        Path short1 = dir.resolve("short.wav");
        WavFile.write(short1, new PcmAudio(new short[]{1, 2, 3, 4}, 16_000));
        List<AccuracyBench.Reference> clips = List.of(
                new AccuracyBench.Reference("a", hello, null, "hello text"),
                new AccuracyBench.Reference("b", short1, null, "short text"));
        int helloLength = WavFile.read(hello).samples().length;
        // Just past two rounds of the clips: a fifth clip completes it.
        double minutes = (2.0 * (helloLength + 4 + 16_000) + 1) / 16_000 / 60;

        AccuracyBench.Reference track = AccuracyBench.longTrack("long", clips, minutes, dir.resolve("out/long.wav"));

        assertEquals("hello text short text hello text short text hello text", track.text());
        short[] samples = WavFile.read(track.wav()).samples();
        assertEquals(3 * (helloLength + 8_000) + 2 * (4 + 8_000), samples.length);
        int second = helloLength + 8_000;
        assertArrayEquals(new short[]{1, 2, 3, 4}, java.util.Arrays.copyOfRange(samples, second, second + 4));
        assertTrue(java.util.stream.IntStream.range(helloLength, second).allMatch(i -> samples[i] == 0), "half a second of silence");
    }

    @Test
    void twoVoicesTakeTurns() {
        AccuracyBench.Reference a1 = new AccuracyBench.Reference("a1", Path.of("librivox_1.wav"), null, "");
        AccuracyBench.Reference a2 = new AccuracyBench.Reference("a2", Path.of("librivox_2.wav"), null, "");
        AccuracyBench.Reference b1 = new AccuracyBench.Reference("b1", Path.of("ljspeech_1.wav"), null, "");
        List<AccuracyBench.Reference> all = List.of(a1, b1, a2);
        assertEquals(List.of(a1, a2), AccuracyBench.clipsNamed(all, "librivox_"));
        assertEquals(List.of(a1, b1), AccuracyBench.inTurn(AccuracyBench.clipsNamed(all, "librivox_"), AccuracyBench.clipsNamed(all, "ljspeech_")));
    }
}
