package io.spacecaps.ingest;

import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusPacketInfo;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The framing of an {@code OPUS} chunk's payload, as the schema ({@code AudioChunk.payload}) defines
 * it: one or more Opus packets (RFC 6716), each preceded by its length in bytes as a 2-byte
 * big-endian unsigned integer. Big-endian because that is how length prefixes go on the wire
 * (network byte order: {@code DataOutputStream.writeShort}, Go's {@code binary.BigEndian}, Python's
 * {@code struct '>H'}); two bytes because no Opus packet is longer than 120 ms of six 1275-byte frames.
 *
 * <p>Everything here reads packet headers only (the TOC byte and frame counts), never audio: it is
 * how the validator checks a chunk and how the sequencer knows a chunk's length before it is decoded.
 */
public final class OpusPackets {

    /** Opus packets carry their own durations; they are counted at the codec's full rate. */
    public static final int OPUS_RATE = 48_000;
    /** The sample rates an Opus stream may be encoded at (RFC 6716, section 2). */
    private static final List<Integer> OPUS_INPUT_RATES = List.of(8_000, 12_000, 16_000, 24_000, 48_000);

    private OpusPackets() {
    }

    /** Why a payload is not Opus packets in Spacecaps' framing. */
    public static final class MalformedOpusException extends Exception {
        MalformedOpusException(String message) {
            super(message);
        }
    }

    /** True for a sample rate an Opus encoder can have been given. */
    public static boolean isOpusRate(int sampleRate) {
        return OPUS_INPUT_RATES.contains(sampleRate);
    }

    /** The packets of a payload, each checked to be a well-formed Opus packet. */
    public static List<byte[]> parse(ByteBuffer payload) throws MalformedOpusException {
        ByteBuffer in = payload.duplicate();
        List<byte[]> packets = new ArrayList<>();
        while (in.hasRemaining()) {
            if (in.remaining() < 2) {
                throw new MalformedOpusException("a packet length needs 2 bytes, " + in.remaining() + " left at byte "
                        + (in.position() - payload.position()));
            }
            int length = Short.toUnsignedInt(in.getShort());
            if (length == 0) {
                throw new MalformedOpusException("packet " + packets.size() + " has length 0 (an Opus packet has at least its TOC byte)");
            }
            if (length > in.remaining()) {
                throw new MalformedOpusException("packet " + packets.size() + " says " + length + " bytes but " + in.remaining()
                        + " are left (truncated, or not 2-byte big-endian length prefixes)");
            }
            byte[] packet = new byte[length];
            in.get(packet);
            if (samplesOf(packet) <= 0 || !framesAreWhole(packet)) {
                throw new MalformedOpusException("packet " + packets.size() + " (" + length + " bytes) is not a valid Opus packet");
            }
            packets.add(packet);
        }
        return packets;
    }

    /** Packets in the framing above. */
    public static byte[] frame(List<byte[]> packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] packet : packets) {
            out.write(packet.length >>> 8);
            out.write(packet.length & 0xFF);
            out.write(packet, 0, packet.length);
        }
        return out.toByteArray();
    }

    /** Samples of audio in a packet at {@link #OPUS_RATE}; negative for a packet whose header is invalid. */
    public static int samplesOf(byte[] packet) {
        try {
            int samples = OpusPacketInfo.getNumSamples(packet, 0, packet.length, OPUS_RATE);
            // The codec's own limit: a packet holds at most 120 ms.
            return samples > OPUS_RATE * 120 / 1000 ? -1 : samples;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The packet's frame lengths (RFC 6716, section 3.2) add up to what it holds. */
    private static boolean framesAreWhole(byte[] packet) {
        try {
            OpusPacketInfo.parseOpusPacket(packet, 0, packet.length);
            return true;
        } catch (OpusException | RuntimeException e) {
            return false;
        }
    }

    /** Samples of audio in the packets at {@link #OPUS_RATE}. */
    public static long samplesOf(List<byte[]> packets) {
        long samples = 0;
        for (byte[] packet : packets) {
            samples += samplesOf(packet);
        }
        return samples;
    }

    /** Milliseconds of audio in a well-formed payload; 0 for one that is not. */
    public static long durationMs(ByteBuffer payload) {
        try {
            return samplesOf(parse(payload)) * 1000L / OPUS_RATE;
        } catch (MalformedOpusException e) {
            return 0;
        }
    }

    /** The newest of {@code packets} that together last at least {@code ms}: a decoder's warm-up. */
    public static List<byte[]> newestCovering(List<byte[]> packets, long ms) {
        long needed = ms * OPUS_RATE / 1000L;
        long samples = 0;
        int from = packets.size();
        while (from > 0 && samples < needed) {
            samples += samplesOf(packets.get(--from));
        }
        return packets.subList(from, packets.size());
    }
}
