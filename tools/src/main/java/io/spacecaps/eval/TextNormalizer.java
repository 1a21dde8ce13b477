package io.spacecaps.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings a human transcript and a recogniser's output to the same plain form before they are
 * compared: lower-case words without punctuation, numbers spelled out as a recogniser writes them.
 * Differences that are only writing conventions ("44%" against "forty four percent") then do not
 * count as recognition errors.
 */
public final class TextNormalizer {

    /**
     * One token per match; anything between matches (punctuation, hyphens, quotes) only separates.
     * An apostrophe survives only between letters, as in "don't", never at a word's edge.
     */
    private static final Pattern TOKEN = Pattern.compile(
            "(?<currency>[$€£])?(?<number>\\d+(?:,\\d{3})*)(?:\\.(?<fraction>\\d+))?(?:(?<ordinal>st|nd|rd|th)(?!\\p{L}))?"
                    + "|(?<word>[\\p{L}\\p{M}]+(?:'[\\p{L}\\p{M}]+)*)"
                    + "|(?<percent>%)"
                    + "|(?<ampersand>&)");

    /** Typographic apostrophes that mean the same as ' inside a word such as "don’t". */
    private static final Pattern APOSTROPHES = Pattern.compile("[\u2018\u2019\u201B\u02BC\u2032\uFF07]");

    private TextNormalizer() {
    }

    public static List<String> normalize(String text) {
        List<String> tokens = new ArrayList<>();
        if (text == null) {
            return tokens;
        }
        String plain = APOSTROPHES.matcher(text).replaceAll("'").toLowerCase(Locale.ROOT);
        Matcher token = TOKEN.matcher(plain);
        // "$44 billion" is said "forty four billion dollars": the unit waits for a scale word after the number.
        String unit = null;
        while (token.find()) {
            String word = token.group("word");
            if (unit != null && (word == null || !SCALES.contains(word))) {
                tokens.add(unit);
                unit = null;
            }
            if (token.group("number") != null) {
                addNumber(token, tokens);
                if (token.group("currency") != null) {
                    boolean one = token.group("number").equals("1") && token.group("fraction") == null;
                    unit = CURRENCIES.get(token.group("currency")) + (one ? "" : "s");
                }
            } else if (word != null) {
                tokens.add(word);
                if (unit != null) {
                    tokens.add(unit.endsWith("s") ? unit : unit + "s");
                    unit = null;
                }
            } else if (token.group("percent") != null) {
                tokens.add("percent");
            } else {
                tokens.add("and");
            }
        }
        if (unit != null) {
            tokens.add(unit);
        }
        return tokens;
    }

    private static final Set<String> SCALES = Set.of("thousand", "million", "billion", "trillion");
    private static final Map<String, String> CURRENCIES = Map.of("$", "dollar", "€", "euro", "£", "pound");

    private static void addNumber(Matcher token, List<String> tokens) {
        String whole = token.group("number").replace(",", "");
        String fraction = token.group("fraction");
        if (fraction == null && token.group("ordinal") != null) {
            tokens.addAll(NumberWords.ordinal(whole));
            return;
        }
        tokens.addAll(NumberWords.cardinal(whole));
        if (fraction != null) {
            tokens.add("point");
            tokens.addAll(NumberWords.digitByDigit(fraction));
            if (token.group("ordinal") != null) {
                tokens.add(token.group("ordinal"));
            }
        }
    }
}
