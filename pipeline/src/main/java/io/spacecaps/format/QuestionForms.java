package io.spacecaps.format;

import java.util.List;
import java.util.Set;

import static io.spacecaps.format.WordClasses.AUXILIARIES;
import static io.spacecaps.format.WordClasses.BE_AND_MODALS;
import static io.spacecaps.format.WordClasses.NOUN_PHRASE_HEADS;
import static io.spacecaps.format.WordClasses.QUESTION_LEADERS;
import static io.spacecaps.format.WordClasses.RIGHT_NOT_TAG;
import static io.spacecaps.format.WordClasses.SUBJECTS;
import static io.spacecaps.format.WordClasses.TAG_PRONOUNS;
import static io.spacecaps.format.WordClasses.WH_CONTRACTIONS;

/** Whether spoken words read as a question, from word order alone (Vosk gives no intonation). */
final class QuestionForms {

    private static final Set<String> HOW_QUESTION_HEADS = Set.of(
            "much", "many", "long", "often", "far", "about", "come", "old", "big", "soon", "likely", "exactly");
    private static final Set<String> WHAT_QUESTION_HEADS = Set.of(
            "about", "if", "happened", "else", "kind", "sort", "time", "type", "exactly", "now", "makes", "made",
            "brings", "brought", "the", "do", "does", "did", "would", "should", "could", "can", "will", "happens");
    private static final Set<String> ASKING_ABOUT_ANY = Set.of(
            "questions", "question", "thoughts", "ideas", "comments", "else", "here", "there", "takers", "updates");
    /** Words before a positive tag ("was it") that make it the end of a statement ("that was it"). */
    private static final Set<String> NOT_BEFORE_POSITIVE_TAG = Set.of(
            "so", "neither", "nor", "than", "as", "what", "where", "how", "who", "when", "why", "that", "which",
            "this", "if", "whether", "because");

    private QuestionForms() {
    }

    /** Whether a clause starting at {@code from} opens like a question ("what do you", "are you", "so can we"). */
    static boolean opensQuestion(List<String> words, int from) {
        int i = from;
        while (i < words.size() - 1) {
            String w = words.get(i);
            if (w.equals("i") && words.get(i + 1).equals("mean")) {
                i += 2;
            } else if (w.equals("you") && words.get(i + 1).equals("know") && i + 2 < words.size()
                    && !words.get(i + 2).equals("what")) {
                i += 2;
            } else if (QUESTION_LEADERS.contains(w) && !w.equals("i")) {
                i++;
            } else {
                break;
            }
        }
        if (i >= words.size()) {
            return false;
        }
        String a = words.get(i);
        String b = i + 1 < words.size() ? words.get(i + 1) : null;
        if (WH_CONTRACTIONS.contains(a)) {
            return true;
        }
        if (b == null) {
            return a.equals("what") || a.equals("why") || a.equals("who") || a.equals("where") || a.equals("when")
                    || a.equals("how") || a.equals("really");
        }
        switch (a) {
            case "how":
                return AUXILIARIES.contains(b) || HOW_QUESTION_HEADS.contains(b);
            case "what":
                return AUXILIARIES.contains(b) || WHAT_QUESTION_HEADS.contains(b);
            case "why":
            case "who":
            case "which":
                return !SUBJECTS.contains(b) && !b.equals("i") && !b.equals("the");
            case "where":
            case "when":
            case "whose":
                return AUXILIARIES.contains(b) || b.equals("else");
            case "anyone":
            case "anybody":
            case "any":
                return ASKING_ABOUT_ANY.contains(b);
            default:
                break;
        }
        if (AUXILIARIES.contains(a)) {
            if (SUBJECTS.contains(b)) {
                return true;
            }
            if (BE_AND_MODALS.contains(a) && NOUN_PHRASE_HEADS.contains(b)) {
                return true;
            }
            return (a.equals("do") || a.equals("does") || a.equals("did")) && (b.equals("any") || b.equals("anyone")
                    || b.equals("anybody") || b.equals("these") || b.equals("those"));
        }
        return false;
    }

    /**
     * How many words at the end of the sentence form a question tag ("…, right", "…, isn't it"), or
     * 0. {@code earlierWords} counts words of the sentence emitted in earlier finals and not in
     * {@code words}; {@code commaBefore(k)} says whether a comma already stands before word k.
     */
    static int tagLength(List<String> words, int earlierWords, java.util.function.IntPredicate commaBefore) {
        int n = words.size();
        int sentenceLength = n + earlierWords;
        if (n >= 2) {
            String last = words.get(n - 1);
            if (last.equals("huh") || last.equals("eh")) {
                return 1;
            }
            if (last.equals("right") && sentenceLength >= 3 && !RIGHT_NOT_TAG.contains(words.get(n - 2))) {
                return 1;
            }
            if (last.equals("correct") && commaBefore.test(n - 1)) {
                return 1;
            }
        }
        if (n >= 3 && TAG_PRONOUNS.contains(words.get(n - 1)) && AUXILIARIES.contains(words.get(n - 2))) {
            String aux = words.get(n - 2);
            if (aux.endsWith("n't")) {
                return 2;
            }
            if (commaBefore.test(n - 2) && !NOT_BEFORE_POSITIVE_TAG.contains(words.get(n - 3))) {
                return 2;
            }
        }
        if (n >= 5 && String.join(" ", words.subList(n - 5, n)).equals("you know what i mean")) {
            return 5;
        }
        return 0;
    }
}
