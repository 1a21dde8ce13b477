package io.spacecaps.bench;

import io.spacecaps.asr.VoskModels;
import io.spacecaps.audio.PcmAudio;
import io.spacecaps.audio.WavFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Bare Vosk as a program a user would write instead of the pipeline, for {@link RecordedBench} to
 * time in a JVM of its own: loads the model, then decodes each 16 kHz mono WAV with a recogniser of
 * its own ({@link OfflineTranscriber}: Vosk's example's way), the files shared out over a pool of
 * threads. Prints the model's load time, the decoding time and the words, on one line.
 *
 * <p>{@code java io.spacecaps.bench.BareVoskRun MODEL_DIR THREADS FILE.wav...}
 */
public final class BareVoskRun {

    private BareVoskRun() {
    }

    public static void main(String[] args) throws Exception {
        String model = args[0];
        int threads = Integer.parseInt(args[1]);
        long start = System.nanoTime();
        try (VoskModels.Lease loaded = VoskModels.acquire(model)) {
            long loadedAt = System.nanoTime();
            List<PcmAudio> tracks = new ArrayList<>();
            for (int i = 2; i < args.length; i++) {
                tracks.add(WavFile.read(Path.of(args[i])));
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<String>> texts = new ArrayList<>();
            for (PcmAudio track : tracks) {
                texts.add(pool.submit(() -> OfflineTranscriber.transcribe(model, track)));
            }
            long words = 0;
            for (Future<String> text : texts) {
                words += text.get().isBlank() ? 0 : text.get().split(" ").length;
            }
            pool.shutdown();
            long done = System.nanoTime();
            System.out.println("loadMs=" + (loadedAt - start) / 1_000_000 + " decodeMs=" + (done - loadedAt) / 1_000_000 + " words=" + words);
        }
    }
}
