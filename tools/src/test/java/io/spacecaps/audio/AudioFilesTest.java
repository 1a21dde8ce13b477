package io.spacecaps.audio;

import io.spacecaps.testing.NoWarnings;
import io.spacecaps.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every format the command line accepts, decoded by the real FFmpeg libraries from files encoded by them. */
class AudioFilesTest {

    private static PcmAudio clip() throws IOException {
        return new PcmAudio(TestData.clip("slt-hello").samples(), 16_000);
    }

    @ParameterizedTest
    @EnumSource(EncodedAudio.class)
    void decodesToSixteenKilohertzMonoOfTheSameLength(EncodedAudio encoding, @TempDir Path dir) throws IOException {
        PcmAudio original = clip();
        Path file = encoding.write(original, dir, "hello");

        PcmAudio decoded = AudioFiles.readForSpeech(file, NoWarnings::expected);

        assertEquals(AudioConverter.SPEECH_SAMPLE_RATE, decoded.sampleRate());
        assertEquals(original.durationMillis(), decoded.durationMillis(), 50, encoding + ": duration in ms");
        // The same signal, not merely the same length: noise of the right duration would pass the line above.
        double correlation = correlation(original.samples(), decoded.samples());
        assertTrue(correlation > 0.95, encoding + ": correlation with the original " + correlation);
    }

