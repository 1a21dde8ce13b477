package io.spacecaps.audio;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads RIFF/WAVE files of integer or float PCM into mono {@link PcmAudio} at the file's own rate,
 * and writes 16-bit mono PCM WAV. Every problem with the input is an {@link IOException} whose
 * message names the file and says what is wrong with it; a data chunk cut short is a
 * {@link TruncatedWavException} that carries the samples before the cut.
 */
public final class WavFile {

    /** What a data chunk's samples start in before they prove to be there: 1 M frames, 2 MB. */
    private static final int INITIAL_FRAMES = 1 << 20;

    /** What writers that stream WAV to a pipe, such as ffmpeg, put where they cannot know the length. */
    private static final long UNKNOWN_SIZE = 0xFFFFFFFFL;
    /** Real fmt chunks are 16 to 40 bytes; anything this big is a corrupt header, not a format. */
    private static final long MAX_FMT_CHUNK_BYTES = 1 << 16;
    private static final int FRAMES_PER_READ = 8192;

    private WavFile() {
    }

    public static PcmAudio read(Path path) throws IOException {
        return read(path, Long.MAX_VALUE);
    }

    /**
     * @param mostFrames the most frames to hold: a longer data chunk is an {@link UnsupportedWavException},
     *                   for a reader that resamples as it reads (the samples are held at the file's own rate)
     */
    public static PcmAudio read(Path path, long mostFrames) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, path.toString(), mostFrames);
        }
    }

    /** @param name what to call the input in error messages, usually its file name */
    public static PcmAudio read(InputStream input, String name) throws IOException {
        return read(input, name, Long.MAX_VALUE);
    }

    private static PcmAudio read(InputStream input, String name, long mostFrames) throws IOException {
        InputStream in = new BufferedInputStream(input, 1 << 16);
        byte[] riff = new byte[12];
        int headerBytes = in.readNBytes(riff, 0, riff.length);
        String magic = ascii(riff, 0, Math.min(4, headerBytes));
        if (headerBytes >= 4 && magic.equals("RIFX")) {
            throw new UnsupportedWavException(name + ": big-endian (RIFX) WAV is not supported; convert to PCM WAV first");
        }
        if (headerBytes >= 4 && magic.equals("RF64")) {
            throw new UnsupportedWavException(name + ": RF64 WAV is not supported; convert to PCM WAV first");
        }
        if (headerBytes < 12 || !magic.equals("RIFF") || !ascii(riff, 8, 4).equals("WAVE")) {
            throw new IOException(name + ": not a WAV file (no RIFF/WAVE header)");
        }

        WavFormat format = null;
        byte[] chunkHeader = new byte[8];
        while (true) {
            int read = in.readNBytes(chunkHeader, 0, 8);
            if (read < 8) {
                throw new IOException(name + ": truncated WAV file: "
                        + (format == null ? "no fmt chunk" : "no data chunk") + " before the end");
            }
            String chunkId = ascii(chunkHeader, 0, 4);
            long chunkSize = WavFormat.u32(chunkHeader, 4);
            if (chunkId.equals("fmt ")) {
                if (chunkSize > MAX_FMT_CHUNK_BYTES) {
                    throw new IOException(name + ": corrupt WAV header: fmt chunk claims " + chunkSize + " bytes");
                }
                byte[] fmt = in.readNBytes((int) chunkSize);
                if (fmt.length < chunkSize) {
                    throw new IOException(name + ": truncated WAV file: fmt chunk cut short");
                }
                format = WavFormat.parse(fmt, name);
                skipPadByte(in, chunkSize);
            } else if (chunkId.equals("data")) {
                if (format == null) {
                    throw new IOException(name + ": data chunk comes before the fmt chunk; cannot tell its format");
                }
                return decodeData(in, chunkSize, format, name, mostFrames);
            } else {
                // LIST, fact, bext, cue, JUNK...: metadata we do not need.
                long skipped = skipFully(in, chunkSize);
                if (skipped < chunkSize) {
                    throw new IOException(name + ": truncated WAV file: '" + chunkId.strip()
                            + "' chunk cut short and no data chunk found");
                }
                skipPadByte(in, chunkSize);
            }
        }
    }

    private static PcmAudio decodeData(InputStream in, long declaredBytes, WavFormat format, String name, long mostFrames)
            throws IOException {
        int frameBytes = format.frameBytes();
        boolean sizeUnknown = declaredBytes == UNKNOWN_SIZE;
        long declaredFrames = declaredBytes / frameBytes;
        if (!sizeUnknown && declaredFrames > Integer.MAX_VALUE - 8) {
            throw new IOException(name + ": data chunk of " + declaredBytes + " bytes is too long to hold in memory");
        }
        if (!sizeUnknown && declaredFrames > mostFrames) {
            throw tooManyFrames(name, format, mostFrames);
        }
        // A header's size is a claim, not a fact: a few bytes can declare gigabytes. Start small and
        // grow with what really arrives, never past what the header declared.
        short[] mono = new short[(int) Math.min(sizeUnknown ? 1 << 16 : declaredFrames, INITIAL_FRAMES)];
        MonoDownmixer downmixer = new MonoDownmixer(format);
        byte[] buffer = new byte[frameBytes * FRAMES_PER_READ];
        int frames = 0;
        long bytesRead = 0;
        long bytesLeft = sizeUnknown ? Long.MAX_VALUE : declaredFrames * frameBytes;
        while (bytesLeft > 0) {
            int want = (int) Math.min(buffer.length, bytesLeft);
            int got = in.readNBytes(buffer, 0, want);
            int wholeFrames = got / frameBytes;
            if (frames + wholeFrames > mostFrames) {
                throw tooManyFrames(name, format, mostFrames);
            }
            if (frames + wholeFrames > mono.length) {
                if (mono.length >= Integer.MAX_VALUE - 8) {
                    throw new IOException(name + ": data chunk is too long to hold in memory");
                }
                long cap = sizeUnknown ? Integer.MAX_VALUE - 8 : declaredFrames;
                mono = Arrays.copyOf(mono, (int) Math.min(cap, Math.max((long) mono.length * 2, (long) frames + wholeFrames)));
            }
            downmixer.decode(buffer, wholeFrames, mono, frames);
            frames += wholeFrames;
            bytesRead += got;
            bytesLeft -= got;
            if (got < want) {
                break;
            }
        }
        boolean truncated = !sizeUnknown && frames < declaredFrames;
        String cutShort = name + ": truncated WAV file: data chunk declares " + declaredBytes
                + " bytes but only " + bytesRead + " are present";
        if (frames == 0) {
            throw new IOException(truncated ? cutShort : name + ": WAV data chunk holds no audio");
        }
        PcmAudio audio = PcmAudio.adopt(frames == mono.length ? mono : Arrays.copyOf(mono, frames), format.sampleRate());
        if (truncated) {
            throw new TruncatedWavException(cutShort, audio);
        }
        return audio;
    }

    private static UnsupportedWavException tooManyFrames(String name, WavFormat format, long mostFrames) {
        return new UnsupportedWavException(String.format(Locale.ROOT,
                "%s: longer than %.1f hours at %d Hz, more than this reader holds before resampling",
                name, mostFrames / (double) format.sampleRate() / 3600, format.sampleRate()));
    }

    /**
     * RIFF pads odd-sized chunks to an even length, but some writers forget. A real pad byte is
     * zero, whereas the next chunk id starts with a printable letter, so we can tell them apart.
     */
    private static void skipPadByte(InputStream in, long chunkSize) throws IOException {
        if ((chunkSize & 1) == 0) {
            return;
        }
        in.mark(1);
        int next = in.read();
        if (next != 0 && next != -1) {
            in.reset();
        }
    }

    private static long skipFully(InputStream in, long bytes) throws IOException {
        long skipped = 0;
        while (skipped < bytes) {
            long step = in.skip(bytes - skipped);
            if (step <= 0) {
                if (in.read() == -1) {
                    break;
                }
                step = 1;
            }
            skipped += step;
        }
        return skipped;
    }

    public static void write(Path path, PcmAudio audio) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
            write(out, audio);
        }
    }

    /** Writes a canonical 44-byte-header, 16-bit mono PCM WAV. Does not close {@code out}. */
    public static void write(OutputStream out, PcmAudio audio) throws IOException {
        long dataBytes = 2L * audio.sampleCount();
        if (dataBytes + 36 > 0xFFFFFFFFL) {
            throw new IOException("audio of " + audio.sampleCount() + " samples is too long for a WAV file");
        }
        byte[] header = new byte[44];
        putAscii(header, 0, "RIFF");
        putU32(header, 4, 36 + dataBytes);
        putAscii(header, 8, "WAVE");
        putAscii(header, 12, "fmt ");
        putU32(header, 16, 16);
        putU16(header, 20, 1);
        putU16(header, 22, 1);
        putU32(header, 24, audio.sampleRate());
        putU32(header, 28, audio.sampleRate() * 2L);
        putU16(header, 32, 2);
        putU16(header, 34, 16);
        putAscii(header, 36, "data");
        putU32(header, 40, dataBytes);
        out.write(header);
        int step = 1 << 15;
        for (int from = 0; from < audio.sampleCount(); from += step) {
            out.write(audio.littleEndianBytes(from, Math.min(audio.sampleCount(), from + step)));
        }
        out.flush();
    }

    private static String ascii(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }

    private static void putAscii(byte[] bytes, int offset, String text) {
        byte[] encoded = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(encoded, 0, bytes, offset, encoded.length);
    }

    private static void putU16(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) value;
        bytes[offset + 1] = (byte) (value >> 8);
    }

    private static void putU32(byte[] bytes, int offset, long value) {
        putU16(bytes, offset, (int) value);
        putU16(bytes, offset + 2, (int) (value >> 16));
    }
}
