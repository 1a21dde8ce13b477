package io.spacecaps.clients;

import io.spacecaps.kafka.LiveCaptions;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.TranscriptEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A Space's transcript of record as Kafka retains it: the committed finals on {@code captions.final},
 * each once (a final read twice, or revised, counts by its newest revision), in Space-time order.
 */
public final class SpaceTranscript {

    private SpaceTranscript() {
    }

    /**
     * @param fromMs  keep finals that end after this (Space ms; 0 for the start)
     * @param toMs    keep finals that start before this (Space ms; {@link Long#MAX_VALUE} for the end)
     */
    public static List<TranscriptEvent> read(KafkaClientSettings kafka, String spaceId, long fromMs, long toMs,
                                             Consumer<String> onUnread, Duration within) {
        Map<String, TranscriptEvent> newest = new LinkedHashMap<>();
        RetainedTopic.<TranscriptEvent>read(kafka, Topics.CAPTIONS_FINAL, spaceId, f -> {
            if (spaceId.equals(f.getSpaceId())) {
                newest.merge(LiveCaptions.utteranceOf(f), f, LiveCaptions::newerRevision);
            }
        }, onUnread, within);
        List<TranscriptEvent> finals = new ArrayList<>();
        for (TranscriptEvent f : newest.values()) {
            if (f.getEndMs() > fromMs && f.getStartMs() < toMs) {
                finals.add(f);
            }
        }
        finals.sort(Comparator.comparingLong(TranscriptEvent::getStartMs).thenComparing(TranscriptEvent::getEventId));
        return finals;
    }
}
