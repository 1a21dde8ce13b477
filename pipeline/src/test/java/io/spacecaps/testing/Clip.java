package io.spacecaps.testing;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A committed test clip as 16-bit mono samples. The job has no file readers (those are the tools'),
 * so its tests read their 16 kHz mono WAV clips with the JDK's own reader.
 */
public record Clip(short[] samples, int sampleRate) {

    static Clip readWav(InputStream wav, String name) throws IOException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new BufferedInputStream(wav))) {
            AudioFormat f = in.getFormat();
            if (f.getChannels() != 1 || f.getSampleSizeInBits() != 16 || f.isBigEndian()
                    || f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED) {
                throw new IOException(name + ": test clips must be 16-bit little-endian mono PCM, not " + f);
            }
            byte[] bytes = in.readAllBytes();
            short[] samples = new short[bytes.length / 2];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
            return new Clip(samples, (int) f.getSampleRate());
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(name + ": not a WAV file the JDK reads", e);
        }
    }

    public long durationMillis() {
        return samples.length * 1000L / sampleRate;
    }

    public Clip slice(int fromSample, int toSample) {
        return new Clip(Arrays.copyOfRange(samples, fromSample, toSample), sampleRate);
    }

    /** {@code samples[from, to)} as little-endian 16-bit PCM, the payload of an audio chunk. */
    public byte[] pcm(int from, int to) {
        ByteBuffer out = ByteBuffer.allocate((to - from) * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = from; i < to; i++) {
            out.putShort(samples[i]);
        }
        return out.array();
    }
}
