package io.spacecaps.spaces;

/**
 * What the job knows of one Space from its room events: whether and when it started (the origin of
 * caption times), its language (which picks the model), its title, who declined captions, whether it
 * has ended, and when the job last heard of it. A Flink POJO, kept in broadcast state
 * ({@link SpaceDirectory}).
 */
public class KnownSpace {
    public String spaceId;
    /** Whether its SPACE_STARTED event has come (a participant's consent may come before it). */
    public boolean started;
    /** Wall-clock time of its SPACE_STARTED event: caption times count from here. */
    public long startMs;
    public String language;
    public String title;
    public boolean ended;
    /** Participants who declined captions: their own tracks are neither recognised nor stored. */
    public String[] declined = new String[0];
    /** Participants whose join has come, so whose consent is known (at most MAX_JOINED; later ones wait for the room). */
    public String[] joined = new String[0];
    /** Processing time at which the last event of this Space reached this subtask. */
    public long lastHeardAtMs;

    public KnownSpace() {
    }

    public boolean declined(String participantId) {
        return participantId != null && java.util.Arrays.asList(declined).contains(participantId);
    }

    /** Whether the participant's join has come (and with it their word on captions). */
    public boolean hasJoined(String participantId) {
        return participantId != null && java.util.Arrays.binarySearch(joined, participantId) >= 0;
    }
}
