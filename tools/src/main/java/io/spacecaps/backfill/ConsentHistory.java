package io.spacecaps.backfill;

import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who a backfill must not run over. In BATCH mode the job reads the room's events before any audio, so
 * a participant's word on captions is the last one the range holds, not the one that held when they
 * spoke: someone who declined captions and allowed them later would have the audio of their decline
 * captioned. (The other way round is safe: someone who withdrew consent gets no captions at all.)
 */
public final class ConsentHistory {

    /** A participant who declined captions and allowed them later, inside the range. */
    public record AllowedLater(String spaceId, String participantId, Instant declinedAt, Instant allowedAt) {
    }

    private ConsentHistory() {
    }

    /**
     * @param spaces the Spaces backfilled (empty: every Space)
     * @param fromMs the range's first audio, or null; audio from the allowance on is not at risk
     * @param toMs   the range's end, or null; events from then on are not read
     */
    public static List<AllowedLater> declinedThenAllowed(List<SpaceEvent> events, Set<String> spaces, Long fromMs, Long toMs) {
        List<SpaceEvent> joins = events.stream()
                .filter(e -> e.getType() == SpaceEventType.PARTICIPANT_JOINED && e.getParticipantId() != null
                        && e.getCaptionsAllowed() != null)
                .filter(e -> spaces.isEmpty() || spaces.contains(e.getSpaceId()))
                .filter(e -> toMs == null || e.getTime().toEpochMilli() < toMs)
                .sorted(Comparator.comparing(SpaceEvent::getTime))
                .toList();
        // Per participant: when they first declined, and the join that gave their last word.
        Map<String, Instant> firstDeclined = new LinkedHashMap<>();
        Map<String, SpaceEvent> last = new LinkedHashMap<>();
        for (SpaceEvent join : joins) {
            String who = join.getSpaceId() + "\n" + join.getParticipantId();
            if (Boolean.FALSE.equals(join.getCaptionsAllowed())) {
                firstDeclined.putIfAbsent(who, join.getTime());
            }
            last.put(who, join);
        }
        List<AllowedLater> found = new ArrayList<>();
        for (Map.Entry<String, Instant> decline : firstDeclined.entrySet()) {
            SpaceEvent word = last.get(decline.getKey());
            // Their last word allows captions, and the range holds audio from before it.
            if (Boolean.TRUE.equals(word.getCaptionsAllowed()) && (fromMs == null || fromMs < word.getTime().toEpochMilli())) {
                found.add(new AllowedLater(word.getSpaceId(), word.getParticipantId(), decline.getValue(), word.getTime()));
            }
        }
        return found;
    }
}
