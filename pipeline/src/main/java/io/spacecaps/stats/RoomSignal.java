package io.spacecaps.stats;

import io.spacecaps.schema.DeadLetter;
import io.spacecaps.schema.SpaceEvent;

/**
 * What the stats stage hears from a Space besides its captions: one of its room events, or that one
 * of its records was dead-lettered (and why). Exactly one of {@code event} and
 * {@code deadLetterReason} is set. A Flink POJO.
 */
public class RoomSignal {
    public String spaceId;
    public SpaceEvent event;
    public String deadLetterReason;

    public RoomSignal() {
    }

    public static RoomSignal of(SpaceEvent event) {
        RoomSignal s = new RoomSignal();
        s.spaceId = event.getSpaceId();
        s.event = event;
        return s;
    }

    public static RoomSignal of(DeadLetter letter) {
        RoomSignal s = new RoomSignal();
        s.spaceId = letter.getSpaceId();
        s.deadLetterReason = letter.getReason();
        return s;
    }
}
