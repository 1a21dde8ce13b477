package io.spacecaps.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ControlCharactersTest {

    @Test
    void removesC0AndC1ControlsEscAndDelAndSpacesOutLineBreaks() {
        assertEquals("red]0;title", ControlCharacters.strip("\u001b[31mred\u001b]0;title\u0007".replace("[31m", "")));
        assertEquals("a b c d e", ControlCharacters.strip("a\tb\nc\r\nd\u0085e".replace("\r\n", "\n")));
        assertEquals("xy31m", ControlCharacters.strip("x\u0000\u007f\u0080y\u009b31m"));
        assertEquals("", ControlCharacters.strip(null));
    }

    @Test
    void leavesOrdinaryTextAloneIncludingAccentsAndEmoji() {
        String text = "José Ñúñez \u2014 \uD83D\uDE80 “quoted” $44";
        assertSame(text, ControlCharacters.strip(text));
    }
}
