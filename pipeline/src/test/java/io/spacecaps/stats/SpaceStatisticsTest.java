package io.spacecaps.stats;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.CaptionMarker;
import io.spacecaps.schema.DeadLetter;
import io.spacecaps.schema.Keyword;
import io.spacecaps.schema.MarkerType;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;
import io.spacecaps.schema.SpaceStats;
import io.spacecaps.schema.Speaker;
import io.spacecaps.schema.SpeakerStats;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.spaces.SpaceLifetime;
import io.spacecaps.testing.Captions;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.spacecaps.testing.Captions.SPACE_START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stats stage in Flink's keyed harness: a fixed conversation, the cadence on watermarks, the summary, a quiet Space. */
class SpaceStatisticsTest {

    private KeyedTwoInputStreamOperatorTestHarness<String, TranscriptEvent, RoomSignal, SpaceStats> harness;
    private int utterance;

    @BeforeEach
    void setUp() throws Exception {
        SpacecapsConfig config = SpacecapsConfig.fromArgs(new String[]{"--stats-interval-ms", "5000", "--idle-space-timeout-ms", "600000"});
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(new SpaceStatistics(config),
                TranscriptEvent::getSpaceId, s -> s.spaceId, Types.STRING);
        harness.setProcessingTime(SPACE_START + 100_000);
        room(SpaceEvent.newBuilder().setSpaceId("s1").setType(SpaceEventType.SPACE_STARTED).setTitle("Stats")
                .setTime(Instant.ofEpochMilli(SPACE_START)).build());
    }

    private void room(SpaceEvent event) throws Exception {
        harness.processElement2(new StreamRecord<>(RoomSignal.of(event)));
    }

    /** A final of {@code who}, words 200 ms apart, with crosstalk marked from {@code overlapFrom} when given. */
    private void say(String who, long startMs, String text, long overlapFrom, long overlapTo) throws Exception {
        TranscriptEvent caption = Captions.caption(TranscriptKind.FINAL, who, who, Captions.words(startMs, text), utterance++).build();
        caption.setSpeaker(Speaker.newBuilder().setId(who).setDisplayName(who.toUpperCase()).setAttribution(Attribution.TRACK)
                .setConfidence(1f).build());
        if (overlapTo > overlapFrom) {
            caption.setMarkers(List.of(new CaptionMarker(MarkerType.CROSSTALK, overlapFrom, overlapTo)));
        }
        // It reaches the stats stage 300 ms after its last audio was captured.
        harness.setProcessingTime(caption.getLastAudioCaptureTime().toEpochMilli() + 300);
        harness.processElement1(new StreamRecord<>(caption, caption.getLastAudioCaptureTime().toEpochMilli()));
    }

    private List<SpaceStats> written() {
        return harness.extractOutputValues();
    }

    @Test
    void aConversationsFiguresAreExactAndComeOnTheRoomsCadence() throws Exception {
        // ann: 0.0-1.98 s (10 words); bob: 1.5-2.88 s (7 words), starting over ann by 480 ms; ann again 4.0-4.98 s (5 words).
        say("ann", 0, "rockets rockets rockets launch today from the pad near starbase", 0, 0);
        say("bob", 1_500, "wait rockets cost money every single time", 1_500, 1_980);
        say("ann", 4_000, "starbase is ready for launch", 0, 0);
        assertEquals(List.of(), written(), "nothing before the room reaches the first step");
        harness.processBothWatermarks(new Watermark(SPACE_START + 5_000));
        assertEquals(1, written().size());
        SpaceStats stats = written().get(0);
        assertEquals(5_000, stats.getUpToMs());
        assertFalse(stats.getSummary());
        assertEquals("Stats", stats.getTitle());
        SpeakerStats ann = stats.getSpeakers().get(0);
        SpeakerStats bob = stats.getSpeakers().get(1);
        assertEquals("ann", ann.getSpeakerId());
        assertEquals("ANN", ann.getDisplayName());
        assertEquals(1_980 + 980, ann.getTalkMs());
        assertEquals(15, ann.getWords());
        assertEquals(15 * 60_000f / 2_960, ann.getWordsPerMinute(), 0.01);
        assertEquals(2, ann.getTurns());
        assertEquals(0, ann.getInterruptions());
        assertEquals(1_380, bob.getTalkMs());
        assertEquals(1, bob.getTurns());
        assertEquals(1, bob.getInterruptions(), "bob started while ann was speaking");
        assertEquals(480, bob.getOverlapMs());
        assertEquals((float) 2_960 / (2_960 + 1_380), ann.getTalkShare(), 1e-6);
        assertEquals(1_980, ann.getLongestMonologueMs());
        assertEquals(2_880 + 980, stats.getSpeechMs(), "0-2.88 s and 4.0-4.98 s");
        assertEquals(5_000 - 3_860, stats.getSilenceMs());
        assertEquals(480, stats.getOverlapMs());
        assertEquals(List.of(new Keyword("rockets", 4), new Keyword("launch", 2), new Keyword("starbase", 2)),
                stats.getKeywords().subList(0, 3), "stop words (the, from, is, for...) left out");
        assertEquals(329, stats.getService().getFinalLatencyP50Ms(), "300 ms, as the upper edge of its bucket: 10 ms x 1.15^25");
    }

