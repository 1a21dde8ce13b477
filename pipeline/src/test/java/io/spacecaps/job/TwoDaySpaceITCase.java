package io.spacecaps.job;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.kafka.InMemoryTopic;
import io.spacecaps.kafka.RawRecord;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.DeadLetter;
import io.spacecaps.schema.Role;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;
import io.spacecaps.schema.SpaceStats;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.Word;
import io.spacecaps.schema.wire.WireFormat;
import io.spacecaps.testing.Chunks;
import io.spacecaps.testing.CollectingSink;
import io.spacecaps.testing.TestData;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Space that runs for two days, read at full speed: the host speaks at its start, the room's
 * speaking indicators come every half hour, and 47.5 hours in the host speaks again on a new track
 * (a client that reconnected). Nothing of the job decides a Space's life by the producers' clock,
 * so the second sentence is heard and named like the first: no UNKNOWN_SPACE, no participant id in
 * place of the name (before, Spaces were pruned after 24 h of their own time and the roster after 12).
 */
class TwoDaySpaceITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final long T0 = 1_700_000_000_000L;
    private static final long HOUR = 3_600_000L;
    private static final long SECOND_TRACK_AT = 47 * HOUR + HOUR / 2;

    @Test
    void aTwoDaySpaceKeepsItsNamesAndItsAudio() throws Exception {
        WireFormat<AudioChunk> chunks = WireFormat.of(AudioChunk.class);
        List<AudioChunk> all = new ArrayList<>(Chunks.track("long", "ada", "p-ada", TestData.clip("slt-hello"), T0 + 1_000));
        all.addAll(Chunks.track("long", "ada-2", "p-ada", TestData.clip("slt-hello"), T0 + SECOND_TRACK_AT));
        List<RawRecord> audio = new ArrayList<>();
        for (AudioChunk c : all) {
            audio.add(record(Topics.AUDIO, Topics.audioKey(c.getSpaceId(), c.getTrackId()), c.getCaptureTime().toEpochMilli(), chunks.encode(c)));
        }
        List<SpaceEvent> room = new ArrayList<>();
        room.add(event(SpaceEventType.SPACE_STARTED, 0, null, null).setTitle("two days").setLanguage("en").build());
        room.add(event(SpaceEventType.PARTICIPANT_JOINED, 0, "p-ada", "Ada Host").setRole(Role.HOST).build());
        for (long at = 0; at < 48 * HOUR; at += HOUR / 2) {
            room.add(event(SpaceEventType.SPEAKING_STARTED, at + 1_000, "p-ada", null).build());
            room.add(event(SpaceEventType.SPEAKING_STOPPED, at + 7_000, "p-ada", null).build());
        }
        room.add(event(SpaceEventType.SPACE_ENDED, 48 * HOUR, null, null).build());
        room.sort(Comparator.comparing(SpaceEvent::getTime));
        WireFormat<SpaceEvent> wire = WireFormat.of(SpaceEvent.class);
        List<RawRecord> events = new ArrayList<>();
        for (SpaceEvent e : room) {
            events.add(record(Topics.EVENTS, "long", e.getTime().toEpochMilli(), wire.encode(e)));
        }

        SpacecapsConfig config = SpacecapsConfig.fromArgs(new String[]{"--model.en", TestData.englishModel(), "--parallelism", "2",
                "--checkpoint-interval-ms", "0"});
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SpacecapsJob.configure(env, config);
        CollectingSink<TranscriptEvent> partials = new CollectingSink<>();
        CollectingSink<TranscriptEvent> finals = new CollectingSink<>();
        CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();
        CollectingSink<SpaceStats> stats = new CollectingSink<>();
        RawRecord filler = record(Topics.EVENTS, "elsewhere", T0, wire.encode(SpaceEvent.newBuilder()
                .setSpaceId("elsewhere").setType(SpaceEventType.SPEAKING_STOPPED).setTime(Instant.ofEpochMilli(T0)).build()));
        try (InMemoryTopic audioTopic = new InMemoryTopic(audio);
             InMemoryTopic eventTopic = InMemoryTopic.onePartition(events, filler, config.parallelism())) {
            SpacecapsJob.defineWorkflow(env, config, new SpacecapsJob.Sources(audioTopic.source(), eventTopic.source()),
                    new SpacecapsJob.Sinks(partials, finals, deadLetters, stats));
            env.execute("two-day Space");
        }

        assertEquals(List.of(), deadLetters.collected().stream().map(d -> d.getReason() + ": " + d.getMessage()).toList(),
                "no audio refused");
        for (String track : List.of("ada", "ada-2")) {
            List<TranscriptEvent> spoken = finals.collected().stream()
                    .filter(f -> f.getTrackId().equals(track) && !f.getWords().isEmpty()).toList();
            assertEquals(TestData.SLT_HELLO_HEARD, spoken.stream().flatMap(f -> f.getWords().stream()).map(Word::getWord)
                    .collect(Collectors.joining(" ")), "the words of " + track);
            assertTrue(spoken.stream().allMatch(f -> f.getSpeaker().getDisplayName().equals("Ada Host")
                    && f.getSpeaker().getAttribution() == Attribution.TRACK), "named by the roster: " + spoken.stream()
                    .map(f -> f.getSpeaker().getDisplayName() + "/" + f.getSpeaker().getAttribution()).toList());
        }
        TranscriptEvent late = finals.collected().stream().filter(f -> f.getTrackId().equals("ada-2") && !f.getWords().isEmpty())
                .findFirst().orElseThrow();
        assertTrue(late.getStartMs() >= SECOND_TRACK_AT, "on the Space's own timeline, 47.5 h in: " + late.getStartMs());
    }

    private static SpaceEvent.Builder event(SpaceEventType type, long atMs, String participant, String name) {
        return SpaceEvent.newBuilder().setSpaceId("long").setType(type).setTime(Instant.ofEpochMilli(T0 + atMs))
                .setParticipantId(participant).setDisplayName(name);
    }

    private static RawRecord record(Topics topic, String key, long timestamp, byte[] value) {
        return new RawRecord(topic.topicName(), 0, timestamp - T0, timestamp, key.getBytes(StandardCharsets.UTF_8), value);
    }
}
