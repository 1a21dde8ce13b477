package io.spacecaps.audio;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacpp.BytePointer;

import java.io.IOException;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_INFO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

/**
 * Decodes any audio file FFmpeg's libraries read (MP3, Ogg/Opus, M4A/AAC, FLAC, WebM, ...) into mono
 * 16-bit PCM at a chosen rate. The down-mix and the rate change are FFmpeg's own (swresample, whose
 * filter is anti-aliased), done by JavaCV's grabber as it hands out each decoded frame. Every problem
 * is an {@link IOException} whose message names the file and the reason in one line.
 */
public final class FfmpegAudioDecoder {

    /** FFmpeg's errors reach us as JavaCV messages like "avformat_open_input() error -1094995529: ...". */
    private static final Pattern ERROR_CODE = Pattern.compile("error (-\\d+)");

    /** FFmpeg logs to the process's stderr, past Log4j; a command line shows it only with --verbose. */
    private static volatile boolean libraryLog;

    private FfmpegAudioDecoder() {
    }

    public static void showLibraryLog(boolean show) {
        libraryLog = show;
    }

    /**
     * @param longest audio longer than this is refused, from the container's declared length when it
     *                has one and while decoding otherwise: the decoded samples are held in memory
     */
    public static PcmAudio decode(Path file, int sampleRate, Duration longest) throws IOException {
        String name = file.toString();
        if (Files.size(file) == 0) {
            throw unreadable(name, "empty file");
        }
        av_log_set_level(libraryLog ? AV_LOG_INFO : AV_LOG_QUIET);
        long maxSamples = longest.toMillis() * sampleRate / 1000;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setSampleRate(sampleRate);
            grabber.setAudioChannels(1);
            grabber.setSampleFormat(AV_SAMPLE_FMT_S16);
            grabber.setSampleMode(FrameGrabber.SampleMode.SHORT);
            try {
                grabber.start();
            } catch (FrameGrabber.Exception e) {
                // JavaCV refuses a container with neither audio nor video (a subtitle file) in words of its own.
                if (String.valueOf(e.getMessage()).startsWith("Did not find a video or audio stream")) {
                    throw noAudioStream(name);
                }
                throw unreadable(name, reason(e));
            }
            if (!grabber.hasAudio()) {
                throw noAudioStream(name);
            }
            long declaredMicros = grabber.getLengthInTime();
            if (declaredMicros / 1000 > longest.toMillis()) {
                throw tooLong(name, longest, declaredMicros / 1_000_000);
            }
            short[] samples = new short[initialCapacity(declaredMicros, sampleRate, maxSamples)];
            int count = 0;
            Frame frame;
            while ((frame = grabSamples(grabber, name)) != null) {
                ShortBuffer decoded = (ShortBuffer) frame.samples[0];
                int n = decoded.remaining();
                if ((long) count + n > maxSamples) {
                    throw tooLong(name, longest, -1);
                }
                if (count + n > samples.length) {
                    samples = Arrays.copyOf(samples, (int) Math.min(maxSamples, Math.max(2L * samples.length, count + n)));
                }
                decoded.get(samples, count, n);
                count += n;
            }
            if (count == 0) {
                throw new IOException(name + ": holds no audio (the audio stream is empty)");
            }
            return PcmAudio.adopt(count == samples.length ? samples : Arrays.copyOf(samples, count), sampleRate);
        }
    }

    private static Frame grabSamples(FFmpegFrameGrabber grabber, String name) throws IOException {
        try {
            return grabber.grabSamples();
        } catch (FrameGrabber.Exception e) {
            throw new IOException(name + ": FFmpeg could not decode its audio (" + reason(e) + ")");
        }
    }

    /** The declared length plus a second of slack, so a file whose length is known is read without regrowing. */
    private static int initialCapacity(long declaredMicros, int sampleRate, long maxSamples) {
        long declared = declaredMicros > 0 ? (declaredMicros / 1000 + 1000) * sampleRate / 1000 : sampleRate * 60L;
        return (int) Math.min(maxSamples, declared);
    }

    private static IOException unreadable(String name, String reason) {
        return new IOException(name + ": not an audio file FFmpeg can read (" + reason + ")");
    }

    private static IOException noAudioStream(String name) {
        return new IOException(name + ": has no audio stream");
    }

    private static IOException tooLong(String name, Duration longest, long declaredSeconds) {
        String length = declaredSeconds >= 0
                ? String.format(Locale.ROOT, "is %d:%02d:%02d long", declaredSeconds / 3600, declaredSeconds / 60 % 60, declaredSeconds % 60)
                : "is longer than that";
        String limit = longest.toSeconds() % 3600 == 0 ? longest.toHours() + " hours" : longest.toSeconds() + " s";
        return new IOException(name + ": " + length + "; recordings of up to " + limit + " are read (split it into parts)");
    }

    /** FFmpeg's own words for the error (av_strerror), or JavaCV's message when it carries no code. */
    private static String reason(FrameGrabber.Exception e) {
        String message = String.valueOf(e.getMessage());
        Matcher code = ERROR_CODE.matcher(message);
        if (code.find()) {
            try (BytePointer text = new BytePointer(256)) {
                if (av_strerror(Integer.parseInt(code.group(1)), text, 256) == 0) {
                    // The pointer's limit is the whole buffer: the text ends at C's terminating NUL.
                    String words = text.getString();
                    return words.substring(0, words.indexOf('\0') < 0 ? words.length() : words.indexOf('\0'));
                }
            }
        }
        return message.lines().findFirst().orElse(message);
    }
}
