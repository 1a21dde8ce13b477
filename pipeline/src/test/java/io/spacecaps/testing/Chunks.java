package io.spacecaps.testing;

import io.spacecaps.ingest.TrackChunk;
import io.spacecaps.kafka.RawRecord;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.AudioEncoding;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds audio chunks for operator tests. */
public final class Chunks {

    private Chunks() {
    }

    public static AudioChunk.Builder chunk(String spaceId, String trackId, long sequence, long captureMs, byte[] pcm) {
        return AudioChunk.newBuilder()
                .setSpaceId(spaceId).setTrackId(trackId).setParticipantId(trackId)
                .setSequence(sequence).setCaptureTime(Instant.ofEpochMilli(captureMs))
                .setSampleRate(16000).setChannels(1).setEncoding(AudioEncoding.PCM_S16LE)
                .setPayload(ByteBuffer.wrap(pcm));
    }

    /**
     * A chunk as the validator passes it on: read from {@code spaces.audio}, partition 0, at an
     * offset of its sequence number, with its capture time as its event time.
     */
    public static TrackChunk onTrack(AudioChunk chunk) {
        return new TrackChunk(chunk, new RawRecord("spaces.audio", 0, chunk.getSequence(), chunk.getCaptureTime().toEpochMilli(),
                Topics.audioKey(chunk.getSpaceId(), chunk.getTrackId()).getBytes(), new byte[0]));
    }

    /** A track as 100 ms chunks starting at {@code startMs}, closed by an empty end-of-track chunk. */
    public static List<AudioChunk> track(String spaceId, String trackId, String participantId, Clip audio, long startMs) {
        List<AudioChunk> out = new ArrayList<>();
        long seq = 0;
        int perChunk = audio.sampleRate() / 10;
        for (int from = 0; from < audio.samples().length; from += perChunk) {
            int to = Math.min(audio.samples().length, from + perChunk);
            out.add(chunk(spaceId, trackId, seq++, startMs + from * 1000L / audio.sampleRate(), audio.pcm(from, to))
                    .setParticipantId(participantId).build());
        }
        out.add(chunk(spaceId, trackId, seq, startMs + audio.durationMillis(), new byte[0])
                .setParticipantId(participantId).setEndOfTrack(true).build());
        return out;
    }

    /** The room's word that a participant joined (captions allowed unless {@code captionsAllowed} is false). */
    public static SpaceEvent joined(String spaceId, String participantId, long timeMs, Boolean captionsAllowed) {
        return SpaceEvent.newBuilder().setSpaceId(spaceId).setType(SpaceEventType.PARTICIPANT_JOINED)
                .setParticipantId(participantId).setDisplayName(participantId).setTime(Instant.ofEpochMilli(timeMs))
                .setCaptionsAllowed(captionsAllowed).build();
    }
}
