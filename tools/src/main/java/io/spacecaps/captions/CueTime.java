package io.spacecaps.captions;

/** Subtitle timestamps: {@code HH:MM:SS,mmm} for SRT, {@code HH:MM:SS.mmm} for WebVTT. */
final class CueTime {

    private CueTime() {
    }

    /** Negative times, which no player accepts, are shown as 0; hours grow past two digits if needed. */
    static String format(long millis, char fractionSeparator) {
        long ms = Math.max(0, millis);
        long hours = ms / 3_600_000;
        long minutes = ms / 60_000 % 60;
        long seconds = ms / 1000 % 60;
        StringBuilder out = new StringBuilder(12);
        pad(out, hours, 2).append(':');
        pad(out, minutes, 2).append(':');
        pad(out, seconds, 2).append(fractionSeparator);
        return pad(out, ms % 1000, 3).toString();
    }

    private static StringBuilder pad(StringBuilder out, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }
}
