package io.spacecaps.bench;

import io.spacecaps.audio.AudioFiles;
import io.spacecaps.audio.EncodedAudio;
import io.spacecaps.audio.PcmAudio;
import io.spacecaps.audio.WavFile;
import io.spacecaps.eval.WordErrorRate;
import io.spacecaps.session.SessionManifest;
import io.spacecaps.testing.BareVosk;
import io.spacecaps.testing.NoWarnings;
import io.spacecaps.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lossy recordings recognise as well as PCM: bare Vosk on the demo Space's two tracks as PCM WAV,
 * as MP3 and as Ogg/Opus at 32 kbit/s, each decoded back through {@link AudioFiles}, scored against
 * the speakers' spoken_text. The figures go to BENCHMARKS.md ("Audio formats").
 */
class AudioFormatsWerITCase {

    private static final double MAX_LOSS = 0.01;

    @Test
    void mp3AndOpusAt32kStayWithinOnePointOfThePcmWer(@TempDir Path dir) throws Exception {
        SessionManifest demo = SessionManifest.read(TestData.demoManifest());
        List<AccuracyBench.Reference> tracks = AccuracyBench.demoTracks(demo);

        Map<String, List<PcmAudio>> variants = new LinkedHashMap<>();
        for (AccuracyBench.Reference track : tracks) {
            variants.computeIfAbsent("PCM WAV", k -> new ArrayList<>()).add(AudioFiles.readForSpeech(track.wav(), NoWarnings::expected));
            PcmAudio asRecorded = WavFile.read(track.wav());
            for (EncodedAudio lossy : List.of(EncodedAudio.MP3, EncodedAudio.OGG_OPUS_32K)) {
                Path file = lossy.write(asRecorded, dir, track.trackId());
                variants.computeIfAbsent(lossy.toString(), k -> new ArrayList<>()).add(AudioFiles.readForSpeech(file, NoWarnings::expected));
            }
        }

        long started = System.nanoTime();
        variants.values().forEach(BareVosk::prefetch);
        Map<String, WordErrorRate.Result> wer = new LinkedHashMap<>();
        for (var variant : variants.entrySet()) {
            List<String> heard = BareVosk.transcripts(variant.getValue());
            WordErrorRate.Result total = WordErrorRate.Result.NONE;
            for (int i = 0; i < tracks.size(); i++) {
                total = total.add(WordErrorRate.of(tracks.get(i).text(), heard.get(i)));
            }
            wer.put(variant.getKey(), total);
        }
        double pcm = wer.get("PCM WAV").wer();
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "audio formats, bare Vosk on the demo Space's 2 tracks (%.1f s of recognition, the PCM tracks perhaps already heard by another test):%n",
                (System.nanoTime() - started) / 1e9));
        wer.forEach((name, result) -> report.append(String.format(Locale.ROOT, "  %-14s WER %5.2f %%  %s%n",
                name, 100 * result.wer(), result)));
        System.out.print(report);
        for (var variant : wer.entrySet()) {
            assertTrue(variant.getValue().wer() - pcm <= MAX_LOSS, variant.getKey() + " loses more than a point:\n" + report);
        }
    }
}
