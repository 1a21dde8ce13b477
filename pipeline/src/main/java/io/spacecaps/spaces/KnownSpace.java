package io.spacecaps.spaces;

/**
 * What the job knows of one Space from its room events: when it started (the origin of caption
 * times), its language (which picks the model), its title, whether it has ended, and when the job
 * last heard of it. A Flink POJO, kept in broadcast state ({@link SpaceDirectory}).
 */
public class KnownSpace {
    public String spaceId;
    /** Wall-clock time of its SPACE_STARTED event: caption times count from here. */
    public long startMs;
    public String language;
    public String title;
    public boolean ended;
    /** Processing time at which the last event of this Space reached this subtask. */
    public long lastHeardAtMs;

    public KnownSpace() {
    }
}
