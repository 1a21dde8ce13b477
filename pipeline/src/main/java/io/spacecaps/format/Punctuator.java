package io.spacecaps.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static io.spacecaps.format.WordClasses.AUXILIARIES;
import static io.spacecaps.format.WordClasses.CLAUSE_CONJUNCTIONS;
import static io.spacecaps.format.WordClasses.DANGLING;
import static io.spacecaps.format.WordClasses.INTERJECTIONS;
import static io.spacecaps.format.WordClasses.INTERJECTION_PHRASE_HEADS;
import static io.spacecaps.format.WordClasses.LEADING_MARKERS;
import static io.spacecaps.format.WordClasses.NEVER_STARTS;
import static io.spacecaps.format.WordClasses.NO_COMMA_BEFORE;
import static io.spacecaps.format.WordClasses.PAUSED_MARKERS;
import static io.spacecaps.format.WordClasses.SUBJECTS;
import static io.spacecaps.format.WordClasses.WEAKLY_DANGLING;

/**
 * Sentence ends, question marks and commas for one utterance's pieces, from the pauses between
 * words, the endpoint silence and word order. A sentence may continue from the speaker's previous
 * final ({@link SentenceState}); what was emitted is never revised.
 */
final class Punctuator {

    /**
     * A pause that ends a sentence whatever the words around it (unless they dangle). Vosk measures
     * 180–360 ms at the sentence ends of flite reading punctuated text, 60–210 ms at its commas.
     */
    static final long STOP_PAUSE_MS = 200;
    /**
     * A shorter pause ends a sentence too, unless the words around it read as a comma. Sentences that
     * flite reads one by one and that are joined with a 0.2 s gap (scripts/make-space.py) come out of
     * Vosk 120–180 ms apart, with no pause at all at their commas.
     */
    static final long SHORT_STOP_PAUSE_MS = 150;
    /**
     * Closing an introductory clause ("when things go well, …") takes a longer pause to be a stop; a
     * clause longer than INTRODUCTORY_CLAUSE_MAX_WORDS is more likely a whole sentence.
     */
    static final long INTRODUCTORY_CLAUSE_STOP_PAUSE_MS = 300;
    /** After a preposition or subordinator a sentence ends only on a clearly longer pause. */
    static final long WEAK_STOP_PAUSE_MS = 500;
    /** After an article, conjunction or "I" only a very long pause ends a sentence. */
    static final long DANGLING_STOP_PAUSE_MS = 1500;
    /** A pause that reads as a comma (flite pauses 60–180 ms at commas, 0–30 ms elsewhere). */
    static final long COMMA_PAUSE_MS = 90;
    /** Before "but", "because", "so"… a shorter pause already reads as a comma. */
    static final long CONJUNCTION_COMMA_PAUSE_MS = 50;
    /** After a sentence-initial "so", "now", "you know" a short pause reads as a comma. */
    static final long MARKER_COMMA_PAUSE_MS = 40;
    /** Endpoint silence after which a final closes its sentence (Vosk endpoints after 0.5 s or more). */
    static final long END_STOP_SILENCE_MS = 300;
    static final long END_WEAK_STOP_SILENCE_MS = 1000;
    static final long END_DANGLING_STOP_SILENCE_MS = 2000;
    /** What an unknown endpoint silence (0) is taken for: a normal Vosk endpoint. */
    static final long ASSUMED_END_SILENCE_MS = 800;
    /** A sentence left open is continued by the speaker's next final only if it starts within this. */
    static final long CONTINUATION_GAP_MS = 2500;
    static final int INTRODUCTORY_CLAUSE_MAX_WORDS = 6;
    /**
     * "but", or "and"/"so"/"or" before a new subject, take a comma without a pause once the clause
     * before has this many words.
     */
    static final int CLAUSE_WORDS_FOR_BUT_COMMA = 4;

    /** Openers of an introductory clause that a comma closes ("when I was young, …"). */
    private static final Set<String> SUBORDINATORS = Set.of(
            "if", "when", "although", "though", "while", "since", "unless", "after", "before", "once", "whenever",
            "whether", "as");
    /** Subjects that open a new clause after a conjunction. */
    private static final Set<String> CLAUSE_SUBJECTS = Set.of(
            "i", "you", "we", "they", "he", "she", "it", "there", "i'm", "you're", "we're", "they're", "he's",
            "she's", "it's", "there's", "that's", "i've", "we've", "they've", "i'll", "we'll", "you'll", "i'd");
    /** Words that trail a sentence after a comma ("…, too", "…, then"). */
    private static final Set<String> COMMA_TAILS = Set.of("too", "though", "either", "then", "instead");

