package io.spacecaps.captions;

import io.spacecaps.schema.CaptionMarker;
import io.spacecaps.schema.MarkerType;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.Word;
import io.spacecaps.schema.WrittenToken;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * Cuts a transcript into subtitle cues people can read, within {@link CueLimits}: a cue holds at most
 * so many lines of so many characters and no more speech than its longest showing time; within that,
 * cues and lines are cut where a reader pauses anyway. Best after a sentence (. ? !), then after a
 * clause (, ; : and dashes), then before a conjunction; worst between two capitalised tokens, which are
 * likely one name, or after a word that leans on the next ("the", "of", "and"). Cuts fall only between written tokens, so "$44 billion" or "10:30 AM" stays whole.
 *
 * <p>A cue is timed by the words its tokens stand for ({@code written} gives their indices), from its
 * first word's start to its last word's end; a caption without usable written tokens spreads its time
 * over its characters. A cue then stays longer where it must: at least the minimum time, and long
 * enough to be read at the reading rate, up to the longest time and never into the next cue. When the
 * next cue starts before this one's minimum time is up, the next one waits. A cue that still cannot be
 * read at the rate (speech faster than that, with no pause after it) is kept and reported
 * ({@link Cue#charsPerSecond}).
 */
final class CueSplitter {

    /** Costs of cutting after a token, as a cue's or a line's end: lower is a better place. */
    static final int AFTER_SENTENCE = 0;
    static final int AFTER_CLAUSE = 1;
    static final int BEFORE_CONJUNCTION = 2;
    static final int BETWEEN_WORDS = 4;
    static final int AFTER_FUNCTION_WORD = 6;
    static final int BETWEEN_NAMES = 10;

    /**
     * Each cue costs this much, so that text that fits one cue and can be read in its time takes one,
     * on two lines if need be, rather than flicker by in short cues.
     */
    private static final int PER_CUE = 5;
    /** A cue that the next cue of its utterance would cut short of its minimum time. */
    private static final int TOO_SHORT = 4;
    /** A cue whose text cannot be read at the rate before the next cue of its utterance comes. */
    private static final int TOO_FAST = 2;
    /**
     * A cut between cues costs its place's cut cost at this weight, a line break at 1: both lines of a
     * cue are on screen together, so a poor line break hurts less than a poor cut between cues, where
     * the text goes away.
     */
    private static final double CUE_CUT_WEIGHT = 1.5;
    /**
     * Characters by which a cue's longer line is more than twice its shorter one, that cost as much as
     * one point of cut cost: a line of a word or two under a long one is easily missed.
     */
    private static final int CHARS_PER_IMBALANCE_POINT = 6;

    private static final Set<String> CONJUNCTIONS = Set.of("and", "but", "or", "nor", "so", "yet", "because", "although",
            "though", "while", "whereas", "since", "unless", "until", "if", "when", "where", "which", "who");
    /** Words that lean on the next one: a line or cue should not end with them. */
    private static final Set<String> FUNCTION_WORDS = Set.of("a", "an", "the", "to", "of", "in", "on", "at", "for", "with",
            "by", "from", "into", "about", "and", "but", "or", "nor", "so", "because", "if", "that", "my", "your", "our",
            "their", "his", "her", "its", "this", "these", "those", "is", "are", "was", "were", "be", "i", "we", "you", "they");
    private static final Pattern CLOSING = Pattern.compile("[\"'\u201D\u2019)\\]\u00BB]+$");
    private static final Pattern OPENING = Pattern.compile("^[\"'\u201C\u2018(\\[\u00AB]+");
    /** "I", "I'm", "I'll": capitalised, but not part of a name. */
    private static final Pattern FIRST_PERSON = Pattern.compile("^I(['\u2019].*)?$");

    /** A written token and when its words were spoken; {@code cutCost} is the cost of cutting after it. */
    private record Unit(String text, long startMs, long endMs, int cutCost) {
    }

    /** A cue before the transcript-wide timing: its text and when its words were spoken. */
    private static final class Draft {
        final TranscriptEvent utterance;
        final List<String> lines;
        long startMs;
        long spokenEndMs;

        Draft(TranscriptEvent utterance, List<String> lines, long startMs, long spokenEndMs) {
            this.utterance = utterance;
            this.lines = lines;
            this.startMs = startMs;
            this.spokenEndMs = spokenEndMs;
        }
    }

    /** Lines of a cue and how well they are cut; null where the text does not fit. */
    private record Wrap(List<String> lines, double cost) {
    }

    private final CueLimits limits;

    CueSplitter(CueLimits limits) {
        this.limits = limits;
    }

    /**
     * The cues of a transcript in the order they are shown.
     *
     * @param ordered    the finals to show, in reading order ({@link ReadingOrder#of})
     * @param labelChars characters a cue of this utterance shows before its text on the first line,
     *                   such as a speaker label; they take room on that line
     */
    List<Cue> cues(List<TranscriptEvent> ordered, ToIntFunction<TranscriptEvent> labelChars) {
        List<Draft> drafts = new ArrayList<>();
        for (TranscriptEvent utterance : ordered) {
            if (ReadingOrder.isCaptionsOff(utterance)) {
                drafts.add(captionsOff(utterance));
            } else {
                drafts.addAll(split(utterance, labelChars.applyAsInt(utterance)));
            }
        }
        // Stable: drafts of one utterance, and utterances that start together, keep reading order.
        drafts.sort((a, b) -> Long.compare(a.startMs, b.startMs));
        return time(drafts);
    }

    private Draft captionsOff(TranscriptEvent utterance) {
        long start = utterance.getStartMs();
        long end = utterance.getEndMs();
        for (CaptionMarker marker : utterance.getMarkers()) {
            if (marker.getType() == MarkerType.CAPTIONS_OFF) {
                start = marker.getStartMs();
                end = marker.getEndMs();
                break;
            }
        }
        return new Draft(utterance, List.of(ReadingOrder.captionsOffNote(ReadingOrder.speakerName(utterance))), start,
                Math.max(start, end));
    }

    /** One utterance cut into cues: the cheapest set of cuts by dynamic programming over its tokens. */
    private List<Draft> split(TranscriptEvent utterance, int labelChars) {
        List<Unit> units = units(utterance);
        int n = units.size();
        if (n == 0) {
            return List.of();
        }
        double[] best = new double[n + 1];
        int[] from = new int[n + 1];
        Wrap[] wrapOf = new Wrap[n + 1];
        for (int b = 1; b <= n; b++) {
            best[b] = Double.POSITIVE_INFINITY;
            for (int a = b - 1; a >= 0; a--) {
                boolean single = b - a == 1;
                if (!single && units.get(b - 1).endMs - units.get(a).startMs > limits.maxMillis()) {
                    break;
                }
                Wrap wrap = wrap(units, a, b, labelChars);
                if (wrap == null) {
                    if (single) {
                        // A token longer than a line: a cue of its own, one line, rather than cut.
                        wrap = new Wrap(List.of(units.get(a).text), 0);
                    } else {
                        break;
                    }
                }
                double cost = best[a] + PER_CUE + wrap.cost + (b < n ? CUE_CUT_WEIGHT * units.get(b - 1).cutCost : 0)
                        + timingCost(units, a, b, chars(wrap.lines));
                if (cost < best[b]) {
                    best[b] = cost;
                    from[b] = a;
                    wrapOf[b] = wrap;
                }
            }
        }
        List<Draft> drafts = new ArrayList<>();
        for (int b = n; b > 0; b = from[b]) {
            int a = from[b];
            drafts.add(0, new Draft(utterance, wrapOf[b].lines, units.get(a).startMs, units.get(b - 1).endMs));
        }
        return drafts;
    }

    /** What the next cue of the same utterance takes from this one's time (the last one can still be extended). */
    private double timingCost(List<Unit> units, int a, int b, int chars) {
        if (b == units.size()) {
            return 0;
        }
        long shown = units.get(b).startMs - units.get(a).startMs;
        double cost = 0;
        if (shown < limits.minMillis()) {
            cost += TOO_SHORT;
        }
        if (shown < limits.readingMillis(chars)) {
            cost += TOO_FAST;
        }
        return cost;
    }

    /**
     * Tokens {@code [a, b)} on as few lines as they fit, at most {@link CueLimits#maxLines}, the line
     * breaks where {@link #cutCost} is lowest and no line, as shown (label included), much shorter
     * than another.
     */
    private Wrap wrap(List<Unit> units, int a, int b, int labelChars) {
        int maxLines = limits.maxLines();
        // cost[l][j]: the best breaks for tokens a..j-1 on l lines ending with a break after j-1; Infinity where they do not fit.
        double[][] cost = new double[maxLines + 1][b + 1];
        int[][] lineStart = new int[maxLines + 1][b + 1];
        for (double[] row : cost) {
            java.util.Arrays.fill(row, Double.POSITIVE_INFINITY);
        }
        cost[0][a] = 0;
        for (int l = 1; l <= maxLines; l++) {
            int room = l == 1 ? limits.maxLineChars() - labelChars : limits.maxLineChars();
            // The last line: choose its start with the balance of the whole cue in view.
            Wrap best = null;
            for (int i = b - 1; i >= a && width(units, i, b) <= room; i--) {
                if (cost[l - 1][i] < Double.POSITIVE_INFINITY) {
                    List<String> lines = lines(units, lineStart, l - 1, i);
                    lines.add(text(units, i, b));
                    Wrap candidate = new Wrap(lines, cost[l - 1][i] + imbalance(lines, labelChars));
                    if (best == null || candidate.cost < best.cost) {
                        best = candidate;
                    }
                }
            }
            if (best != null) {
                return best;
            }
            for (int j = a + 1; j < b; j++) {
                for (int i = j - 1; i >= a && width(units, i, j) <= room; i--) {
                    double c = cost[l - 1][i] + units.get(j - 1).cutCost;
                    if (c < cost[l][j]) {
                        cost[l][j] = c;
                        lineStart[l][j] = i;
                    }
                }
            }
        }
        return null;
    }

    /** The first {@code count} lines, which end before token {@code end}. */
    private static List<String> lines(List<Unit> units, int[][] lineStart, int count, int end) {
        List<String> lines = new ArrayList<>();
        int j = end;
        for (int line = count; line > 0; line--) {
            int i = lineStart[line][j];
            lines.add(0, text(units, i, j));
            j = i;
        }
        return lines;
    }

    private static double imbalance(List<String> lines, int labelChars) {
        int longest = 0;
        int shortest = Integer.MAX_VALUE;
        for (int i = 0; i < lines.size(); i++) {
            int shown = lines.get(i).length() + (i == 0 ? labelChars : 0);
            longest = Math.max(longest, shown);
            shortest = Math.min(shortest, shown);
        }
        return (double) Math.max(0, longest - 2 * shortest) / CHARS_PER_IMBALANCE_POINT;
    }

    private static int width(List<Unit> units, int from, int to) {
        int width = to - from - 1;
        for (int i = from; i < to; i++) {
            width += units.get(i).text.length();
        }
        return width;
    }

    private static String text(List<Unit> units, int from, int to) {
        StringBuilder line = new StringBuilder();
        for (int i = from; i < to; i++) {
            line.append(i > from ? " " : "").append(units.get(i).text);
        }
        return line.toString();
    }

    /** The characters a reader reads: the lines, with a space where a line breaks. */
    static int chars(List<String> lines) {
        return lines.stream().mapToInt(String::length).sum() + Math.max(0, lines.size() - 1);
    }

    /**
     * Each draft's showing time: from its first word, to its last word's end or longer as it needs
     * (minimum time, reading rate), never past its longest time nor into the next cue; a next cue that
     * would cut this one's minimum time short waits for it.
     */
    private List<Cue> time(List<Draft> drafts) {
        List<Cue> cues = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            long start = d.startMs;
            long end = Math.max(start, Math.min(d.spokenEndMs, start + limits.maxMillis()));
            long wanted = Math.min(start + limits.maxMillis(),
                    Math.max(start + limits.minMillis(), start + limits.readingMillis(chars(d.lines))));
            long nextStart = i + 1 < drafts.size() ? drafts.get(i + 1).startMs : Long.MAX_VALUE;
            if (wanted > end) {
                end = Math.max(end, Math.min(wanted, nextStart));
            }
            if (end < start + limits.minMillis()) {
                end = start + limits.minMillis();
                // Drafts are sorted by start, so the ones that must wait are the next few; they keep their order.
                for (int j = i + 1; j < drafts.size() && drafts.get(j).startMs < end; j++) {
                    Draft later = drafts.get(j);
                    later.startMs = end;
                    later.spokenEndMs = Math.max(later.spokenEndMs, end);
                }
            }
            cues.add(new Cue(start, end, d.lines, d.utterance));
        }
        return cues;
    }

    /** The utterance's written tokens with their words' times, or its text spread over its time. */
    private static List<Unit> units(TranscriptEvent utterance) {
        List<String> texts = new ArrayList<>();
        List<long[]> times = new ArrayList<>();
        List<Word> words = utterance.getWords();
        if (coversEveryWord(utterance.getWritten(), words.size())) {
            for (WrittenToken token : utterance.getWritten()) {
                texts.add(ReadingOrder.oneLine(token.getText()));
                times.add(new long[]{words.get(token.getFirstWord()).getStartMs(), words.get(token.getLastWord()).getEndMs()});
            }
        } else {
            String text = ReadingOrder.oneLine(utterance.getText());
            for (String token : text.isEmpty() ? new String[0] : text.split(" ")) {
                texts.add(token);
            }
            if (texts.size() == words.size()) {
                // A caption from before written tokens, whose text is its words.
                for (Word word : words) {
                    times.add(new long[]{word.getStartMs(), word.getEndMs()});
                }
            } else {
                times = spreadOverCharacters(texts, utterance.getStartMs(), utterance.getEndMs());
            }
        }
        List<Unit> units = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).isEmpty()) {
                continue;
            }
            int cut = i + 1 < texts.size() ? cutCost(texts.get(i), texts.get(i + 1)) : AFTER_SENTENCE;
            units.add(new Unit(texts.get(i), times.get(i)[0], Math.max(times.get(i)[0], times.get(i)[1]), cut));
        }
        return units;
    }

    /** Whether the tokens stand for the words one after another, each word once. */
    static boolean coversEveryWord(List<WrittenToken> written, int words) {
        if (written.isEmpty()) {
            return false;
        }
        int next = 0;
        for (WrittenToken token : written) {
            if (token.getFirstWord() != next || token.getLastWord() < token.getFirstWord() || token.getLastWord() >= words) {
                return false;
            }
            next = token.getLastWord() + 1;
        }
        return next == words;
    }

    /** No usable word timings: an even speaking rate, each token's trailing space counted with it. */
    private static List<long[]> spreadOverCharacters(List<String> tokens, long startMs, long endMs) {
        long totalChars = 0;
        for (String token : tokens) {
            totalChars += token.length() + 1;
        }
        long duration = Math.max(0, endMs - startMs);
        List<long[]> times = new ArrayList<>(tokens.size());
        long charsBefore = 0;
        for (String token : tokens) {
            times.add(new long[]{startMs + duration * charsBefore / totalChars,
                    startMs + duration * (charsBefore + token.length()) / totalChars});
            charsBefore += token.length() + 1;
        }
        return times;
    }

    /** The cost of a cut between two written tokens (see the class comment). */
    static int cutCost(String before, String after) {
        String end = CLOSING.matcher(before).replaceAll("");
        if (end.endsWith(".") || end.endsWith("?") || end.endsWith("!") || end.endsWith("\u2026")) {
            return AFTER_SENTENCE;
        }
        if (end.endsWith(",") || end.endsWith(";") || end.endsWith(":") || end.endsWith("\u2013") || end.endsWith("\u2014")
                || end.endsWith("--")) {
            return AFTER_CLAUSE;
        }
        String next = OPENING.matcher(after).replaceAll("");
        if (CONJUNCTIONS.contains(next.toLowerCase(Locale.ROOT))) {
            return BEFORE_CONJUNCTION;
        }
        if (FUNCTION_WORDS.contains(OPENING.matcher(end).replaceAll("").toLowerCase(Locale.ROOT))) {
            return AFTER_FUNCTION_WORD;
        }
        if (capitalised(before) && capitalised(next)) {
            return BETWEEN_NAMES;
        }
        return BETWEEN_WORDS;
    }

    private static boolean capitalised(String token) {
        String bare = OPENING.matcher(token).replaceAll("");
        return !bare.isEmpty() && Character.isUpperCase(bare.codePointAt(0)) && !FIRST_PERSON.matcher(bare).matches();
    }
}
