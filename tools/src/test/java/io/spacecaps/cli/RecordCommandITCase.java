package io.spacecaps.cli;

import io.spacecaps.audio.PcmAudio;
import io.spacecaps.audio.WavFile;
import io.spacecaps.embedded.EmbeddedKafkaBroker;
import io.spacecaps.embedded.TopicSetup;
import io.spacecaps.session.SessionManifest;
import io.spacecaps.session.SessionPublisher;
import io.spacecaps.testing.DemoSpace;
import io.spacecaps.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code record} against a real broker: the demo Space's first minute is published as a room would,
 * recorded back, and its manifest and audio are what was published, sample for sample: replaying the
 * recording sends the job the same Space.
 */
class RecordCommandITCase {

    @Test
    void aPublishedSpaceIsRecordedBackToTheSameManifestAndAudio(@TempDir Path dir) throws Exception {
        DemoSpace demo = DemoSpace.firstSeconds(60);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            TopicSetup.ensureAll(broker.bootstrapServers(), (short) 1);
            try (SessionPublisher publisher = new SessionPublisher(broker.bootstrapServers())) {
                publisher.publish(demo.manifest(), demo.audio(), "recorded", 0, 100, null);
            } catch (java.io.IOException notAccepted) {
                // Keep the broker's own account where a failed run can be read (the broker deletes its directory).
                Files.copy(broker.logFile(), TestData.home().resolve("tools/target/record-broker-server.log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                throw notAccepted;
            }
            Path out = dir.resolve("recorded");
            CliRun run = CliRun.of("record", "--bootstrap", broker.bootstrapServers(), "--space", "recorded", "--out", out.toString());
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.err().contains("2 track(s), 60.0 s of audio"), run.err());

            SessionManifest recorded = SessionManifest.read(out.resolve("manifest.json"));
            SessionManifest original = demo.manifest();
            assertEquals("recorded", recorded.space().id());
            assertEquals(original.space().title(), recorded.space().title());
            assertEquals(original.participants().stream().map(p -> List.of(p.id(), p.displayName(), p.role())).toList(),
                    recorded.participants().stream().map(p -> List.of(p.id(), p.displayName(), p.role())).toList());
            assertEquals(original.events().stream().map(e -> e.atMs() + " " + e.type() + " " + e.participantId()).toList(),
                    recorded.events().stream().map(e -> e.atMs() + " " + e.type() + " " + e.participantId()).toList());
            for (Map.Entry<SessionManifest.Track, PcmAudio> track : demo.audio().entrySet()) {
                SessionManifest.Track same = recorded.tracks().stream().filter(t -> t.id().equals(track.getKey().id())).findFirst().orElseThrow();
                assertEquals(track.getKey().participantId(), same.participantId());
                PcmAudio audio = WavFile.read(recorded.fileOf(same));
                assertEquals(track.getValue().sampleRate(), audio.sampleRate());
                assertArrayEquals(track.getValue().samples(), audio.samples(), track.getKey().id() + ": the same samples");
            }

            CliRun again = CliRun.of("record", "--bootstrap", broker.bootstrapServers(), "--space", "recorded", "--out", out.toString());
            assertEquals(2, again.exitCode());
            assertTrue(again.err().contains("is not empty"), again.err());
            CliRun unknown = CliRun.of("record", "--bootstrap", broker.bootstrapServers(), "--space", "nope",
                    "--out", dir.resolve("nope").toString());
            assertEquals(1, unknown.exitCode());
            assertTrue(unknown.err().contains("no Space 'nope' on " + broker.bootstrapServers()), unknown.err());
            assertTrue(!Files.exists(dir.resolve("nope").resolve("manifest.json")));

            // A Space a room sent as Opus is recorded as the job hears it: decoded, at the job's rate.
            Path clipWav = dir.resolve("clip.wav");
            WavFile.write(clipWav, new PcmAudio(TestData.clip("slt-hello").samples(), 16_000));
            SessionManifest clipSpace = SessionManifest.forRecording(clipWav, "en");
            try (SessionPublisher publisher = new SessionPublisher(broker.bootstrapServers())) {
                publisher.publish(clipSpace, SessionPublisher.loadTracks(clipSpace), "recorded-opus", 0, 100,
                        SessionPublisher.ChunkFormat.opus(32_000), null);
            }
            Path opusOut = dir.resolve("recorded-opus");
            CliRun opus = CliRun.of("record", "--bootstrap", broker.bootstrapServers(), "--space", "recorded-opus", "--out", opusOut.toString());
            assertEquals(0, opus.exitCode(), opus.err());
            SessionManifest fromOpus = SessionManifest.read(opusOut.resolve("manifest.json"));
            PcmAudio decoded = WavFile.read(fromOpus.fileOf(fromOpus.tracks().get(0)));
            assertEquals(16_000, decoded.sampleRate());
            assertEquals(TestData.clip("slt-hello").samples().length / 16.0, decoded.durationMillis(), 40.0,
                    "the whole clip, placed where its capture times say");
            String heard = io.spacecaps.bench.OfflineTranscriber.transcribe(TestData.englishModel(), decoded);
            assertTrue(io.spacecaps.eval.WordErrorRate.of(TestData.clipText("slt-hello"), heard).wer() <= 0.15,
                    "the recorded Opus track says what the clip says: " + heard);
        }
    }
}
