package io.spacecaps.backfill;

import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A backfill reads the room's last word on consent: a decline that was lifted later must keep it from running. */
class ConsentHistoryTest {

    private static final long T0 = 1_700_000_000_000L;

    private static SpaceEvent join(String space, String who, long atMs, Boolean allowed) {
        return SpaceEvent.newBuilder().setSpaceId(space).setType(SpaceEventType.PARTICIPANT_JOINED).setParticipantId(who)
                .setTime(Instant.ofEpochMilli(T0 + atMs)).setCaptionsAllowed(allowed).build();
    }

    @Test
    void aDeclineLiftedLaterIsFoundUnlessTheRangeStartsAfterIt() {
        List<SpaceEvent> events = List.of(join("s", "amy", 0, false), join("s", "bob", 0, true), join("s", "amy", 60_000, true));
        assertEquals(List.of(new ConsentHistory.AllowedLater("s", "amy", Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 60_000))),
                ConsentHistory.declinedThenAllowed(events, Set.of(), null, null));
        assertEquals(List.of(), ConsentHistory.declinedThenAllowed(events, Set.of(), T0 + 60_000, null), "from the allowance on");
        assertEquals(List.of(), ConsentHistory.declinedThenAllowed(events, Set.of(), null, T0 + 60_000), "the allowance after the range");
        assertEquals(List.of(), ConsentHistory.declinedThenAllowed(events, Set.of("other"), null, null), "another Space");
    }

    @Test
    void consentWithdrawnOrDeclinedToTheEndIsSafe() {
        List<SpaceEvent> events = List.of(join("s", "amy", 0, true), join("s", "amy", 10_000, false),
                join("s", "cat", 0, false), join("s", "cat", 5_000, true), join("s", "cat", 9_000, false), join("s", "dan", 0, null));
        assertEquals(List.of(), ConsentHistory.declinedThenAllowed(events, Set.of(), null, null));
    }
}
