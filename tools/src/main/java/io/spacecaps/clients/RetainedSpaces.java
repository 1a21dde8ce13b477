package io.spacecaps.clients;

import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.Role;
import io.spacecaps.schema.SpaceEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** The Spaces whose room events Kafka still retains on {@code spaces.events}: what `spaces` lists. */
public final class RetainedSpaces {

    /**
     * One Space as its room told it.
     *
     * @param endedAt  null while no end was told (live, or its producer stopped without one)
     * @param speakers display names of those who joined as host, co-host or speaker, in order of joining
     */
    public record Space(String id, String title, String language, Instant startedAt, Instant endedAt, List<String> speakers) {

        public boolean live() {
            return endedAt == null;
        }
    }

    private RetainedSpaces() {
    }

    /** Every Space with a start on the topic, latest start first. */
    public static List<Space> read(KafkaClientSettings kafka, Consumer<String> onUnread, Duration within) {
        Map<String, SpaceEvent> started = new LinkedHashMap<>();
        Map<String, Instant> ended = new LinkedHashMap<>();
        Map<String, Map<String, String>> speakers = new LinkedHashMap<>();
        RetainedTopic.<SpaceEvent>read(kafka, Topics.EVENTS, null, e -> {
            switch (e.getType()) {
                case SPACE_STARTED -> started.putIfAbsent(e.getSpaceId(), e);
                case SPACE_ENDED -> ended.put(e.getSpaceId(), e.getTime());
                case PARTICIPANT_JOINED, ROLE_CHANGED -> {
                    if (e.getRole() == Role.HOST || e.getRole() == Role.COHOST || e.getRole() == Role.SPEAKER) {
                        speakers.computeIfAbsent(e.getSpaceId(), s -> new LinkedHashMap<>()).merge(e.getParticipantId(),
                                e.getDisplayName() != null ? e.getDisplayName() : e.getParticipantId(),
                                (was, now) -> e.getDisplayName() != null ? now : was);
                    }
                }
                default -> {
                }
            }
        }, onUnread, within);
        List<Space> spaces = new ArrayList<>();
        for (SpaceEvent s : started.values()) {
            Set<String> names = new LinkedHashSet<>(speakers.getOrDefault(s.getSpaceId(), Map.of()).values());
            spaces.add(new Space(s.getSpaceId(), s.getTitle(), s.getLanguage(), s.getTime(), ended.get(s.getSpaceId()),
                    List.copyOf(names)));
        }
        spaces.sort(Comparator.comparing(Space::startedAt).reversed().thenComparing(Space::id));
        return spaces;
    }
}
