package io.spacecaps.format;

import java.util.Set;

/** Closed classes of English words that punctuation and question decisions look at. */
final class WordClasses {

    private WordClasses() {
    }

    /**
     * Words a sentence never ends on unless the speaker stops for very long: articles, possessives,
     * conjunctions, subject pronouns and contractions that need a verb.
     */
    static final Set<String> DANGLING = Set.of(
            "the", "a", "an", "my", "your", "his", "her", "our", "their", "its", "every", "each", "such",
            "of", "and", "or", "nor", "because", "than", "if", "whether", "whose",
            "i", "we", "they", "he", "she",
            "i'm", "i've", "i'd", "i'll", "we're", "they're", "you're", "he's", "she's", "it's", "that's",
            "there's", "we've", "they've", "you've", "we'll", "they'll", "you'll", "let's",
            "gonna", "wanna", "gotta", "uh", "um", "er");

    /**
     * Words a sentence seldom ends on: prepositions (which questions do strand: "who for?"),
     * subordinators and intensifiers. A sentence ends after them only on a clearly longer pause.
     * Particles that often close a sentence ("going on", "come in", "talking about") are not here.
     */
    static final Set<String> WEAKLY_DANGLING = Set.of(
            "to", "at", "for", "with", "from", "by", "into", "onto", "between", "through",
            "during", "without", "within", "among", "against", "toward", "towards", "upon", "across", "via", "per",
            "but", "as", "while", "whereas", "although", "unless", "until", "till", "since", "which",
            "very", "quite", "just", "been", "some", "kind", "sort", "whole");

    /** Words a sentence does not start with. */
    static final Set<String> NEVER_STARTS = Set.of("of", "than", "nor", "'s", "n't", "to");

    /** Words that take no comma before them: they bind to what precedes. */
    static final Set<String> NO_COMMA_BEFORE = Set.of("of", "to", "than", "'s", "n't", "for", "that");

    /** Conjunctions before which a shorter pause already reads as a comma. */
    static final Set<String> CLAUSE_CONJUNCTIONS = Set.of(
            "but", "because", "so", "although", "though", "which", "whereas", "or", "and", "while", "unless");

    /** Said at the head of a sentence and followed by a comma in writing even without a pause. */
    static final Set<String> INTERJECTIONS = Set.of(
            "well", "yes", "yeah", "yep", "okay", "ok", "oh", "actually", "anyway", "honestly", "alright",
            "hey", "hi", "hello", "sure", "absolutely", "exactly", "basically", "obviously", "seriously",
            "frankly", "look", "listen", "wow", "great", "cool", "perfect", "thanks", "agreed");

    /** Words after which an interjection reads as part of a phrase ("well done", "oh my"). */
    static final Set<String> INTERJECTION_PHRASE_HEADS = Set.of(
            "done", "known", "said", "being", "as", "enough", "off", "aware", "worth", "then", "my", "no", "well",
            "yes", "yeah", "boy", "man", "dear", "god", "with", "if", "for", "to", "so", "by", "at", "like",
            "the", "a", "an", "is", "was", "thing", "one", "guys", "question", "idea", "point", "and", "or",
            "that", "this", "it", "you", "about", "sure", "what", "how", "there", "out", "up", "into", "in");

    /**
     * Discourse markers that lead into the sentence after them: a pause after one alone reads as
     * "Well, …", not as a one-word sentence.
     */
    static final Set<String> LEADING_MARKERS = Set.of(
            "well", "so", "anyway", "oh", "now", "actually", "and", "but", "um", "uh", "like", "honestly", "also",
            "then", "basically", "listen", "look");

    /** Heads of a sentence that a pause turns into "So, …" rather than "So …". */
    static final Set<String> PAUSED_MARKERS = Set.of("so", "now", "right", "no", "like", "and", "but", "then", "also");

    static final Set<String> WH_WORDS = Set.of("what", "where", "when", "why", "who", "whom", "whose", "which", "how");

    /** Wh-contractions that start a question on their own ("what's", "how's"). */
    static final Set<String> WH_CONTRACTIONS = Set.of(
            "what's", "where's", "when's", "why's", "who's", "how's", "what're", "where're", "who're",
            "what'd", "where'd", "how'd", "who'd", "why'd", "what'll", "who'll", "where'll", "how'll");

    /** Auxiliaries and modals that open a question when a subject follows ("are you", "can we"). */
    static final Set<String> AUXILIARIES = Set.of(
            "am", "is", "are", "was", "were", "do", "does", "did", "can", "could", "will", "would", "shall",
            "should", "may", "might", "must", "have", "has", "had",
            "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't", "can't", "couldn't", "won't",
            "wouldn't", "shouldn't", "haven't", "hasn't", "hadn't", "mustn't", "ain't");

    /** Auxiliaries that open a question before a noun phrase too ("is the", "can this"). */
    static final Set<String> BE_AND_MODALS = Set.of(
            "is", "are", "was", "were", "can", "could", "will", "would", "should", "isn't", "aren't", "wasn't",
            "weren't", "can't", "couldn't", "won't", "wouldn't", "shouldn't");

    /** What follows an auxiliary when it is inverted for a question. */
    static final Set<String> SUBJECTS = Set.of(
            "i", "you", "we", "they", "he", "she", "it", "there", "anyone", "anybody", "someone", "somebody",
            "everyone", "everybody", "y'all", "ya");

    static final Set<String> NOUN_PHRASE_HEADS = Set.of(
            "the", "this", "that", "these", "those", "your", "my", "his", "her", "our", "their", "any", "a", "an",
            "all", "every", "everything", "anything", "something", "nothing", "everyone", "everybody", "nobody", "someone",
            "somebody", "anyone", "anybody");

    /** Leading words skipped before looking for a question form ("so what do you think"); "I mean" too. */
    static final Set<String> QUESTION_LEADERS = Set.of(
            "so", "and", "but", "well", "okay", "ok", "oh", "now", "then", "also", "um", "uh", "yeah", "yes", "no",
            "alright", "right", "anyway", "actually", "hey", "or", "like", "just", "sorry");

    /** Pronouns that end an aux-pronoun tag ("isn't it", "don't you"). */
    static final Set<String> TAG_PRONOUNS = Set.of("it", "you", "we", "they", "he", "she", "i", "there");

    /** Words before "right" that make it part of the clause ("that's right", "all right"), not a tag. */
    static final Set<String> RIGHT_NOT_TAG = Set.of(
            "that's", "that", "all", "is", "it's", "you're", "we're", "they're", "i'm", "exactly", "turn", "the",
            "a", "your", "my", "his", "her", "our", "their", "was", "be", "quite", "just", "alright", "yeah", "yes",
            "oh", "okay", "right", "go", "come", "get", "do", "did", "done", "it", "him", "them", "are", "were",
            "not", "had", "got", "me", "left", "far", "upright", "copy", "human", "civil", "so", "who's", "what's",
            "who", "what");
}
