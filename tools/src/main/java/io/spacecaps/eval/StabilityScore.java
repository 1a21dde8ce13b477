package io.spacecaps.eval;

import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.schema.Word;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Whether partial captions keep their promise: a partial says its first {@code stableWords} words will
 * not change. Per utterance, from its partials and its final: how many word places some partial marked
 * stable then hold another word (or none) in a later partial or in the final; and, for each word of the
 * final that a partial marked stable first, how much earlier that partial was sent than the final
 * (emit times). Partials are read at least once, so repeats of a revision count once; a final cut into
 * pieces by voice ({@code <utterance>/1}, {@code /2}) is read as one.
 *
 * <p>A word inserted early in an utterance moves every word after it to another place, so each of
 * those counts as changed ({@link Result#changed}): what a view showed as settled is not what it shows
 * next. {@link Result#replaced} counts only the stable words that a later caption really replaced or
 * dropped, with the words aligned ({@link WordErrorRate#align}), so an insertion counts for nothing.
 */
public final class StabilityScore {

    private static final int EXAMPLES = 30;

    /**
     * @param stableWords  word places some partial marked stable (each place of an utterance once)
     * @param changed      of those, places whose word a later partial or the final changed, moved or dropped
     * @param replaced     of those, places whose word a later caption replaced or dropped, aligned word by word
     * @param finalWords   words of the finals that had partials
     * @param earlierMs    for each word of a final that a partial marked stable with that same word:
     *                     the final's emit time minus that partial's
     * @param changes      a few of the changes, for people to read
     */
    public record Result(int utterances, int partials, int stableWords, int changed, int replaced, int finalWords,
                         long[] earlierMs, List<String> changes) {

        public static final Result NONE = new Result(0, 0, 0, 0, 0, 0, new long[0], List.of());

        public Result {
            earlierMs = earlierMs.clone();
            changes = List.copyOf(changes);
        }

        /** The share of stable-marked places whose word changed after all; NaN when none were marked. */
        public double churn() {
            return stableWords == 0 ? Double.NaN : (double) changed / stableWords;
        }

        /** As {@link #churn}, counting only words replaced or dropped (not moved by an insertion). */
        public double alignedChurn() {
            return stableWords == 0 ? Double.NaN : (double) replaced / stableWords;
        }

        /** The share of the finals' words that a partial had marked stable before the final came. */
        public double shownStableEarly() {
            return finalWords == 0 ? Double.NaN : (double) earlierMs.length / finalWords;
        }

        /** Nearest rank, so each figure is one that was observed; null when there is none. */
        public Long earlierPercentile(double q) {
            if (earlierMs.length == 0) {
                return null;
            }
            long[] sorted = earlierMs.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(q * sorted.length - 1e-9) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }

        public Result add(Result other) {
            long[] both = Arrays.copyOf(earlierMs, earlierMs.length + other.earlierMs.length);
            System.arraycopy(other.earlierMs, 0, both, earlierMs.length, other.earlierMs.length);
            List<String> allChanges = new ArrayList<>(changes);
            allChanges.addAll(other.changes);
            return new Result(utterances + other.utterances, partials + other.partials, stableWords + other.stableWords,
                    changed + other.changed, replaced + other.replaced, finalWords + other.finalWords, both,
                    allChanges.subList(0, Math.min(EXAMPLES, allChanges.size())));
        }
    }

    private StabilityScore() {
    }

    /** Scores every utterance that has a final and at least one partial; captions of any kind may be mixed. */
    public static Result score(Collection<TranscriptEvent> captions) {
        Map<String, TreeMap<Integer, TranscriptEvent>> partials = new HashMap<>();
        Map<String, Map<String, TranscriptEvent>> finalPieces = new TreeMap<>();
        for (TranscriptEvent c : captions) {
            String utterance = baseUtterance(c.getUtteranceId());
            if (c.getKind() == TranscriptKind.PARTIAL) {
                partials.computeIfAbsent(utterance, u -> new TreeMap<>()).putIfAbsent(c.getRevision(), c);
            } else if (RecognisedWords.any(c)) {
                finalPieces.computeIfAbsent(utterance, u -> new TreeMap<>()).putIfAbsent(c.getEventId(), c);
            }
        }
        Result total = Result.NONE;
        for (Map.Entry<String, Map<String, TranscriptEvent>> entry : finalPieces.entrySet()) {
            TreeMap<Integer, TranscriptEvent> itsPartials = partials.get(entry.getKey());
            if (itsPartials != null) {
                total = total.add(utterance(List.copyOf(itsPartials.values()), new ArrayList<>(entry.getValue().values())));
            }
        }
        return total;
    }

    private static Result utterance(List<TranscriptEvent> partials, List<TranscriptEvent> pieces) {
        pieces.sort(Comparator.comparing(TranscriptEvent::getUtteranceId));
        List<String> finalWords = new ArrayList<>();
        pieces.forEach(p -> finalWords.addAll(words(p)));
        long finalEmit = pieces.stream().mapToLong(p -> p.getEmitTime().toEpochMilli()).max().orElse(0);

        // What came after each partial: the later partials, then the final.
        List<List<String>> versions = new ArrayList<>(partials.stream().map(StabilityScore::words).toList());
        versions.add(finalWords);
        Map<Integer, Integer> firstMarked = new TreeMap<>();
        TreeSet<Integer> changed = new TreeSet<>();
        TreeSet<Integer> replaced = new TreeSet<>();
        List<String> changes = new ArrayList<>();
        for (int p = 0; p < partials.size(); p++) {
            List<String> said = versions.get(p);
            int stable = Math.min(partials.get(p).getStableWords(), said.size());
            if (stable == 0) {
                continue;
            }
            List<String> settled = said.subList(0, stable);
            for (int i = 0; i < stable; i++) {
                firstMarked.putIfAbsent(i, p);
            }
            for (int later = p + 1; later < versions.size(); later++) {
                List<String> next = versions.get(later);
                for (int i = 0; i < stable; i++) {
                    if (!at(next, i).equals(settled.get(i)) && changed.add(i) && changes.size() < EXAMPLES) {
                        changes.add(partials.get(p).getUtteranceId() + " word " + i + ": '" + settled.get(i) + "' (stable in revision "
                                + partials.get(p).getRevision() + ") is '" + at(next, i) + "' in "
                                + (later < partials.size() ? "revision " + partials.get(later).getRevision() : "the final")
                                + "; final: ..." + String.join(" ", finalWords.subList(Math.max(0, Math.min(finalWords.size(), i - 3)),
                                Math.min(finalWords.size(), i + 4))) + "...");
                    }
                }
                // The rest of the later caption aligns as insertions after the settled words, at no cost to them.
                for (WordErrorRate.Step step : WordErrorRate.align(settled, next)) {
                    if (step.edit() == WordErrorRate.Edit.SUBSTITUTION || step.edit() == WordErrorRate.Edit.DELETION) {
                        replaced.add(step.reference());
                    }
                }
            }
        }
        List<Long> earlier = new ArrayList<>();
        for (Map.Entry<Integer, Integer> marked : firstMarked.entrySet()) {
            int i = marked.getKey();
            if (i < finalWords.size() && finalWords.get(i).equals(versions.get(marked.getValue()).get(i))) {
                earlier.add(finalEmit - partials.get(marked.getValue()).getEmitTime().toEpochMilli());
            }
        }
        return new Result(1, partials.size(), firstMarked.size(), changed.size(), replaced.size(), finalWords.size(),
                earlier.stream().mapToLong(Long::longValue).toArray(), changes);
    }

    private static List<String> words(TranscriptEvent caption) {
        return caption.getWords().stream().map(Word::getWord).toList();
    }

    /** The word at a place, or "" where there is none (a word dropped is a change). */
    private static String at(List<String> words, int i) {
        return i < words.size() ? words.get(i) : "";
    }

    /** A piece of a final cut by voice is {@code <utterance>/<n>}. */
    private static String baseUtterance(String utteranceId) {
        int slash = utteranceId.indexOf('/', Math.max(0, utteranceId.lastIndexOf('#')));
        return slash < 0 ? utteranceId : utteranceId.substring(0, slash);
    }
}
