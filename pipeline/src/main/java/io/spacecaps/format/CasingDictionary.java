package io.spacecaps.format;

import morfologik.fsa.FSA;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * How English writes words that Vosk gives in lower case: proper nouns, acronyms and multi-word
 * names. Built once per JVM from the Hunspell en_US and en_GB dictionaries as LanguageTool ships
 * them (FSAs whose entries are a word and a frequency class from A, rare, to Z), LanguageTool's
 * lists of multi-word names, and a short committed list of corrections.
 */
final class CasingDictionary {

    static final String RESOURCE_DIR = "/io/spacecaps/format/";
    /** American and British spellers: British spellings ("grey", "colour") are lower-case words too. */
    private static final List<String> SPELLERS = List.of(
            RESOURCE_DIR + "dictionary/en_US.dict", RESOURCE_DIR + "dictionary/en_GB.dict");
    private static final String SPECIFIC_CASE = RESOURCE_DIR + "dictionary/specific_case.txt";
    private static final String MULTIWORDS = RESOURCE_DIR + "dictionary/multiwords.txt";
    private static final String OVERRIDES = RESOURCE_DIR + "casing-overrides.txt";

    /**
     * How many frequency classes a capitalised form must lead its lower-case twin by. Three keeps
     * "apple", "bill", "will", "may", "mark" lower and still writes "China", "John", "Google".
     */
    private static final int PROPER_LEAD = 3;
    static final int MAX_PHRASE_WORDS = 6;
    private static final int COMMON_WORD_CLASS = 10;

    /** Lower case → written form, only where the written form is not the lower case itself. */
    private final Map<String, String> written;
    /** Words common in lower case (frequency class K or above): "mark", "will", "bill", "apple". */
    private final Set<String> commonLowerCaseWords;
    /** Multi-word names: spoken form (lower case, single spaces) → written form. */
    private final Map<String, String> phrases;
    /** Acronyms from the committed corrections, trusted even where "a" or "i" may be words ("a i" → "AI"). */
    private final Set<String> listedAcronyms;
    /**
     * Every all-capital form, whatever its lower-case twin: spelled letters ("u s", "i t") mean the
     * acronym even where the word ("us", "it") is far more common.
     */
    private final Set<String> acronyms;

    private CasingDictionary(Map<String, String> written, Set<String> commonLowerCaseWords, Map<String, String> phrases,
                             Set<String> acronyms, Set<String> listedAcronyms) {
        this.written = written;
        this.commonLowerCaseWords = commonLowerCaseWords;
        this.phrases = phrases;
        this.listedAcronyms = listedAcronyms;
        this.acronyms = acronyms;
    }

    static CasingDictionary load() {
        Map<String, Integer> lowerFrequency = new HashMap<>();
        Map<String, String> bestCased = new HashMap<>();
        Map<String, Integer> bestCasedFrequency = new HashMap<>();
        Set<String> acronyms = new HashSet<>();
        for (String speller : SPELLERS) {
            readSpeller(speller, (word, frequency) -> {
                String lower = word.toLowerCase(Locale.ROOT);
                if (isAcronym(word)) {
                    acronyms.add(word);
                }
                if (word.equals(lower)) {
                    lowerFrequency.merge(lower, frequency, Math::max);
                } else {
                    Integer best = bestCasedFrequency.get(lower);
                    if (best == null || frequency > best) {
                        bestCased.put(lower, word);
                        bestCasedFrequency.put(lower, frequency);
                    }
                }
            });
        }
        Map<String, String> written = new HashMap<>();
        bestCased.forEach((lower, cased) -> {
            Integer lowerClass = lowerFrequency.get(lower);
            if (lowerClass == null || bestCasedFrequency.get(lower) - lowerClass >= PROPER_LEAD) {
                written.put(lower, cased);
            }
        });
        Map<String, String> phrases = new HashMap<>();
        Set<String> listedAcronyms = new HashSet<>();
        readLines(SPECIFIC_CASE, line -> addPhrase(phrases, line));
        // The multi-word list also names firms made of everyday words ("Compared Care", "Equal Pay for
        // Women"); only names with at least one word that is not a common lower-case word are safe.
        readLines(MULTIWORDS, line -> {
            String[] columns = line.split("\t");
            if (columns.length >= 2 && columns[columns.length - 1].startsWith("NNP")
                    && hasUncommonWord(columns[0], lowerFrequency)) {
                addPhrase(phrases, columns[0]);
            }
        });
        readLines(OVERRIDES, line -> {
            if (line.startsWith("-")) {
                written.remove(line.substring(1).strip());
            } else if (line.contains(" ")) {
                phrases.put(Vocabulary.spokenForm(line), line.strip());
            } else {
                String lower = line.toLowerCase(Locale.ROOT);
                written.put(lower, line);
                if (isAcronym(line)) {
                    listedAcronyms.add(lower);
                    acronyms.add(line);
                }
            }
        });
        return new CasingDictionary(Map.copyOf(written), commonWords(lowerFrequency), Map.copyOf(phrases),
                Set.copyOf(acronyms), Set.copyOf(listedAcronyms));
    }

