package io.spacecaps.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Reads a recording in any format the command line accepts into the recogniser's format, 16 kHz
 * mono. PCM WAV goes through {@link WavFile} (exact, and tested sample by sample); everything else,
 * and WAV encodings that reader does not decode (mu-law, ADPCM, RF64, ...), through FFmpeg. Which
 * one is chosen by the file's first bytes, not its name: a ".wav" that is really an MP3 still reads.
 */
public final class AudioFiles {

    /**
     * Decoded audio is held in memory: 6 hours at 16 kHz is 690 MB of samples, within the command
     * line's 3 GB heap with room for the copies the publisher makes. Longer recordings are refused.
     */
    public static final Duration LONGEST = Duration.ofHours(6);

    /**
     * The WAV reader holds a file's samples at its own rate before resampling: at most as many as 6 hours
     * at 16 kHz (690 MB), so 2 hours at 48 kHz. A longer WAV goes to FFmpeg, which resamples as it reads:
     * a 4-hour stereo WAV at 48 kHz took 168 s and 2.4 GB of heap at its peak through the WAV reader and
     * its resampler, 20 s and 1.1 GB of resident memory through FFmpeg; 6 hours would have needed 3.1 GB
     * of heap, more than the command line's.
     */
    static final long WAV_FRAMES_HELD = LONGEST.toSeconds() * AudioConverter.SPEECH_SAMPLE_RATE;

    private AudioFiles() {
    }

    /**
     * @param warnings told what the file is missing when it is read anyway: a WAV cut off mid-write is read
     *                 as far as it goes, as FFmpeg and sox read one, rather than refused
     */
    public static PcmAudio readForSpeech(Path file, Consumer<String> warnings) throws IOException {
        return readForSpeech(file, WAV_FRAMES_HELD, warnings);
    }

    static PcmAudio readForSpeech(Path file, long wavFramesHeld, Consumer<String> warnings) throws IOException {
        if (isRiffWave(file)) {
            try {
                return AudioConverter.toSpeechFormat(WavFile.read(file, wavFramesHeld));
            } catch (TruncatedWavException cutOff) {
                PcmAudio present = AudioConverter.toSpeechFormat(cutOff.present());
                warnings.accept(String.format(Locale.ROOT, "%s; reading the %.1f s of audio that are there",
                        cutOff.getMessage(), present.durationMillis() / 1000.0));
                return present;
            } catch (UnsupportedWavException notPcmOrTooLong) {
                // A valid WAV in an encoding FFmpeg knows, or too long to hold at its rate: let FFmpeg
                // decode it. A broken WAV keeps the WAV reader's error.
            }
        }
        return FfmpegAudioDecoder.decode(file, AudioConverter.SPEECH_SAMPLE_RATE, LONGEST);
    }

    private static boolean isRiffWave(Path file) throws IOException {
        byte[] header;
        try (InputStream in = Files.newInputStream(file)) {
            header = in.readNBytes(12);
        }
        return header.length == 12
                && new String(header, 0, 4, StandardCharsets.ISO_8859_1).equals("RIFF")
                && new String(header, 8, 4, StandardCharsets.ISO_8859_1).equals("WAVE");
    }
}