    private Punctuator() {
    }

    /** How the punctuation pass left the utterance's last sentence. */
    static final class Outcome {
        boolean closedAtEnd;
        boolean openSentenceQuestion;
        int openSentenceWords;
    }

    /**
     * Sets each piece's punctuation and sentence starts. A partial ({@code isFinal} false) leaves its
     * last sentence open; {@code state} is only read.
     */
    static Outcome punctuate(List<Piece> pieces, List<SpokenWord> words, SentenceState state, boolean isFinal,
                             long trailingSilenceMs) {
        long firstStart = words.get(0).startMs();
        boolean continuing = state.isSentenceOpen()
                && (state.getLastWordEndMs() < 0 || firstStart - state.getLastWordEndMs() < CONTINUATION_GAP_MS);
        int sentenceStart = 0;
        boolean inheritedQuestion = continuing && state.isOpenSentenceQuestion();
        int inheritedWords = continuing ? state.getOpenSentenceWords() : 0;
        String previousWord = continuing ? state.getLastWord() : "";
        pieces.get(0).startsSentence = !continuing;
        for (int k = 0; k < pieces.size() - 1; k++) {
            Piece piece = pieces.get(k);
            Piece next = pieces.get(k + 1);
            long pause = words.get(next.firstWord).startMs() - words.get(piece.lastWord).endMs();
            String word = piece.lastSpoken();
            String nextWord = next.firstSpoken();
            boolean leadingMarker = k == sentenceStart && !(sentenceStart == 0 && continuing)
                    && LEADING_MARKERS.contains(word) && pause < DANGLING_STOP_PAUSE_MS;
            int from = sentenceStart;
            int to = k;
            BooleanSupplier questionSoFar = from == 0 && continuing ? () -> inheritedQuestion
                    : () -> QuestionForms.readsAsQuestion(spokenWords(pieces, from, to));
            long stopPause = pause < SHORT_STOP_PAUSE_MS || pause >= INTRODUCTORY_CLAUSE_STOP_PAUSE_MS
                    ? SHORT_STOP_PAUSE_MS
                    : stopPauseAfter(pieces, sentenceStart, k, positionInSentence(k, sentenceStart, inheritedWords));
            if (!leadingMarker && mayEnd(pieces, k, previousWord, questionSoFar, pause, stopPause,
                    WEAK_STOP_PAUSE_MS, DANGLING_STOP_PAUSE_MS) && !NEVER_STARTS.contains(nextWord)) {
                closeSentence(pieces, sentenceStart, k, sentenceStart == 0 && continuing, inheritedQuestion,
                        inheritedWords, previousWord);
                next.startsSentence = true;
                sentenceStart = k + 1;
                continue;
            }
            if (commaAfter(pieces, sentenceStart, k, positionInSentence(k, sentenceStart, inheritedWords), word,
                    nextWord, pause)) {
                piece.punctuationAfter = ",";
            }
        }
        Outcome result = new Outcome();
        int last = pieces.size() - 1;
        long silence = trailingSilenceMs > 0 ? trailingSilenceMs : ASSUMED_END_SILENCE_MS;
        boolean firstSentenceContinues = sentenceStart == 0 && continuing;
        int lastSentenceStart = sentenceStart;
        BooleanSupplier questionSoFar = firstSentenceContinues ? () -> inheritedQuestion
                : () -> QuestionForms.readsAsQuestion(spokenWords(pieces, lastSentenceStart, last));
        if (isFinal && mayEnd(pieces, last, previousWord, questionSoFar, silence, END_STOP_SILENCE_MS,
                END_WEAK_STOP_SILENCE_MS, END_DANGLING_STOP_SILENCE_MS)) {
            closeSentence(pieces, sentenceStart, last, firstSentenceContinues, inheritedQuestion, inheritedWords,
                    previousWord);
            result.closedAtEnd = true;
        } else {
            List<String> spoken = spokenWords(pieces, sentenceStart, last);
            result.openSentenceQuestion = firstSentenceContinues ? inheritedQuestion
                    : QuestionForms.readsAsQuestion(spoken);
            result.openSentenceWords = spoken.size() + (firstSentenceContinues ? inheritedWords : 0);
        }
        return result;
    }

