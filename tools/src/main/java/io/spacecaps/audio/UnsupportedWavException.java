package io.spacecaps.audio;

import java.io.IOException;

/**
 * A well-formed WAV file in an encoding {@link WavFile} does not decode (RIFX, RF64, mu-law, ADPCM,
 * MP3 in WAV...), as opposed to a broken one. {@link AudioFiles} hands these to FFmpeg, which reads them.
 */
public final class UnsupportedWavException extends IOException {

    UnsupportedWavException(String message) {
        super(message);
    }
}
