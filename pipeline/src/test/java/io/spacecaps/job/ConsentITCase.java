package io.spacecaps.job;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.kafka.InMemoryTopic;
import io.spacecaps.kafka.RawRecord;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.DeadLetter;
import io.spacecaps.schema.MarkerType;
import io.spacecaps.schema.Role;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;
import io.spacecaps.schema.SpaceStats;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.schema.Word;
import io.spacecaps.schema.wire.WireFormat;
import io.spacecaps.testing.Chunks;
import io.spacecaps.testing.Clip;
import io.spacecaps.testing.CollectingSink;
import io.spacecaps.testing.LogCapture;
import io.spacecaps.testing.TestData;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A participant who declined captions: the whole graph, checkpointing as it goes, on a Space where the
 * host declined and a guest did not. No word of the host's track reaches any output, no byte of the
 * host's audio reaches any checkpoint, no log line carries the host's words; the captions only say,
 * once per turn, that the host is speaking.
 */
class ConsentITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final long T0 = 1_700_000_000_000L;
    /** Words the host's clip holds (clips/slt-hello.txt) that the guest's (Ann's first turn) does not. */
    private static final Set<String> HOST_WORDS = Set.of("quick", "brown", "fox", "jumps", "lazy", "dog", "testing");

    @TempDir
    Path checkpoints;

    @Test
    void noWordOrByteOfSomeoneWhoDeclinedCaptionsGoesAnywhere() throws Exception {
        // The room says the host declined before their audio comes, as a room does when they join.
        run(1_000, 0, true);
    }

    /**
     * The decline reaches the job two seconds after the host's audio (another topic, read later): the
     * audio waits until the room has been heard up to it, then is dropped unheard. It may sit in a
     * checkpoint for that wait, so only topics and logs are checked here.
     */
    @Test
    void aDeclineThatArrivesAfterTheAudioStillKeepsEveryWordOut() throws Exception {
        run(0, 2_000, false);
    }

    private void run(long audioDelayMs, long eventDelayMs, boolean checkCheckpoints) throws Exception {
        Clip host = TestData.clip("slt-hello");
        Clip guest = TestData.clip("mixed-3voices").slice(0, 16_000 * 4);
        List<AudioChunk> all = new ArrayList<>(Chunks.track("s1", "host", "p-host", host, T0 + 500));
        all.addAll(Chunks.track("s1", "guest", "p-guest", guest, T0 + 7_000));
        all.sort(Comparator.comparing(AudioChunk::getCaptureTime));
        WireFormat<AudioChunk> chunks = WireFormat.of(AudioChunk.class);
        List<RawRecord> audio = new ArrayList<>();
        for (AudioChunk c : all) {
            audio.add(new RawRecord(Topics.AUDIO.topicName(), 0, audio.size(), c.getCaptureTime().toEpochMilli(),
                    Topics.audioKey("s1", c.getTrackId()).getBytes(StandardCharsets.UTF_8), chunks.encode(c)));
        }
        WireFormat<SpaceEvent> wire = WireFormat.of(SpaceEvent.class);
        List<RawRecord> events = new ArrayList<>();
        for (SpaceEvent e : List.of(
                SpaceEvent.newBuilder().setSpaceId("s1").setType(SpaceEventType.SPACE_STARTED).setTime(Instant.ofEpochMilli(T0)).build(),
                SpaceEvent.newBuilder().setSpaceId("s1").setType(SpaceEventType.PARTICIPANT_JOINED).setTime(Instant.ofEpochMilli(T0))
                        .setParticipantId("p-host").setDisplayName("Ada Host").setRole(Role.HOST).setCaptionsAllowed(false).build(),
                SpaceEvent.newBuilder().setSpaceId("s1").setType(SpaceEventType.PARTICIPANT_JOINED).setTime(Instant.ofEpochMilli(T0))
                        .setParticipantId("p-guest").setDisplayName("Ann Guest").setRole(Role.SPEAKER).build())) {
            events.add(new RawRecord(Topics.EVENTS.topicName(), 0, events.size(), e.getTime().toEpochMilli(), "s1".getBytes(), wire.encode(e)));
        }

        SpacecapsConfig config = SpacecapsConfig.fromArgs(new String[]{"--model.en", TestData.englishModel(), "--parallelism", "2",
                "--checkpoint-interval-ms", "100"});
        Configuration storage = new Configuration();
        storage.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        storage.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        storage.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 1000);
        // Kept after the job finishes, to be searched.
        storage.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(storage);
        SpacecapsJob.configure(env, config);
        CollectingSink<TranscriptEvent> partials = new CollectingSink<>();
        CollectingSink<TranscriptEvent> finals = new CollectingSink<>();
        CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();
        RawRecord filler = new RawRecord(Topics.EVENTS.topicName(), 0, 0, T0, "elsewhere".getBytes(), wire.encode(SpaceEvent.newBuilder()
                .setSpaceId("elsewhere").setType(SpaceEventType.SPEAKING_STOPPED).setTime(Instant.ofEpochMilli(T0)).build()));
        CollectingSink<SpaceStats> stats = new CollectingSink<>();
        List<String> logged;
        // A finished job's checkpoints are discarded when it ends, so they are copied as they are written.
        Path copies = Files.createTempDirectory("consent-checkpoints");
        try (InMemoryTopic audioTopic = new InMemoryTopic(audio); InMemoryTopic eventTopic = InMemoryTopic.onePartition(events, filler, 2);
             var capture = LogCapture.start(Level.DEBUG); var copying = CheckpointCopier.start(checkpoints, copies)) {
            SpacecapsJob.defineWorkflow(env, config,
                    new SpacecapsJob.Sources(audioTopic.source(audioDelayMs), eventTopic.source(eventDelayMs)),
                    new SpacecapsJob.Sinks(partials, finals, deadLetters, stats));
            env.execute("consent test");
            logged = capture.lines();
        }

        // Topics: the guest is captioned; the host's track only says, once per turn, that they speak.
        List<TranscriptEvent> hostFinals = finals.collected().stream().filter(f -> f.getTrackId().equals("host")).toList();
        assertTrue(hostFinals.stream().allMatch(f -> f.getWords().isEmpty() && f.getText().isEmpty()), "no words of the host");
        assertEquals(1, hostFinals.stream().filter(f -> f.getMarkers().stream().anyMatch(m -> m.getType() == MarkerType.CAPTIONS_OFF)).count(),
                "one turn, said once");
        assertEquals("Ada Host", hostFinals.get(0).getSpeaker().getDisplayName());
        assertTrue(hostFinals.stream().anyMatch(TranscriptEvent::getEndOfTrack), "the host's track still ends");
        assertEquals(List.of(), partials.collected().stream()
                .filter(p -> p.getTrackId().equals("host") && p.getKind() == TranscriptKind.PARTIAL).toList(), "no partial of the host");
        assertTrue(partials.collected().stream().filter(p -> p.getTrackId().equals("host"))
                .allMatch(p -> p.getProvisional() && p.getWords().isEmpty() && p.getText().isEmpty()),
                "on the live topic only the host's finals, at once, and they carry no words");
        assertEquals(List.of(), deadLetters.collected());
        List<String> guestWords = finals.collected().stream().filter(f -> f.getTrackId().equals("guest"))
                .flatMap(f -> f.getWords().stream()).map(Word::getWord).toList();
        assertTrue(guestWords.size() >= 5, "the guest is captioned: " + guestWords);
        for (TranscriptEvent any : finals.collected()) {
            for (Word w : any.getWords()) {
                assertFalse(HOST_WORDS.contains(w.getWord()), "a word of the host reached a topic: " + w.getWord());
            }
        }

        // Logs: none carries the host's words.
        for (String line : logged) {
            for (String word : HOST_WORDS) {
                assertFalse(line.contains(" " + word + " "), "a log line carries a word of the host: " + line);
            }
        }

        if (!checkCheckpoints) {
            return;
        }
        // State: no checkpoint holds any stretch of the host's audio.
        List<Path> files;
        try (Stream<Path> walk = Files.walk(copies)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertFalse(files.isEmpty(), "checkpoints were taken while the Space played");
        byte[] pcm = host.pcm(16_000, 16_000 + 32);                 // 1 s in: the host is speaking
        for (Path f : files) {
            assertFalse(contains(Files.readAllBytes(f), pcm), "the host's audio is in " + f);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Copies every file that appears under a checkpoint directory, every 20 ms and once more at the end. */
    private static final class CheckpointCopier implements AutoCloseable {
        private final Path from;
        private final Path to;
        private final Thread thread;
        private volatile boolean running = true;

        private CheckpointCopier(Path from, Path to) {
            this.from = from;
            this.to = to;
            this.thread = new Thread(() -> {
                while (running) {
                    copyNew();
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "checkpoint-copier");
        }

        static CheckpointCopier start(Path from, Path to) {
            CheckpointCopier copier = new CheckpointCopier(from, to);
            copier.thread.start();
            return copier;
        }

        private void copyNew() {
            try (Stream<Path> walk = Files.walk(from)) {
                for (Path f : walk.filter(Files::isRegularFile).toList()) {
                    Path copy = to.resolve(from.relativize(f).toString().replace('/', '_'));
                    try {
                        Files.copy(f, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    } catch (java.io.IOException goneOrBeingWritten) {
                        // Discarded meanwhile, or still being written: the next round takes it.
                    }
                }
            } catch (java.io.IOException | java.io.UncheckedIOException directoryChanging) {
                // A directory went while walking it: the next round walks again.
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
            copyNew();
        }
    }
}
