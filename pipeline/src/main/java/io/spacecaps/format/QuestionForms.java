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
import static io.spacecaps.format.WordClasses.WH_WORDS;

/** Whether spoken words read as a question, from word order alone (Vosk gives no intonation). */
final class QuestionForms {

    private static final Set<String> HOW_QUESTION_HEADS = Set.of(
            "much", "many", "long", "often", "far", "about", "come", "old", "big", "soon", "likely", "exactly");
    private static final Set<String> WHAT_QUESTION_HEADS = Set.of(
            "about", "if", "happened", "else", "kind", "sort", "time", "type", "exactly", "now", "makes", "made",
            "brings", "brought", "the", "do", "does", "did", "would", "should", "could", "can", "will", "happens");
    private static final Set<String> ASKING_ABOUT_ANY = Set.of(
            "questions", "question", "thoughts", "ideas", "comments", "else", "here", "there", "takers", "updates");
    /** What follows "what's" when it opens a question rather than a relative clause ("what's up"). */
    private static final Set<String> WH_CONTRACTION_OBJECTS = Set.of(
            "up", "going", "happening", "wrong", "next", "new", "on", "it");
    /** Subjects that "do", "does", "did" invert with besides pronouns ("does that work"). */
    private static final Set<String> DO_QUESTION_SUBJECTS = Set.of(
            "that", "this", "these", "those", "any", "anyone", "anybody", "everyone", "everybody", "anything",
            "everything", "something", "someone", "somebody", "people", "your", "my", "our", "their", "his", "her");
    /** Words before "right" that make it part of the clause ("sounds about right"), even without "that's". */
    private static final Set<String> RIGHT_AFTER_CLAUSE_WORD = Set.of(
            "about", "sounds", "looks", "feels", "seems", "sound", "look", "feel", "seem", "very", "dead", "spot",
            "all", "exactly", "quite", "is", "right");
    /** Words before a positive tag ("was it") that make it the end of a statement ("that was it"). */
    private static final Set<String> NOT_BEFORE_POSITIVE_TAG = Set.of(
            "so", "neither", "nor", "than", "as", "what", "where", "how", "who", "when", "why", "that", "which",
            "this", "if", "whether", "because");

    /** Leaders after which an inverted pair agrees rather than asks: "so do I". */
    private static final Set<String> ECHOING_LEADERS = Set.of("so", "neither", "nor");
    private static final Set<String> CLEFT_CONTINUATIONS = Set.of("that", "to", "when", "how", "what", "why");

    private QuestionForms() {
    }

    /**
     * Whether a clause starting at {@code from} opens like a question ("what do you", "are you", "so
     * can we"). A clause after a comma ({@code from > 0}) needs a full inversion: "…, just who's left"
     * is a relative clause, "…, what do we do" a question.
     */
    static boolean opensQuestion(List<String> words, int from) {
        boolean strict = from > 0;
        int i = from;
        while (i < words.size() - 1) {
            String w = words.get(i);
            if (w.equals("i") && words.get(i + 1).equals("mean")) {
                i += 2;
            } else if (w.equals("you") && words.get(i + 1).equals("know") && i + 2 < words.size()
                    && !words.get(i + 2).equals("what")) {
                i += 2;
            } else if (QUESTION_LEADERS.contains(w)) {
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
        if (i > from && ECHOING_LEADERS.contains(words.get(i - 1)) && i + 2 == words.size()
                && AUXILIARIES.contains(a) && SUBJECTS.contains(b)) {
            return false; // "so would I", "neither do we"
        }
        if (a.equals("what") && isPseudoCleft(words, i)) {
            return false; // "what makes it hard is that…"
        }
        String c = i + 2 < words.size() ? words.get(i + 2) : null;
        String d = i + 3 < words.size() ? words.get(i + 3) : null;
        if (WH_CONTRACTIONS.contains(a)) {
            return !strict || b == null || NOUN_PHRASE_HEADS.contains(b) || WH_CONTRACTION_OBJECTS.contains(b);
        }
        if (b == null) {
            return !strict && (a.equals("what") || a.equals("why") || a.equals("who") || a.equals("where")
                    || a.equals("when") || a.equals("how") || a.equals("really"));
        }
        if ((a.equals("what") || a.equals("which") || a.equals("whose")) && c != null && AUXILIARIES.contains(c)
                && d != null && (SUBJECTS.contains(d) || NOUN_PHRASE_HEADS.contains(d))) {
            return true; // "what time is it", "which one do you like"
        }
        if (strict && WH_WORDS.contains(a)) {
            return AUXILIARIES.contains(b) && c != null && (SUBJECTS.contains(c) || NOUN_PHRASE_HEADS.contains(c));
        }
        switch (a) {
            case "how":
                return AUXILIARIES.contains(b) || HOW_QUESTION_HEADS.contains(b);
            case "what":
                return AUXILIARIES.contains(b) || WHAT_QUESTION_HEADS.contains(b);
            case "why":
            case "who":
            case "which":
                return !SUBJECTS.contains(b) && !b.equals("the");
            case "where":
            case "when":
            case "whose":
                return AUXILIARIES.contains(b) || b.equals("else");
            case "anyone":
            case "anybody":
            case "any":
                return !strict && ASKING_ABOUT_ANY.contains(b);
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
            return (a.equals("do") || a.equals("does") || a.equals("did")) && DO_QUESTION_SUBJECTS.contains(b);
        }
        return false;
    }

    /** "what X does is that/to/when …": a statement that puts its subject first. */
    private static boolean isPseudoCleft(List<String> words, int what) {
        for (int j = what + 3; j + 1 < words.size(); j++) {
            String verb = words.get(j);
            if ((verb.equals("is") || verb.equals("was")) && CLEFT_CONTINUATIONS.contains(words.get(j + 1))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a sentence read so far is a question by its opening or by a wh-question inside it. */
    static boolean readsAsQuestion(List<String> words) {
        return opensQuestion(words, 0) || asksMidway(words);
    }

    /** Whether a wh-question stands inside the sentence without a comma: "it is rising where is it coming from". */
    static boolean asksMidway(List<String> words) {
        for (int j = 1; j + 2 < words.size(); j++) {
            if (WH_WORDS.contains(words.get(j)) && AUXILIARIES.contains(words.get(j + 1))
                    && SUBJECTS.contains(words.get(j + 2))) {
                return true;
            }
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
            if (last.equals("right") && sentenceLength >= 3 && !RIGHT_NOT_TAG.contains(words.get(n - 2))
                    && (commaBefore.test(n - 1) || !RIGHT_AFTER_CLAUSE_WORD.contains(words.get(n - 2)))) {
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