    @Test
    void aRoomThatJumpsSeveralStepsGetsOneSnapshotForTheLatestAndTheCadenceGoesOnInSilence() throws Exception {
        say("ann", 0, "hello everyone", 0, 0);
        harness.processBothWatermarks(new Watermark(SPACE_START + 17_300));
        assertEquals(List.of(15_000L), written().stream().map(SpaceStats::getUpToMs).toList());
        harness.processBothWatermarks(new Watermark(SPACE_START + 20_000));
        harness.processBothWatermarks(new Watermark(SPACE_START + 25_000));
        assertEquals(List.of(15_000L, 20_000L, 25_000L), written().stream().map(SpaceStats::getUpToMs).toList());
        assertEquals(25_000 - 380, written().get(2).getSilenceMs(), "two words (0-0.38 s), then silence");
    }

    @Test
    void theSummaryComesOnceTheRoomIsPastTheEndAndCountsDeadLetters() throws Exception {
        say("ann", 0, "hello everyone", 0, 0);
        harness.processElement2(new StreamRecord<>(RoomSignal.of(DeadLetter.newBuilder().setSourceTopic("spaces.audio")
                .setSourcePartition(0).setSourceOffset(1).setReason("LATE_CHUNK").setMessage("late").setSpaceId("s1")
                .setFailedAt(Instant.EPOCH).setPayload(ByteBuffer.allocate(0)).build())));
        room(SpaceEvent.newBuilder().setSpaceId("s1").setType(SpaceEventType.SPACE_ENDED).setTime(Instant.ofEpochMilli(SPACE_START + 3_000)).build());
        harness.processBothWatermarks(new Watermark(SPACE_START + 4_999));
        assertEquals(List.of(), written(), "the room is heard to 4.999 s, not yet two seconds past the end");
        harness.processBothWatermarks(new Watermark(SPACE_START + 5_000));
        assertEquals(1, written().size(), "no step past the end (5 s > 3 s): the summary alone");
        SpaceStats summary = written().get(0);
        assertTrue(summary.getSummary());
        assertEquals(3_000, summary.getUpToMs());
        assertEquals(Map.of("LATE_CHUNK", 1L), summary.getService().getDeadLetters());
        int count = written().size();
        say("ann", 2_000, "one more", 0, 0);
        assertEquals(count + 1, written().size(), "a straggling final corrects the summary");
        assertTrue(written().get(written().size() - 1).getSummary());
        assertEquals(4, written().get(written().size() - 1).getSpeakers().get(0).getWords());
    }

    @Test
    void aSpaceThatEndsWhileTheRoomStandsStillIsSummarisedOnTheWallClockAndForgotten() throws Exception {
        say("ann", 0, "hello", 0, 0);
        long now = SPACE_START + 10_000;
        harness.setProcessingTime(now);
        room(SpaceEvent.newBuilder().setSpaceId("s1").setType(SpaceEventType.SPACE_ENDED).setTime(Instant.ofEpochMilli(SPACE_START + 1_000)).build());
        harness.setProcessingTime(now + 10_000);
        assertTrue(written().get(written().size() - 1).getSummary(), "no watermark: the wall clock writes the summary");
        harness.setProcessingTime(now + SpaceLifetime.ENDED_SPACE_GRACE.toMillis());
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numProcessingTimeTimers());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void aRoomStillCatchingUpAfterTheEndIsNotSummarisedOnTheWallClock() throws Exception {
        say("ann", 0, "hello", 0, 0);
        long now = SPACE_START + 10_000;
        harness.setProcessingTime(now);
        room(SpaceEvent.newBuilder().setSpaceId("s1").setType(SpaceEventType.SPACE_ENDED).setTime(Instant.ofEpochMilli(SPACE_START + 30_000)).build());
        harness.processBothWatermarks(new Watermark(SPACE_START + 1_000));
        harness.setProcessingTime(now + 10_000);
        assertTrue(written().stream().noneMatch(SpaceStats::getSummary), "the room moved meanwhile: recognition is catching up");
        say("ann", 2_000, "still coming", 0, 0);
        harness.setProcessingTime(now + 20_000);
        assertTrue(written().stream().noneMatch(SpaceStats::getSummary), "its captions still come: recognition is catching up");
        harness.setProcessingTime(now + 30_000);
        assertTrue(written().get(written().size() - 1).getSummary(), "then it stood still for ten seconds");
    }

    @Test
    void aSpaceThatGoesQuietIsForgottenWithoutAnEnd() throws Exception {
        say("ann", 0, "and then the producer stopped mid", 0, 0);
        harness.setProcessingTime(SPACE_START + 100_000 + 600_000);
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numProcessingTimeTimers());
        assertEquals(0, harness.numEventTimeTimers(), "its pending step was dropped too");
    }
}
