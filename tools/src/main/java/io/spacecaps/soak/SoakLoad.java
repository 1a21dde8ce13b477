package io.spacecaps.soak;

import io.spacecaps.audio.PcmAudio;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.AudioEncoding;
import io.spacecaps.schema.Role;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;
import org.apache.avro.specific.SpecificRecord;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The soak run's rooms: {@code spaces} Spaces side by side for {@code eventMs} of their own time,
 * each with {@code slots} speakers who keep coming and going. Every {@code trackEveryMs} each
 * speaker opens a new track (a client that joins or reconnects under a new track id), speaks
 * {@code speechMs} of the demo Space's audio and then either ends the track or abandons it (the
 * client vanishes: no end, nothing more), so the job keeps opening recognisers and must release
 * every one of them, by its end or by its silence.
 *
 * <p>Only small descriptors are held (a few bytes each); a record's audio is cut from the demo's
 * tracks when it is sent, so the run's own load does not sit in the heap it measures.
 */
final class SoakLoad {

    static final int CHUNK_MS = 100;
    private static final int RATE = 16_000;

    /** What one record is, before its bytes are made: {@code kind} 0 audio, 1 end of track, 2 room event. */
    record Item(long atMs, int space, int slot, int track, int sequence, byte kind, SpaceEventType event) {
    }

    private final SoakOptions options;
    private final String runId;
    private final List<PcmAudio> voices;
    private final long baseMs;
    private final List<Item> items = new ArrayList<>();
    private int tracks;
    private int abandoned;

    /**
     * @param voices the audio the speakers say (cut in turn from each)
     * @param baseMs the wall-clock time of the run's event-time zero
     */
    SoakLoad(SoakOptions options, String runId, List<PcmAudio> voices, long baseMs) {
        this.options = options;
        this.runId = runId;
        this.voices = voices;
        this.baseMs = baseMs;
        long stagger = Math.max(1, Math.min(1_000, options.trackEveryMs() / options.spaces()));
        for (int s = 0; s < options.spaces(); s++) {
            long start = s * stagger;
            long end = start + options.eventMs();
            items.add(new Item(start, s, -1, -1, -1, (byte) 2, SpaceEventType.SPACE_STARTED));
            for (int j = 0; j < options.slots(); j++) {
                items.add(new Item(start, s, j, -1, -1, (byte) 2, SpaceEventType.PARTICIPANT_JOINED));
                long slotOffset = 2_000 + j * (options.trackEveryMs() / options.slots());
                for (int k = 0; start + slotOffset + k * options.trackEveryMs() + options.speechMs() < end; k++) {
                    long open = start + slotOffset + k * options.trackEveryMs();
                    items.add(new Item(open, s, j, k, -1, (byte) 2, SpaceEventType.SPEAKING_STARTED));
                    int chunks = (int) (options.speechMs() / CHUNK_MS);
                    for (int q = 0; q < chunks; q++) {
                        items.add(new Item(open + (long) q * CHUNK_MS, s, j, k, q, (byte) 0, null));
                    }
                    items.add(new Item(open + options.speechMs(), s, j, k, -1, (byte) 2, SpaceEventType.SPEAKING_STOPPED));
                    tracks++;
                    if (abandons(s, j, k)) {
                        abandoned++;
                    } else {
                        items.add(new Item(open + options.speechMs(), s, j, k, chunks, (byte) 1, null));
                    }
                }
            }
            items.add(new Item(end, s, -1, -1, -1, (byte) 2, SpaceEventType.SPACE_ENDED));
        }
        items.sort(Comparator.comparingLong(Item::atMs));
    }

    /** Whether this track is abandoned: spread evenly, the same in every run of the same size. */
    private boolean abandons(int space, int slot, int track) {
        long n = (long) space * 7919 + slot * 104729L + track * 1299709L;
        return Math.floorMod(n * 2654435761L, 1000) < options.abandonShare() * 1000;
    }

    List<Item> items() {
        return items;
    }

    int tracks() {
        return tracks;
    }

    int abandoned() {
        return abandoned;
    }

    long baseMs() {
        return baseMs;
    }

    /** The last audio's time (the Spaces' ends come later, with nothing to caption). */
    long lastAudioAtMs() {
        for (int i = items.size() - 1; i >= 0; i--) {
            if (items.get(i).kind() != 2) {
                return items.get(i).atMs();
            }
        }
        return 0;
    }

    String spaceId(int space) {
        return "soak-" + runId + "-" + space;
    }

    String trackId(Item item) {
        return "p" + item.slot() + "-" + item.track();
    }

    /** The Kafka topic and key the item goes to. */
    Topics topic(Item item) {
        return item.kind() == 2 ? Topics.EVENTS : Topics.AUDIO;
    }

    String key(Item item) {
        return item.kind() == 2 ? spaceId(item.space()) : Topics.audioKey(spaceId(item.space()), trackId(item));
    }

    /** The record itself, its audio cut from the voices now. */
    SpecificRecord record(Item item) {
        Instant at = Instant.ofEpochMilli(baseMs + item.atMs());
        if (item.kind() == 2) {
            SpaceEvent.Builder event = SpaceEvent.newBuilder().setSpaceId(spaceId(item.space())).setType(item.event()).setTime(at);
            if (item.event() == SpaceEventType.SPACE_STARTED) {
                event.setTitle("soak " + item.space()).setLanguage("en");
            } else if (item.slot() >= 0) {
                event.setParticipantId("p" + item.slot());
                if (item.event() == SpaceEventType.PARTICIPANT_JOINED) {
                    event.setDisplayName("Speaker " + (char) ('A' + item.slot() % 26) + item.slot() / 26)
                            .setRole(item.slot() == 0 ? Role.HOST : Role.SPEAKER);
                }
            }
            return event.build();
        }
        byte[] pcm = item.kind() == 1 ? new byte[0] : audio(item);
        return AudioChunk.newBuilder()
                .setSpaceId(spaceId(item.space()))
                .setTrackId(trackId(item))
                .setParticipantId("p" + item.slot())
                .setSequence(item.sequence())
                .setCaptureTime(at)
                .setSampleRate(RATE)
                .setChannels(1)
                .setEncoding(AudioEncoding.PCM_S16LE)
                .setPayload(ByteBuffer.wrap(pcm))
                .setEndOfTrack(item.kind() == 1)
                .build();
    }

    /** 100 ms of a voice, from a place that differs per track, so that the tracks do not all say the same. */
    private byte[] audio(Item item) {
        PcmAudio voice = voices.get(Math.floorMod(item.space() + item.slot(), voices.size()));
        int length = voice.sampleCount();
        int perChunk = RATE * CHUNK_MS / 1000;
        int chunksInVoice = Math.max(1, length / perChunk);
        int first = Math.floorMod(item.space() * 31 + item.slot() * 17 + item.track() * 53, chunksInVoice);
        int from = ((first + item.sequence()) % chunksInVoice) * perChunk;
        ByteBuffer out = ByteBuffer.allocate(perChunk * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < perChunk; i++) {
            out.putShort(from + i < length ? voice.sampleAt(from + i) : 0);
        }
        return out.array();
    }
}
