package io.spacecaps.format;

/**
 * A written unit while an utterance is being formatted: one or more input words that become one
 * output token.
 */
final class Piece {

    enum Kind {
        /** A single recognised word, still open to numbers, acronyms and casing. */
        WORD,
        /** Written exactly as a Vocabulary or dictionary entry says: no casing rule touches it. */
        FIXED,
        /** Digits, money, times: never capitalised, never dangling. */
        NUMBER,
        /** A masked word: its first letter and asterisks. */
        MASKED
    }

    final int firstWord;
    final int lastWord;
    /** The covered words as spoken, joined by single spaces. */
    final String spoken;
    Kind kind;
    String written;
    /** Punctuation written right after this piece: "", ",", "." or "?". */
    String punctuationAfter = "";
    boolean startsSentence;

    Piece(int firstWord, int lastWord, String spoken, String written, Kind kind) {
        this.firstWord = firstWord;
        this.lastWord = lastWord;
        this.spoken = spoken;
        this.written = written;
        this.kind = kind;
    }

    static Piece word(int index, String spoken) {
        return new Piece(index, index, spoken, spoken, Kind.WORD);
    }

    boolean isWord() {
        return kind == Kind.WORD;
    }

    /** One spoken word, whatever casing it was given: word classes ("I", "the") still apply to it. */
    boolean isSingleSpokenWord() {
        return firstWord == lastWord && kind != Kind.NUMBER;
    }

    /** The last spoken word, which decides whether a sentence may end here. */
    String lastSpoken() {
        int space = spoken.lastIndexOf(' ');
        return space < 0 ? spoken : spoken.substring(space + 1);
    }

    String firstSpoken() {
        int space = spoken.indexOf(' ');
        return space < 0 ? spoken : spoken.substring(0, space);
    }

    @Override
    public String toString() {
        return written + punctuationAfter + "[" + firstWord + ".." + lastWord + "]";
    }
}
