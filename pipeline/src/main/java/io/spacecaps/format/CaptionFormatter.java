package io.spacecaps.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * Turns one speaker's recognised words into written text: sentences and commas from pauses and
 * word order, casing from a dictionary and the Space's {@link Vocabulary}, numbers as written.
 * Thread-safe and stateless; what a track carries between finals lives in {@link SentenceState}.
 */
public final class CaptionFormatter {

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
    /** "but" takes a comma without a pause once the clause before it has this many words. */
    static final int CLAUSE_WORDS_FOR_BUT_COMMA = 4;

    private static final Set<String> MONTHS_THAT_ARE_WORDS = Set.of("may", "march", "august");
    private static final Set<String> DATE_PREPOSITIONS = Set.of(
            "in", "since", "until", "till", "early", "late", "mid", "next", "last", "through", "during");

    /** Openers of an introductory clause that a comma closes ("when I was young, …"). */
    private static final Set<String> SUBORDINATORS = Set.of(
            "if", "when", "although", "though", "while", "since", "unless", "after", "before", "once", "whenever",
            "whether", "as");
    /** Words that trail a sentence after a comma ("…, too", "…, then"). */
    private static final Set<String> COMMA_TAILS = Set.of("too", "though", "either", "then", "instead");

    private static volatile CaptionFormatter shared;

    private final CasingDictionary dictionary;
    private final NumberWriter numbers = new NumberWriter();

    CaptionFormatter(CasingDictionary dictionary) {
        this.dictionary = dictionary;
    }

    /** The formatter with its dictionaries, loaded on first use and kept for the JVM's life. */
    public static CaptionFormatter shared() {
        CaptionFormatter instance = shared;
        if (instance == null) {
            synchronized (CaptionFormatter.class) {
                instance = shared;
                if (instance == null) {
                    instance = new CaptionFormatter(CasingDictionary.load());
                    shared = instance;
                }
            }
        }
        return instance;
    }

    /**
     * Formats a final and records in {@code state} how its last sentence stands.
     *
     * @param trailingSilenceMs silence Vosk heard after the last word before it declared the endpoint;
     *                          0 when unknown
     */
    public Formatted formatFinal(List<SpokenWord> words, Vocabulary vocabulary, SentenceState state,
                                 long trailingSilenceMs) {
        if (words.isEmpty()) {
            return Formatted.empty();
        }
        List<Piece> pieces = pieces(words, vocabulary);
        Sentences sentences = punctuate(pieces, words, state, true, trailingSilenceMs);
        Formatted formatted = write(pieces);
        state.setSentenceOpen(!sentences.closedAtEnd);
        state.setOpenSentenceQuestion(!sentences.closedAtEnd && sentences.openSentenceQuestion);
        state.setOpenSentenceWords(sentences.closedAtEnd ? 0 : sentences.openSentenceWords);
        state.setLastWord(words.get(words.size() - 1).word().toLowerCase(Locale.ROOT));
        state.setLastWordEndMs(words.get(words.size() - 1).endMs());
        return formatted;
    }

    /** Formats an in-progress guess; leaves its last sentence open and {@code state} untouched. */
    public Formatted formatPartial(List<SpokenWord> words, Vocabulary vocabulary, SentenceState state) {
        if (words.isEmpty()) {
            return Formatted.empty();
        }
        List<Piece> pieces = pieces(words, vocabulary);
        punctuate(pieces, words, state.copy(), false, 0);
        return write(pieces);
    }

    // ---- words to pieces: phrases, names, acronyms, numbers, masking, casing

    private List<Piece> pieces(List<SpokenWord> words, Vocabulary vocabulary) {
        List<Piece> pieces = new ArrayList<>(words.size());
        for (int i = 0; i < words.size(); i++) {
            pieces.add(Piece.word(i, words.get(i).word().strip().toLowerCase(Locale.ROOT)));
        }
        if (!vocabulary.isEmpty()) {
            pieces = applyVocabulary(pieces, vocabulary);
        }
        // Numbers before acronyms: "three p m" is a time, not "three PM" the acronym.
        pieces = numbers.apply(pieces);
        pieces = joinSpelledAcronyms(pieces, vocabulary);
        for (Piece piece : pieces) {
            if (piece.isWord() && vocabulary.isMasked(piece.spoken)) {
                piece.kind = Piece.Kind.MASKED;
                piece.written = piece.spoken.charAt(0) + "*".repeat(piece.spoken.length() - 1);
            }
        }
        applyCasing(pieces, vocabulary);
        return pieces;
    }

