package io.spacecaps.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A generated Space's {@code reference.tsv}: who said what, when. */
public record ReferenceTurns(List<Turn> turns) {

    public record Turn(String speaker, long startMs, long endMs, String spokenText) {
    }

    public static ReferenceTurns read(Path tsv) throws IOException {
        List<Turn> turns = new ArrayList<>();
        List<String> lines = Files.readAllLines(tsv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            turns.add(new Turn(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), f[4]));
        }
        return new ReferenceTurns(turns);
    }

    /** Everything one speaker said, in order. */
    public String textOf(String speaker) {
        return String.join(" ", turns.stream().filter(t -> t.speaker().equals(speaker)).map(Turn::spokenText).toList());
    }

    /** The speaker talking at {@code ms} (with {@code slackMs} of tolerance at turn edges), or null. */
    public String speakerAt(long ms, long slackMs) {
        for (Turn t : turns) {
            if (ms >= t.startMs() - slackMs && ms <= t.endMs() + slackMs) {
                return t.speaker();
            }
        }
        return null;
    }
}
