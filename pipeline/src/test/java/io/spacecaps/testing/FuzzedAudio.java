package io.spacecaps.testing;

import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.AudioEncoding;
import io.spacecaps.schema.wire.WireFormat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Records for the audio topic that the validator must reject, made from a seed, every kind of damage. */
public final class FuzzedAudio {

    private FuzzedAudio() {
    }

    public static List<byte[]> invalid(long seed, int count, String spaceId) {
        Random random = new Random(seed);
        WireFormat<AudioChunk> wire = WireFormat.of(AudioChunk.class);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            AudioChunk.Builder good = Chunks.chunk(spaceId, "fuzz-" + i, random.nextInt(1000), 1_000_000L, new byte[3200]);
            byte[] valid = wire.encode(good.build());
            byte[] record = switch (i % 9) {
                case 0 -> Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 3200 - 1));   // truncated before the payload ends
                case 1 -> randomBytes(random, random.nextInt(200));                              // garbage
                case 2 -> {                                                                      // a fingerprint nobody knows
                    byte[] b = valid.clone();
                    b[2 + random.nextInt(8)] ^= (byte) (1 + random.nextInt(255));
                    yield b;
                }
                case 3 -> wire.encode(good.setSampleRate(random.nextBoolean() ? 0 : 1 + random.nextInt(Integer.MAX_VALUE - 1)).build());
                case 4 -> wire.encode(good.setPayload(ByteBuffer.wrap(new byte[2 * random.nextInt(1000) + 1])).build());
                case 5 -> wire.encode(good.setPayload(ByteBuffer.wrap(new byte[400_000 + 2 * random.nextInt(100_000)])).build());
                case 6 -> wire.encode(good.setSequence(-1 - random.nextInt(Integer.MAX_VALUE)).build());
                case 7 -> wire.encode(good.setChannels(random.nextBoolean() ? 0 : 2 + random.nextInt(7)).build());
                default -> wire.encode(good.setEncoding(AudioEncoding.UNKNOWN).build());
            };
            out.add(record);
        }
        return out;
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
