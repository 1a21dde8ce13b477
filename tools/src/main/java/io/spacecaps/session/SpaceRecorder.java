package io.spacecaps.session;

import io.spacecaps.audio.AudioConverter;
import io.spacecaps.audio.PcmAudio;
import io.spacecaps.audio.WavFile;
import io.spacecaps.clients.KafkaClientSettings;
import io.spacecaps.clients.RetainedTopic;
import io.spacecaps.ingest.OpusChunkDecoder;
import io.spacecaps.ingest.OpusPackets;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.AudioEncoding;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Writes a Space that Kafka retains back to a session manifest with one WAV per track, from
 * {@code spaces.events} and {@code spaces.audio}: what {@code replay} reads, so that record then
 * replay gives the Space again. Each chunk goes where its capture time puts it on the Space's
 * timeline (from its {@code SPACE_STARTED}); what no chunk covers is silence. A chunk sent twice
 * (same track and sequence) counts once. An {@code OPUS} track is decoded as the job decodes it
 * ({@link OpusChunkDecoder}: each chunk warmed up on the packets before it) and written at the job's rate.
 */
public final class SpaceRecorder {

    /** A track is held in memory before it is written: longer than this is refused (4 h, 16 kHz mono: 460 MB). */
    static final long MAX_TRACK_MS = 4L * 3_600_000;
    /** The packets an Opus chunk's decoder hears first: the job's default {@code opus-warm-up-ms}. */
    private static final long OPUS_WARM_UP_MS = io.spacecaps.config.SpacecapsConfig.defaults().opusWarmUpMs();

    /** What was written, for the command to report. */
    public record Recorded(Path manifest, int tracks, long durationMs, int events) {
    }

    private SpaceRecorder() {
    }

