package io.spacecaps.cli;

import io.spacecaps.schema.DeadLetter;

/**
 * A dead letter as one line: {@code 2026-11-25T18:00:01.234Z UNKNOWN_SPACE space=s1 track=t1
 * from spaces.audio[2]@1234: what was wrong}. The payload is left out: it is audio, or the bytes
 * that could not be read.
 */
final class DeadLetterLine {

    private DeadLetterLine() {
    }

    static String of(DeadLetter letter) {
        return letter.getFailedAt() + " " + letter.getReason()
                + " space=" + orDash(letter.getSpaceId()) + " track=" + orDash(letter.getTrackId())
                + " from " + letter.getSourceTopic() + "[" + letter.getSourcePartition() + "]@" + letter.getSourceOffset()
                + ": " + String.valueOf(letter.getMessage()).replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    private static String orDash(CharSequence value) {
        return value == null || value.length() == 0 ? "-" : value.toString();
    }
}
