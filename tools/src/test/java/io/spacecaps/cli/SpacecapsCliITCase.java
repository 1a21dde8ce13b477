package io.spacecaps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spacecaps.audio.EncodedAudio;
import io.spacecaps.audio.PcmAudio;
import io.spacecaps.audio.Resampler;
import io.spacecaps.audio.WavFile;
import io.spacecaps.eval.WordErrorRate;
import io.spacecaps.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The commands a user runs, through the same code path as scripts/spacecaps (minus the JVM exit). */
class SpacecapsCliITCase {

    private static String run(String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, new SpacecapsCli().run(args));
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void transcribeConvertsA44kStereoWavAndPrintsTheTranscript(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("hello stereo.wav");
        writeStereo(wav, Resampler.resample(new PcmAudio(TestData.clip("slt-hello").samples(), 16_000), 44_100));

        String seed = run("transcribe", wav.toString(), "--format", "seed", "--model.en", TestData.englishModel());
        assertTrue(seed.startsWith("[Speaker 1] "), seed);
        assertEquals(1, seed.lines().count(), "one speaker, one turn: " + seed);

        // Recognition is scored on the recogniser's words: the text is written for reading.
        String jsonl = run("transcribe", wav.toString(), "--format", "jsonl", "--model.en", TestData.englishModel());
        String heard = words(jsonl);
        double wer = WordErrorRate.of(TestData.clipText("slt-hello"), heard).wer();
        assertTrue(wer <= 0.15, "WER " + wer + ": " + heard);

        String vtt = run("transcribe", wav.toString(), "--format", "vtt", "--model.en", TestData.englishModel());
        assertTrue(vtt.startsWith("WEBVTT\n\n"), vtt);
        assertTrue(Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} --> \\d\\d:\\d\\d:\\d\\d\\.\\d{3}\n<v Speaker 1>The quick").matcher(vtt).find(), vtt);
    }

    @Test
    void transcribeReadsAnM4aAsItReadsTheWav(@TempDir Path dir) throws Exception {
        PcmAudio clip = new PcmAudio(TestData.clip("slt-hello").samples(), 16_000);
        Path wav = dir.resolve("clip.wav");
        WavFile.write(wav, clip);
        Path m4a = EncodedAudio.M4A_AAC.write(clip, dir, "clip");

        String fromWav = run("transcribe", wav.toString(), "--format", "seed", "--model.en", TestData.englishModel());
        String fromM4a = run("transcribe", m4a.toString(), "--format", "seed", "--model.en", TestData.englishModel());
        assertTrue(fromWav.startsWith("[Speaker 1] "), fromWav);
        assertEquals(fromWav, fromM4a);
    }

    @Test
    void aSilentRecordingSaysNoWordsWereRecognisedRatherThanPrintingNothing(@TempDir Path dir) throws Exception {
        Path silence = dir.resolve("silence.wav");
        WavFile.write(silence, new PcmAudio(new short[3 * 16_000], 16_000));

        CliRun run = CliRun.of("transcribe", silence.toString(), "--model.en", TestData.englishModel());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.out());
        assertTrue(run.err().contains("spacecaps: warning: no words were recognised in 3.0 s of audio: is it silent, too quiet,"
                + " or not in the model's language (en)?"), run.err());
    }

    @Test
    void aWavCutOffMidWriteIsTranscribedAsFarAsItGoesWithAWarning(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole.wav");
        WavFile.write(whole, new PcmAudio(TestData.clip("slt-hello").samples(), 16_000));
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.wav");
        Files.write(cut, Arrays.copyOf(bytes, 44 + (bytes.length - 44) * 7 / 10));

        CliRun run = CliRun.of("transcribe", cut.toString(), "--model.en", TestData.englishModel());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("[Speaker 1] The quick"), run.out());
        assertTrue(Pattern.compile("spacecaps: warning: " + Pattern.quote(cut.toString()) + ": truncated WAV file: data chunk declares"
                + " \\d+ bytes but only \\d+ are present; reading the \\d+\\.\\d s of audio that are there").matcher(run.err()).find(), run.err());
    }

    @Test
    void mistakesAreUsageErrors() {
        assertEquals(2, new SpacecapsCli().run("transcribe", "a.wav", "--format", "doc"));
        assertEquals(2, new SpacecapsCli().run("replay", "a.wav"));
        assertEquals(2, new SpacecapsCli().run("fly"));
    }

    /** The recognised words of a JSON-lines transcript, in its order. */
    private static String words(String jsonl) throws IOException {
        ObjectMapper json = new ObjectMapper();
        StringBuilder words = new StringBuilder();
        for (String line : jsonl.lines().toList()) {
            for (JsonNode word : json.readTree(line).get("words")) {
                words.append(words.length() == 0 ? "" : " ").append(word.get("word").asText());
            }
        }
        return words.toString();
    }

    /** A 16-bit stereo WAV with the same audio in both channels. */
    private static void writeStereo(Path path, PcmAudio audio) throws IOException {
        short[] s = audio.samples();
        ByteBuffer b = ByteBuffer.allocate(44 + s.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + s.length * 4).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 2)
                .putInt(audio.sampleRate()).putInt(audio.sampleRate() * 4).putShort((short) 4).putShort((short) 16)
                .put("data".getBytes()).putInt(s.length * 4);
        for (short v : s) {
            b.putShort(v).putShort(v);
        }
        Files.write(path, b.array());
    }
}
