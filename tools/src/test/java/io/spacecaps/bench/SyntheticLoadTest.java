package io.spacecaps.bench;

import io.spacecaps.audio.PcmAudio;
import io.spacecaps.session.SessionManifest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticLoadTest {

    private static PcmAudio ramp(int samples) {
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) {
            s[i] = (short) i;
        }
        return new PcmAudio(s, 16_000);
    }

    @Test
    void loopsFromAWholeChunkIntoTheRecording() {
        PcmAudio looped = SyntheticLoad.loop(ramp(16_000), 0.5, 1_500);
        assertEquals(24_000, looped.sampleCount());
        assertEquals(8_000, looped.sampleAt(0));
        assertEquals(15_999, looped.sampleAt(7_999));
        assertEquals(0, looped.sampleAt(8_000));
        assertEquals(8_000, looped.sampleAt(16_000));
    }

    @Test
    void anOddNumberOfTracksEndsWithAOneSpeakerSpaceAndEverySpaceHasItsOwnId() {
        SessionManifest.Track a = new SessionManifest.Track("a", "a.wav", "pa");
        SessionManifest.Track b = new SessionManifest.Track("b", "b.wav", "pb");
        SessionManifest demo = new SessionManifest(new SessionManifest.SpaceInfo("demo", "Demo", null, "en"),
                List.of(new SessionManifest.Participant("pa", "A", null, "HOST"), new SessionManifest.Participant("pb", "B", null, "SPEAKER")),
                List.of(a, b),
                List.of(new SessionManifest.TimedEvent(0, "PARTICIPANT_JOINED", "pa", null, null, null),
                        new SessionManifest.TimedEvent(500, "SPEAKING_STARTED", "pa", null, null, null)),
                Path.of("."));
        Map<SessionManifest.Track, PcmAudio> audio = new LinkedHashMap<>();
        audio.put(a, ramp(32_000));
        audio.put(b, ramp(32_000));

        List<SyntheticLoad.Space> spaces = new SyntheticLoad(demo, audio).spaces("s", 5, 1_000);
        assertEquals(List.of(2, 2, 1), spaces.stream().map(SyntheticLoad.Space::trackCount).toList());
        assertEquals(List.of("s-0", "s-1", "s-2"), spaces.stream().map(SyntheticLoad.Space::id).toList());
        assertEquals(5.0, spaces.stream().mapToDouble(SyntheticLoad.Space::audioSeconds).sum(), 1e-9);
        assertEquals(List.of("s-2/a"), spaces.get(2).trackKeys());
        // The speaking indicators belong to the original timeline; only the joins at the start stay.
        assertEquals(1, spaces.get(0).manifest().events().size());
        // Later Spaces start further into the recording.
        assertTrue(spaces.get(1).audio().get(a).sampleAt(0) > spaces.get(0).audio().get(a).sampleAt(0));
    }
}
