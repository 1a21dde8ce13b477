package io.spacecaps.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * English words for numbers, the way a speech recogniser writes them: "two thousand twenty three",
 * no "and", no hyphens, one token per word.
 */
final class NumberWords {

    /** Above this we say the digits one by one, which is also how people read long ids aloud. */
    static final long LARGEST_SPELLED = 999_999_999_999L;

    private static final String[] UNITS = {
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
    private static final String[] TENS = {
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
    private static final long[] SCALES = {1_000_000_000L, 1_000_000L, 1_000L};
    private static final String[] SCALE_NAMES = {"billion", "million", "thousand"};

    private NumberWords() {
    }

    /** Words for a whole number written in digits, such as "2023" or "007". */
    static List<String> cardinal(String digits) {
        String significant = digits.replaceFirst("^0+(?=\\d)", "");
        if (significant.length() > String.valueOf(LARGEST_SPELLED).length()) {
            return digitByDigit(digits);
        }
        return cardinal(Long.parseLong(significant));
    }

    static List<String> cardinal(long number) {
        if (number < 0 || number > LARGEST_SPELLED) {
            return digitByDigit(Long.toString(number));
        }
        List<String> words = new ArrayList<>();
        if (number == 0) {
            words.add(UNITS[0]);
            return words;
        }
        long rest = number;
        for (int i = 0; i < SCALES.length; i++) {
            if (rest >= SCALES[i]) {
                belowThousand((int) (rest / SCALES[i]), words);
                words.add(SCALE_NAMES[i]);
                rest %= SCALES[i];
            }
        }
        belowThousand((int) rest, words);
        return words;
    }

    /** "1st" is "first", "22nd" is "twenty second": only the last word becomes an ordinal. */
    static List<String> ordinal(String digits) {
        List<String> words = cardinal(digits);
        int last = words.size() - 1;
        words.set(last, ordinalOf(words.get(last)));
        return words;
    }

    static List<String> digitByDigit(String digits) {
        List<String> words = new ArrayList<>();
        for (char digit : digits.toCharArray()) {
            if (digit >= '0' && digit <= '9') {
                words.add(UNITS[digit - '0']);
            }
        }
        return words;
    }

    private static void belowThousand(int number, List<String> words) {
        if (number >= 100) {
            words.add(UNITS[number / 100]);
            words.add("hundred");
            number %= 100;
        }
        if (number >= 20) {
            words.add(TENS[number / 10]);
            number %= 10;
            if (number > 0) {
                words.add(UNITS[number]);
            }
        } else if (number > 0) {
            words.add(UNITS[number]);
        }
    }

    private static String ordinalOf(String cardinalWord) {
        switch (cardinalWord) {
            case "one": return "first";
            case "two": return "second";
            case "three": return "third";
            case "five": return "fifth";
            case "eight": return "eighth";
            case "nine": return "ninth";
            case "twelve": return "twelfth";
            default:
                return cardinalWord.endsWith("y")
                        ? cardinalWord.substring(0, cardinalWord.length() - 1) + "ieth"
                        : cardinalWord + "th";
        }
    }
}
