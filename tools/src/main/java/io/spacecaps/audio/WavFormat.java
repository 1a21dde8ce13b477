package io.spacecaps.audio;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/** What a WAV file's {@code fmt } chunk says about the samples that follow, reduced to what we decode. */
record WavFormat(SampleEncoding encoding, int channels, int sampleRate, int blockAlign) {

    /** More than any recording of speech has (surround and ambisonic rigs stay well below). */
    static final int MAX_CHANNELS = 64;


    /** How one sample of one channel is stored. */
    enum SampleEncoding {
        UNSIGNED_8(1), SIGNED_16(2), SIGNED_24(3), SIGNED_32(4), FLOAT_32(4), FLOAT_64(8);

        final int bytes;

        SampleEncoding(int bytes) {
            this.bytes = bytes;
        }
    }

    private static final int TAG_PCM = 0x0001;
    private static final int TAG_IEEE_FLOAT = 0x0003;
    private static final int TAG_EXTENSIBLE = 0xFFFE;

    /** Bytes 2..15 of every KSDATAFORMAT_SUBTYPE GUID that wraps a classic format tag. */
    private static final byte[] SUBFORMAT_GUID_TAIL = {
        0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00,
        0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};

    /** Names for the compressed formats people most often hand us by mistake. */
    private static final Map<Integer, String> KNOWN_COMPRESSED_FORMATS = Map.ofEntries(
            Map.entry(0x0002, "Microsoft ADPCM"),
            Map.entry(0x0006, "A-law"),
            Map.entry(0x0007, "mu-law"),
            Map.entry(0x0011, "IMA ADPCM"),
            Map.entry(0x0031, "GSM 6.10"),
            Map.entry(0x0050, "MPEG"),
            Map.entry(0x0055, "MP3"),
            Map.entry(0x00FF, "AAC"),
            Map.entry(0x0161, "WMA"),
            Map.entry(0x1610, "HE-AAC"),
            Map.entry(0xF1AC, "FLAC"));

    int frameBytes() {
        return blockAlign;
    }

    static WavFormat parse(byte[] fmt, String name) throws IOException {
        if (fmt.length < 16) {
            throw new IOException(name + ": fmt chunk is " + fmt.length + " bytes, a WAV needs at least 16");
        }
        int formatTag = u16(fmt, 0);
        int channels = u16(fmt, 2);
        long sampleRate = u32(fmt, 4);
        int blockAlign = u16(fmt, 12);
        int bitsPerSample = u16(fmt, 14);

        if (formatTag == TAG_EXTENSIBLE) {
            formatTag = extensibleSubformat(fmt, name);
        }
        if (channels == 0) {
            throw new IOException(name + ": WAV header declares 0 channels");
        }
        if (channels > MAX_CHANNELS) {
            throw new IOException(name + ": WAV header declares " + channels + " channels; at most " + MAX_CHANNELS + " are read");
        }
        if (sampleRate == 0 || sampleRate > Integer.MAX_VALUE) {
            throw new IOException(name + ": WAV header declares an invalid sample rate of " + sampleRate + " Hz");
        }
        // Some writers leave blockAlign at 0 or wrong; bitsPerSample is the better witness then.
        int containerBytes = blockAlign >= channels && blockAlign % channels == 0
                ? blockAlign / channels
                : (bitsPerSample + 7) / 8;
        SampleEncoding encoding = encodingOf(formatTag, containerBytes, name);
        return new WavFormat(encoding, channels, (int) sampleRate, containerBytes * channels);
    }

    private static int extensibleSubformat(byte[] fmt, String name) throws IOException {
        if (fmt.length < 40) {
            throw new IOException(name + ": WAVE_FORMAT_EXTENSIBLE fmt chunk is " + fmt.length
                    + " bytes, expected 40");
        }
        for (int i = 0; i < SUBFORMAT_GUID_TAIL.length; i++) {
            if (fmt[26 + i] != SUBFORMAT_GUID_TAIL[i]) {
                throw new UnsupportedWavException(name + ": WAVE_FORMAT_EXTENSIBLE with a vendor-specific subformat"
                        + " is not supported; convert to PCM WAV first");
            }
        }
        return u16(fmt, 24);
    }

    private static SampleEncoding encodingOf(int formatTag, int containerBytes, String name) throws IOException {
        if (formatTag == TAG_PCM) {
            switch (containerBytes) {
                case 1: return SampleEncoding.UNSIGNED_8;
                case 2: return SampleEncoding.SIGNED_16;
                case 3: return SampleEncoding.SIGNED_24;
                case 4: return SampleEncoding.SIGNED_32;
                default:
                    throw new UnsupportedWavException(name + ": " + containerBytes * 8
                            + "-bit integer PCM is not supported; use 8, 16, 24 or 32 bits");
            }
        }
        if (formatTag == TAG_IEEE_FLOAT) {
            switch (containerBytes) {
                case 4: return SampleEncoding.FLOAT_32;
                case 8: return SampleEncoding.FLOAT_64;
                default:
                    throw new UnsupportedWavException(name + ": " + containerBytes * 8
                            + "-bit float PCM is not supported; use 32 or 64 bits");
            }
        }
        String known = KNOWN_COMPRESSED_FORMATS.get(formatTag);
        throw new UnsupportedWavException(name + ": WAV format " + String.format(Locale.ROOT, "0x%04X", formatTag)
                + (known == null ? "" : " (" + known + ")")
                + " is not supported; convert to PCM WAV first");
    }

    static int u16(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8;
    }

    static long u32(byte[] bytes, int offset) {
        return (u16(bytes, offset) | (long) u16(bytes, offset + 2) << 16);
    }
}
