package io.spacecaps.ingest;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;

import java.util.List;

/**
 * Decodes the Opus packets of one chunk to mono PCM at the job's sample rate, as a pure function of
 * the chunk's packets and the packets before it on its track (the warm-up): a fresh decoder hears the
 * warm-up first and its output is thrown away, so the chunk's samples are the same whether the
 * decoder that came before survived a failover or not (a decoder's state cannot be checkpointed,
 * its input can). Within a few packets a fresh decoder's state converges on the one that heard the
 * whole track (measured on the demo Space, 200 ms of warm-up: 38 dB from straight-through decoding).
 *
 * <p>The decoder runs at 48 kHz, Opus's own rate, and with one channel, so a stereo stream is
 * down-mixed by the codec itself. It then goes to the job's rate through {@link SincResampler}
 * (anti-aliased), which needs samples on both sides of each output: the warm-up's decoded audio gives
 * those before the chunk, and the output lags the packets by the filter's look-ahead
 * ({@link #lagSamples()}, 4 ms at 16 kHz) so that none are needed after it. Each chunk thus gives
 * exactly its own length of audio. (Concentus decodes Opus's CELT and hybrid modes to silence at
 * rates below 48 kHz, so decoding straight at 16 kHz is not an option.)
 *
 * <p>Not thread-safe; holds no decoder between calls.
 */
public final class OpusChunkDecoder {

    private final int sampleRate;
    private final SincResampler toJobRate;

    public OpusChunkDecoder(int sampleRate) {
        this.sampleRate = sampleRate;
        this.toJobRate = new SincResampler(OpusPackets.OPUS_RATE, sampleRate);
    }

    /** Why a chunk's packets could not be decoded. */
    public static final class UndecodableOpusException extends Exception {
        UndecodableOpusException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** How many samples, at the job's rate, the decoded audio lags the packets' own times. */
    public int lagSamples() {
        return toJobRate.lookAheadOutputs();
    }

    /** The chunk's audio at the job's rate, mono: {@code samples(packets) × rate / 48 kHz} samples. */
    public short[] decode(List<byte[]> warmUp, List<byte[]> packets) throws UndecodableOpusException {
        long warmUpSamples = OpusPackets.samplesOf(warmUp);
        long chunkSamples = OpusPackets.samplesOf(packets);
        short[] decoded = new short[Math.toIntExact(warmUpSamples + chunkSamples)];
        OpusDecoder decoder;
        try {
            decoder = new OpusDecoder(OpusPackets.OPUS_RATE, 1);
        } catch (OpusException e) {
            throw new IllegalStateException("Opus decoder refused 48 kHz mono", e);
        }
        int at = decodeInto(decoder, warmUp, decoded, 0, "warm-up packet");
        decodeInto(decoder, packets, decoded, at, "packet");
        long first = warmUpSamples * sampleRate / OpusPackets.OPUS_RATE - lagSamples();
        long end = (warmUpSamples + chunkSamples) * sampleRate / OpusPackets.OPUS_RATE - lagSamples();
        return toJobRate.resample(decoded, first, Math.toIntExact(end - first));
    }

    /** Decodes the packets one after another into {@code out} from {@code at}; returns where they end. */
    private static int decodeInto(OpusDecoder decoder, List<byte[]> packets, short[] out, int at, String what)
            throws UndecodableOpusException {
        for (int i = 0; i < packets.size(); i++) {
            byte[] packet = packets.get(i);
            int expected = OpusPackets.samplesOf(packet);
            int got;
            try {
                got = decoder.decode(packet, 0, packet.length, out, at, expected, false);
            } catch (OpusException | RuntimeException e) {
                // The codec signals some corrupt packets with runtime exceptions of its own.
                throw new UndecodableOpusException(what + " " + i + " (" + packet.length + " bytes) cannot be decoded: "
                        + e.getMessage(), e);
            }
            if (got != expected) {
                throw new UndecodableOpusException(what + " " + i + " decoded to " + got + " samples, its header says " + expected, null);
            }
            at += expected;
        }
        return at;
    }
}
