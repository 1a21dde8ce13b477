package io.spacecaps.format;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.schema.Word;
import io.spacecaps.schema.WrittenToken;
import io.spacecaps.spaces.SpaceLifetime;
import io.spacecaps.testing.Captions;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.spacecaps.testing.Captions.SPACE_START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The caption-writing stage in Flink's keyed harness: the room's vocabulary, sentences across finals, a quiet Space. */
class CaptionWriterTest {

    private KeyedTwoInputStreamOperatorTestHarness<String, TranscriptEvent, SpaceEvent, TranscriptEvent> harness;
    private int utterance;

    @BeforeEach
    void setUp() throws Exception {
        Path masked = Files.createTempFile("masked", ".txt");
        Files.writeString(masked, "# words to mask\ndarn\n");
        SpacecapsConfig config = SpacecapsConfig.fromArgs(new String[]{"--idle-space-timeout-ms", "600000", "--mask-words", masked.toString()});
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(new CaptionWriter(config),
                TranscriptEvent::getSpaceId, SpaceEvent::getSpaceId, Types.STRING);
        harness.setProcessingTime(0);
        harness.processElement2(new StreamRecord<>(SpaceEvent.newBuilder().setSpaceId("s1").setType(SpaceEventType.SPACE_STARTED)
                .setTime(Instant.ofEpochMilli(SPACE_START)).setVocabulary(List.of("Starlink"))
                .setPhrases(Map.of("x a i", "xAI")).build()));
        harness.processElement2(new StreamRecord<>(SpaceEvent.newBuilder().setSpaceId("s1").setType(SpaceEventType.PARTICIPANT_JOINED)
                .setTime(Instant.ofEpochMilli(SPACE_START)).setParticipantId("p1").setDisplayName("James Clayton").build()));
    }

    /** A final of p1's track, its words 200 ms apart from {@code startMs}, Vosk having heard {@code silenceMs} after them. */
    private TranscriptEvent write(TranscriptKind kind, long startMs, String text, long silenceMs) throws Exception {
        TranscriptEvent caption = Captions.caption(kind, "t1", "p1", Captions.words(startMs, text), utterance++).build();
        caption.setLastAudioCaptureTime(Instant.ofEpochMilli(caption.getLastAudioCaptureTime().toEpochMilli() + silenceMs));
        int before = harness.extractOutputValues().size();
        harness.processElement1(new StreamRecord<>(caption));
        return harness.extractOutputValues().get(before);
    }

    @Test
    void writesTheRoomsNamesAndVocabularyAndKeepsVosksWords() throws Exception {
        TranscriptEvent out = write(TranscriptKind.FINAL, 0, "so james clayton asked about starlink and x a i", 900);
        assertEquals("So James Clayton asked about Starlink and xAI.", out.getText());
        assertEquals(List.of("so", "james", "clayton", "asked", "about", "starlink", "and", "x", "a", "i"),
                out.getWords().stream().map(Word::getWord).toList(), "the words stay Vosk's own");
        WrittenToken xai = out.getWritten().get(out.getWritten().size() - 1);
        assertEquals("xAI.", xai.getText());
        assertEquals(7, xai.getFirstWord());
        assertEquals(9, xai.getLastWord());
        assertEquals(out.getText(), String.join(" ", out.getWritten().stream().map(WrittenToken::getText).toList()));
    }

    @Test
    void aSentenceRunsOnAcrossFinalsOfOneSpeakerAndPartialsDoNotMoveIt() throws Exception {
        TranscriptEvent first = write(TranscriptKind.FINAL, 0, "i think that we", 50);
        assertEquals("I think that we", first.getText(), "no full stop: the sentence goes on");
        TranscriptEvent partial = write(TranscriptKind.PARTIAL, 1_000, "should go", 0);
        assertTrue(partial.getText().startsWith("should"), partial.getText());
        TranscriptEvent next = write(TranscriptKind.FINAL, 1_000, "should go now", 900);
        assertEquals("should go now.", next.getText(), "carried on, not restarted, by the partial in between");
        TranscriptEvent masked = write(TranscriptKind.FINAL, 3_000, "darn it", 900);
        assertEquals("D*** it.", masked.getText(), "the configured word is masked");
        assertEquals("darn", masked.getWords().get(0).getWord(), "in the text only");
    }

    @Test
    void aQuietSpaceIsForgotten() throws Exception {
        write(TranscriptKind.FINAL, 0, "hello there", 900);
        harness.setProcessingTime(600_000);
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numProcessingTimeTimers());
    }

    @Test
    void anEndedSpaceIsForgottenAfterItsGrace() throws Exception {
        write(TranscriptKind.FINAL, 0, "goodbye", 900);
        harness.processElement2(new StreamRecord<>(SpaceEvent.newBuilder().setSpaceId("s1").setType(SpaceEventType.SPACE_ENDED)
                .setTime(Instant.ofEpochMilli(SPACE_START + 1_000)).build()));
        harness.setProcessingTime(SpaceLifetime.ENDED_SPACE_GRACE.toMillis());
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numProcessingTimeTimers());
    }
}
