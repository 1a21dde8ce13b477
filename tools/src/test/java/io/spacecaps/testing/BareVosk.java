package io.spacecaps.testing;

import io.spacecaps.audio.PcmAudio;
import io.spacecaps.bench.OfflineTranscriber;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Bare Vosk's transcript of some audio, the yardstick several tests hold the pipeline against, worked
 * out once per test JVM and on both cores: the demo Space's tracks are scored by more than one test,
 * and decoding them again would only cost the suite time. Keyed by the audio's content, so a cut or
 * re-encoded track is never taken for another.
 */
public final class BareVosk {

    private static final Map<String, CompletableFuture<String>> HEARD = new ConcurrentHashMap<>();
    private static final ExecutorService CORES = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "bare-vosk-yardstick");
        t.setDaemon(true);
        return t;
    });

    private BareVosk() {
    }

    /** The transcripts of {@code audio}, in its order, decoded in parallel where not known yet. */
    public static List<String> transcripts(List<PcmAudio> audio) throws Exception {
        List<CompletableFuture<String>> pending = audio.stream().map(BareVosk::heard).toList();
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
        return pending.stream().map(CompletableFuture::join).toList();
    }

    /** Starts decoding what is not known yet, and returns at once. */
    public static void prefetch(List<PcmAudio> audio) {
        audio.forEach(BareVosk::heard);
    }

    private static CompletableFuture<String> heard(PcmAudio audio) {
        String model = TestData.englishModel();
        return HEARD.computeIfAbsent(model + "|" + digest(audio), k -> CompletableFuture.supplyAsync(
                () -> OfflineTranscriber.transcribe(model, audio), CORES));
    }

    private static String digest(PcmAudio audio) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(audio.toLittleEndianBytes());
            sha.update(Integer.toString(audio.sampleRate()).getBytes());
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
