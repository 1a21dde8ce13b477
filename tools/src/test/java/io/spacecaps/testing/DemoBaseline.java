package io.spacecaps.testing;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.embedded.EmbeddedPipeline;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.wire.WireFormat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The transcript of record that the failure tests compare with: the finals of the demo Space's first
 * {@value #SECONDS} s through a fresh embedded pipeline (broker, MiniCluster, Vosk) with no failure,
 * published as fast as the broker takes it. Worked out once per test run: every failure test holds
 * its run against the same one, the standalone cluster's included, so they also prove that where the
 * job runs does not change what it writes.
 *
 * <p>The suite's test JVMs (failsafe's forks) share it through a file named by the Maven run
 * ({@value #RUN_PROPERTY}, the build's timestamp): the first to need it works it out under a file lock
 * while the other waits, then reads it. Without the property (a test run from an IDE) each JVM works
 * it out itself.
 */
public final class DemoBaseline {

    public static final int SECONDS = 70;
    public static final String SPACE = "demo-bbc-interview";
    static final String RUN_PROPERTY = "spacecaps.test.run";

    private static List<TranscriptEvent> finals;

    private DemoBaseline() {
    }

    /** The configuration of the embedded failure runs: two subtasks, so that tracks share the work. */
    public static SpacecapsConfig config() {
        return SpacecapsConfig.fromArgs(new String[]{"--model.en", TestData.englishModel(), "--parallelism", "2",
                "--checkpoint-interval-ms", "500"});
    }

    public static synchronized List<TranscriptEvent> finals() throws Exception {
        if (finals == null) {
            String run = System.getProperty(RUN_PROPERTY, "");
            finals = run.isBlank() || run.contains("${") ? workedOut() : sharedBy(run);
        }
        return finals;
    }

    private static List<TranscriptEvent> sharedBy(String run) throws Exception {
        Path dir = Files.createDirectories(TestData.home().resolve("tools/target/demo-baseline"));
        Path file = dir.resolve(run + ".avro");
        try (FileChannel lock = FileChannel.open(dir.resolve(run + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = lock.lock()) {
            if (Files.exists(file)) {
                return read(file);
            }
            List<TranscriptEvent> workedOut = workedOut();
            Path written = dir.resolve(run + ".tmp");
            write(written, workedOut);
            Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
            return workedOut;
        }
    }

    private static List<TranscriptEvent> workedOut() throws Exception {
        DemoSpace demo = DemoSpace.firstSeconds(SECONDS);
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(config(), true, s -> { }, null)) {
            return List.copyOf(ReplayedFinals.collect(pipeline.bootstrapServers(), demo.manifest(), demo.audio(), SPACE, 0,
                    progress -> { }, Duration.ofSeconds(180)));
        }
    }

    private static void write(Path file, List<TranscriptEvent> events) throws IOException {
        WireFormat<TranscriptEvent> wire = WireFormat.of(TranscriptEvent.class);
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(events.size());
            for (TranscriptEvent event : events) {
                byte[] bytes = wire.encode(event);
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
    }

    private static List<TranscriptEvent> read(Path file) throws Exception {
        WireFormat<TranscriptEvent> wire = WireFormat.of(TranscriptEvent.class);
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            int count = in.readInt();
            List<TranscriptEvent> events = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                events.add(wire.decode(in.readNBytes(in.readInt())));
            }
            return List.copyOf(events);
        }
    }
}
