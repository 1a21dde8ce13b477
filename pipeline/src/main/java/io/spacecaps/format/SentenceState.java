package io.spacecaps.format;

/**
 * What one speaker's next final needs to know about the text already emitted on the track. A plain
 * POJO of simple fields so Flink keeps it in keyed state with its POJO serializer.
 */
public class SentenceState {

    /** The last emitted final ended without closing its sentence, so the next one continues it. */
    private boolean sentenceOpen;
    /** The open sentence started like a question ("what do you…"), so it closes with a question mark. */
    private boolean openSentenceQuestion;
    /** Words already emitted in the open sentence. */
    private int openSentenceWords;
    /** The last spoken word emitted, lower case; empty before the first final. */
    private String lastWord = "";
    /** When the last emitted word ended; -1 before the first final. */
    private long lastWordEndMs = -1;

    public SentenceState() {
    }

    public boolean isSentenceOpen() {
        return sentenceOpen;
    }

    public void setSentenceOpen(boolean sentenceOpen) {
        this.sentenceOpen = sentenceOpen;
    }

    public boolean isOpenSentenceQuestion() {
        return openSentenceQuestion;
    }

    public void setOpenSentenceQuestion(boolean openSentenceQuestion) {
        this.openSentenceQuestion = openSentenceQuestion;
    }

    public int getOpenSentenceWords() {
        return openSentenceWords;
    }

    public void setOpenSentenceWords(int openSentenceWords) {
        this.openSentenceWords = openSentenceWords;
    }

    public String getLastWord() {
        return lastWord;
    }

    public void setLastWord(String lastWord) {
        this.lastWord = lastWord == null ? "" : lastWord;
    }

    public long getLastWordEndMs() {
        return lastWordEndMs;
    }

    public void setLastWordEndMs(long lastWordEndMs) {
        this.lastWordEndMs = lastWordEndMs;
    }

    SentenceState copy() {
        SentenceState copy = new SentenceState();
        copy.sentenceOpen = sentenceOpen;
        copy.openSentenceQuestion = openSentenceQuestion;
        copy.openSentenceWords = openSentenceWords;
        copy.lastWord = lastWord;
        copy.lastWordEndMs = lastWordEndMs;
        return copy;
    }

    @Override
    public String toString() {
        return "SentenceState{open=" + sentenceOpen + ", question=" + openSentenceQuestion + ", words="
                + openSentenceWords + ", lastWord='" + lastWord + "', lastWordEndMs=" + lastWordEndMs + '}';
    }
}
