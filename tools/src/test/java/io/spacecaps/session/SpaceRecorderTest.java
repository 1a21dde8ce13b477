package io.spacecaps.session;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpaceRecorderTest {

    @Test
    void trackIdsBecomeSafeFileNamesOfTheirOwn() {
        Set<String> taken = new HashSet<>();
        assertEquals("elon-musk.wav", SpaceRecorder.fileName("elon-musk", taken));
        assertEquals("__.._etc_passwd.wav", SpaceRecorder.fileName("../../etc/passwd", taken));
        assertEquals("_hidden.wav", SpaceRecorder.fileName(".hidden", taken));
        assertEquals("Elon-Musk-2.wav", SpaceRecorder.fileName("Elon-Musk", taken), "names differing by case only are kept apart");
        assertEquals("a_b.wav", SpaceRecorder.fileName("a b", taken));
        assertEquals("a_b-2.wav", SpaceRecorder.fileName("a/b", taken));
        assertEquals("track-" + Integer.toHexString("x".repeat(300).hashCode()) + ".wav", SpaceRecorder.fileName("x".repeat(300), taken));
    }
}
