package io.spacecaps.stats;

import java.util.Arrays;

/** Content words said in one minute of a Space, and how often. A Flink POJO. */
public class KeywordBucket {
    /** Minutes from the Space's start. */
    public long minute;
    public String[] words = new String[0];
    public int[] counts = new int[0];

    public KeywordBucket() {
    }

    void add(String word) {
        int i = Arrays.asList(words).indexOf(word);
        if (i < 0) {
            words = Arrays.copyOf(words, words.length + 1);
            counts = Arrays.copyOf(counts, counts.length + 1);
            i = words.length - 1;
            words[i] = word;
        }
        counts[i]++;
    }
}