    /** The Space's phrases first, then its names, handles and terms; longest match wins. */
    private static List<Piece> applyVocabulary(List<Piece> pieces, Vocabulary vocabulary) {
        List<Piece> out = new ArrayList<>(pieces.size());
        int i = 0;
        while (i < pieces.size()) {
            int matched = 0;
            String written = null;
            for (int length = Math.min(vocabulary.longestPhraseWords(), pieces.size() - i); length >= 1 && matched == 0;
                 length--) {
                String spoken = joinSpoken(pieces, i, i + length);
                written = vocabulary.phrase(spoken);
                if (written == null) {
                    written = vocabulary.name(spoken);
                }
                if (written != null) {
                    matched = length;
                }
            }
            if (matched == 0) {
                out.add(pieces.get(i));
                i++;
            } else {
                out.add(new Piece(pieces.get(i).firstWord, pieces.get(i + matched - 1).lastWord,
                        joinSpoken(pieces, i, i + matched), written, Piece.Kind.FIXED));
                i += matched;
            }
        }
        return out;
    }

    /**
     * Vosk spells acronyms letter by letter ("b b c"). A run of single letters becomes the longest known
     * acronym it starts with. "a" and "i" are also words ("it's a b grade"), so two letters with one of
     * them join only into an acronym the Vocabulary or the committed list names ("a i" → "AI").
     */
    private List<Piece> joinSpelledAcronyms(List<Piece> pieces, Vocabulary vocabulary) {
        List<Piece> out = new ArrayList<>(pieces.size());
        int i = 0;
        while (i < pieces.size()) {
            int runEnd = i;
            while (runEnd < pieces.size() && isSingleLetter(pieces.get(runEnd))) {
                runEnd++;
            }
            int matched = 0;
            String acronym = null;
            for (int end = runEnd; end - i >= 2 && matched == 0; end--) {
                String letters = joinSpoken(pieces, i, end).replace(" ", "");
                String known = vocabulary.name(letters);
                if (known == null) {
                    known = dictionary.acronym(letters);
                    boolean mayBeWords = letters.length() == 2 && (letters.indexOf('a') >= 0 || letters.indexOf('i') >= 0);
                    if (known != null && mayBeWords && !dictionary.isListedAcronym(letters)) {
                        known = null;
                    }
                }
                if (known != null) {
                    matched = end - i;
                    acronym = known;
                }
            }
            if (matched > 0 && runEnd == i + matched + 1 && pieces.get(i + matched).spoken.equals("s")) {
                matched++; // "c e o s": a plural, as "CEOs" is spoken
                acronym = acronym + "s";
            }
            if (matched == 0) {
                out.add(pieces.get(i));
                i++;
            } else {
                out.add(new Piece(pieces.get(i).firstWord, pieces.get(i + matched - 1).lastWord,
                        joinSpoken(pieces, i, i + matched), acronym, Piece.Kind.FIXED));
                i += matched;
            }
        }
        return out;
    }

    private static boolean isSingleLetter(Piece piece) {
        return piece.isWord() && piece.spoken.length() == 1 && Character.isLetter(piece.spoken.charAt(0));
    }

    private void applyCasing(List<Piece> pieces, Vocabulary vocabulary) {
        int i = 0;
        while (i < pieces.size()) {
            int matched = matchDictionaryPhrase(pieces, i);
            if (matched > 0) {
                i += matched;
                continue;
            }
            Piece piece = pieces.get(i);
            if (piece.isWord()) {
                String word = piece.spoken;
                String written = null;
                if (word.equals("i") || word.startsWith("i'")) {
                    written = "I" + word.substring(1);
                } else {
                    written = writtenWord(word, vocabulary);
                    if (written == null && word.endsWith("'s") && word.length() > 2) {
                        String owner = writtenWord(word.substring(0, word.length() - 2), vocabulary);
                        written = owner == null ? null : owner + "'s"; // "musk's", "god's"
                    }
                }
                if (written == null && isMonthInContext(pieces, i)) {
                    written = Character.toUpperCase(word.charAt(0)) + word.substring(1);
                }
                if (written != null) {
                    piece.written = written;
                    piece.kind = Piece.Kind.FIXED;
                }
            }
            i++;
        }
    }