    private static double correlation(short[] a, short[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            ab += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    @Test
    void flacDecodesToExactlyTheSamplesOfTheWav(@TempDir Path dir) throws IOException {
        PcmAudio original = clip();
        Path flac = EncodedAudio.FLAC.write(original, dir, "hello");

        assertArrayEquals(original.samples(), AudioFiles.readForSpeech(flac, NoWarnings::expected).samples());
    }

    @Test
    void aWavStillGoesThroughTheExactWavReader(@TempDir Path dir) throws IOException {
        PcmAudio original = clip();
        Path wav = dir.resolve("hello.wav");
        WavFile.write(wav, original);

        assertArrayEquals(original.samples(), AudioFiles.readForSpeech(wav, NoWarnings::expected).samples());
    }

    @Test
    void aWavInAnEncodingTheWavReaderRefusesIsDecodedByFfmpeg(@TempDir Path dir) throws IOException {
        byte[] muLawSilence = new byte[8000];
        Arrays.fill(muLawSilence, (byte) 0xFF);
        Path wav = dir.resolve("phone.wav");
        Files.write(wav, WavBytes.riffWave().fmt(7, 1, 8000, 8).chunk("data", muLawSilence).toByteArray());

        PcmAudio decoded = AudioFiles.readForSpeech(wav, NoWarnings::expected);

        assertEquals(16_000, decoded.sampleRate());
        assertEquals(1000, decoded.durationMillis(), 50);
    }

    @Test
    void aWavTooLongToHoldAtItsOwnRateIsResampledByFfmpegAsItIsRead(@TempDir Path dir) throws IOException {
        PcmAudio original = clip();
        Path wav = dir.resolve("hello-48k.wav");
        WavFile.write(wav, Resampler.resample(original, 48_000));
        long framesAt48k = original.sampleCount() * 3L;

        // The bound of the command line is 6 hours at 16 kHz; here it is half the clip at 48 kHz.
        IOException tooLong = assertThrows(UnsupportedWavException.class, () -> WavFile.read(wav, framesAt48k / 2));
        assertTrue(tooLong.getMessage().endsWith("at 48000 Hz, more than this reader holds before resampling"), tooLong.getMessage());
        PcmAudio decoded = AudioFiles.readForSpeech(wav, framesAt48k / 2, NoWarnings::expected);

        assertEquals(16_000, decoded.sampleRate());
        assertEquals(original.durationMillis(), decoded.durationMillis(), 50);
        double correlation = correlation(original.samples(), decoded.samples());
        assertTrue(correlation > 0.95, "correlation with the original " + correlation);
    }

    @Test
    void aBrokenWavKeepsTheWavReadersOwnError(@TempDir Path dir) throws IOException {
        Path wav = dir.resolve("cut.wav");
        Files.write(wav, WavBytes.riffWave().fmt(1, 1, 16_000, 16).chunkHeader("data", 1000).toByteArray());

        IOException e = assertThrows(IOException.class, () -> AudioFiles.readForSpeech(wav, NoWarnings::expected));
        assertTrue(e.getMessage().contains("truncated WAV file"), e.getMessage());
    }

    @Test
    void aWavCutOffMidWriteIsReadAsFarAsItGoesWithAWarning(@TempDir Path dir) throws IOException {
        PcmAudio original = clip();
        Path whole = dir.resolve("whole.wav");
        WavFile.write(whole, Resampler.resample(original, 48_000));
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.wav");
        int kept = 44 + (bytes.length - 44) * 6 / 10 + 1;     // 60% of the samples and half of the next one
        Files.write(cut, Arrays.copyOf(bytes, kept));
        List<String> warnings = new ArrayList<>();

        PcmAudio decoded = AudioFiles.readForSpeech(cut, warnings::add);

        // The samples that are there, resampled as the whole file's are: the same as the whole file's start.
        PcmAudio wholeDecoded = AudioFiles.readForSpeech(whole, NoWarnings::expected);
        assertEquals(original.durationMillis() * 6 / 10, decoded.durationMillis(), 5);
        double correlation = correlation(wholeDecoded.slice(0, decoded.sampleCount() - 100).samples(), decoded.samples());
        assertTrue(correlation > 0.99, "correlation with the whole file's start " + correlation);
        assertEquals(List.of(String.format(Locale.ROOT, "%s: truncated WAV file: data chunk declares %d bytes but only %d are present;"
                + " reading the %.1f s of audio that are there", cut, bytes.length - 44, kept - 44,
                decoded.durationMillis() / 1000.0)), warnings);
    }

    @Test
    void garbageIsRefusedInOneLineNamingTheFileAndFfmpegsReason(@TempDir Path dir) throws IOException {
        byte[] noise = new byte[10_000];
        new Random(7).nextBytes(noise);
        Path file = dir.resolve("talk.m4a");
        Files.write(file, noise);

        IOException e = assertThrows(IOException.class, () -> AudioFiles.readForSpeech(file, NoWarnings::expected));
        assertEquals(file + ": not an audio file FFmpeg can read (Invalid data found when processing input)", e.getMessage());
    }

    @Test
    void anEmptyFileIsRefusedInOneLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("empty.mp3");
        Files.createFile(file);

        IOException e = assertThrows(IOException.class, () -> AudioFiles.readForSpeech(file, NoWarnings::expected));
        assertEquals(file + ": not an audio file FFmpeg can read (empty file)", e.getMessage());
    }

    @Test
    void aFileWithNoAudioStreamIsRefusedInOneLine(@TempDir Path dir) throws IOException {
        // A subtitle file: FFmpeg opens it as a container whose only stream is text.
        Path file = dir.resolve("captions.srt");
        Files.writeString(file, "1\n00:00:01,000 --> 00:00:02,000\nHello\n\n");

        IOException e = assertThrows(IOException.class, () -> AudioFiles.readForSpeech(file, NoWarnings::expected));
        assertEquals(file + ": has no audio stream", e.getMessage());
    }

    @Test
    void audioLongerThanTheLimitIsRefusedBeforeItIsHeldInMemory(@TempDir Path dir) throws IOException {
        Path mp3 = EncodedAudio.MP3.write(clip(), dir, "long");

        IOException e = assertThrows(IOException.class,
                () -> FfmpegAudioDecoder.decode(mp3, 16_000, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().startsWith(mp3 + ": is 0:00:0"), e.getMessage());
        assertTrue(e.getMessage().endsWith("recordings of up to 1 s are read (split it into parts)"), e.getMessage());
    }
}
