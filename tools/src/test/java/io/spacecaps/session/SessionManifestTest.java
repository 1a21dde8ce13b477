package io.spacecaps.session;

import io.spacecaps.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionManifestTest {

    @Test
    void readsTheDemoSpace() throws IOException {
        SessionManifest m = SessionManifest.read(TestData.demoManifest());
        assertEquals("demo-bbc-interview", m.space().id());
        assertEquals("en", m.space().language());
        assertEquals(2, m.tracks().size());
        assertEquals("Elon Musk", m.participant("elon-musk").displayName());
        assertTrue(Files.isRegularFile(m.fileOf(m.tracks().get(0))));
        assertTrue(m.events().size() > 10);
    }

    @Test
    void aWavIsASpaceWithOneMixedTrack(@TempDir Path dir) throws IOException {
        Path wav = Files.createFile(dir.resolve("My Talk.wav"));
        SessionManifest m = SessionManifest.forRecording(wav, "en");
        assertEquals("my-talk", m.space().id());
        assertEquals(1, m.tracks().size());
        assertNull(m.tracks().get(0).participantId());
    }

    @Test
    void everyProblemIsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("space.json");
        Files.writeString(file, """
                {"space": {"id": "s"},
                 "participants": [{"id": "a", "displayName": "A", "role": "KING"}],
                 "tracks": [{"id": "t", "file": "missing.wav", "participantId": "b"}],
                 "events": [{"atMs": 5, "type": "WAVED", "participantId": "a"}]}""");
        IOException e = assertThrows(IOException.class, () -> SessionManifest.read(file));
        assertTrue(e.getMessage().contains("role 'KING'"), e.getMessage());
        assertTrue(e.getMessage().contains("missing.wav does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("participant 'b'"), e.getMessage());
        assertTrue(e.getMessage().contains("type 'WAVED'"), e.getMessage());

        Files.writeString(file, "{not json");
        assertTrue(assertThrows(IOException.class, () -> SessionManifest.read(file)).getMessage().contains("not valid JSON"));
    }
}