    private String writtenWord(String word, Vocabulary vocabulary) {
        String namePart = vocabulary.namePart(word);
        if (namePart != null && !dictionary.isCommonLowerCaseWord(word)) {
            return namePart;
        }
        String name = vocabulary.name(word);
        return name != null ? name : dictionary.writtenForm(word);
    }

    /**
     * "may", "march" and "august" are months only in a date's company: "in may", "march 21st", "the
     * 5th of august". Elsewhere they are the common words the dictionary keeps in lower case.
     */
    private static boolean isMonthInContext(List<Piece> pieces, int i) {
        if (!MONTHS_THAT_ARE_WORDS.contains(pieces.get(i).spoken)) {
            return false;
        }
        String before = i > 0 ? pieces.get(i - 1).spoken : "";
        boolean dayBefore = i > 1 && before.equals("of") && pieces.get(i - 2).kind == Piece.Kind.NUMBER;
        boolean dayAfter = i + 1 < pieces.size() && pieces.get(i + 1).kind == Piece.Kind.NUMBER;
        return DATE_PREPOSITIONS.contains(before) || dayBefore || dayAfter;
    }

    /** Multi-word names ("New York", "United States") keep one piece per word, each written as the name says. */
    private int matchDictionaryPhrase(List<Piece> pieces, int i) {
        for (int length = Math.min(CasingDictionary.MAX_PHRASE_WORDS, pieces.size() - i); length >= 2; length--) {
            boolean allWords = true;
            for (int k = i; k < i + length; k++) {
                allWords &= pieces.get(k).isWord();
            }
            if (!allWords) {
                continue;
            }
            String written = dictionary.phrase(joinSpoken(pieces, i, i + length));
            if (written != null) {
                String[] parts = written.split(" ");
                if (parts.length != length) {
                    continue;
                }
                for (int k = 0; k < length; k++) {
                    pieces.get(i + k).written = parts[k];
                    pieces.get(i + k).kind = Piece.Kind.FIXED;
                }
                return length;
            }
        }
        return 0;
    }

    private static String joinSpoken(List<Piece> pieces, int from, int toExclusive) {
        if (toExclusive - from == 1) {
            return pieces.get(from).spoken;
        }
        StringBuilder joined = new StringBuilder();
        for (int k = from; k < toExclusive; k++) {
            if (k > from) {
                joined.append(' ');
            }
            joined.append(pieces.get(k).spoken);
        }
        return joined.toString();
    }

    // ---- punctuation

    /** How the punctuation pass left the utterance's last sentence. */
    private static final class Sentences {
        boolean closedAtEnd;
        boolean openSentenceQuestion;
        int openSentenceWords;
    }

    private Sentences punctuate(List<Piece> pieces, List<SpokenWord> words, SentenceState state, boolean isFinal,
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
        Sentences result = new Sentences();
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
            if (nextWord.equals("but") && positionInSentence + 1 >= CLAUSE_WORDS_FOR_BUT_COMMA) {
                return true;
            }
            return pause >= CONJUNCTION_COMMA_PAUSE_MS;
        }
        return pause >= COMMA_PAUSE_MS;
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

    // ---- writing

    private static Formatted write(List<Piece> pieces) {
        List<Formatted.Token> tokens = new ArrayList<>(pieces.size());
        StringBuilder text = new StringBuilder();
        for (Piece piece : pieces) {
            String written = piece.startsSentence ? capitalised(piece) : piece.written;
            String token = written + piece.punctuationAfter;
            tokens.add(new Formatted.Token(token, piece.firstWord, piece.lastWord));
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(token);
        }
        return new Formatted(text.toString(), tokens);
    }

    /** Capitalises a sentence's first word unless it is written with its own capitals ("xAI", "iPhone", "@x"). */
    private static String capitalised(Piece piece) {
        String written = piece.written;
        if (written.isEmpty() || !Character.isLowerCase(written.charAt(0))) {
            return written;
        }
        for (int i = 1; i < written.length(); i++) {
            if (Character.isUpperCase(written.charAt(i))) {
                return written;
            }
        }
        return Character.toUpperCase(written.charAt(0)) + written.substring(1);
    }
}
