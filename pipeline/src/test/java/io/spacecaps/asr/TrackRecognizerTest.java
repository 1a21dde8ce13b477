package io.spacecaps.asr;

import io.spacecaps.audio.PcmAudio;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.eval.WordErrorRate;
import io.spacecaps.ingest.DeadLetters;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.DeadLetter;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.schema.Word;
import io.spacecaps.testing.Chunks;
import io.spacecaps.testing.TestData;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recogniser operator, in Flink's keyed broadcast harness, on a committed 5.6 s clip and real Vosk. */
class TrackRecognizerTest {

    private static final long SPACE_START = 1_700_000_000_000L;
    /** The track starts 2 s into the Space, so caption times must be shifted by 2000 ms. */
    private static final long TRACK_START = SPACE_START + 2_000;

    private KeyedBroadcastOperatorTestHarness<String, AudioChunk, SpaceEvent, TranscriptEvent> harness;

    @BeforeEach
    void setUp() throws Exception {
        SpacecapsConfig config = SpacecapsConfig.fromArgs(new String[]{
                "--model.en", TestData.englishModel(), "--idle-track-timeout-ms", "5000"});
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new TrackRecognizer(config),
                chunk -> Topics.audioKey(chunk.getSpaceId(), chunk.getTrackId()), Types.STRING, TrackRecognizer.SPACES);
        harness.open();
        harness.processBroadcastElement(SpaceEvent.newBuilder().setSpaceId("s1").setType(SpaceEventType.SPACE_STARTED)
                .setTime(Instant.ofEpochMilli(SPACE_START)).setLanguage("en").build(), 0);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
        assertEquals(0, VoskModels.loadedCount(), "closing the operator frees the model");
    }

    /** The broadcast harness does not count keyed state itself; its heap backend does. */
    private int keyedStateEntries() {
        AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) harness.getTwoInputOperator();
        return ((HeapKeyedStateBackend<?>) operator.getKeyedStateBackend()).numKeyValueStateEntries();
    }

    @Test
    void recognisesAClipWithPartialsAndAFinalOnTheSpaceTimeline() throws Exception {
        PcmAudio clip = TestData.clip("slt-hello");
        for (AudioChunk chunk : Chunks.track("s1", "host", "p-host", clip, TRACK_START)) {
            harness.processElement(new StreamRecord<>(chunk, chunk.getCaptureTime().toEpochMilli()));
        }
        List<TranscriptEvent> out = harness.extractOutputValues();
        List<TranscriptEvent> partials = out.stream().filter(e -> e.getKind() == TranscriptKind.PARTIAL).toList();
        List<TranscriptEvent> finals = out.stream().filter(e -> e.getKind() == TranscriptKind.FINAL).toList();

        assertTrue(partials.size() >= 3, "partials while speaking, got " + partials.size());
        for (int i = 1; i < partials.size(); i++) {
            if (partials.get(i).getUtteranceId().equals(partials.get(i - 1).getUtteranceId())) {
                assertEquals(partials.get(i - 1).getRevision() + 1, partials.get(i).getRevision());
            }
        }
        String text = String.join(" ", finals.stream().map(TranscriptEvent::getText).toList()).strip();
        double wer = WordErrorRate.of(TestData.clipText("slt-hello"), text).wer();
        assertTrue(wer <= 0.15, "WER " + wer + " for '" + text + "'");

        TranscriptEvent last = finals.get(finals.size() - 1);
        assertTrue(last.getEndOfTrack(), "the last final closes the track");
        TranscriptEvent first = finals.get(0);
        assertEquals("host#0", first.getUtteranceId());
        assertEquals("p-host", first.getSpeaker().getId());
        assertEquals(Attribution.TRACK, first.getSpeaker().getAttribution());
        // The clip has 0.3 s of lead-in and speech until 5.27 s; on the Space timeline that is 2.3 s .. 7.27 s.
        List<Word> words = finals.stream().flatMap(f -> f.getWords().stream()).toList();
        assertTrue(words.get(0).getStartMs() >= 2_200 && words.get(0).getStartMs() <= 2_700, "first word at " + words.get(0).getStartMs());
        Word lastWord = words.get(words.size() - 1);
        assertTrue(lastWord.getEndMs() >= 6_900 && lastWord.getEndMs() <= 7_600, "last word ends at " + lastWord.getEndMs());
        for (int i = 1; i < words.size(); i++) {
            assertTrue(words.get(i).getStartMs() >= words.get(i - 1).getStartMs(), "word times ascend");
        }
        assertEquals(first.getWords().get(0).getStartMs(), first.getStartMs());
        assertEquals(SPACE_START + first.getStartMs(), first.getWallClockStart().toEpochMilli());
        assertTrue(first.getLastAudioCaptureTime().toEpochMilli() > TRACK_START);

        Set<String> ids = new HashSet<>();
        out.forEach(e -> assertTrue(ids.add(e.getEventId()), "event ids are unique"));
        assertEquals(0, keyedStateEntries(), "an ended track leaves no keyed state");
        assertEquals(0, harness.numProcessingTimeTimers(), "an ended track leaves no timers");
    }

    @Test
    void anIdleTrackIsFlushedAndReleased() throws Exception {
        PcmAudio clip = TestData.clip("slt-hello");
        // Only the first 3 s, and no end of track: a producer that went quiet mid-sentence.
        PcmAudio firstHalf = clip.slice(0, 16_000 * 3);
        harness.setProcessingTime(1_000);
        List<AudioChunk> chunks = Chunks.track("s1", "guest", "p-guest", firstHalf, TRACK_START);
        for (AudioChunk chunk : chunks.subList(0, chunks.size() - 1)) {
            harness.processElement(new StreamRecord<>(chunk, chunk.getCaptureTime().toEpochMilli()));
        }
        assertEquals(1, harness.numProcessingTimeTimers());
        assertFalse(harness.extractOutputValues().stream().anyMatch(e -> e.getKind() == TranscriptKind.FINAL));

        harness.setProcessingTime(1_000 + 5_000);
        List<TranscriptEvent> finals = harness.extractOutputValues().stream()
                .filter(e -> e.getKind() == TranscriptKind.FINAL).toList();
        assertEquals(1, finals.size(), "the idle timeout flushes the pending utterance");
        assertFalse(finals.get(0).getEndOfTrack(), "idle is not the end of the track");
        assertTrue(finals.get(0).getText().startsWith("the quick brown"), finals.get(0).getText());
        assertEquals(0, keyedStateEntries());
        assertEquals(0, harness.numProcessingTimeTimers());
    }

    @Test
    void aSpaceInALanguageWithNoModelIsDeadLettered() throws Exception {
        harness.processBroadcastElement(SpaceEvent.newBuilder().setSpaceId("s2").setType(SpaceEventType.SPACE_STARTED)
                .setTime(Instant.ofEpochMilli(SPACE_START)).setLanguage("nl").build(), 0);
        AudioChunk chunk = Chunks.chunk("s2", "host", 0, SPACE_START, new byte[3200]).build();
        harness.processElement(new StreamRecord<>(chunk, SPACE_START));
        assertTrue(harness.extractOutputValues().isEmpty());
        List<DeadLetter> letters = harness.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
        assertEquals(1, letters.size());
        assertEquals("NO_MODEL_FOR_LANGUAGE", letters.get(0).getReason());
        assertTrue(letters.get(0).getMessage().contains("--model.nl"), letters.get(0).getMessage());
    }
}
