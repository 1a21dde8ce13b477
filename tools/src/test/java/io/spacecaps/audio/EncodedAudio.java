package io.spacecaps.audio;

import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.Arrays;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

/**
 * Test fixtures in the formats people record in, made at test time by FFmpeg's own encoders from
 * committed WAV audio, so the repository holds no binary copies. Rates and channel counts differ
 * from the recogniser's on purpose: the decoder has to resample and down-mix.
 */
public enum EncodedAudio {

    MP3("mp3", "mp3", "libmp3lame", 44_100, 2, 64_000),
    OGG_OPUS_32K("ogg", "ogg", "libopus", 48_000, 1, 32_000),
    M4A_AAC("m4a", "ipod", "aac", 44_100, 2, 96_000),
    /** Lossless at the recogniser's own rate and channel count: decoding it must give back every sample. */
    FLAC("flac", "flac", "flac", 16_000, 1, 0),
    WEBM_OPUS("webm", "webm", "libopus", 48_000, 2, 48_000);

    private final String extension;
    private final String container;
    private final String encoder;
    private final int sampleRate;
    private final int channels;
    private final int bitsPerSecond;

    EncodedAudio(String extension, String container, String encoder, int sampleRate, int channels, int bitsPerSecond) {
        this.extension = extension;
        this.container = container;
        this.encoder = encoder;
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.bitsPerSecond = bitsPerSecond;
    }

    /**
     * Writes {@code audio} as {@code dir/stem.EXT}. When this FFmpeg build lacks the encoder the
     * calling test is skipped, saying which encoder is missing: never passed silently.
     */
    public Path write(PcmAudio audio, Path dir, String stem) throws IOException {
        Path file = dir.resolve(stem + "." + extension);
        av_log_set_level(AV_LOG_QUIET);
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), channels);
        recorder.setFormat(container);
        recorder.setAudioCodecName(encoder);
        recorder.setSampleRate(sampleRate);
        if (bitsPerSecond > 0) {
            recorder.setAudioBitrate(bitsPerSecond);
        }
        try {
            recorder.start();
        } catch (FrameRecorder.Exception e) {
            recorder.close();
            Assumptions.abort("this FFmpeg build cannot write " + this + " (" + encoder + " in " + container + "): " + e.getMessage());
        }
        try (recorder) {
            // The file's rate and channels are made here, not by the recorder: its own mono-to-stereo
            // conversion (JavaCV 1.5.12) writes noise, which would test the fixture rather than the decoder.
            short[] frames = interleave(Resampler.resample(audio, sampleRate).samples(), channels);
            int step = sampleRate * channels;
            for (int from = 0; from < frames.length; from += step) {
                short[] block = Arrays.copyOfRange(frames, from, Math.min(frames.length, from + step));
                recorder.recordSamples(sampleRate, channels, ShortBuffer.wrap(block));
            }
            recorder.stop();
        }
        return file;
    }

    /** The same signal on every channel. */
    private static short[] interleave(short[] mono, int channels) {
        short[] frames = new short[mono.length * channels];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = mono[i / channels];
        }
        return frames;
    }

    public String extension() {
        return extension;
    }
}
