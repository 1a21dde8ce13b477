package io.spacecaps.text;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** The known name closest to a misspelt one, if one is close enough to be what was meant. */
public final class ClosestName {

    private ClosestName() {
    }

    public static Optional<String> closest(String given, Collection<String> known) {
        return known.stream()
                .min(Comparator.comparingInt((String k) -> distance(k, given)).thenComparing(Comparator.naturalOrder()))
                .filter(best -> distance(best, given) <= Math.max(2, best.length() / 3));
    }

    /** Edit distance where swapping two neighbouring letters (--fromat) counts as one edit. */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
