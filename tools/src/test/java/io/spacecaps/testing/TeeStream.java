package io.spacecaps.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A stream that writes to where it used to go and also keeps what was written, for a test to read. */
public final class TeeStream {

    private TeeStream() {
    }

    /** {@code original}, with everything written also kept in {@code kept}. */
    public static PrintStream keeping(PrintStream original, ByteArrayOutputStream kept) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                kept.write(b);
            }

            @Override
            public void write(byte[] bytes, int off, int len) {
                original.write(bytes, off, len);
                kept.write(bytes, off, len);
            }
        }, true, StandardCharsets.UTF_8);
    }
}
