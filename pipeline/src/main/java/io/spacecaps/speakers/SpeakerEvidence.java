package io.spacecaps.speakers;

import io.spacecaps.schema.SpaceEvent;

/**
 * One thing the speaker attributor learns about a Space besides captions: a room event, or a voice
 * segment from the diarizer. Exactly one field is set. A Flink POJO.
 */
public class SpeakerEvidence {
    public SpaceEvent roomEvent;
    public VoiceSegment voice;

    public SpeakerEvidence() {
    }

    public static SpeakerEvidence of(SpaceEvent event) {
        SpeakerEvidence e = new SpeakerEvidence();
        e.roomEvent = event;
        return e;
    }

    public static SpeakerEvidence of(VoiceSegment voice) {
        SpeakerEvidence e = new SpeakerEvidence();
        e.voice = voice;
        return e;
    }

    public String spaceId() {
        return roomEvent != null ? roomEvent.getSpaceId() : voice.spaceId;
    }
}