    public static Recorded record(KafkaClientSettings kafka, String spaceId, Path outDir, Consumer<String> onUnread,
                                  Duration within) throws IOException {
        List<SpaceEvent> events = new ArrayList<>();
        RetainedTopic.<SpaceEvent>read(kafka, Topics.EVENTS, null, e -> {
            if (spaceId.equals(e.getSpaceId())) {
                events.add(e);
            }
        }, onUnread, within);
        SpaceEvent started = events.stream().filter(e -> e.getType() == SpaceEventType.SPACE_STARTED).findFirst()
                .orElseThrow(() -> new IOException("no Space '" + spaceId + "' on " + kafka.bootstrapServers()
                        + " (its SPACE_STARTED is not on " + Topics.EVENTS.topicName() + "; `spaces` lists the ones retained)"));
        long startMs = started.getTime().toEpochMilli();

        Map<String, TrackAudio> tracks = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        RetainedTopic.<AudioChunk>read(kafka, Topics.AUDIO, null, chunk -> {
            if (!spaceId.equals(chunk.getSpaceId())) {
                return;
            }
            TrackAudio track = tracks.computeIfAbsent(chunk.getTrackId(), id -> new TrackAudio(chunk));
            String problem = track.add(chunk, startMs);
            if (problem != null && problems.size() < 5) {
                problems.add(chunk.getTrackId() + ": " + problem);
            }
        }, onUnread, within);
        for (TrackAudio track : tracks.values()) {
            String problem = track.decodeOpus();
            if (problem != null && problems.size() < 5) {
                problems.add(track.trackId + ": " + problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new IOException("cannot record Space '" + spaceId + "': " + String.join("; ", problems));
        }
        if (tracks.isEmpty()) {
            throw new IOException("Space '" + spaceId + "' has no audio left on " + Topics.AUDIO.topicName()
                    + " (retention may have removed it)");
        }

        Files.createDirectories(outDir);
        List<SessionManifest.Track> manifestTracks = new ArrayList<>();
        Set<String> files = new HashSet<>();
        long duration = 0;
        for (TrackAudio track : tracks.values()) {
            String file = fileName(track.trackId, files);
            PcmAudio audio = track.audio();
            WavFile.write(outDir.resolve(file), audio);
            duration = Math.max(duration, audio.durationMillis());
            manifestTracks.add(new SessionManifest.Track(track.trackId, file, track.participantId));
        }

        Map<String, SessionManifest.Participant> participants = new LinkedHashMap<>();
        List<SessionManifest.TimedEvent> timed = new ArrayList<>();
        for (SpaceEvent e : events) {
            if (e.getType() == SpaceEventType.SPACE_STARTED || e.getType() == SpaceEventType.SPACE_ENDED) {
                continue;
            }
            String role = e.getRole() == null ? null : e.getRole().name();
            if (e.getType() == SpaceEventType.PARTICIPANT_JOINED && e.getParticipantId() != null) {
                SessionManifest.Participant was = participants.get(e.getParticipantId());
                participants.put(e.getParticipantId(), new SessionManifest.Participant(e.getParticipantId(),
                        e.getDisplayName() != null ? e.getDisplayName() : was == null ? null : was.displayName(),
                        e.getHandle() != null ? e.getHandle() : was == null ? null : was.handle(),
                        role != null ? role : was == null ? null : was.role(),
                        e.getCaptionsAllowed() != null ? e.getCaptionsAllowed() : was == null ? null : was.captions()));
            }
            timed.add(new SessionManifest.TimedEvent(Math.max(0, e.getTime().toEpochMilli() - startMs), e.getType().name(),
                    e.getParticipantId(), e.getDisplayName(), e.getHandle(), role));
        }
        timed.sort(java.util.Comparator.comparingLong(SessionManifest.TimedEvent::atMs));
        SessionManifest.SpaceInfo info = new SessionManifest.SpaceInfo(spaceId, started.getTitle(), started.getTime().toString(),
                started.getLanguage(), started.getVocabulary(), started.getPhrases());
        Path manifest = outDir.resolve("manifest.json");
        new SessionManifest(info, List.copyOf(participants.values()), manifestTracks, timed, outDir).write(manifest);
        return new Recorded(manifest, manifestTracks.size(), duration, timed.size());
    }

    /** A track id as a file name of its own: ids come from producers, so nothing but safe characters. */
    static String fileName(String trackId, Set<String> taken) {
        String stem = trackId.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[.]+", "_");
        if (stem.isEmpty() || stem.length() > 100) {
            stem = "track-" + Integer.toHexString(trackId.hashCode());
        }
        String name = stem + ".wav";
        for (int n = 2; !taken.add(name.toLowerCase(Locale.ROOT)); n++) {
            name = stem + "-" + n + ".wav";
        }
        return name;
    }

    /** One track's chunks by sequence, each at its place on the Space's timeline. */
    private static final class TrackAudio {
        final String trackId;
        final String participantId;
        final int sampleRate;
        /** Sample offset on the Space's timeline, by sequence: a sequence seen twice is kept once. */
        final TreeMap<Long, short[]> bySequence = new TreeMap<>();
        /** An Opus track's packets by sequence, until the track is decoded. */
        final TreeMap<Long, List<byte[]>> opusBySequence = new TreeMap<>();
        final AudioEncoding encoding;
        final Map<Long, Long> offsets = new LinkedHashMap<>();

        TrackAudio(AudioChunk first) {
            trackId = first.getTrackId();
            participantId = first.getParticipantId();
            encoding = first.getEncoding();
            // An Opus track is written at the rate the job hears it at.
            sampleRate = encoding == AudioEncoding.OPUS ? AudioConverter.SPEECH_SAMPLE_RATE : first.getSampleRate();
        }

        /** @return why the chunk cannot be recorded, or null */
        String add(AudioChunk chunk, long startMs) {
            if (chunk.getEndOfTrack() || bySequence.containsKey(chunk.getSequence()) || opusBySequence.containsKey(chunk.getSequence())) {
                return null;
            }
            if (chunk.getEncoding() != encoding) {
                return "chunk " + chunk.getSequence() + " is " + chunk.getEncoding() + "; the track began as " + encoding
                        + " and is recorded as it began";
            }
            long offsetMs = chunk.getCaptureTime().toEpochMilli() - startMs;
            if (offsetMs < 0 || offsetMs > MAX_TRACK_MS) {
                return "chunk " + chunk.getSequence() + " was captured " + offsetMs + " ms from the Space's start; "
                        + "recorded are chunks from its start to " + MAX_TRACK_MS / 3_600_000 + " hours";
            }
            if (encoding == AudioEncoding.OPUS) {
                // Decoded once the track is whole, in sequence order: each chunk's decoder hears the
                // packets before it first, as the job's does, so the samples are the ones the job heard.
                try {
                    opusBySequence.put(chunk.getSequence(), OpusPackets.parse(chunk.getPayload()));
                } catch (OpusPackets.MalformedOpusException e) {
                    return "chunk " + chunk.getSequence() + ": " + e.getMessage();
                }
                offsets.put(chunk.getSequence(), offsetMs * sampleRate / 1000);
                return null;
            }
            if (encoding != AudioEncoding.PCM_S16LE) {
                return "chunk " + chunk.getSequence() + " is " + chunk.getEncoding() + "; PCM_S16LE and OPUS audio can be recorded";
            }
            if (chunk.getChannels() != 1 || chunk.getSampleRate() != sampleRate || sampleRate < 8_000 || sampleRate > 48_000) {
                return "chunk " + chunk.getSequence() + " is " + chunk.getChannels() + " channel(s) at " + chunk.getSampleRate()
                        + " Hz; a track is recorded as it began, mono at 8 to 48 kHz (it began at " + sampleRate + " Hz)";
            }
            ByteBuffer payload = chunk.getPayload().duplicate().order(ByteOrder.LITTLE_ENDIAN);
            short[] samples = new short[payload.remaining() / 2];
            payload.asShortBuffer().get(samples);
            bySequence.put(chunk.getSequence(), samples);
            offsets.put(chunk.getSequence(), offsetMs * sampleRate / 1000);
            return null;
        }

        /** Decodes an Opus track's chunks in sequence order, each warmed up on the packets before it. */
        String decodeOpus() {
            OpusChunkDecoder decoder = new OpusChunkDecoder(sampleRate);
            List<byte[]> before = new ArrayList<>();
            for (Map.Entry<Long, List<byte[]>> e : opusBySequence.entrySet()) {
                try {
                    bySequence.put(e.getKey(), decoder.decode(before, e.getValue()));
                } catch (OpusChunkDecoder.UndecodableOpusException undecodable) {
                    return "chunk " + e.getKey() + ": " + undecodable.getMessage();
                }
                before.addAll(e.getValue());
                before = new ArrayList<>(OpusPackets.newestCovering(before, OPUS_WARM_UP_MS));
            }
            opusBySequence.clear();
            return null;
        }

        PcmAudio audio() {
            long length = 0;
            for (Map.Entry<Long, short[]> e : bySequence.entrySet()) {
                length = Math.max(length, offsets.get(e.getKey()) + e.getValue().length);
            }
            short[] all = new short[(int) length];
            for (Map.Entry<Long, short[]> e : bySequence.entrySet()) {
                System.arraycopy(e.getValue(), 0, all, offsets.get(e.getKey()).intValue(), e.getValue().length);
            }
            return new PcmAudio(all, sampleRate);
        }
    }
}
