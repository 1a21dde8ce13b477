package io.spacecaps.audio;

import java.io.IOException;

/**
 * A WAV file whose data chunk ends before the length its header declares: a recording cut off while it
 * was written (the recorder crashed, the disk filled, the copy stopped). The samples that are there
 * come with the error, for a reader that would rather use them than refuse the file.
 */
public final class TruncatedWavException extends IOException {

    private final transient PcmAudio present;

    TruncatedWavException(String message, PcmAudio present) {
        super(message);
        this.present = present;
    }

    /** The whole frames before the file's end, at the file's own rate and down-mixed to mono. */
    public PcmAudio present() {
        return present;
    }
}
