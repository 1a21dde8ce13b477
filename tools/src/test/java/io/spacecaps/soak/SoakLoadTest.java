package io.spacecaps.soak;

import io.spacecaps.audio.PcmAudio;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The soak's rooms: in time order, every track opened, spoken on, and ended or abandoned as the options say. */
class SoakLoadTest {

    private static final PcmAudio VOICE = new PcmAudio(new short[16_000 * 3], 16_000);

    @Test
    void tracksComeAndGoAsTheOptionsSay() {
        SoakOptions options = new SoakOptions(5, 3, 30 * 60_000L, 5 * 60_000L, 1_000, 0.5);
        SoakLoad load = new SoakLoad(options, "t", List.of(VOICE), 1_000_000L);
        List<SoakLoad.Item> items = load.items();
        for (int i = 1; i < items.size(); i++) {
            assertTrue(items.get(i - 1).atMs() <= items.get(i).atMs(), "in time order");
        }
        // Each speaker opens a track every 5 minutes of 30, while one fits before the Space ends.
        assertEquals(5 * 3 * 6, load.tracks());
        assertTrue(load.abandoned() > load.tracks() / 4 && load.abandoned() < load.tracks() * 3 / 4, "about half: " + load.abandoned());
        Map<String, Integer> chunks = new HashMap<>();
        Set<String> ended = new HashSet<>();
        int starts = 0;
        int ends = 0;
        for (SoakLoad.Item item : items) {
            var record = load.record(item);
            if (record instanceof AudioChunk c) {
                String key = load.key(item);
                assertEquals(c.getSpaceId() + "/" + c.getTrackId(), key);
                if (c.getEndOfTrack()) {
                    assertEquals(0, c.getPayload().remaining());
                    ended.add(key);
                } else {
                    assertEquals(chunks.getOrDefault(key, 0), (int) c.getSequence(), "numbered in order");
                    assertEquals(3_200, c.getPayload().remaining(), "100 ms of 16 kHz PCM");
                    chunks.merge(key, 1, Integer::sum);
                }
                assertEquals(1_000_000L + item.atMs(), c.getCaptureTime().toEpochMilli());
            } else {
                SpaceEvent e = (SpaceEvent) record;
                starts += e.getType() == SpaceEventType.SPACE_STARTED ? 1 : 0;
                ends += e.getType() == SpaceEventType.SPACE_ENDED ? 1 : 0;
            }
        }
        assertEquals(load.tracks(), chunks.size());
        assertTrue(chunks.values().stream().allMatch(n -> n == 10), "a second of speech each");
        assertEquals(load.tracks() - load.abandoned(), ended.size());
        assertEquals(5, starts);
        assertEquals(5, ends);
    }

    @Test
    void sizesThatMakeNoSenseAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SoakOptions(0, 3, 3_600_000L, 600_000L, 1_000, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new SoakOptions(1, 3, 3_600_000L, 1_000L, 1_000, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new SoakOptions(1, 3, 3_600_000L, 600_000L, 1_000, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new SoakOptions(1, 3, 1_000L, 600_000L, 1_000, 0.5));
    }
}
