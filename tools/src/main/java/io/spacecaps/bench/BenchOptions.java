package io.spacecaps.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The bench's settings, as the command line ({@code io.spacecaps.cli.BenchCli}) parsed them; the
 * pipeline's options go to its configuration unchanged, so a tuning run is
 * {@code bench --parallelism 4 --partial-words false}.
 *
 * @param maxSpaces   the most Spaces the capacity search steps up to; null: enough for 1.25x what bare Vosk's cost allows
 * @param minutes     audio per Space and track in each load step
 * @param warmUpMinutes with {@code tracks}: audio per track in the warm-up step before the measured one
 * @param out         where the JSON goes
 * @param asrDir      the ASR reference clips (references.tsv and WAVs); accuracy on them is skipped when missing
 * @param quick       the smoke run: one short step, no capacity search, a few clips
 * @param accuracy    run the accuracy phase
 * @param accuracySpeed replay speed of the accuracy phase: 0 as fast as Kafka takes it, 1 real time
 * @param maxSteps    load steps the capacity search may use
 * @param configArgs  everything else, for {@link io.spacecaps.config.SpacecapsConfig#fromArgs}
 * @param tracks      measure at this load only (a warm-up step, then one measured step), instead of searching for capacity
 * @param flinkSettings {@code -D} settings for the MiniCluster
 */
public record BenchOptions(Integer maxSpaces, double minutes, double warmUpMinutes, Path out, Path asrDir, boolean quick, boolean accuracy,
                           double accuracySpeed, int maxSteps, List<String> configArgs, boolean verbose,
                           Integer tracks, Map<String, String> flinkSettings, boolean longTracks) {

    public BenchOptions {
        configArgs = List.copyOf(configArgs);
        flinkSettings = Map.copyOf(flinkSettings);
    }

    /** Length of each load step's audio per track. */
    public long stepMillis() {
        return Math.round(minutes * 60_000);
    }

    /** Length of the warm-up step's audio per track ({@code --tracks} only). */
    public long warmUpMillis() {
        return Math.round(warmUpMinutes * 60_000);
    }

    public String[] configArgArray() {
        return configArgs.toArray(String[]::new);
    }
}
