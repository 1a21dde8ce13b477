package io.spacecaps.session;

import io.spacecaps.audio.PcmAudio;
import io.spacecaps.testing.NoWarnings;
import io.spacecaps.testing.TestData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeldAudioTest {

    private static final long HOUR_OF_SAMPLES = 16_000L * 2 * 3600;
    private static final long COMMAND_LINE_HEAP = 3L << 30;

    @Test
    void theCommandLinesHeapHoldsEightTrackHoursTwiceButNotSixteen() throws IOException {
        // The figures measured: 8 one-hour tracks ran (1.9 GB of live heap), 16 ran out of the 3 GB heap.
        HeldAudio inThisJvm = new HeldAudio(COMMAND_LINE_HEAP, 2);
        inThisJvm.check(8 * HOUR_OF_SAMPLES, 8, 8);
        String message = assertThrows(IOException.class, () -> inThisJvm.check(16 * HOUR_OF_SAMPLES, 16, 16)).getMessage();
        assertEquals("the recording is too long to hold in memory: its 16 tracks come to 16.0 track-hours of audio; this"
                + " command holds it twice in this JVM (decoded, and as records), and its heap of 3.0 GB has room for 9.5"
                + " track-hours: give the JVM more heap (e.g. SPACECAPS_JAVA_OPTS=-Xmx6g), or send the audio through Kafka,"
                + " which holds it once (transcribe --bootstrap HOST:PORT)", message);
        // Refused part of the way through, it says what the tracks read so far need, at least.
        String partial = assertThrows(IOException.class, () -> inThisJvm.check(10 * HOUR_OF_SAMPLES, 10, 16)).getMessage();
        assertTrue(partial.contains(": the first 10 of its 16 tracks come to 10.0 track-hours of audio;"), partial);
        assertTrue(partial.contains("(these alone need SPACECAPS_JAVA_OPTS=-Xmx5g or more)"), partial);
        // Sent through Kafka, the same heap holds twice as much.
        new HeldAudio(COMMAND_LINE_HEAP, 1).check(16 * HOUR_OF_SAMPLES, 16, 16);
    }

    @Test
    void oneLongTrackIsNamedAsTheRecordingsTrack() {
        String message = assertThrows(IOException.class, () -> new HeldAudio(1L << 30, 1).check(3 * HOUR_OF_SAMPLES, 1, 1)).getMessage();
        assertTrue(message.startsWith("the recording is too long to hold in memory: it comes to 3.0 track-hours of audio; this JVM's heap of 1.0 GB has room for 2.1 track-hours"), message);
        assertTrue(message.endsWith("give the JVM more heap (e.g. SPACECAPS_JAVA_OPTS=-Xmx4g)"), message);
    }

    @Test
    void aHeapSmallerThanWhatTheJvmNeedsBesideHoldsNothing() {
        assertEquals(0, new HeldAudio(HeldAudio.RESERVE_BYTES / 2, 1).maxSampleBytes());
        assertThrows(IllegalArgumentException.class, () -> new HeldAudio(COMMAND_LINE_HEAP, 0));
    }

    @Test
    void loadingTheTracksStopsAtTheFirstThatDoesNotFit() throws IOException {
        SessionManifest demo = SessionManifest.read(TestData.demoManifest());
        long trackBytes = 2L * SessionPublisher.loadTracks(demo).values().iterator().next().sampleCount();
        // Room for one demo track held twice, or for both held once.
        long heap = HeldAudio.RESERVE_BYTES + (long) Math.ceil(1.1 * 2 * trackBytes) + 1_000;

        String message = assertThrows(IOException.class,
                () -> SessionPublisher.loadTracks(demo, new HeldAudio(heap, 2), NoWarnings::expected)).getMessage();
        assertTrue(message.contains(": its 2 tracks come to"), message);
        Map<SessionManifest.Track, PcmAudio> once = assertDoesNotThrow(() -> SessionPublisher.loadTracks(demo, new HeldAudio(heap, 1), NoWarnings::expected));
        assertEquals(2, once.size());
    }
}