    private static int positionInSentence(int k, int sentenceStart, int inheritedWords) {
        return k - sentenceStart + (sentenceStart == 0 ? inheritedWords : 0);
    }

    /**
     * The pause that ends a sentence after piece k: a short one, unless the words around it read as a
     * comma. Then only a clear sentence pause will do: before a conjunction or a question tag, after a
     * lone interjection ("Yes, I can"); and a longer one still to close an introductory clause ("If
     * it rains, we stay"), which hardly stands alone as a sentence.
     */
    private static long stopPauseAfter(List<Piece> pieces, int sentenceStart, int k, int positionInSentence) {
        String word = pieces.get(k).lastSpoken();
        String nextWord = pieces.get(k + 1).firstSpoken();
        if (positionInSentence == k - sentenceStart && SUBORDINATORS.contains(pieces.get(sentenceStart).firstSpoken())
                && k > sentenceStart && k - sentenceStart < INTRODUCTORY_CLAUSE_MAX_WORDS
                && noCommaYet(pieces, sentenceStart, k)) {
            return INTRODUCTORY_CLAUSE_STOP_PAUSE_MS;
        }
        if (CLAUSE_CONJUNCTIONS.contains(nextWord) || COMMA_TAILS.contains(nextWord)) {
            return STOP_PAUSE_MS;
        }
        if (INTERJECTIONS.contains(word) && onlyMarkersBefore(pieces, sentenceStart, k)) {
            return STOP_PAUSE_MS;
        }
        if (positionInSentence == 1 && k == sentenceStart + 1 && isHeadPhrase(pieces.get(k - 1).spoken, word)) {
            return STOP_PAUSE_MS;
        }
        List<String> sentence = spokenWords(pieces, sentenceStart, pieces.size() - 1);
        int wordsAfter = sentence.size() - spokenWords(pieces, sentenceStart, k).size();
        int earlierWords = positionInSentence - (k - sentenceStart);
        if (QuestionForms.tagLength(sentence, earlierWords, i -> true) == wordsAfter) {
            return STOP_PAUSE_MS;
        }
        return SHORT_STOP_PAUSE_MS;
    }

    /** "I mean" and "you know" lead into a sentence like an interjection does. */
    private static boolean isHeadPhrase(String first, String second) {
        return (first.equals("i") && second.equals("mean")) || (first.equals("you") && second.equals("know"));
    }

