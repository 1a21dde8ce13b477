package io.spacecaps.format;

import java.io.Serializable;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one Space adds to the formatter: its speakers' names and handles, its custom terms, spoken
 * phrases with their written form, and words to mask. Immutable and serialisable, so an operator can
 * hold it as broadcast or keyed state.
 */
public final class Vocabulary implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Vocabulary EMPTY = new Vocabulary(Map.of(), Map.of(), Map.of(), Set.of());

    /** Spoken form (lower case, single spaces) → written form, from the explicit phrase list. */
    private final Map<String, String> phrases;
    /** Spoken form → written form for names, handles and terms. */
    private final Map<String, String> names;
    /** Single words of multi-word names, used only where the dictionary has no common lower-case word. */
    private final Map<String, String> nameParts;
    private final Set<String> masked;
    private final int longestPhraseWords;

    private Vocabulary(Map<String, String> phrases, Map<String, String> names, Map<String, String> nameParts,
                       Set<String> masked) {
        this.phrases = phrases;
        this.names = names;
        this.nameParts = nameParts;
        this.masked = masked;
        int longest = 1;
        for (String spoken : phrases.keySet()) {
            longest = Math.max(longest, wordCount(spoken));
        }
        for (String spoken : names.keySet()) {
            longest = Math.max(longest, wordCount(spoken));
        }
        this.longestPhraseWords = longest;
    }

    public static Vocabulary empty() {
        return EMPTY;
    }

    /**
     * @param names   display names and handles, e.g. "Elon Musk", "@elonmusk"
     * @param terms   the Space's custom vocabulary, e.g. "Starlink", "BBC", "xAI"
     * @param phrases spoken form → written form, e.g. "b b c" → "BBC"; applied before anything else
     * @param masked  words to mask (profanity); empty turns masking off
     *                Any argument may be null, which reads as empty.
     */
    public static Vocabulary of(Collection<String> names, Collection<String> terms, Map<String, String> phrases,
                                Collection<String> masked) {
        names = names == null ? Set.of() : names;
        terms = terms == null ? Set.of() : terms;
        phrases = phrases == null ? Map.of() : phrases;
        masked = masked == null ? Set.of() : masked;
        Map<String, String> explicit = new HashMap<>();
        phrases.forEach((spoken, written) -> {
            String key = spokenForm(spoken);
            if (!key.isEmpty() && written != null && !written.isBlank()) {
                explicit.put(key, written.strip());
            }
        });
        Map<String, String> named = new HashMap<>();
        Map<String, String> parts = new HashMap<>();
        for (String term : terms) {
            addTerm(named, term);
        }
        Set<String> displayNames = new HashSet<>();
        for (String name : names) {
            if (name != null && !name.isBlank() && !name.strip().startsWith("@")) {
                String written = name.strip();
                displayNames.add(written);
                named.put(spokenForm(written), written);
                String[] words = written.split("\\s+");
                if (words.length > 1) {
                    for (String word : words) {
                        if (word.length() > 1 && Character.isUpperCase(word.charAt(0))) {
                            parts.put(word.toLowerCase(Locale.ROOT), word);
                        }
                    }
                }
            }
        }
        for (String name : names) {
            if (name != null && name.strip().startsWith("@") && name.strip().length() > 1) {
                addHandle(named, name.strip(), displayNames);
            }
        }
        Set<String> maskedWords = new HashSet<>();
        for (String word : masked) {
            String key = spokenForm(word);
            if (!key.isEmpty()) {
                maskedWords.add(key);
            }
        }
        return new Vocabulary(Map.copyOf(explicit), Map.copyOf(named), Map.copyOf(parts), Set.copyOf(maskedWords));
    }

    private static void addTerm(Map<String, String> named, String term) {
        if (term == null || term.isBlank()) {
            return;
        }
        String written = term.strip();
        named.put(spokenForm(written), written);
        // Vosk spells out short acronyms letter by letter ("b b c", "x a i").
        String letters = written.replace(".", "");
        boolean hasInnerCapital = false;
        for (int i = 1; i < letters.length(); i++) {
            hasInnerCapital |= Character.isUpperCase(letters.charAt(i));
        }
        if (letters.length() >= 2 && letters.length() <= 6 && letters.chars().allMatch(Character::isLetter)
                && hasInnerCapital) {
            named.putIfAbsent(String.join(" ", letters.toLowerCase(Locale.ROOT).split("")), written);
        }
    }

    /** "@elonmusk" is said "at elon musk" when a display name spells it, otherwise "at elonmusk". */
    private static void addHandle(Map<String, String> named, String handle, Set<String> displayNames) {
        String body = handle.substring(1).toLowerCase(Locale.ROOT);
        named.put("at " + spokenForm(body.replace('_', ' ')), handle);
        for (String displayName : displayNames) {
            String spoken = spokenForm(displayName);
            if (spoken.replace(" ", "").equals(body.replace("_", ""))) {
                named.put("at " + spoken, handle);
            }
        }
    }

    static String spokenForm(String text) {
        return text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    private static int wordCount(String spoken) {
        return spoken.isEmpty() ? 0 : spoken.split(" ").length;
    }

    String phrase(String spoken) {
        return phrases.get(spoken);
    }

    String name(String spoken) {
        return names.get(spoken);
    }

    String namePart(String word) {
        return nameParts.get(word);
    }

    boolean isMasked(String word) {
        return masked.contains(word);
    }

    int longestPhraseWords() {
        return longestPhraseWords;
    }

    boolean isEmpty() {
        return phrases.isEmpty() && names.isEmpty() && masked.isEmpty();
    }
}
