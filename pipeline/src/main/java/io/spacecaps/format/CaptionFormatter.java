package io.spacecaps.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns one speaker's recognised words into written text: numbers as written, casing from a
 * dictionary and the Space's {@link Vocabulary}, then sentences and commas from pauses and word
 * order ({@link Punctuator}).
 *
 * <p>Thread-safe and stateless: one {@link #shared()} instance serves every operator in a JVM, and
 * what a track carries from one final to the next lives in its {@link SentenceState}.
 */
public final class CaptionFormatter {

    private static final Set<String> MONTHS_THAT_ARE_WORDS = Set.of("may", "march", "august");
    private static final Set<String> DATE_PREPOSITIONS = Set.of(
            "in", "since", "until", "till", "early", "late", "mid", "next", "last", "through", "during");

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
        Punctuator.Outcome sentences = Punctuator.punctuate(pieces, words, state, true, trailingSilenceMs);
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
        Punctuator.punctuate(pieces, words, state.copy(), false, 0);
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

    /**
     * The Space's phrases and names, before anything else reads the words: at each word the longest
     * match wins, a phrase before a name, handle or term of the same length.
     */
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
     * acronym it starts with. "a" is also a word ("it's a b grade"), so two letters with an "a" join
     * only into an acronym the Vocabulary or the committed list names ("a i" → "AI").
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
                    boolean mayBeWords = letters.length() == 2 && letters.indexOf('a') >= 0;
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
