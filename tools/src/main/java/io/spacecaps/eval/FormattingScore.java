package io.spacecaps.eval;

import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.Word;
import io.spacecaps.schema.WrittenToken;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How well captions are written for reading, against a punctuated, cased reference transcript: where
 * sentences end, question marks, commas, the case of words, numbers written as numerals. Both sides
 * are cut into their written tokens and each token normalised ({@link TextNormalizer}) into words; the
 * words are aligned ({@link WordErrorRate#align}) and only words the recogniser got right are scored,
 * so recognition errors do not count as formatting errors. A word carries what its token says: a
 * token's punctuation belongs to its last word, its case to its first.
 *
 * <p>The end of a reference turn ends a sentence even where the transcript has no full stop there
 * (transcripts often leave it out; the speaker stopped).
 */
public final class FormattingScore {

    /** Annotations in transcripts, such as "[inaudible 00:07:06]" or "[laughs]": not speech. */
    private static final Pattern ANNOTATION = Pattern.compile("\\[[^\\]]*]");
    /** Laughter and fillers the Spaces' voices never say (make-space.py drops them too). */
    private static final Pattern NOISE = Pattern.compile("^(?:(?:ha)+h?|(?:he){2,}|(?:ah){2,}|hm+|mm+)$");
    private static final Pattern CLOSING = Pattern.compile("[\"'\u201D\u2019)\\]\u00BB]+$");
    private static final int EXAMPLES = 25;

    /** How a token's letters are cased. */
    enum Shape { LOWER, CAPITALISED, ALL_CAPS }

    /** Detections of one mark: reference and hypothesis agree (tp), only the hypothesis has it (fp), only the reference (fn). */
    public record Counts(int truePositives, int falsePositives, int falseNegatives) {

        public static final Counts NONE = new Counts(0, 0, 0);

        public double precision() {
            return truePositives + falsePositives == 0 ? Double.NaN : (double) truePositives / (truePositives + falsePositives);
        }

        public double recall() {
            return truePositives + falseNegatives == 0 ? Double.NaN : (double) truePositives / (truePositives + falseNegatives);
        }

        /** NaN when neither side has the mark at all. */
        public double f1() {
            int denominator = 2 * truePositives + falsePositives + falseNegatives;
            return denominator == 0 ? Double.NaN : 2.0 * truePositives / denominator;
        }

        public Counts add(Counts other) {
            return new Counts(truePositives + other.truePositives, falsePositives + other.falsePositives,
                    falseNegatives + other.falseNegatives);
        }

        Counts count(boolean reference, boolean hypothesis) {
            return new Counts(truePositives + (reference && hypothesis ? 1 : 0), falsePositives + (!reference && hypothesis ? 1 : 0),
                    falseNegatives + (reference && !hypothesis ? 1 : 0));
        }
    }

    /**
     * @param referenceWords       words of the reference, normalised
     * @param recognisedWords      of those, the ones the recogniser got right (the words scored)
     * @param casedWords           recognised words that start a token with letters on both sides
     * @param caseMatches          of those, the ones cased as the reference has them
     * @param referenceNumerals    reference tokens with digits whose first word was recognised
     * @param numeralsWritten      of those, the ones the captions also write with digits
     * @param numeralsForWords     caption tokens with digits where the reference spells the number out
     * @param examples             a few of each kind of miss, for people to read
     */
    public record Result(int referenceWords, int recognisedWords, Counts sentenceEnds, Counts questionMarks, Counts commas,
                         int casedWords, int caseMatches, int referenceNumerals, int numeralsWritten, int numeralsForWords,
                         List<String> examples) {

        public static final Result NONE = new Result(0, 0, Counts.NONE, Counts.NONE, Counts.NONE, 0, 0, 0, 0, 0, List.of());

        public Result {
            examples = List.copyOf(examples);
        }

        /** The share of scored words whose case matches the reference's. */
        public double casing() {
            return casedWords == 0 ? Double.NaN : (double) caseMatches / casedWords;
        }

        public Result add(Result other) {
            List<String> both = new ArrayList<>(examples);
            both.addAll(other.examples);
            return new Result(referenceWords + other.referenceWords, recognisedWords + other.recognisedWords,
                    sentenceEnds.add(other.sentenceEnds), questionMarks.add(other.questionMarks), commas.add(other.commas),
                    casedWords + other.casedWords, caseMatches + other.caseMatches, referenceNumerals + other.referenceNumerals,
                    numeralsWritten + other.numeralsWritten, numeralsForWords + other.numeralsForWords, both);
        }
    }

    /** A normalised word and what its token says; {@code endsTurn} on a reference turn's last word. */
    private record Unit(String word, String token, boolean firstOfToken, boolean lastOfToken, boolean endsTurn) {
    }

    private FormattingScore() {
    }

    /**
     * Scores one speaker's captions.
     *
     * @param referenceTurns the speaker's turns as the reference transcript writes them, in order
     * @param writtenTokens  the speaker's captions as written tokens, in order ({@link #writtenTokens})
     */
    public static Result score(List<String> referenceTurns, List<String> writtenTokens) {
        List<Unit> reference = new ArrayList<>();
        for (String turn : referenceTurns) {
            List<String> tokens = List.of(ANNOTATION.matcher(turn).replaceAll(" ").strip().split("\\s+"));
            int before = reference.size();
            units(tokens, reference);
            if (reference.size() > before) {
                Unit last = reference.remove(reference.size() - 1);
                reference.add(new Unit(last.word, last.token, last.firstOfToken, last.lastOfToken, true));
            }
        }
        List<Unit> hypothesis = new ArrayList<>();
        units(writtenTokens, hypothesis);

        Counts sentenceEnds = Counts.NONE;
        Counts questions = Counts.NONE;
        Counts commas = Counts.NONE;
        int recognised = 0;
        int cased = 0;
        int caseMatches = 0;
        int referenceNumerals = 0;
        int numeralsWritten = 0;
        int numeralsForWords = 0;
        List<String> examples = new ArrayList<>();
        for (WordErrorRate.Step step : WordErrorRate.align(words(reference), words(hypothesis))) {
            if (step.edit() != WordErrorRate.Edit.MATCH) {
                continue;
            }
            recognised++;
            Unit r = reference.get(step.reference());
            Unit h = hypothesis.get(step.hypothesis());
            char refMark = r.lastOfToken ? mark(r.token) : 0;
            char hypMark = h.lastOfToken ? mark(h.token) : 0;
            boolean refEnds = isSentenceEnd(refMark) || r.endsTurn;
            boolean hypEnds = isSentenceEnd(hypMark);
            sentenceEnds = sentenceEnds.count(refEnds, hypEnds);
            questions = questions.count(refMark == '?', hypMark == '?');
            commas = commas.count(refMark == ',', hypMark == ',');
            if (refEnds != hypEnds && examples.size() < EXAMPLES) {
                examples.add((refEnds ? "missed sentence end" : "extra sentence end") + ": reference '" + r.token
                        + "', captions '" + h.token + "'");
            }
            if (r.firstOfToken && h.firstOfToken) {
                Shape refShape = shape(r.token);
                Shape hypShape = shape(h.token);
                if (refShape != null && hypShape != null) {
                    cased++;
                    if (refShape == hypShape) {
                        caseMatches++;
                    } else if (examples.size() < EXAMPLES) {
                        examples.add("case: reference '" + r.token + "', captions '" + h.token + "'");
                    }
                }
                boolean refDigits = hasDigit(r.token);
                boolean hypDigits = hasDigit(h.token);
                if (refDigits) {
                    referenceNumerals++;
                    numeralsWritten += hypDigits ? 1 : 0;
                } else if (hypDigits) {
                    numeralsForWords++;
                }
            }
        }
        return new Result(reference.size(), recognised, sentenceEnds, questions, commas, cased, caseMatches,
                referenceNumerals, numeralsWritten, numeralsForWords, examples);
    }

    /** The written tokens of captions in the order spoken; a caption without them gives its text's words. */
    public static List<String> writtenTokens(Collection<TranscriptEvent> captions) {
        List<String> tokens = new ArrayList<>();
        captions.stream().filter(RecognisedWords::any)
                .sorted(Comparator.comparingLong(TranscriptEvent::getStartMs).thenComparing(TranscriptEvent::getUtteranceId))
                .forEach(c -> {
                    if (c.getWritten().isEmpty()) {
                        tokens.addAll(List.of(c.getText().strip().split("\\s+")));
                    } else {
                        c.getWritten().forEach(t -> tokens.add(t.getText()));
                    }
                });
        return tokens;
    }

    /**
     * Written tokens that do not normalise back to the words they stand for ("BBC" for "b b c"): each
     * is a place where the WER of the written text can differ from the WER of the words.
     */
    public static List<String> notNormalisedBack(Collection<TranscriptEvent> captions) {
        List<String> found = new ArrayList<>();
        for (TranscriptEvent c : captions) {
            for (WrittenToken t : c.getWritten()) {
                if (t.getFirstWord() < 0 || t.getLastWord() >= c.getWords().size() || t.getLastWord() < t.getFirstWord()) {
                    continue;
                }
                String words = c.getWords().subList(t.getFirstWord(), t.getLastWord() + 1).stream().map(Word::getWord)
                        .collect(Collectors.joining(" "));
                if (!TextNormalizer.normalize(t.getText()).equals(TextNormalizer.normalize(words))) {
                    found.add("'" + t.getText() + "' for '" + words + "'");
                }
            }
        }
        return found;
    }

    private static void units(List<String> tokens, List<Unit> into) {
        for (String token : tokens) {
            List<String> words = TextNormalizer.normalize(token).stream().filter(w -> !NOISE.matcher(w).matches()).toList();
            for (int i = 0; i < words.size(); i++) {
                into.add(new Unit(words.get(i), token, i == 0, i == words.size() - 1, false));
            }
        }
    }

    private static List<String> words(List<Unit> units) {
        return units.stream().map(Unit::word).toList();
    }

    /** The punctuation that ends a token (closing quotes and brackets looked through); 0 for none. */
    static char mark(String token) {
        String bare = CLOSING.matcher(token).replaceAll("");
        if (bare.endsWith("\u2026")) {
            return '.';
        }
        if (bare.isEmpty()) {
            return 0;
        }
        char last = bare.charAt(bare.length() - 1);
        return ".?!,;:".indexOf(last) >= 0 ? last : 0;
    }

    private static boolean isSentenceEnd(char mark) {
        return mark == '.' || mark == '?' || mark == '!';
    }

    /** How the token's letters before any apostrophe are cased ("BBC's" is all capitals); null without letters. */
    static Shape shape(String token) {
        String head = token.split("['\u2019]", 2)[0];
        int letters = 0;
        int upper = 0;
        Boolean firstUpper = null;
        for (int i = 0; i < head.length(); ) {
            int c = head.codePointAt(i);
            if (Character.isLetter(c)) {
                letters++;
                upper += Character.isUpperCase(c) ? 1 : 0;
                if (firstUpper == null) {
                    firstUpper = Character.isUpperCase(c);
                }
            }
            i += Character.charCount(c);
        }
        if (letters == 0) {
            return token.equals(head) ? null : shape(token.replaceAll("['\u2019]", ""));
        }
        if (letters >= 2 && upper == letters) {
            return Shape.ALL_CAPS;
        }
        return firstUpper ? Shape.CAPITALISED : Shape.LOWER;
    }

    private static boolean hasDigit(String token) {
        return token.chars().anyMatch(Character::isDigit);
    }

    /** For messages: a rate as a percentage, or "-" when there is nothing to rate. */
    public static String percent(double rate) {
        return Double.isNaN(rate) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * rate);
    }
}