    private static boolean noCommaYet(List<Piece> pieces, int from, int to) {
        for (int j = from; j < to; j++) {
            if (pieces.get(j).punctuationAfter.equals(",")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the sentence may end after piece k given the pause that follows it. A subject pronoun
     * dangles ("he and I went") except right after an auxiliary ("shouldn't we", "do you"); a
     * preposition ends a question normally ("what are you looking for?").
     */
    private static boolean mayEnd(List<Piece> pieces, int k, String wordBeforeUtterance, BooleanSupplier question,
                                  long pause, long normal, long weak, long dangling) {
        Piece piece = pieces.get(k);
        if (!piece.isSingleSpokenWord()) {
            return pause >= normal;
        }
        String word = piece.lastSpoken();
        String before = k > 0 ? pieces.get(k - 1).lastSpoken() : wordBeforeUtterance;
        if (SUBJECTS.contains(word) && AUXILIARIES.contains(before)) {
            return pause >= normal;
        }
        if (DANGLING.contains(word)) {
            return pause >= dangling;
        }
        if (WEAKLY_DANGLING.contains(word)) {
            return pause >= (pause >= normal && question.getAsBoolean() ? normal : weak);
        }
        return pause >= normal;
    }

    private static boolean commaAfter(List<Piece> pieces, int sentenceStart, int k, int positionInSentence,
                                      String word, String nextWord, long pause) {
        Piece piece = pieces.get(k);
        if (piece.isSingleSpokenWord() && (DANGLING.contains(word) || WEAKLY_DANGLING.contains(word))
                && !(positionInSentence == 0 && INTERJECTIONS.contains(word))) {
            return false;
        }
        if (NO_COMMA_BEFORE.contains(nextWord)) {
            return false;
        }
        boolean headOfSentence = positionInSentence == 0 || onlyMarkersBefore(pieces, sentenceStart, k);
        if (headOfSentence && piece.isWord()) {
            if (INTERJECTIONS.contains(word) && !INTERJECTION_PHRASE_HEADS.contains(nextWord)) {
                return true;
            }
            if (PAUSED_MARKERS.contains(word) && pause >= MARKER_COMMA_PAUSE_MS) {
                return true;
            }
        }
        if (k - sentenceStart == 1 && positionInSentence == 1) {
            String previous = pieces.get(k - 1).spoken;
            if (previous.equals("i") && word.equals("mean") && !nextWord.equals("it")) {
                return true;
            }
            if (previous.equals("you") && word.equals("know") && pause >= MARKER_COMMA_PAUSE_MS) {
                return true;
            }
        }
        if (CLAUSE_CONJUNCTIONS.contains(nextWord)) {
            boolean longClauseBefore = positionInSentence + 1 >= CLAUSE_WORDS_FOR_BUT_COMMA;
            if (longClauseBefore && (nextWord.equals("but") || joinsClauses(pieces, k + 1))) {
                return true;
            }
            return pause >= CONJUNCTION_COMMA_PAUSE_MS;
        }
        return pause >= COMMA_PAUSE_MS;
    }

    /** "and", "so", "or" before a new subject join two clauses: "it was late, so we left". */
    private static boolean joinsClauses(List<Piece> pieces, int conjunction) {
        String word = pieces.get(conjunction).spoken;
        return (word.equals("and") || word.equals("so") || word.equals("or")) && conjunction + 1 < pieces.size()
                && CLAUSE_SUBJECTS.contains(pieces.get(conjunction + 1).firstSpoken());
    }

    private static boolean onlyMarkersBefore(List<Piece> pieces, int sentenceStart, int k) {
        for (int j = sentenceStart; j < k; j++) {
            String spoken = pieces.get(j).spoken;
            if (!INTERJECTIONS.contains(spoken) && !PAUSED_MARKERS.contains(spoken)) {
                return false;
            }
        }
        return true;
    }

    /** Ends the sentence of pieces [from, to] with a full stop or, if it reads as a question, a question mark. */
    private static void closeSentence(List<Piece> pieces, int from, int to, boolean continuesEarlierFinal,
                                      boolean inheritedQuestion, int inheritedWords, String previousWord) {
        List<String> spoken = new ArrayList<>();
        List<Integer> pieceOfWord = new ArrayList<>();
        if (continuesEarlierFinal && !previousWord.isEmpty()) {
            spoken.add(previousWord);
            pieceOfWord.add(-1);
        }
        for (int k = from; k <= to; k++) {
            for (String word : pieces.get(k).spoken.split(" ")) {
                spoken.add(word);
                pieceOfWord.add(k);
            }
        }
        boolean question = (continuesEarlierFinal ? inheritedQuestion : QuestionForms.opensQuestion(spoken, 0))
                || QuestionForms.asksMidway(spoken);
        if (!question) {
            int offset = continuesEarlierFinal && !previousWord.isEmpty() ? 1 : 0;
            for (int k = from; k < to && !question; k++) {
                if (pieces.get(k).punctuationAfter.equals(",")) {
                    int wordIndex = pieceOfWord.indexOf(k + 1);
                    question = wordIndex >= offset && QuestionForms.opensQuestion(spoken, wordIndex);
                }
            }
        }
        int tag = QuestionForms.tagLength(spoken, continuesEarlierFinal ? inheritedWords : 0, wordIndex -> {
            int before = wordIndex - 1;
            return before >= 0 && pieceOfWord.get(before) >= 0
                    && pieces.get(pieceOfWord.get(before)).punctuationAfter.equals(",");
        });
        if (tag > 0) {
            question = true;
            int tagStart = spoken.size() - tag;
            int pieceBefore = tagStart - 1 >= 0 ? pieceOfWord.get(tagStart - 1) : -1;
            if (pieceBefore >= from && pieceBefore != pieceOfWord.get(tagStart)
                    && !DANGLING.contains(spoken.get(tagStart - 1))) {
                pieces.get(pieceBefore).punctuationAfter = ",";
            }
        }
        pieces.get(to).punctuationAfter = question ? "?" : ".";
    }

    private static List<String> spokenWords(List<Piece> pieces, int from, int to) {
        List<String> spoken = new ArrayList<>();
        for (int k = from; k <= to; k++) {
            for (String word : pieces.get(k).spoken.split(" ")) {
                spoken.add(word);
            }
        }
        return spoken;
    }
}
