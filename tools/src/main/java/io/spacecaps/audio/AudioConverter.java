package io.spacecaps.audio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Brings any decoded audio into the one format the speech recogniser takes: mono 16 kHz. */
public final class AudioConverter {

    public static final int SPEECH_SAMPLE_RATE = 16_000;

    /** One filter table per source rate, built once: rooms send the same few rates over and over. */
    private static final Map<Integer, Resampler> TO_SPEECH_RATE = new ConcurrentHashMap<>();

    private AudioConverter() {
    }

    public static PcmAudio toSpeechFormat(PcmAudio audio) {
        if (audio.sampleRate() == SPEECH_SAMPLE_RATE) {
            return audio;
        }
        return TO_SPEECH_RATE
                .computeIfAbsent(audio.sampleRate(), rate -> new Resampler(rate, SPEECH_SAMPLE_RATE))
                .resample(audio);
    }
}
