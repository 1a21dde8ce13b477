package io.spacecaps.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Inverse text normalisation: spoken numbers as they are written ("forty four billion dollars" →
 * "$44 billion", "twenty twenty three" → "2023", "ten thirty a m" → "10:30 AM"). Zero to nine stay
 * words in running text, as do "a hundred" and ordinals below tenth; idioms ("one of the", "no one")
 * are left alone because a lone small number is never rewritten.
 */
final class NumberWriter {

    private static final Map<String, Integer> UNITS = Map.of(
            "zero", 0, "one", 1, "two", 2, "three", 3, "four", 4, "five", 5, "six", 6, "seven", 7, "eight", 8,
            "nine", 9);
    private static final Map<String, Integer> TEENS = Map.of(
            "ten", 10, "eleven", 11, "twelve", 12, "thirteen", 13, "fourteen", 14, "fifteen", 15, "sixteen", 16,
            "seventeen", 17, "eighteen", 18, "nineteen", 19);
    private static final Map<String, Integer> TENS = Map.of(
            "twenty", 20, "thirty", 30, "forty", 40, "fifty", 50, "sixty", 60, "seventy", 70, "eighty", 80,
            "ninety", 90);
    private static final Map<String, Integer> DECADES = Map.of(
            "tens", 10, "twenties", 20, "thirties", 30, "forties", 40, "fifties", 50, "sixties", 60, "seventies", 70,
            "eighties", 80, "nineties", 90);
    private static final Map<String, Long> SCALES = Map.of(
            "thousand", 1_000L, "million", 1_000_000L, "billion", 1_000_000_000L, "trillion", 1_000_000_000_000L);
    private static final Map<String, Integer> ORDINAL_UNITS = Map.of(
            "first", 1, "second", 2, "third", 3, "fourth", 4, "fifth", 5, "sixth", 6, "seventh", 7, "eighth", 8,
            "ninth", 9);
    private static final Map<String, Integer> ORDINAL_TEENS = Map.of(
            "tenth", 10, "eleventh", 11, "twelfth", 12, "thirteenth", 13, "fourteenth", 14, "fifteenth", 15,
            "sixteenth", 16, "seventeenth", 17, "eighteenth", 18, "nineteenth", 19);
    private static final Map<String, Integer> ORDINAL_TENS = Map.of(
            "twentieth", 20, "thirtieth", 30, "fortieth", 40, "fiftieth", 50, "sixtieth", 60, "seventieth", 70,
            "eightieth", 80, "ninetieth", 90);
    private static final Map<String, Long> ORDINAL_SCALES = Map.of(
            "thousandth", 1_000L, "millionth", 1_000_000L, "billionth", 1_000_000_000L);
    private static final Set<String> MONTHS = Set.of(
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december");
    private static final Set<String> DOLLARS = Set.of("dollars", "dollar", "bucks");
    private static final Set<String> EUROS = Set.of("euros", "euro");

    private enum Last { NONE, ZERO, UNIT, TEEN, TENS, TENS_UNIT, HUNDRED, SCALE, AND }

    /** A spoken cardinal or ordinal read from {@code start} to {@code end} (exclusive). */
    private static final class Reading {
        long value;
        int end;
        boolean ordinal;
        boolean startsWithA;
        /** "forty four billion": the big scale closing the number, written as a word after the digits. */
        int tailScaleIndex = -1;
        /** "nineteen hundred": a year, written without a thousands comma. */
        boolean teenHundred;
        /** Said with "thousand" or a bigger scale. */
        boolean viaThousand;
        String decimals;
    }

    List<Piece> apply(List<Piece> pieces) {
        List<Piece> out = new ArrayList<>(pieces.size());
        String[] words = new String[pieces.size()];
        for (int i = 0; i < words.length; i++) {
            words[i] = pieces.get(i).isWord() ? pieces.get(i).spoken : "";
        }
        int i = 0;
        while (i < words.length) {
            int next = writeTime(pieces, words, i, out);
            if (next < 0) {
                next = writeYear(pieces, words, i, out);
            }
            if (next < 0) {
                next = writeNumber(pieces, words, i, out);
            }
            if (next < 0) {
                out.add(pieces.get(i));
                next = i + 1;
            }
            i = next;
        }
        return out;
    }

    // ---- clock times: "ten thirty a m" → "10:30 AM", "three p m" → "3 PM", "ten oh five" → "10:05"

    private int writeTime(List<Piece> pieces, String[] words, int i, List<Piece> out) {
        int hour = hourAt(words, i);
        if (hour < 0) {
            return -1;
        }
        int j = i + 1;
        int minute = -1;
        if (is(words, j, "oh") && UNITS.containsKey(at(words, j + 1)) && UNITS.get(words[j + 1]) > 0) {
            minute = UNITS.get(words[j + 1]);
            j += 2;
        } else if (TEENS.containsKey(at(words, j))) {
            minute = TEENS.get(words[j]);
            j += 1;
        } else if (TENS.containsKey(at(words, j)) && TENS.get(words[j]) <= 50) {
            minute = TENS.get(words[j]);
            j += 1;
            if (UNITS.containsKey(at(words, j)) && UNITS.get(words[j]) > 0) {
                minute += UNITS.get(words[j]);
                j += 1;
            }
        }
        int markerEnd = -1;
        String marker = null;
        if ((is(words, j, "a") || is(words, j, "p")) && is(words, j + 1, "m")) {
            marker = words[j].equals("a") ? "AM" : "PM";
            markerEnd = j + 2;
        } else if (is(words, j, "am") || is(words, j, "a.m.") || is(words, j, "pm") || is(words, j, "p.m.")) {
            marker = words[j].startsWith("a") ? "AM" : "PM";
            markerEnd = j + 1;
        }
        // "ten thirty" is a clock time when nothing else makes it one number; "at ten" alone is not.
        if (marker == null && (minute < 0 || continuesNumber(words, j))) {
            return -1;
        }
        String clock = minute < 0 ? Integer.toString(hour) : hour + ":" + (minute < 10 ? "0" : "") + minute;
        out.add(merge(pieces, i, j, clock));
        if (marker != null) {
            out.add(merge(pieces, j, markerEnd, marker));
            return markerEnd;
        }
        return j;
    }

    private static int hourAt(String[] words, int i) {
        Integer unit = UNITS.get(words[i]);
        if (unit != null && unit > 0) {
            return unit;
        }
        Integer teen = TEENS.get(words[i]);
        return teen != null && teen <= 12 ? teen : -1;
    }

    // ---- years: "twenty twenty three" → "2023", "nineteen oh five" → "1905", "nineteen nineties" → "1990s"

    private int writeYear(List<Piece> pieces, String[] words, int i, List<Piece> out) {
        int century;
        if (TEENS.containsKey(words[i]) && TEENS.get(words[i]) >= 15) {
            century = TEENS.get(words[i]);
        } else if (words[i].equals("twenty")) {
            century = 20;
        } else {
            return -1;
        }
        if (i > 0 && isNumberWord(words[i - 1])) {
            return -1;
        }
        int j = i + 1;
        int rest;
        if (DECADES.containsKey(at(words, j))) {
            out.add(merge(pieces, i, j + 1, (century * 100 + DECADES.get(words[j])) + "s"));
            return j + 1;
        }
        if (is(words, j, "oh") && UNITS.containsKey(at(words, j + 1)) && UNITS.get(words[j + 1]) > 0) {
            rest = UNITS.get(words[j + 1]);
            j += 2;
        } else if (TEENS.containsKey(at(words, j))) {
            rest = TEENS.get(words[j]);
            j += 1;
        } else if (TENS.containsKey(at(words, j))) {
            rest = TENS.get(words[j]);
            j += 1;
            if (UNITS.containsKey(at(words, j)) && UNITS.get(words[j]) > 0) {
                rest += UNITS.get(words[j]);
                j += 1;
            }
        } else {
            return -1;
        }
        if (continuesNumber(words, j)) {
            return -1;
        }
        out.add(merge(pieces, i, j, Integer.toString(century * 100 + rest)));
        return j;
    }

    // ---- cardinals, ordinals, decimals, percentages, money

    private int writeNumber(List<Piece> pieces, String[] words, int i, List<Piece> out) {
        Reading reading = read(words, i);
        if (reading == null) {
            return -1;
        }
        int j = reading.end;
        if (!reading.ordinal && is(words, j, "point") && isDigitWord(at(words, j + 1))) {
            StringBuilder digits = new StringBuilder();
            j++;
            while (isDigitWord(at(words, j))) {
                digits.append(words[j].equals("oh") ? 0 : UNITS.get(words[j]));
                j++;
            }
            reading.decimals = digits.toString();
            reading.end = j;
            reading.tailScaleIndex = -1;
            if (SCALES.containsKey(at(words, j)) && SCALES.get(words[j]) >= 1_000_000L) {
                reading.tailScaleIndex = j;
                reading.end = ++j;
            }
        }
        if (reading.ordinal) {
            if (reading.value < 10 && !isDate(words, i, j)) {
                return -1;
            }
            out.add(merge(pieces, i, j, reading.value + ordinalSuffix(reading.value)));
            return j;
        }
        if (is(words, j, "percent") || (is(words, j, "per") && is(words, j + 1, "cent"))) {
            int end = words[j].equals("percent") ? j + 1 : j + 2;
            out.add(merge(pieces, i, end, plain(reading, true) + "%"));
            return end;
        }
        boolean dollars = DOLLARS.contains(at(words, j));
        boolean euros = EUROS.contains(at(words, j));
        if (dollars || euros) {
            String symbol = dollars ? "$" : "€";
            int end = j + 1;
            String cents = null;
            if (reading.tailScaleIndex < 0 && reading.decimals == null && is(words, end, "and")) {
                Reading centReading = read(words, end + 1);
                if (centReading != null && !centReading.ordinal && centReading.value < 100
                        && centReading.decimals == null
                        && (is(words, centReading.end, "cents") || is(words, centReading.end, "cent"))) {
                    cents = (centReading.value < 10 ? "0" : "") + centReading.value;
                    end = centReading.end + 1;
                }
            }
            if (reading.tailScaleIndex >= 0) {
                out.add(merge(pieces, i, reading.tailScaleIndex, symbol + head(reading, words)));
                out.add(merge(pieces, reading.tailScaleIndex, end, words[reading.tailScaleIndex]));
            } else {
                out.add(merge(pieces, i, end, symbol + plain(reading, true) + (cents == null ? "" : "." + cents)));
            }
            return end;
        }
        if (reading.decimals == null && reading.value < 10 && j - i == 1) {
            return -1;
        }
        if (reading.startsWithA && j - i == 2) {
            return -1;
        }
        if (reading.tailScaleIndex >= 0 && !reading.startsWithA) {
            out.add(merge(pieces, i, reading.tailScaleIndex, head(reading, words)));
            out.add(merge(pieces, reading.tailScaleIndex, j, words[reading.tailScaleIndex]));
            return j;
        }
        if (reading.tailScaleIndex >= 0) {
            return -1;
        }
        out.add(merge(pieces, i, j, plain(reading, false)));
        return j;
    }

    /** The digits before a closing big scale: "forty four" of "forty four billion". */
    private static String head(Reading reading, String[] words) {
        long scale = SCALES.get(words[reading.tailScaleIndex]);
        if (reading.decimals != null) {
            return reading.value + "." + reading.decimals;
        }
        return Long.toString(reading.value / scale);
    }

    /**
     * Digits as written: thousands grouped ("1,500", "$1,200") except, outside amounts, years
     * ("1900", "2008") and four-digit numbers said in hundreds ("twenty one hundred" → "2100").
     */
    private static String plain(Reading reading, boolean amount) {
        if (reading.decimals != null) {
            return reading.value + "." + reading.decimals;
        }
        long value = reading.value;
        if (value < 1000) {
            return Long.toString(value);
        }
        boolean fourDigits = value < 10_000;
        boolean year = fourDigits
                && (reading.teenHundred || (reading.viaThousand && value >= 2000 && value < 2100));
        boolean saidInHundreds = fourDigits && !reading.viaThousand;
        if (!amount && (year || saidInHundreds)) {
            return Long.toString(value);
        }
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static Reading read(String[] words, int i) {
        if (i >= words.length) {
            return null;
        }
        Reading reading = new Reading();
        long total = 0;
        long group = 0;
        long lastScale = Long.MAX_VALUE;
        Last last = Last.NONE;
        int j = i;
        int lastScaleIndex = -1;
        if (words[j].equals("a") && (is(words, j + 1, "hundred") || SCALES.containsKey(at(words, j + 1)))) {
            reading.startsWithA = true;
            group = 1;
            last = Last.UNIT;
            j++;
        }
        loop:
        while (j < words.length) {
            String w = words[j];
            boolean afterSeparator = last == Last.NONE || last == Last.HUNDRED || last == Last.SCALE || last == Last.AND;
            if (UNITS.containsKey(w)) {
                int unit = UNITS.get(w);
                if (unit == 0) {
                    if (last != Last.NONE) {
                        break;
                    }
                    last = Last.ZERO;
                    j++;
                    break;
                }
                if (!afterSeparator && last != Last.TENS) {
                    break;
                }
                group += unit;
                last = last == Last.TENS ? Last.TENS_UNIT : Last.UNIT;
            } else if (ORDINAL_UNITS.containsKey(w) && (afterSeparator || last == Last.TENS)) {
                group += ORDINAL_UNITS.get(w);
                reading.ordinal = true;
                last = Last.UNIT;
                j++;
                break;
            } else if (TEENS.containsKey(w) && afterSeparator) {
                group += TEENS.get(w);
                last = Last.TEEN;
            } else if (ORDINAL_TEENS.containsKey(w) && afterSeparator) {
                group += ORDINAL_TEENS.get(w);
                reading.ordinal = true;
                last = Last.TEEN;
                j++;
                break;
            } else if (TENS.containsKey(w) && afterSeparator) {
                group += TENS.get(w);
                last = Last.TENS;
            } else if (ORDINAL_TENS.containsKey(w) && afterSeparator) {
                group += ORDINAL_TENS.get(w);
                reading.ordinal = true;
                last = Last.TENS;
                j++;
                break;
            } else if ((w.equals("hundred") || w.equals("hundredth")) && group > 0 && group < 100
                    && (last == Last.UNIT || last == Last.TEEN || last == Last.TENS || last == Last.TENS_UNIT)) {
                reading.teenHundred = last == Last.TEEN && total == 0;
                group *= 100;
                last = Last.HUNDRED;
                if (w.equals("hundredth")) {
                    reading.ordinal = true;
                    j++;
                    break;
                }
            } else if ((SCALES.containsKey(w) || ORDINAL_SCALES.containsKey(w)) && group > 0 && last != Last.AND) {
                long scale = SCALES.containsKey(w) ? SCALES.get(w) : ORDINAL_SCALES.get(w);
                if (scale >= lastScale) {
                    break;
                }
                total += group * scale;
                group = 0;
                lastScale = scale;
                lastScaleIndex = j;
                reading.viaThousand = true;
                last = Last.SCALE;
                if (ORDINAL_SCALES.containsKey(w)) {
                    reading.ordinal = true;
                    j++;
                    break;
                }
            } else if (w.equals("and") && (last == Last.HUNDRED || last == Last.SCALE)
                    && startsSmallNumber(at(words, j + 1))) {
                last = Last.AND;
            } else {
                break loop;
            }
            j++;
        }
        if (last == Last.AND) {
            j--;
        }
        int spoken = j - i - (reading.startsWithA ? 1 : 0);
        if (spoken <= 0 || (reading.startsWithA && last == Last.UNIT)) {
            return null;
        }
        reading.value = total + group;
        reading.end = j;
        if (lastScaleIndex == j - 1 && !reading.ordinal && lastScale >= 1_000_000L && total / lastScale < 1000
                && total % lastScale == 0) {
            reading.tailScaleIndex = lastScaleIndex;
        }
        return reading;
    }

    /** "march first", "the third of may": a day of the month, written in digits like any other. */
    private static boolean isDate(String[] words, int start, int end) {
        return MONTHS.contains(at(words, start - 1)) || (is(words, end, "of") && MONTHS.contains(at(words, end + 1)));
    }

    private static boolean startsSmallNumber(String word) {
        return UNITS.containsKey(word) && UNITS.get(word) > 0 || TEENS.containsKey(word) || TENS.containsKey(word)
                || ORDINAL_UNITS.containsKey(word) || ORDINAL_TEENS.containsKey(word) || ORDINAL_TENS.containsKey(word);
    }

    private static boolean isDigitWord(String word) {
        return UNITS.containsKey(word) || word.equals("oh");
    }

    private static boolean isNumberWord(String word) {
        return UNITS.containsKey(word) || TEENS.containsKey(word) || TENS.containsKey(word)
                || SCALES.containsKey(word) || word.equals("hundred") || word.equals("point");
    }

    /** Whether the number goes on past {@code j}, so a year or clock reading would cut it short. */
    private static boolean continuesNumber(String[] words, int j) {
        String next = at(words, j);
        return isNumberWord(next) || next.equals("percent");
    }

    private static String ordinalSuffix(long value) {
        long lastTwo = value % 100;
        if (lastTwo >= 11 && lastTwo <= 13) {
            return "th";
        }
        return switch ((int) (value % 10)) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }

    private static Piece merge(List<Piece> pieces, int from, int toExclusive, String written) {
        StringBuilder spoken = new StringBuilder();
        for (int k = from; k < toExclusive; k++) {
            if (k > from) {
                spoken.append(' ');
            }
            spoken.append(pieces.get(k).spoken);
        }
        return new Piece(pieces.get(from).firstWord, pieces.get(toExclusive - 1).lastWord, spoken.toString(), written,
                Piece.Kind.NUMBER);
    }

    private static String at(String[] words, int i) {
        return i >= 0 && i < words.length ? words[i] : "";
    }

    private static boolean is(String[] words, int i, String word) {
        return at(words, i).equals(word);
    }
}
