package io.spacecaps.clients;

import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.TranscriptEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Checks a transcript of record for what exactly-once promises, from the finals alone: no final
 * twice, and no final missing.
 *
 * <p>Why the finals can tell: the recogniser numbers each track's finals 0, 1, 2, … (utterance id
 * {@code <track>#<n>}, pieces of one as {@code <track>#<n>/<k>}) and only a final that goes out takes
 * a number, so a read_committed reader sees every number of a track without a hole. A Kafka
 * transaction that was lost (aborted by the broker before the job could commit it) takes its finals'
 * numbers with it and leaves a hole. A transaction committed again after a recovery, which Flink's
 * committer reports with the same "producer is already fenced … most likely signals data loss" line,
 * leaves none. A final seen twice means a transaction's records were committed twice.
 */
public final class TranscriptAudit {

    private TranscriptAudit() {
    }

    /** Utterance numbers {@code first}..{@code last} of a track are missing, between the times of their neighbours. */
    public record Hole(String trackId, int first, int last, long afterMs, long beforeMs) {
        public int count() {
            return last - first + 1;
        }
    }

    /**
     * One Space's finals as checked.
     *
     * @param lastUtterance each track's highest utterance number seen
     * @param ended         the tracks whose end-of-track final was seen (their last number is known)
     * @param repeated      event ids read more than once
     */
    public record SpaceAudit(String spaceId, int finals, Map<String, Integer> lastUtterance, List<String> ended,
                             List<Hole> holes, List<String> repeated) {
        /** Nothing missing, nothing twice. */
        public boolean complete() {
            return holes.isEmpty() && repeated.isEmpty();
        }

        public int missing() {
            return holes.stream().mapToInt(Hole::count).sum();
        }
    }

    /** Reads every committed final of one Space (or of every Space, with {@code spaceId} null) and checks them. */
    public static List<SpaceAudit> read(KafkaClientSettings kafka, String spaceId, Consumer<String> onUnread, Duration within) {
        Map<String, List<TranscriptEvent>> bySpace = new TreeMap<>();
        RetainedTopic.<TranscriptEvent>read(kafka, Topics.CAPTIONS_FINAL, spaceId, f -> {
            if (spaceId == null || spaceId.equals(f.getSpaceId())) {
                bySpace.computeIfAbsent(f.getSpaceId(), s -> new ArrayList<>()).add(f);
            }
        }, onUnread, within);
        List<SpaceAudit> audits = new ArrayList<>();
        bySpace.forEach((space, finals) -> audits.add(of(space, finals)));
        return audits;
    }

    /** Checks one Space's finals, as read (duplicates included). */
    public static SpaceAudit of(String spaceId, List<TranscriptEvent> finals) {
        Map<String, Integer> copies = new HashMap<>();
        Map<String, TreeMap<Integer, long[]>> heard = new TreeMap<>();
        TreeSet<String> ended = new TreeSet<>();
        for (TranscriptEvent f : finals) {
            copies.merge(f.getEventId(), 1, Integer::sum);
            Optional<Integer> n = utteranceNumber(f);
            if (n.isPresent()) {
                // For a hole's neighbours: when the utterance before it ended and the one after began.
                heard.computeIfAbsent(f.getTrackId(), t -> new TreeMap<>()).merge(n.get(), new long[]{f.getStartMs(), f.getEndMs()},
                        (a, b) -> new long[]{Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            }
            if (f.getEndOfTrack()) {
                ended.add(f.getTrackId());
            }
        }
        List<Hole> holes = new ArrayList<>();
        Map<String, Integer> last = new TreeMap<>();
        heard.forEach((track, numbers) -> {
            last.put(track, numbers.lastKey());
            int expected = 0;
            long after = 0;
            for (Map.Entry<Integer, long[]> e : numbers.entrySet()) {
                if (e.getKey() > expected) {
                    holes.add(new Hole(track, expected, e.getKey() - 1, after, e.getValue()[0]));
                }
                expected = e.getKey() + 1;
                after = e.getValue()[1];
            }
        });
        List<String> repeated = copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
        return new SpaceAudit(spaceId, finals.size(), last, List.copyOf(ended), holes, repeated);
    }

    /** The number in {@code <track>#<n>} or {@code <track>#<n>/<k>}; empty for finals numbered otherwise (captions off). */
    static Optional<Integer> utteranceNumber(TranscriptEvent f) {
        String prefix = f.getTrackId() + "#";
        String id = f.getUtteranceId();
        if (!id.startsWith(prefix)) {
            return Optional.empty();
        }
        int end = id.indexOf('/', prefix.length());
        String digits = id.substring(prefix.length(), end < 0 ? id.length() : end);
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(digits));
    }
}
