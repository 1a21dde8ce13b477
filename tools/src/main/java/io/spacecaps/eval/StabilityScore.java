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

/**
 * Whether partial captions keep their promise: a partial says its first {@code stableWords} words will
 * not change. Per utterance, from its partials and its final: how many words some partial marked
 * stable then differ (or are gone) in a later partial or in the final (churn), and, for each word of
 * the final that a partial marked stable first, how much earlier that partial was sent than the final
 * (emit times). Partials are read at least once, so repeats of a revision count once; a final cut into
 * pieces by voice ({@code <utterance>/1}, {@code /2}) is read as one.
 */
public final class StabilityScore {

    /**
     * @param stableWords  word places some partial marked stable (each place of an utterance once)
     * @param changed      of those, places whose word a later partial or the final changed or dropped
     * @param finalWords   words of the finals that had partials
     * @param earlierMs    for each word of a final that a partial marked stable with that same word:
     *                     the final's emit time minus that partial's
     */
    public record Result(int utterances, int partials, int stableWords, int changed, int finalWords, long[] earlierMs) {

        public static final Result NONE = new Result(0, 0, 0, 0, 0, new long[0]);

        public Result {
            earlierMs = earlierMs.clone();
        }

        /** The share of words marked stable that changed after all; NaN when none were marked. */
        public double churn() {
            return stableWords == 0 ? Double.NaN : (double) changed / stableWords;
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
            return new Result(utterances + other.utterances, partials + other.partials, stableWords + other.stableWords,
                    changed + other.changed, finalWords + other.finalWords, both);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Result r && utterances == r.utterances && partials == r.partials && stableWords == r.stableWords
                    && changed == r.changed && finalWords == r.finalWords && Arrays.equals(earlierMs, r.earlierMs);
        }

        @Override
        public int hashCode() {
            return 31 * java.util.Objects.hash(utterances, partials, stableWords, changed, finalWords) + Arrays.hashCode(earlierMs);
        }

        @Override
        public String toString() {
            return "Result[utterances=" + utterances + ", partials=" + partials + ", stableWords=" + stableWords + ", changed="
                    + changed + ", finalWords=" + finalWords + ", earlierMs=" + Arrays.toString(earlierMs) + "]";
        }
    }

    private StabilityScore() {
    }

    /** Scores every utterance that has a final and at least one partial; captions of any kind may be mixed. */
    public static Result score(Collection<TranscriptEvent> captions) {
        Map<String, TreeMap<Integer, TranscriptEvent>> partials = new HashMap<>();
        Map<String, List<TranscriptEvent>> finalPieces = new HashMap<>();
        for (TranscriptEvent c : captions) {
            String utterance = baseUtterance(c.getUtteranceId());
            if (c.getKind() == TranscriptKind.PARTIAL) {
                partials.computeIfAbsent(utterance, u -> new TreeMap<>()).putIfAbsent(c.getRevision(), c);
            } else if (RecognisedWords.any(c) && finalPieces.computeIfAbsent(utterance, u -> new ArrayList<>()).stream()
                    .noneMatch(f -> f.getEventId().equals(c.getEventId()))) {
                finalPieces.get(utterance).add(c);
            }
        }
        Result total = Result.NONE;
        for (Map.Entry<String, List<TranscriptEvent>> entry : finalPieces.entrySet()) {
            TreeMap<Integer, TranscriptEvent> itsPartials = partials.get(entry.getKey());
            if (itsPartials != null) {
                total = total.add(utterance(List.copyOf(itsPartials.values()), entry.getValue()));
            }
        }
        return total;
    }

    private static Result utterance(List<TranscriptEvent> partials, List<TranscriptEvent> pieces) {
        pieces.sort(Comparator.comparing(TranscriptEvent::getUtteranceId));
        List<String> finalWords = new ArrayList<>();
        pieces.forEach(p -> finalWords.addAll(words(p)));
        long finalEmit = pieces.stream().mapToLong(p -> p.getEmitTime().toEpochMilli()).max().orElse(0);

        List<List<String>> said = partials.stream().map(StabilityScore::words).toList();
        // Each place marked stable: the first partial that marked it, and whether its word ever changed after a marking.
        Map<Integer, Integer> firstMarked = new TreeMap<>();
        Map<Integer, Boolean> changed = new HashMap<>();
        for (int p = 0; p < partials.size(); p++) {
            int stable = Math.min(partials.get(p).getStableWords(), said.get(p).size());
            for (int i = 0; i < stable; i++) {
                firstMarked.putIfAbsent(i, p);
                String word = said.get(p).get(i);
                boolean differs = !at(finalWords, i).equals(word);
                for (int later = p + 1; later < partials.size() && !differs; later++) {
                    differs = !at(said.get(later), i).equals(word);
                }
                changed.merge(i, differs, Boolean::logicalOr);
            }
        }
        List<Long> earlier = new ArrayList<>();
        for (Map.Entry<Integer, Integer> marked : firstMarked.entrySet()) {
            int i = marked.getKey();
            TranscriptEvent partial = partials.get(marked.getValue());
            if (i < finalWords.size() && finalWords.get(i).equals(said.get(marked.getValue()).get(i))) {
                earlier.add(finalEmit - partial.getEmitTime().toEpochMilli());
            }
        }
        int changedCount = (int) changed.values().stream().filter(c -> c).count();
        return new Result(1, partials.size(), firstMarked.size(), changedCount, finalWords.size(),
                earlier.stream().mapToLong(Long::longValue).toArray());
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
