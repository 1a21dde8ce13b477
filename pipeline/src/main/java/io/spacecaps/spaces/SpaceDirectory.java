package io.spacecaps.spaces;

import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Spaces the room events have announced, on every subtask that needs them (broadcast state):
 * the recogniser takes a new track's Space start and language from here, and the audio decoder and
 * the recogniser who declined captions.
 *
 * <p>An ended Space is kept a while, because its end event travels on another topic than its audio
 * and can overtake the last chunks. Spaces are forgotten on the job's own clock, never on a
 * producer's timestamps: an ended Space an hour after its end reached the job, any Space once no
 * event of it has arrived for {@code idle-space-timeout-ms}. Tracks already being recognised keep
 * their Space's start and language in their own state, so forgetting a Space only affects tracks
 * that start after that.
 */
public final class SpaceDirectory {

    public static final MapStateDescriptor<String, KnownSpace> SPACES =
            new MapStateDescriptor<>("spaces", Types.STRING, TypeInformation.of(KnownSpace.class));
    /** How long an ended Space is remembered for its stragglers, on the job's clock. */
    static final long ENDED_SPACE_RETENTION_MS = 3_600_000L;
    /**
     * Joins remembered per Space. A participant beyond them is not forgotten about: their first audio
     * simply waits until the room has been heard up to it, when any join before it has come.
     */
    static final int MAX_JOINED = 10_000;

    private SpaceDirectory() {
    }

    /** Records what {@code event} says about its Space, and forgets Spaces that are long gone. */
    public static void apply(BroadcastState<String, KnownSpace> spaces, SpaceEvent event, long nowMs, long forgetQuietAfterMs)
            throws Exception {
        KnownSpace known = spaces.get(event.getSpaceId());
        boolean join = event.getType() == SpaceEventType.PARTICIPANT_JOINED && event.getParticipantId() != null;
        boolean consent = join && event.getCaptionsAllowed() != null;
        if (known == null && (event.getType() == SpaceEventType.SPACE_STARTED || join)) {
            known = new KnownSpace();
            known.spaceId = event.getSpaceId();
            forgetOld(spaces, nowMs, forgetQuietAfterMs);
        }
        if (known == null) {
            return;
        }
        known = copy(known);
        if (event.getType() == SpaceEventType.SPACE_STARTED) {
            known.started = true;
            known.startMs = event.getTime().toEpochMilli();
            known.language = event.getLanguage();
            known.title = event.getTitle();
        }
        if (consent) {
            java.util.Set<String> declined = new java.util.TreeSet<>(java.util.Arrays.asList(known.declined));
            if (Boolean.FALSE.equals(event.getCaptionsAllowed())) {
                declined.add(event.getParticipantId());
            } else {
                declined.remove(event.getParticipantId());
            }
            known.declined = declined.toArray(String[]::new);
        }
        if (join && !known.hasJoined(event.getParticipantId()) && known.joined.length < MAX_JOINED) {
            java.util.Set<String> joined = new java.util.TreeSet<>(java.util.Arrays.asList(known.joined));
            joined.add(event.getParticipantId());
            known.joined = joined.toArray(String[]::new);
        }
        if (event.getType() == SpaceEventType.SPACE_ENDED) {
            known.ended = true;
        }
        known.lastHeardAtMs = nowMs;
        spaces.put(known.spaceId, known);
    }

    /**
     * Whether what the room says about this participant's captions is settled for audio of the given
     * event time: their join has come, or the room has been heard up to that time (so any join before
     * it has come), or the track is a mixed one (no participant of its own).
     */
    public static boolean consentSettled(org.apache.flink.api.common.state.ReadOnlyBroadcastState<String, KnownSpace> spaces,
                                         String spaceId, String participantId, long eventTime, long watermark) throws Exception {
        if (participantId == null || watermark >= eventTime) {
            return true;
        }
        KnownSpace known = spaces.get(spaceId);
        return known != null && known.hasJoined(participantId);
    }

    /** Whether the participant declined captions, as far as the room has said. */
    public static boolean declined(org.apache.flink.api.common.state.ReadOnlyBroadcastState<String, KnownSpace> spaces,
                                   String spaceId, String participantId) throws Exception {
        KnownSpace known = spaces.get(spaceId);
        return known != null && known.declined(participantId);
    }

    /** Whether the Space's SPACE_STARTED has come. */
    public static boolean hasStarted(org.apache.flink.api.common.state.ReadOnlyBroadcastState<String, KnownSpace> spaces,
                                     String spaceId) throws Exception {
        KnownSpace known = spaces.get(spaceId);
        return known != null && known.started;
    }

    /** A copy to change: broadcast state values are shared with the state backend's snapshot. */
    private static KnownSpace copy(KnownSpace from) {
        KnownSpace to = new KnownSpace();
        to.spaceId = from.spaceId;
        to.started = from.started;
        to.startMs = from.startMs;
        to.language = from.language;
        to.title = from.title;
        to.ended = from.ended;
        to.lastHeardAtMs = from.lastHeardAtMs;
        to.declined = from.declined.clone();
        to.joined = from.joined.clone();
        return to;
    }

    private static void forgetOld(BroadcastState<String, KnownSpace> spaces, long nowMs, long forgetQuietAfterMs) throws Exception {
        List<String> gone = new ArrayList<>();
        for (Map.Entry<String, KnownSpace> e : spaces.entries()) {
            long quietFor = nowMs - e.getValue().lastHeardAtMs;
            if (e.getValue().ended ? quietFor > ENDED_SPACE_RETENTION_MS : quietFor > forgetQuietAfterMs) {
                gone.add(e.getKey());
            }
        }
        for (String id : gone) {
            spaces.remove(id);
        }
    }
}
