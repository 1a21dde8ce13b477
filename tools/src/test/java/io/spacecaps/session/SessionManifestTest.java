package io.spacecaps.session;

import io.spacecaps.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void aMisspeltKeyIsRefusedWithTheKeyMeantAndWhereItIs(@TempDir Path dir) throws IOException {
        Path wav = Files.createFile(dir.resolve("a.wav"));
        Path file = dir.resolve("space.json");
        Files.writeString(file, """
                {"space": {"id": "s"},
                 "participants": [{"id": "a", "displayName": "A"}],
                 "tracks": [{"id": "t", "file": "a.wav", "particpantId": "a"}]}""");
        String message = assertThrows(IOException.class, () -> SessionManifest.read(file)).getMessage();
        assertTrue(message.startsWith(file + ": $.tracks[0]: unknown key \"particpantId\" (did you mean \"participantId\"?)"), message);

        Files.writeString(file, """
                {"space": {"id": "s", "langauge": "de"}, "tracks": [{"id": "t", "file": "a.wav"}]}""");
        message = assertThrows(IOException.class, () -> SessionManifest.read(file)).getMessage();
        assertTrue(message.contains("$.space: unknown key \"langauge\" (did you mean \"language\"?)"), message);

        Files.writeString(file, """
                {"space": {"id": "s"}, "participants": [{"id": "a", "displayName": "A"}],
                 "tracks": [{"id": "t", "file": "a.wav", "participant": "a"}]}""");
        message = assertThrows(IOException.class, () -> SessionManifest.read(file)).getMessage();
        assertTrue(message.contains("$.tracks[0]: unknown key \"participant\" (did you mean \"participantId\"?)"), message);
        assertTrue(Files.exists(wav));
    }

    @Test
    void eachEventTypeNeedsItsFields(@TempDir Path dir) throws IOException {
        Files.createFile(dir.resolve("a.wav"));
        Path file = dir.resolve("space.json");
        Files.writeString(file, """
                {"space": {"id": "s"}, "participants": [{"id": "a", "displayName": "A"}],
                 "tracks": [{"id": "t", "file": "a.wav", "participantId": "a"}],
                 "events": [{"atMs": 10, "type": "SPEAKING_STARTED"},
                            {"atMs": 20, "type": "PARTICIPANT_RENAMED", "participantId": "a"},
                            {"atMs": 30, "type": "ROLE_CHANGED", "participantId": "a", "role": "KING"},
                            {"type": "SPEAKING_STOPPED", "participantId": "a"}]}""");
        String message = assertThrows(IOException.class, () -> SessionManifest.read(file)).getMessage();
        assertTrue(message.contains("atMs"), "a missing time is named: " + message);

        Files.writeString(file, """
                {"space": {"id": "s"}, "participants": [{"id": "a", "displayName": "A"}],
                 "tracks": [{"id": "t", "file": "a.wav", "participantId": "a"}],
                 "events": [{"atMs": 10, "type": "SPEAKING_STARTED"},
                            {"atMs": 20, "type": "PARTICIPANT_RENAMED", "participantId": "a"},
                            {"atMs": 30, "type": "ROLE_CHANGED", "participantId": "a", "role": "KING"}]}""");
        message = assertThrows(IOException.class, () -> SessionManifest.read(file)).getMessage();
        assertTrue(message.contains("$.events[0].participantId: a SPEAKING_STARTED event needs a participantId"), message);
        assertTrue(message.contains("$.events[1].displayName: a PARTICIPANT_RENAMED event needs a displayName"), message);
        assertTrue(message.contains("$.events[2].role: role 'KING'"), message);
    }

    @Test
    void aSpaceCanBringItsVocabularyAndPhrasesAndAParticipantCanDeclineCaptions(@TempDir Path dir) throws IOException {
        Files.createFile(dir.resolve("a.wav"));
        Path file = dir.resolve("space.json");
        Files.writeString(file, """
                {"space": {"id": "s", "vocabulary": ["Starlink", "xAI"], "phrases": {"b b c": "BBC", "ten x": "10x"}},
                 "participants": [{"id": "a", "displayName": "A"}, {"id": "b", "displayName": "B", "captions": false},
                                  {"id": "c", "displayName": "C", "captions": true}],
                 "tracks": [{"id": "t", "file": "a.wav", "participantId": "a"}]}""");
        SessionManifest m = SessionManifest.read(file);
        assertEquals(List.of("Starlink", "xAI"), m.space().vocabulary());
        assertEquals(List.of("b b c", "ten x"), List.copyOf(m.space().phrases().keySet()), "in the manifest's order");
        assertEquals("10x", m.space().phrases().get("ten x"));
        assertTrue(m.participant("a").captionsAllowed(), "captions unless declined");
        assertFalse(m.participant("b").captionsAllowed());
        assertTrue(m.participant("c").captionsAllowed());

        SessionManifest demo = SessionManifest.read(TestData.demoManifest());
        assertEquals(List.of(), demo.space().vocabulary());
        assertEquals(Map.of(), demo.space().phrases());
    }

    @Test
    void vocabularyPhrasesAndCaptionsAreCheckedLikeEverythingElse(@TempDir Path dir) throws IOException {
        Files.createFile(dir.resolve("a.wav"));
        Path file = dir.resolve("space.json");
        Files.writeString(file, """
                {"space": {"id": "s", "vocabulary": ["Starlink", " "], "phrases": {"b b c": "", " ": "x"}},
                 "tracks": [{"id": "t", "file": "a.wav"}]}""");
        String message = assertThrows(IOException.class, () -> SessionManifest.read(file)).getMessage();
        assertTrue(message.contains("$.space.vocabulary[1]: a vocabulary entry must be a word or name, not blank"), message);
        assertTrue(message.contains("$.space.phrases[\"b b c\"]: the written form of \"b b c\" must not be blank"), message);
        assertTrue(message.contains("$.space.phrases: a phrase's spoken form (its key) must not be blank"), message);

        Files.writeString(file, """
                {"space": {"id": "s", "vocabulary": "Starlink"}, "tracks": [{"id": "t", "file": "a.wav"}]}""");
        message = assertThrows(IOException.class, () -> SessionManifest.read(file)).getMessage();
        assertTrue(message.contains("$.space.vocabulary: "), message);

        Files.writeString(file, """
                {"space": {"id": "s", "phrases": ["b b c"]}, "tracks": [{"id": "t", "file": "a.wav"}]}""");
        message = assertThrows(IOException.class, () -> SessionManifest.read(file)).getMessage();
        assertTrue(message.contains("$.space.phrases: "), message);

        Files.writeString(file, """
                {"space": {"id": "s", "vocabulary": [], "phrase": {}}, "tracks": [{"id": "t", "file": "a.wav"}]}""");
        message = assertThrows(IOException.class, () -> SessionManifest.read(file)).getMessage();
        assertTrue(message.contains("$.space: unknown key \"phrase\" (did you mean \"phrases\"?)"), message);

        Files.writeString(file, """
                {"space": {"id": "s"}, "participants": [{"id": "a", "displayName": "A", "caption": false}],
                 "tracks": [{"id": "t", "file": "a.wav", "participantId": "a"}]}""");
        message = assertThrows(IOException.class, () -> SessionManifest.read(file)).getMessage();
        assertTrue(message.contains("$.participants[0]: unknown key \"caption\" (did you mean \"captions\"?)"), message);

        Files.writeString(file, """
                {"space": {"id": "s"}, "participants": [{"id": "a", "displayName": "A", "captions": "nope"}],
                 "tracks": [{"id": "t", "file": "a.wav", "participantId": "a"}]}""");
        message = assertThrows(IOException.class, () -> SessionManifest.read(file)).getMessage();
        assertTrue(message.contains("$.participants[0].captions: "), message);
    }
}
