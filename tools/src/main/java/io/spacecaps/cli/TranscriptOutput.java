package io.spacecaps.cli;

import io.spacecaps.captions.CueLimits;
import io.spacecaps.captions.TranscriptFormat;
import io.spacecaps.captions.TranscriptFormats;
import io.spacecaps.text.ClosestName;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.util.List;
import java.util.Locale;

/** The transcript a command prints: its format and, for subtitles, the cue limits. Shared by transcribe and export. */
final class TranscriptOutput {

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "seed ([Name] text per turn; the default), blocks, srt, vtt, jsonl or rttm")
    String formatName = "seed";

    @Option(names = "--cue-max-lines", paramLabel = "N", description = "srt, vtt: lines per cue (default: 2)")
    int cueMaxLines = CueLimits.BROADCAST.maxLines();

    @Option(names = "--cue-max-chars", paramLabel = "N", description = "srt, vtt: characters per line, a speaker label included (default: 42)")
    int cueMaxChars = CueLimits.BROADCAST.maxLineChars();

    @Option(names = "--cue-max-cps", paramLabel = "N", description = "srt, vtt: reading rate, characters per second (default: 20)")
    double cueMaxCps = CueLimits.BROADCAST.maxCharsPerSecond();

    @Option(names = "--cue-min-ms", paramLabel = "MS", description = "srt, vtt: shortest time a cue is shown (default: 1000)")
    long cueMinMs = CueLimits.BROADCAST.minMillis();

    @Option(names = "--cue-max-ms", paramLabel = "MS", description = "srt, vtt: longest time a cue is shown (default: 7000)")
    long cueMaxMs = CueLimits.BROADCAST.maxMillis();

    /** The format asked for, with its cue limits; every value checked, a problem a usage error of {@code spec}'s command. */
    TranscriptFormat format(CommandSpec spec) {
        TranscriptFormat format;
        try {
            format = TranscriptFormats.byName(formatName);
        } catch (IllegalArgumentException e) {
            throw usage(spec, "--format takes " + String.join(", ", TranscriptFormats.names()) + ", not '" + formatName + "'"
                    + ClosestName.closest(formatName.toLowerCase(Locale.ROOT), TranscriptFormats.names())
                    .map(m -> " (did you mean " + m + "?)").orElse(""));
        }
        return format.withLimits(cueLimits(spec, format));
    }

    /** The cue options, checked one by one; given with a format that has no cues, refused. */
    private CueLimits cueLimits(CommandSpec spec, TranscriptFormat format) {
        List<String> given = List.of("--cue-max-lines", "--cue-max-chars", "--cue-max-cps", "--cue-min-ms", "--cue-max-ms").stream()
                .filter(name -> spec.commandLine().getParseResult().hasMatchedOption(name)).toList();
        if (!given.isEmpty() && !(format instanceof TranscriptFormats f && (f == TranscriptFormats.SRT || f == TranscriptFormats.VTT))) {
            throw usage(spec, given.get(0) + " shapes subtitle cues: it takes --format srt or vtt, not " + formatName);
        }
        if (cueMaxLines < 1) {
            throw usage(spec, "--cue-max-lines takes a whole number of 1 or more, not " + cueMaxLines);
        }
        if (cueMaxChars < CueLimits.MIN_LINE_CHARS) {
            throw usage(spec, "--cue-max-chars takes a whole number of " + CueLimits.MIN_LINE_CHARS + " or more, not " + cueMaxChars);
        }
        if (!(cueMaxCps > 0) || Double.isInfinite(cueMaxCps)) {
            throw usage(spec, "--cue-max-cps takes a number above 0, not " + cueMaxCps);
        }
        if (cueMinMs < 0) {
            throw usage(spec, "--cue-min-ms takes a number of 0 or more, not " + cueMinMs);
        }
        if (cueMaxMs < 1 || cueMaxMs < cueMinMs) {
            throw usage(spec, "--cue-max-ms takes a number of at least 1 and at least --cue-min-ms (" + cueMinMs + "), not " + cueMaxMs);
        }
        return new CueLimits(cueMaxLines, cueMaxChars, cueMaxCps, cueMinMs, cueMaxMs);
    }

    private static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