    /**
     * Only names made of capitalised words, and none that starts with an article: "The Office" would
     * otherwise capitalise every "the office".
     */
    private static void addPhrase(Map<String, String> phrases, String line) {
        String phrase = line.strip();
        String[] words = phrase.split(" ");
        if (words.length < 2 || words.length > MAX_PHRASE_WORDS) {
            return;
        }
        if (!Character.isUpperCase(words[0].charAt(0)) || !Character.isUpperCase(words[words.length - 1].charAt(0))) {
            return;
        }
        String first = words[0].toLowerCase(Locale.ROOT);
        if (first.equals("the") || first.equals("a") || first.equals("an")) {
            return;
        }
        for (String word : words) {
            if (!word.chars().allMatch(c -> Character.isLetter(c) || c == '\'' || c == '-' || c == '.')) {
                return;
            }
        }
        phrases.putIfAbsent(Vocabulary.spokenForm(phrase), phrase);
    }

    private static Set<String> commonWords(Map<String, Integer> lowerFrequency) {
        Set<String> common = new HashSet<>();
        lowerFrequency.forEach((word, frequency) -> {
            if (frequency >= COMMON_WORD_CLASS) {
                common.add(word);
            }
        });
        return Set.copyOf(common);
    }

    /** Entries are {@code word<separator><class>}, the separator '+' (en_US) or '_' (en_GB). */
    private static void readSpeller(String resource, BiConsumer<String, Integer> sink) {
        try (InputStream in = open(resource)) {
            FSA fsa = FSA.read(in);
            for (ByteBuffer entry : fsa) {
                String line = new String(entry.array(), entry.position(), entry.remaining(), StandardCharsets.UTF_8);
                int separator = line.length() - 2;
                if (separator <= 0 || (line.charAt(separator) != '+' && line.charAt(separator) != '_')) {
                    continue;
                }
                sink.accept(line.substring(0, separator), Math.max(0, line.charAt(separator + 1) - 'A'));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the casing dictionary " + resource, e);
        }
    }

    private static boolean hasUncommonWord(String phrase, Map<String, Integer> lowerFrequency) {
        for (String word : phrase.strip().split(" ")) {
            if (lowerFrequency.getOrDefault(word.toLowerCase(Locale.ROOT), -1) < COMMON_WORD_CLASS + 1) {
                return true;
            }
        }
        return false;
    }

    private static InputStream open(String resource) {
        InputStream in = CasingDictionary.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing resource " + resource
                    + " (the pipeline build unpacks it from LanguageTool's artifacts)");
        }
        return in;
    }

    private static void readLines(String resource, java.util.function.Consumer<String> sink) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(open(resource), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    sink.accept(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** The written form of a lower-case word, or null when English writes it in lower case. */
    String writtenForm(String lower) {
        return written.get(lower);
    }

    /** The acronym that a run of spelled letters makes ("bbc" → "BBC", "us" → "US"), or null. */
    String acronym(String joinedLetters) {
        String upper = joinedLetters.toUpperCase(Locale.ROOT);
        return acronyms.contains(upper) ? upper : null;
    }

    private static boolean isAcronym(String word) {
        if (word.length() < 2 || word.length() > 6) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c < 'A' || c > 'Z') {
                return false;
            }
        }
        return true;
    }

    /** Whether the acronym is one of the committed corrections rather than only a dictionary entry. */
    boolean isListedAcronym(String joinedLetters) {
        return listedAcronyms.contains(joinedLetters);
    }

    /**
     * Whether the word is common in lower case, so a speaker's name that shares it ("Mark Will") does
     * not capitalise it everywhere; "musk" is not common.
     */
    boolean isCommonLowerCaseWord(String lower) {
        return commonLowerCaseWords.contains(lower);
    }

    String phrase(String spoken) {
        return phrases.get(spoken);
    }
}
