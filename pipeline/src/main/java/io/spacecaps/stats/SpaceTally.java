package io.spacecaps.stats;

import io.spacecaps.schema.CaptionMarker;
import io.spacecaps.schema.Keyword;
import io.spacecaps.schema.MarkerType;
import io.spacecaps.schema.ServiceLevels;
import io.spacecaps.schema.SpaceStats;
import io.spacecaps.schema.SpeakerStats;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.Word;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything a Space's statistics are computed from, kept as it goes: per speaker their talk, words,
 * turns, interruptions, overlap and monologues; the Space's speech and overlap; content words per
 * minute for keywords; latency histograms; dead letters by reason; and how often words declared
 * stable changed after all. A Flink POJO (public fields of plain values, arrays of POJOs) in keyed
 * state, changed in place by the stats operator; {@link #snapshot} writes a {@link SpaceStats}.
 *
 * <p>Speech, overlap and turn-taking are counted from the finals' spans. Finals of different tracks
 * arrive out of time order (a long utterance's final comes after a short reply that began later, and a
 * backlog lets one track run ahead), so spans are kept for the last minute and only folded into the
 * totals, in the order speech started, once nothing can come before them any more; a snapshot counts
 * the spans still open the same way without folding them. The figures thus depend on when things were
 * said, not on which final the job happened to finish first.
 */
public class SpaceTally {

    /** Two speakers overlapping by less than this are taking turns, not talking over each other. */
    static final long MIN_OVERLAP_MS = 250;
    /** How far back spans are kept before they are folded into the totals. */
    static final long OPEN_SPANS_MS = 60_000;
    /** Longs per span in {@link #openSpans}. */
    static final int SPAN = 4;
    static final long KEYWORD_WINDOW_MS = 5 * 60_000;
    static final int KEYWORDS = 12;
    /** Speakers counted one by one; any beyond (a flood of made-up ids) are counted together. */
    static final int MAX_SPEAKERS = 256;
    static final String OTHER_SPEAKERS = "(other speakers)";
    private static final Set<String> STOP_WORDS = stopWords();

    public String title;
    /** Wall-clock ms of the Space's start, from its start event or its first caption. */
    public long spaceStartMs;
    public SpeakerTally[] speakers = new SpeakerTally[0];
    /**
     * Speech not yet folded, {@value #SPAN} longs per final in order of arrival: start and end (Space ms),
     * the speaker's index in {@link #speakers}, and 1 if it began while someone else was speaking.
     */
    public long[] openSpans = new long[0];
    public long foldedSpeechMs;
    public long foldedOverlapMs;
    public long foldedUpToMs;
    /** Of the speech folded so far: the index of the latest speaker (-1: none yet) and their monologue's span. */
    public int lastSpeaker = -1;
    public long monologueStartMs;
    public long monologueEndMs;
    public KeywordBucket[] keywordBuckets = new KeywordBucket[0];
    public LatencyHistogram partialLatency = new LatencyHistogram();
    public LatencyHistogram finalLatency = new LatencyHistogram();
    public LatencyHistogram windowPartialLatency = new LatencyHistogram();
    public LatencyHistogram windowFinalLatency = new LatencyHistogram();
    public long recognitionLagMs;
    public String[] deadLetterReasons = new String[0];
    public long[] deadLetterCounts = new long[0];
    /** Per utterance still being spoken: the words its partials declared stable so far. */
    public String[] stableUtterances = new String[0];
    public String[] stableWordsSoFar = new String[0];
    public long stableWords;
    public long stableWordsChanged;
    public long heardUpToMs;

    public SpaceTally() {
    }

    /** A final caption reached the stats stage at {@code arrivalMs} (wall clock). */
    public void onFinal(TranscriptEvent caption, long arrivalMs) {
        noteSpaceStart(caption);
        latency(caption, arrivalMs, finalLatency, windowFinalLatency);
        settleStability(caption);
        List<Word> words = caption.getWords();
        if (words.isEmpty()) {
            return;
        }
        long start = caption.getStartMs();
        long end = Math.max(start, caption.getEndMs());
        heardUpToMs = Math.max(heardUpToMs, end);
        String id = speakerId(caption);
        SpeakerTally speaker = speaker(id);
        speaker.displayName = speaker.speakerId.equals(id) ? caption.getSpeaker().getDisplayName() : OTHER_SPEAKERS;
        speaker.talkMs += end - start;
        speaker.words += words.size();
        boolean interrupted = false;
        for (CaptionMarker m : caption.getMarkers()) {
            if (m.getType() == MarkerType.CROSSTALK) {
                speaker.overlapMs += m.getEndMs() - m.getStartMs();
                interrupted |= m.getStartMs() - start < MIN_OVERLAP_MS;
            }
        }
        openSpans = Arrays.copyOf(openSpans, openSpans.length + SPAN);
        openSpans[openSpans.length - 4] = start;
        openSpans[openSpans.length - 3] = end;
        openSpans[openSpans.length - 2] = Arrays.asList(speakers).indexOf(speaker);
        openSpans[openSpans.length - 1] = interrupted ? 1 : 0;
        fold(end - OPEN_SPANS_MS);
        countKeywords(words);
    }

    /** A partial caption reached the stats stage at {@code arrivalMs}. */
    public void onPartial(TranscriptEvent caption, long arrivalMs) {
        noteSpaceStart(caption);
        latency(caption, arrivalMs, partialLatency, windowPartialLatency);
        heardUpToMs = Math.max(heardUpToMs, caption.getEndMs());
        int stable = Math.min(caption.getStableWords(), caption.getWords().size());
        if (stable == 0) {
            return;
        }
        String key = caption.getTrackId() + '\u0000' + caption.getUtteranceId();
        int i = Arrays.asList(stableUtterances).indexOf(key);
        String[] words = caption.getWords().subList(0, stable).stream().map(Word::getWord).toArray(String[]::new);
        if (i < 0) {
            stableUtterances = append(stableUtterances, key);
            stableWordsSoFar = append(stableWordsSoFar, String.join(" ", words));
            stableWords += stable;
            return;
        }
        String[] before = stableWordsSoFar[i].split(" ");
        stableWordsChanged += changed(before, words);
        if (words.length > before.length) {
            stableWords += words.length - before.length;
            stableWordsSoFar[i] = String.join(" ", words);
        }
    }

    /** A record of this Space was dead-lettered for {@code reason}. */
    public void onDeadLetter(String reason) {
        int i = Arrays.asList(deadLetterReasons).indexOf(reason);
        if (i < 0) {
            deadLetterReasons = append(deadLetterReasons, reason);
            deadLetterCounts = Arrays.copyOf(deadLetterCounts, deadLetterCounts.length + 1);
            i = deadLetterCounts.length - 1;
        }
        deadLetterCounts[i]++;
    }

    public void onStart(long startMs, String spaceTitle) {
        spaceStartMs = startMs;
        title = spaceTitle;
    }

    /** The figures up to {@code upToMs} of Space time; the latency window starts afresh after it. */
    public SpaceStats snapshot(String spaceId, long upToMs, long emittedAtMs, boolean summary) {
        long speech = foldedSpeechMs;
        long overlap = foldedOverlapMs;
        long[] cover = cover(openSpans);
        speech += cover[0];
        overlap += cover[1];
        // The open spans' turns as they stand, counted on copies: only folding keeps them.
        TurnTaking turns = new TurnTaking(this);
        turns.take(openSpans);
        long allTalk = 0;
        for (SpeakerTally s : speakers) {
            allTalk += s.talkMs;
        }
        List<SpeakerStats> people = new ArrayList<>();
        for (int i = 0; i < speakers.length; i++) {
            SpeakerTally s = speakers[i];
            people.add(SpeakerStats.newBuilder()
                    .setSpeakerId(s.speakerId)
                    .setDisplayName(s.displayName == null ? s.speakerId : s.displayName)
                    .setTalkMs(s.talkMs)
                    .setTalkShare(allTalk == 0 ? 0f : (float) s.talkMs / allTalk)
                    .setWords(s.words)
                    .setWordsPerMinute(s.talkMs == 0 ? 0f : s.words * 60_000f / s.talkMs)
                    .setTurns(turns.turns[i])
                    .setInterruptions(turns.interruptions[i])
                    .setOverlapMs(s.overlapMs)
                    .setLongestMonologueMs(turns.longestMonologueMs[i])
                    .build());
        }
        people.sort(Comparator.comparingLong(SpeakerStats::getTalkMs).reversed().thenComparing(SpeakerStats::getSpeakerId));
        Map<String, Long> letters = new TreeMap<>();
        for (int i = 0; i < deadLetterReasons.length; i++) {
            letters.put(deadLetterReasons[i], deadLetterCounts[i]);
        }
        LatencyHistogram partials = summary ? partialLatency : windowPartialLatency;
        LatencyHistogram finals = summary ? finalLatency : windowFinalLatency;
        SpaceStats stats = SpaceStats.newBuilder()
                .setSpaceId(spaceId)
                .setTitle(title)
                .setUpToMs(upToMs)
                .setEmittedAt(Instant.ofEpochMilli(emittedAtMs))
                .setSummary(summary)
                .setSpeechMs(Math.min(speech, Math.max(upToMs, speech)))
                .setSilenceMs(Math.max(0, upToMs - speech))
                .setOverlapMs(overlap)
                .setSpeakers(people)
                .setKeywords(keywords(upToMs))
                .setKeywordWindowMs(KEYWORD_WINDOW_MS)
                .setService(ServiceLevels.newBuilder()
                        .setPartialLatencyP50Ms(partials.percentile(0.50))
                        .setPartialLatencyP95Ms(partials.percentile(0.95))
                        .setFinalLatencyP50Ms(finals.percentile(0.50))
                        .setFinalLatencyP95Ms(finals.percentile(0.95))
                        .setRecognitionLagMs(recognitionLagMs)
                        .setDeadLetters(new LinkedHashMap<>(letters))
                        .setStableWords(stableWords)
                        .setStableWordsChanged(stableWordsChanged)
                        .setStableWordChurn(stableWords == 0 ? 0f : (float) stableWordsChanged / stableWords)
                        .build())
                .build();
        windowPartialLatency = new LatencyHistogram();
        windowFinalLatency = new LatencyHistogram();
        return stats;
    }

    private void noteSpaceStart(TranscriptEvent caption) {
        if (spaceStartMs == 0) {
            spaceStartMs = caption.getWallClockStart().toEpochMilli() - caption.getStartMs();
        }
    }

    private void latency(TranscriptEvent caption, long arrivalMs, LatencyHistogram all, LatencyHistogram window) {
        long latency = Math.max(0, arrivalMs - caption.getLastAudioCaptureTime().toEpochMilli());
        all.add(latency);
        window.add(latency);
        recognitionLagMs = latency;
    }

    /** The final settles what its utterance's partials declared stable: count the words it changed. */
    private void settleStability(TranscriptEvent caption) {
        String id = caption.getUtteranceId();
        String base = id.contains("/") ? id.substring(0, id.indexOf('/')) : id;
        String key = caption.getTrackId() + '\u0000' + base;
        int i = Arrays.asList(stableUtterances).indexOf(key);
        if (i < 0) {
            return;
        }
        // A final cut into pieces by speaker is compared from its first piece; later pieces only end it.
        if (id.equals(base) || id.endsWith("/1")) {
            String[] finals = caption.getWords().stream().map(Word::getWord).toArray(String[]::new);
            stableWordsChanged += changed(stableWordsSoFar[i].split(" "), finals);
        }
        stableUtterances = remove(stableUtterances, i);
        stableWordsSoFar = remove(stableWordsSoFar, i);
    }

    /** How many of the words {@code stable} declared are not what {@code later} says at their place. */
    static int changed(String[] stable, String[] later) {
        int changed = 0;
        for (int i = 0; i < stable.length; i++) {
            if (i >= later.length || !stable[i].equals(later[i])) {
                changed++;
            }
        }
        return changed;
    }

    private SpeakerTally speaker(String id) {
        for (SpeakerTally s : speakers) {
            if (s.speakerId.equals(id)) {
                return s;
            }
        }
        if (speakers.length >= MAX_SPEAKERS) {
            return speakers[speakers.length - 1];
        }
        SpeakerTally added = new SpeakerTally();
        added.speakerId = speakers.length == MAX_SPEAKERS - 1 ? OTHER_SPEAKERS : id;
        speakers = Arrays.copyOf(speakers, speakers.length + 1);
        speakers[speakers.length - 1] = added;
        return added;
    }

    private static String speakerId(TranscriptEvent caption) {
        String id = caption.getSpeaker().getId();
        return id != null ? id : caption.getSpeaker().getDisplayName();
    }

    /** Folds the spans that ended before {@code beforeMs} into the totals; nothing later can overlap them. */
    private void fold(long beforeMs) {
        List<long[]> keep = new ArrayList<>();
        List<long[]> done = new ArrayList<>();
        for (int i = 0; i + SPAN - 1 < openSpans.length; i += SPAN) {
            (openSpans[i + 1] < beforeMs ? done : keep).add(Arrays.copyOfRange(openSpans, i, i + SPAN));
        }
        if (done.isEmpty()) {
            return;
        }
        long[] doneSpans = flatten(done);
        long[] cover = cover(doneSpans);
        foldedSpeechMs += cover[0];
        foldedOverlapMs += cover[1];
        foldedUpToMs = Math.max(foldedUpToMs, beforeMs);
        TurnTaking turns = new TurnTaking(this);
        turns.take(doneSpans);
        turns.keepIn(this);
        openSpans = flatten(keep);
    }

    /**
     * Turns, interruptions and monologues: a turn starts when speech starts whose speaker is not the
     * previous speech's. Works on copies of a tally's figures; {@link #keepIn} writes them back.
     */
    private static final class TurnTaking {
        final int[] turns;
        final int[] interruptions;
        final long[] longestMonologueMs;
        int lastSpeaker;
        long monologueStartMs;
        long monologueEndMs;

        TurnTaking(SpaceTally tally) {
            int n = tally.speakers.length;
            turns = new int[n];
            interruptions = new int[n];
            longestMonologueMs = new long[n];
            for (int i = 0; i < n; i++) {
                turns[i] = tally.speakers[i].turns;
                interruptions[i] = tally.speakers[i].interruptions;
                longestMonologueMs[i] = tally.speakers[i].longestMonologueMs;
            }
            lastSpeaker = tally.lastSpeaker;
            monologueStartMs = tally.monologueStartMs;
            monologueEndMs = tally.monologueEndMs;
        }

        /** Takes spans ({@value #SPAN} longs each, any order) in the order their speech started. */
        void take(long[] spans) {
            List<long[]> inOrder = new ArrayList<>();
            for (int i = 0; i + SPAN - 1 < spans.length; i += SPAN) {
                inOrder.add(Arrays.copyOfRange(spans, i, i + SPAN));
            }
            inOrder.sort(Comparator.<long[]>comparingLong(span -> span[0]).thenComparingLong(span -> span[1]));
            for (long[] span : inOrder) {
                int speaker = (int) span[2];
                if (speaker != lastSpeaker) {
                    turns[speaker]++;
                    interruptions[speaker] += (int) span[3];
                    lastSpeaker = speaker;
                    monologueStartMs = span[0];
                    monologueEndMs = span[1];
                }
                monologueEndMs = Math.max(monologueEndMs, span[1]);
                longestMonologueMs[speaker] = Math.max(longestMonologueMs[speaker], monologueEndMs - monologueStartMs);
            }
        }

        void keepIn(SpaceTally tally) {
            for (int i = 0; i < turns.length; i++) {
                tally.speakers[i].turns = turns[i];
                tally.speakers[i].interruptions = interruptions[i];
                tally.speakers[i].longestMonologueMs = longestMonologueMs[i];
            }
            tally.lastSpeaker = lastSpeaker;
            tally.monologueStartMs = monologueStartMs;
            tally.monologueEndMs = monologueEndMs;
        }
    }

    /** The union of the spans' lengths ({@value #SPAN} longs each, start and end first) and the time covered by two or more. */
    static long[] cover(long[] spans) {
        int n = spans.length / SPAN;
        long[][] edges = new long[2 * n][];
        for (int i = 0; i < n; i++) {
            edges[2 * i] = new long[]{spans[SPAN * i], 1};
            edges[2 * i + 1] = new long[]{spans[SPAN * i + 1], -1};
        }
        Arrays.sort(edges, Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        long union = 0;
        long overlap = 0;
        int depth = 0;
        long last = 0;
        for (long[] e : edges) {
            if (depth >= 1) {
                union += e[0] - last;
            }
            if (depth >= 2) {
                overlap += e[0] - last;
            }
            depth += (int) e[1];
            last = e[0];
        }
        return new long[]{union, overlap};
    }

    private void countKeywords(List<Word> words) {
        long minute = words.get(0).getStartMs() / 60_000;
        KeywordBucket bucket = null;
        for (KeywordBucket b : keywordBuckets) {
            if (b.minute == minute) {
                bucket = b;
            }
        }
        if (bucket == null) {
            bucket = new KeywordBucket();
            bucket.minute = minute;
            keywordBuckets = Arrays.copyOf(keywordBuckets, keywordBuckets.length + 1);
            keywordBuckets[keywordBuckets.length - 1] = bucket;
        }
        for (Word w : words) {
            String word = w.getWord().toLowerCase(Locale.ROOT);
            if (word.length() >= 3 && !STOP_WORDS.contains(word) && word.chars().anyMatch(Character::isLetter)) {
                bucket.add(word);
            }
        }
        long keepFrom = minute - KEYWORD_WINDOW_MS / 60_000 - 1;
        keywordBuckets = Arrays.stream(keywordBuckets).filter(b -> b.minute >= keepFrom).toArray(KeywordBucket[]::new);
    }

    private List<Keyword> keywords(long upToMs) {
        long fromMinute = (upToMs - KEYWORD_WINDOW_MS) / 60_000;
        Map<String, Integer> counts = new HashMap<>();
        for (KeywordBucket b : keywordBuckets) {
            if (b.minute >= fromMinute) {
                for (int i = 0; i < b.words.length; i++) {
                    counts.merge(b.words[i], b.counts[i], Integer::sum);
                }
            }
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(KEYWORDS)
                .map(e -> new Keyword(e.getKey(), e.getValue()))
                .toList();
    }

    private static long[] flatten(List<long[]> spans) {
        long[] out = new long[spans.size() * SPAN];
        for (int i = 0; i < spans.size(); i++) {
            System.arraycopy(spans.get(i), 0, out, SPAN * i, SPAN);
        }
        return out;
    }

    private static String[] append(String[] values, String value) {
        String[] next = Arrays.copyOf(values, values.length + 1);
        next[values.length] = value;
        return next;
    }

    private static String[] remove(String[] values, int i) {
        String[] next = new String[values.length - 1];
        System.arraycopy(values, 0, next, 0, i);
        System.arraycopy(values, i + 1, next, i, values.length - i - 1);
        return next;
    }

    private static Set<String> stopWords() {
        try (InputStream in = SpaceTally.class.getResourceAsStream("stopwords-en.txt")) {
            if (in == null) {
                throw new IllegalStateException("stopwords-en.txt is missing from the job's classpath");
            }
            Set<String> words = new HashSet<>();
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(words::add);
            return Set.copyOf(words);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
