package io.spacecaps.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Console console = new Console(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void quickWorkAndAQuickRefusalPrintNothing() throws Exception {
        assertEquals("decoded", console.whileSlow("reading talk.wav", () -> "decoded"));
        assertThrows(IOException.class, () -> console.whileSlow("reading talk.m4a", () -> {
            throw new IOException("talk.m4a: not an audio file");
        }));
        assertEquals("", printed());
    }

    @Test
    void slowWorkSaysWhatItIsDoingAndForHowLong() throws Exception {
        String result = console.whileSlow("reading long.wav", () -> {
            Thread.sleep(Console.SLOW_AFTER_MS + 700);
            return "decoded";
        });

        assertEquals("decoded", result);
        assertTrue(printed().startsWith("reading long.wav (2 s)"), printed());
        // Nothing after the work ended: the ticker is gone.
        String after = printed();
        Thread.sleep(1_200);
        assertEquals(after, printed());
    }
}
