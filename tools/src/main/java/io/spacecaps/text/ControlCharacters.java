package io.spacecaps.text;

/**
 * Text from the room (display names, captions) made safe to print: a name such as
 * {@code "\u001b]0;owned\u0007"} would otherwise drive the reader's terminal (colours, the window
 * title, the cursor, worse). C0 and C1 control characters, ESC and DEL among them, are removed;
 * tabs and line breaks become spaces, so words on either side stay apart. So are the bidirectional
 * overrides and isolates (U+202A to U+202E, U+2066 to U+2069), which make a line show its words in
 * another order than they are written in: a name could show as someone else's, or hide the text after it.
 */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    public static String strip(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = isControl(c);
            if (control && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (!control) {
                if (out != null) {
                    out.append(c);
                }
            } else if (c == '\t' || c == '\n' || c == '\r' || c == '\u000B' || c == '\f' || c == '\u0085') {
                out.append(' ');
            }
        }
        return out == null ? text : out.toString();
    }

    /** Whether {@link #strip} takes {@code c} out (or makes it a space). */
    public static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }
}
