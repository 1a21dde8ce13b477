package io.spacecaps.ingest;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.AudioEncoding;
import io.spacecaps.schema.DeadLetter;
import io.spacecaps.testing.Chunks;
import io.spacecaps.testing.OpusChunks;
import io.spacecaps.testing.TestData;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Opus decoder in Flink's keyed harness, on a real clip encoded as a room sends it (48 kHz,
 * 32 kbit/s, five 20 ms packets a chunk): a failover anywhere decodes the same samples, the decoded
 * audio is the track's, and a track that stops without an end leaves nothing behind.
 */
class OpusTrackDecoderTest {

    private static final long T0 = 1_000_000;
    private static final SpacecapsConfig CONFIG = SpacecapsConfig.fromArgs(new String[]{"--idle-track-timeout-ms", "30000"});
    private static List<AudioChunk> track;
    private static List<byte[]> packets;

    private final List<KeyedOneInputStreamOperatorTestHarness<String, TrackChunk, TrackChunk>> harnesses = new ArrayList<>();

    @BeforeAll
    static void encode() throws Exception {
        packets = OpusChunks.packets(TestData.clip("slt-hello"));
        track = OpusChunks.track("s1", "t1", TestData.clip("slt-hello"), T0, 5);
    }

    @AfterEach
    void closeHarnesses() throws Exception {
        for (var h : harnesses) {
            h.close();
        }
    }

