package io.spacecaps.bench;

import io.spacecaps.asr.VoskModels;
import io.spacecaps.asr.VoskResult;
import io.spacecaps.audio.PcmAudio;
import org.vosk.Recognizer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Bare Vosk on a whole recording, with no Kafka and no Flink: the yardstick the pipeline's accuracy
 * and cost are measured against. Feeds the audio as Vosk's own examples do (4000-byte blocks) and
 * joins the text of every result.
 */
public final class OfflineTranscriber {

    private static final int BLOCK_BYTES = 4000;

    private OfflineTranscriber() {
    }

    /** The recognised text of {@code audio} (16 kHz mono), utterances joined by spaces. */
    public static String transcribe(String modelDir, PcmAudio audio) {
        try (VoskModels.Lease model = VoskModels.acquire(modelDir);
             Recognizer recognizer = new Recognizer(model.model(), audio.sampleRate())) {
            byte[] pcm = audio.toLittleEndianBytes();
            List<String> texts = new ArrayList<>();
            byte[] block = new byte[BLOCK_BYTES];
            for (int offset = 0; offset < pcm.length; offset += BLOCK_BYTES) {
                int length = Math.min(BLOCK_BYTES, pcm.length - offset);
                System.arraycopy(pcm, offset, block, 0, length);
                if (recognizer.acceptWaveForm(block, length)) {
                    addText(texts, VoskResult.parse(recognizer.getResult()));
                }
            }
            addText(texts, VoskResult.parse(recognizer.getFinalResult()));
            return String.join(" ", texts);
        } catch (IOException e) {
            throw new IllegalStateException("Vosk could not create a recogniser", e);
        }
    }

    /** Adds a result's text, unless it heard nothing. */
    static void addText(List<String> texts, VoskResult result) {
        if (!result.isEmpty()) {
            texts.add(result.text());
        }
    }
}
