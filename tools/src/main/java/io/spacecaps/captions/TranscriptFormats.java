package io.spacecaps.captions;

import io.spacecaps.schema.TranscriptEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Every transcript format the CLI can write, by the name a user types. */
public enum TranscriptFormats implements TranscriptFormat {

    /** {@code [Name] text} per speaker turn, the shape of our reference transcripts. */
    SEED(new SeedFormat()),
    /** {@code Name:}, blank line, text, blank line per speaker turn, like the interview transcripts. */
    BLOCKS(new BlocksFormat()),
    /** SubRip subtitles within {@link CueLimits#BROADCAST} (see {@link #withLimits}). */
    SRT(new SubRipFormat(CueLimits.BROADCAST)),
    /** WebVTT captions within {@link CueLimits#BROADCAST} (see {@link #withLimits}). */
    VTT(new WebVttFormat(CueLimits.BROADCAST)),
    /** One JSON object per utterance, for tools. */
    JSONL(new JsonLinesFormat()),
    /** NIST speaker turns, for diarization scoring. */
    RTTM(new RttmFormat());

    private final TranscriptFormat format;

    TranscriptFormats(TranscriptFormat format) {
        this.format = format;
    }

    /** The lower-case name users type, such as {@code srt}. */
    public String formatName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String render(List<TranscriptEvent> finals) {
        return format.render(finals);
    }

    @Override
    public TranscriptFormat withLimits(CueLimits limits) {
        return format.withLimits(limits);
    }

    @Override
    public List<String> problems(List<TranscriptEvent> finals) {
        return format.problems(finals);
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(TranscriptFormats::formatName).collect(Collectors.toList());
    }

    /** Case-insensitive; the exception names every valid format. */
    public static TranscriptFormat byName(String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (TranscriptFormats candidate : values()) {
            if (candidate.formatName().equals(wanted)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unknown transcript format '" + name + "'; valid formats: "
                + String.join(", ", names()));
    }
}
