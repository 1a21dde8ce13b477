package io.spacecaps.speakers;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The event id of a caption the speaker stages make from another (a piece cut from a final, a
 * revision of one): derived from the other's id, so a replay makes the same id and consumers can
 * drop the repeat.
 */
public final class DerivedEventId {

    private DerivedEventId() {
    }

    /** The id derived from {@code eventId} by {@code suffix}. */
    public static String of(String eventId, String suffix) {
        return UUID.nameUUIDFromBytes((eventId + suffix).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
