package io.spacecaps.asr;

import io.spacecaps.testing.Clip;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.ingest.TrackChunk;
import io.spacecaps.spaces.SpaceDirectory;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.testing.Chunks;
import io.spacecaps.testing.TestData;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 12-minute Space at high speed: two speakers who talk in turns, their producers sending audio only
 * while they talk (as rooms do for muted microphones), so tracks go idle in between. Memory must not
 * grow with the Space's length: recognisers of idle tracks are closed, recovery audio is bounded by the
 * renewal interval, and nothing is left once the tracks end.
 */
class LongSpaceResourcesTest {

    private static final long SPACE_START = 1_700_000_000_000L;
    /**
     * Long enough that each track is released and comes back five times (the state between turns must
     * stay the same from the second turn on); the Space's length in days is TwoDaySpaceITCase's.
     */
    private static final long MINUTES = 12;
    /** A speaker takes the floor every minute, alternating: 12 turns of 5.6 s of speech. */
    private static final long TURN_MS = 60_000;

    @Test
    void stateAndRecognisersStayBoundedTurnAfterTurn() throws Exception {
        SpacecapsConfig config = SpacecapsConfig.fromArgs(new String[]{"--model.en", TestData.englishModel(),
                "--idle-track-timeout-ms", "10000", "--recognizer-reset-ms", "20000"});
        TrackRecognizer recognizer = new TrackRecognizer(config);
        var harness = new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(recognizer, List.of(SpaceDirectory.SPACES)),
                TrackChunk::trackKey, Types.STRING, 1, 1, 0);
        harness.setProcessingTime(SPACE_START);
        harness.open();
        harness.processBroadcastElement(SpaceEvent.newBuilder().setSpaceId("long").setType(SpaceEventType.SPACE_STARTED)
                .setTime(Instant.ofEpochMilli(SPACE_START)).setLanguage("en").build(), 0);
        for (String speaker : List.of("speaker-0", "speaker-1")) {
            harness.processBroadcastElement(Chunks.joined("long", speaker, SPACE_START, null), 0);
        }

        Clip clip = TestData.clip("slt-hello");
        long[] sequence = new long[2];
        List<Long> idleSizes = new ArrayList<>();
        List<Long> speakingSizes = new ArrayList<>();
        int maxOpen = 0;
        for (long turnStart = 0; turnStart < MINUTES * 60_000; turnStart += TURN_MS) {
            int speaker = (int) ((turnStart / TURN_MS) % 2);
            String track = "speaker-" + speaker;
            List<AudioChunk> chunks = Chunks.track("long", track, track, clip, SPACE_START + turnStart);
            for (AudioChunk c : chunks.subList(0, chunks.size() - 1)) {
                if (c.getSequence() == 30) {
                    speakingSizes.add(harness.snapshot(turnStart, turnStart).getStateSize());
                }
                AudioChunk numbered = AudioChunk.newBuilder(c).setSequence(sequence[speaker]++).build();
                harness.setProcessingTime(numbered.getCaptureTime().toEpochMilli());
                harness.processElement(new StreamRecord<>(Chunks.onTrack(numbered), 0));
                maxOpen = Math.max(maxOpen, recognizer.openRecognizers());
            }
            // Silence from this producer until the next turn: time passes, idle timers fire.
            harness.setProcessingTime(SPACE_START + turnStart + 30_000);
            idleSizes.add(harness.snapshot(turnStart, turnStart).getStateSize());
        }
        for (int speaker = 0; speaker < 2; speaker++) {
            AudioChunk end = Chunks.chunk("long", "speaker-" + speaker, sequence[speaker], SPACE_START + MINUTES * 60_000, new byte[0])
                    .setParticipantId("speaker-" + speaker).setEndOfTrack(true).build();
            harness.processElement(new StreamRecord<>(Chunks.onTrack(end), 0));
        }

        long finals = harness.extractOutputValues().stream()
                .filter(e -> e.getKind() == TranscriptKind.FINAL && !e.getText().isBlank()).count();
        long turns = MINUTES * 60_000 / TURN_MS;
        assertTrue(finals >= turns, "every turn captioned: " + finals + " finals for " + turns + " turns");
        assertTrue(maxOpen <= 2, "at most one recogniser per track, got " + maxOpen);
        assertEquals(0, recognizer.openRecognizers(), "all recognisers closed at the end");
        long speakingMax = speakingSizes.stream().mapToLong(Long::longValue).max().orElseThrow();
        long idleMax = idleSizes.stream().mapToLong(Long::longValue).max().orElseThrow();
        long endState = harness.snapshot(1, 1).getStateSize();
        System.out.printf(MINUTES + "-minute Space: %d turns, %d finals; state mid-turn at most %d bytes, between turns at most %d, at the end %d%n",
                turns, finals, speakingMax, idleMax, endState);
        // Mid-turn the state holds the audio since the recogniser began (3 s at the snapshot): ~100 KB.
        assertTrue(speakingMax < 20 * 32_000, "recovery audio is bounded by the renewal interval: " + speakingMax);
        // From the second turn on both tracks have been released once, and keep only their numbering.
        assertEquals(idleSizes.get(1), idleSizes.get(idleSizes.size() - 1), "between turns the state does not grow with the Space");
        assertTrue(idleMax < speakingMax / 4, "idle tracks keep no audio: " + idleMax + " vs " + speakingMax);
        assertTrue(endState <= idleSizes.get(1), "ended tracks leave nothing but the Space's start event and their numbering: " + endState);
        harness.close();
    }
}
