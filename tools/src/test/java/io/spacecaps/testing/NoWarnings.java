package io.spacecaps.testing;

/** For tests whose recordings are whole: a reader's warning (a file read only in part) fails them. */
public final class NoWarnings {

    private NoWarnings() {
    }

    /** A {@code Consumer<String>} of warnings, as a method reference: {@code NoWarnings::expected}. */
    public static void expected(String warning) {
        throw new AssertionError("no warning expected, every file here is whole: " + warning);
    }
}