    /** A harness around a fresh operator, restored from {@code snapshot} when given. */
    private KeyedOneInputStreamOperatorTestHarness<String, TrackChunk, TrackChunk> harness(SpacecapsConfig config,
                                                                                         OperatorSubtaskState snapshot) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new OpusTrackDecoder(config)),
                TrackChunk::trackKey, Types.STRING);
        if (snapshot != null) {
            h.initializeState(snapshot);
        }
        h.open();
        h.setProcessingTime(0);
        harnesses.add(h);
        return h;
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<String, TrackChunk, TrackChunk> h, List<AudioChunk> chunks)
            throws Exception {
        for (AudioChunk chunk : chunks) {
            TrackChunk c = Chunks.onTrack(chunk);
            h.processElement(new StreamRecord<>(c, c.eventTime));
        }
    }

    private static short[] samples(List<TrackChunk> chunks) {
        int total = chunks.stream().mapToInt(c -> c.chunk.getPayload().remaining() / 2).sum();
        short[] out = new short[total];
        int at = 0;
        for (TrackChunk c : chunks) {
            ByteBuffer pcm = c.chunk.getPayload().duplicate().order(ByteOrder.LITTLE_ENDIAN);
            while (pcm.remaining() >= 2) {
                out[at++] = pcm.getShort();
            }
        }
        return out;
    }

    private short[] straightThrough(SpacecapsConfig config) throws Exception {
        var h = harness(config, null);
        send(h, track);
        return samples(h.extractOutputValues());
    }

    @Test
    void aFailoverAnywhereInTheTrackDecodesExactlyTheSameSamples() throws Exception {
        var h = harness(CONFIG, null);
        send(h, track);
        List<TrackChunk> straight = h.extractOutputValues();
        assertEquals(track.size(), straight.size());
        for (TrackChunk c : straight.subList(0, straight.size() - 1)) {
            assertEquals(AudioEncoding.PCM_S16LE, c.chunk.getEncoding());
            assertEquals(16_000, c.chunk.getSampleRate());
            assertEquals(1, c.chunk.getChannels());
        }
        assertEquals(1_600 * 2, straight.get(0).chunk.getPayload().remaining(), "100 ms of 16 kHz audio per chunk of five packets");
        assertEquals(packets.size() * 320, samples(straight).length, "the track's own length, exactly");

        for (int cut : List.of(1, track.size() / 2, track.size() - 2)) {
            var before = harness(CONFIG, null);
            send(before, track.subList(0, cut));
            OperatorSubtaskState snapshot = before.snapshot(1, 1);
            var after = harness(CONFIG, snapshot);
            send(after, track.subList(cut, track.size()));
            List<TrackChunk> restored = new ArrayList<>(before.extractOutputValues());
            restored.addAll(after.extractOutputValues());
            assertArrayEquals(samples(straight), samples(restored), "a failover before chunk " + cut + " changes no sample");
            assertEquals(0, after.numKeyedStateEntries(), "the end of the track releases its state");
            assertEquals(0, after.numProcessingTimeTimers());
        }
    }

    @Test
    void theWarmUpMakesEachChunkSoundAsIfOneDecoderHadHeardTheWholeTrack() throws Exception {
        // One decoder, never interrupted, then the same filter and lag: what a decoder without failovers would give.
        OpusDecoder one = new OpusDecoder(48_000, 1);
        short[] full = new short[packets.size() * 960];
        for (int i = 0; i < packets.size(); i++) {
            one.decode(packets.get(i), 0, packets.get(i).length, full, i * 960, 960, false);
        }
        OpusChunkDecoder chunkDecoder = new OpusChunkDecoder(16_000);
        short[] reference = new SincResampler(48_000, 16_000).resample(full, -chunkDecoder.lagSamples(), packets.size() * 320);

        double warm = snrDb(reference, straightThrough(CONFIG));
        double cold = snrDb(reference, straightThrough(CONFIG.with(SpacecapsConfig.OPUS_WARM_UP_MS, "0")));
        System.out.printf("Opus chunks against one decoder for the whole track: %.1f dB with 200 ms of warm-up, %.1f dB without%n",
                warm, cold);
        assertTrue(warm > 30, "warm-up " + warm + " dB");
        assertTrue(warm > cold + 15, "without warm-up every chunk starts from a blank decoder: " + cold + " dB");
    }

    @Test
    void aTrackThatGoesQuietWithoutAnEndIsForgottenAfterTheIdleTimeout() throws Exception {
        var h = harness(CONFIG, null);
        send(h, track.subList(0, 10));
        send(h, OpusChunks.track("s1", "t2", TestData.clip("slt-hello"), T0, 5));   // another track, which ends
        assertEquals(10 + track.size(), h.extractOutputValues().size(), "every chunk is passed on as it comes: nothing is held");
        assertEquals(2, h.numKeyedStateEntries(), "the quiet track's warm-up and release time; nothing of the ended one");
        h.setProcessingTime(29_999);
        assertTrue(h.numKeyedStateEntries() > 0);
        h.setProcessingTime(30_000);
        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numProcessingTimeTimers());
        assertEquals(0, h.numEventTimeTimers());
    }

    @Test
    void pcmChunksPassUntouchedAndKeepNoState() throws Exception {
        var h = harness(CONFIG, null);
        TrackChunk pcm = Chunks.onTrack(Chunks.chunk("s1", "pcm", 0, T0, new byte[3200]).build());
        h.processElement(new StreamRecord<>(pcm, pcm.eventTime));
        TrackChunk out = h.extractOutputValues().get(0);
        assertEquals(pcm.chunk, out.chunk);
        assertEquals(pcm.sourceOffset, out.sourceOffset);
        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numProcessingTimeTimers());
    }

    @Test
    void wellFramedGarbageNeverFailsTheJobAndKeepsTheTrackItsLength() throws Exception {
        var h = harness(CONFIG, null);
        Random random = new Random(13);
        int sent = 0;
        long expectedSamples = 0;
        for (int i = 0; sent < 300; i++) {
            List<byte[]> garbage = new ArrayList<>();
            for (int p = 0; p < 1 + random.nextInt(4); p++) {
                byte[] packet = new byte[1 + random.nextInt(200)];
                random.nextBytes(packet);
                garbage.add(packet);
            }
            byte[] payload = OpusPackets.frame(garbage);
            try {
                OpusPackets.parse(ByteBuffer.wrap(payload));
            } catch (OpusPackets.MalformedOpusException e) {
                continue;   // the validator sets these aside before they get here
            }
            send(h, List.of(OpusChunks.chunk("s1", "fuzz", sent++, T0 + i * 100L, payload).build()));
            expectedSamples += OpusPackets.samplesOf(garbage) / 3;
        }
        assertEquals(sent, h.extractOutputValues().size(), "every chunk goes on, decoded or as silence");
        assertEquals(expectedSamples, samples(h.extractOutputValues()).length, "and keeps its length");
        var side = h.getSideOutput(DeadLetters.TAG);
        List<String> reasons = side == null ? List.of() : side.stream().map(StreamRecord::getValue).map(DeadLetter::getReason).distinct().toList();
        assertTrue(reasons.isEmpty() || reasons.equals(List.of("UNDECODABLE_OPUS")), reasons.toString());
        System.out.printf("%d well-framed random chunks: %d undecodable%n", sent, side == null ? 0 : side.size());
    }

    private static double snrDb(short[] reference, short[] actual) {
        assertEquals(reference.length, actual.length);
        double signal = 0;
        double noise = 0;
        for (int i = 0; i < reference.length; i++) {
            signal += (double) reference[i] * reference[i];
            noise += (double) (reference[i] - actual[i]) * (reference[i] - actual[i]);
        }
        return 10 * Math.log10(signal / Math.max(noise, 1));
    }
}
