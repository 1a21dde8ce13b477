package io.spacecaps.eval;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * NIST Rich Transcription Time Marked files, the exchange format of diarization tools: one
 * {@code SPEAKER file 1 start duration <NA> <NA> speaker <NA> <NA>} line per segment, times in
 * seconds. Only SPEAKER lines are read; times are kept to the millisecond.
 */
public final class Rttm {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private Rttm() {
    }

    /** Every SPEAKER line of the file, whatever its file id. */
    public static List<SpeakerSegment> read(Path path) throws IOException {
        return parse(Files.readString(path, StandardCharsets.UTF_8), null, path.toString());
    }

    /** The SPEAKER lines of {@code text} for {@code fileId}, or for every file if it is null. */
    public static List<SpeakerSegment> parse(String text, String fileId) throws IOException {
        return parse(text, fileId, "RTTM");
    }

    private static List<SpeakerSegment> parse(String text, String fileId, String name) throws IOException {
        List<SpeakerSegment> segments = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";;")) {
                continue;
            }
            String[] f = WHITESPACE.split(line);
            if (!f[0].equals("SPEAKER")) {
                continue;
            }
            if (f.length < 8) {
                throw new IOException(name + " line " + (i + 1) + ": a SPEAKER line needs at least 8 fields: " + line);
            }
            if (fileId != null && !fileId.equals(f[1])) {
                continue;
            }
            try {
                long start = millis(f[3]);
                long duration = millis(f[4]);
                segments.add(new SpeakerSegment(f[7], start, start + duration));
            } catch (IllegalArgumentException e) {
                throw new IOException(name + " line " + (i + 1) + ": " + e.getMessage() + ": " + line, e);
            }
        }
        return segments;
    }

    private static long millis(String seconds) {
        return new BigDecimal(seconds).movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** RTTM text for {@code segments} of one file, in the order given. */
    public static String format(String fileId, List<SpeakerSegment> segments) {
        String file = WHITESPACE.matcher(fileId.strip()).replaceAll("_");
        StringBuilder out = new StringBuilder();
        for (SpeakerSegment s : segments) {
            out.append(String.format(Locale.ROOT, "SPEAKER %s 1 %.3f %.3f <NA> <NA> %s <NA> <NA>\n",
                    file, s.startMs() / 1000.0, s.durationMs() / 1000.0,
                    WHITESPACE.matcher(s.speaker().strip()).replaceAll("_")));
        }
        return out.toString();
    }

    public static void write(Path path, String fileId, List<SpeakerSegment> segments) throws IOException {
        Files.writeString(path, format(fileId, segments), StandardCharsets.UTF_8);
    }
}
