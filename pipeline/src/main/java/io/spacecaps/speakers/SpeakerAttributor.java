package io.spacecaps.speakers;

import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.Speaker;
import io.spacecaps.schema.TranscriptEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;

/**
 * Names the speaker of every caption from the room's roster (keyed by Space id). A track that
 * belongs to a participant is that participant: the caption carries the display name and role the
 * roster holds when the caption passes. A track with no participant is a mixed track; its voices
 * are {@code Speaker 1} until voice attribution tells them apart.
 *
 * <p>The roster lives in keyed state with a TTL, so a Space that never sends SPACE_ENDED does not
 * keep its roster forever.
 */
public class SpeakerAttributor extends KeyedCoProcessFunction<String, TranscriptEvent, SpaceEvent, TranscriptEvent> {

    private static final Duration ROSTER_TTL = Duration.ofHours(12);
    static final Duration ENDED_SPACE_GRACE = Duration.ofMinutes(2);

    private transient MapState<String, RosterEntry> roster;

    @Override
    public void open(OpenContext openContext) {
        MapStateDescriptor<String, RosterEntry> descriptor =
                new MapStateDescriptor<>("roster", Types.STRING, TypeInformation.of(RosterEntry.class));
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ROSTER_TTL)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite).build());
        roster = getRuntimeContext().getMapState(descriptor);
    }

    @Override
    public void processElement1(TranscriptEvent caption, Context ctx, Collector<TranscriptEvent> out) throws Exception {
        Speaker speaker = caption.getSpeaker();
        String participantId = speaker.getId();
        if (participantId != null && speaker.getAttribution() == Attribution.TRACK) {
            RosterEntry entry = roster.get(participantId);
            if (entry != null && entry.displayName != null) {
                caption.setSpeaker(Speaker.newBuilder(speaker)
                        .setDisplayName(entry.displayName)
                        .setRole(entry.role)
                        .build());
            }
        }
        out.collect(caption);
    }

    @Override
    public void processElement2(SpaceEvent event, Context ctx, Collector<TranscriptEvent> out) throws Exception {
        String participantId = event.getParticipantId();
        switch (event.getType()) {
            case PARTICIPANT_JOINED, PARTICIPANT_RENAMED, ROLE_CHANGED -> {
                if (participantId == null) {
                    return;
                }
                RosterEntry entry = roster.get(participantId);
                if (entry == null) {
                    entry = new RosterEntry();
                }
                if (event.getDisplayName() != null) {
                    entry.displayName = event.getDisplayName();
                }
                if (event.getHandle() != null) {
                    entry.handle = event.getHandle();
                }
                if (event.getRole() != null) {
                    entry.role = event.getRole();
                }
                entry.present = true;
                roster.put(participantId, entry);
            }
            case PARTICIPANT_LEFT -> {
                // Captions still in flight for someone who just left keep their name.
                RosterEntry entry = participantId == null ? null : roster.get(participantId);
                if (entry != null) {
                    entry.present = false;
                    roster.put(participantId, entry);
                }
            }
            case SPACE_ENDED ->
                    // The last captions of a Space pass after its end event: keep the roster a while for them.
                    ctx.timerService().registerProcessingTimeTimer(
                            ctx.timerService().currentProcessingTime() + ENDED_SPACE_GRACE.toMillis());
            default -> {
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TranscriptEvent> out) {
        roster.clear();
    }
}
