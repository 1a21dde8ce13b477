package io.spacecaps.session;

import io.spacecaps.audio.AudioChunker;
import io.spacecaps.audio.AudioConverter;
import io.spacecaps.audio.AudioFiles;
import io.spacecaps.audio.OpusTrackEncoder;
import io.spacecaps.audio.PcmAudio;
import io.spacecaps.clients.KafkaClientSettings;
import io.spacecaps.clients.PublishedSpace;
import io.spacecaps.kafka.RawRecord;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.AudioEncoding;
import io.spacecaps.schema.Role;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;
import io.spacecaps.schema.wire.WireFormat;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Plays a recorded Space into Kafka as a live room would: the start event and roster first, then
 * every track's audio in chunks interleaved with the room's events in time order, each track
 * closed by an end-of-track chunk, and the Space's end last. Each track's file (WAV, MP3, Ogg/Opus,
 * M4A/AAC, FLAC, WebM: see {@link AudioFiles}) is converted to the pipeline's 16 kHz mono first, and
 * sent as such or, as a room's client would send it, as Opus at 48 kHz ({@link ChunkFormat}).
 *
 * <p>The Space starts now: capture times are now plus each chunk's offset in the recording. The
 * Space's vocabulary and phrases go on its start; a participant who declined captions joins with
 * {@code captionsAllowed} false (the job then drops their audio).
 *
 * <p>Publishing is a pure function of the recording, the Space id and the Space's start time: the
 * same keys, sequence numbers, capture times and events every time. A {@link Plan} that names what
 * the cluster already holds ({@link PublishedSpace}) and the Space's start there makes a second run
 * send only what the first did not, and a start point ({@code fromMs}) skips the audio and the
 * speaking indicators before it (the room's roster before it still goes out, so that names are right).
 *
 * <p>The records go to Kafka, or ({@link #inMemory}) to a list in this JVM as Kafka would hand them to
 * the job: {@code transcribe} runs the job over a recording that way, without a broker.
 */
public final class SessionPublisher implements AutoCloseable {

    /**
     * Where a publish starts.
     *
     * @param spaceStartMs the Space's start (epoch ms) when the cluster already has it; null: a new start
     * @param fromMs       where in the recording to begin (ms); audio and speaking indicators before it are not sent
     * @param already      what the cluster already holds of the Space, not sent again
     */
    public record Plan(Long spaceStartMs, long fromMs, PublishedSpace already) {
        public static Plan fresh() {
            return new Plan(null, 0, PublishedSpace.NOTHING);
        }

        public static Plan from(long fromMs) {
            return new Plan(null, fromMs, PublishedSpace.NOTHING);
        }
    }

    /** Told how far the replay has got. */
    public interface Progress {
        void update(long publishedMs, long totalMs);
    }

    /** Where the records go: a Kafka producer, or a list in this JVM. */
    private interface Outlet {
        Future<?> send(Topics topic, byte[] key, long timestamp, byte[] value);

        void flush();

        void close();
    }

    private final Outlet outlet;
    private final WireFormat<AudioChunk> chunks = WireFormat.of(AudioChunk.class);
    private final WireFormat<SpaceEvent> events = WireFormat.of(SpaceEvent.class);

    public SessionPublisher(String bootstrapServers) {
        this(KafkaClientSettings.plaintext(bootstrapServers));
    }

    /** A publisher for a cluster that may need client properties (TLS, SASL). */
    public SessionPublisher(KafkaClientSettings kafka) {
        Properties props = kafka.clientProperties(Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000));
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props);
        outlet = new Outlet() {
            @Override
            public Future<?> send(Topics topic, byte[] key, long timestamp, byte[] value) {
                return producer.send(new ProducerRecord<>(topic.topicName(), null, timestamp, key, value));
            }

            @Override
            public void flush() {
                producer.flush();
            }

            @Override
            public void close() {
                producer.close();
            }
        };
    }

    private SessionPublisher(Outlet outlet) {
        this.outlet = outlet;
    }

    /**
     * A publisher that hands each record to {@code into} as the job's Kafka source would read it from
     * a topic of one partition (offsets counted per topic), instead of sending it.
     */
    public static SessionPublisher inMemory(Consumer<RawRecord> into) {
        Map<Topics, Long> offsets = new EnumMap<>(Topics.class);
        return new SessionPublisher(new Outlet() {
            @Override
            public Future<?> send(Topics topic, byte[] key, long timestamp, byte[] value) {
                long offset = offsets.merge(topic, 1L, Long::sum) - 1;
                into.accept(new RawRecord(topic.topicName(), 0, offset, timestamp, key, value));
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    /** The audio of every track, converted; loaded once so that replays can be timed precisely. */
    public static Map<SessionManifest.Track, PcmAudio> loadTracks(SessionManifest manifest) throws IOException {
        return loadTracks(manifest, HeldAudio.ofThisJvm(1), warning -> System.err.println("warning: " + warning));
    }

    /**
     * As above, refused as soon as the tracks decoded so far exceed what {@code budget} lets the heap hold;
     * {@code warnings} hears of a track read only in part (a WAV cut off mid-write).
     */
    public static Map<SessionManifest.Track, PcmAudio> loadTracks(SessionManifest manifest, HeldAudio budget,
                                                                  Consumer<String> warnings) throws IOException {
        Map<SessionManifest.Track, PcmAudio> audio = new LinkedHashMap<>();
        long sampleBytes = 0;
        for (SessionManifest.Track track : manifest.tracks()) {
            PcmAudio decoded = AudioFiles.readForSpeech(manifest.fileOf(track), warnings);
            audio.put(track, decoded);
            sampleBytes += 2L * decoded.sampleCount();
            budget.check(sampleBytes, audio.size(), manifest.tracks().size());
        }
        return audio;
    }

    /**
     * Publishes the whole Space and returns when Kafka has acknowledged every record.
     *
     * @param spaceId  the id to publish under (the manifest's, or another to replay the same recording again)
     * @param speed    1.0 plays in real time, 2.0 twice as fast; 0 publishes as fast as Kafka takes it
     * @param chunkMs  the length of each audio chunk
     */
    public void publish(SessionManifest manifest, Map<SessionManifest.Track, PcmAudio> audio, String spaceId,
                        double speed, int chunkMs, Progress progress) throws IOException, InterruptedException {
        publish(manifest, audio, spaceId, speed, chunkMs, ChunkFormat.PCM, progress, Plan.fresh());
    }

    /** How the audio goes into chunks: 16 kHz mono PCM, or Opus as a room's client sends it. */
    public record ChunkFormat(AudioEncoding encoding, int opusBitrate) {
        public static final ChunkFormat PCM = new ChunkFormat(AudioEncoding.PCM_S16LE, 0);

        public static ChunkFormat opus(int bitrate) {
            return new ChunkFormat(AudioEncoding.OPUS, bitrate);
        }
    }

    /** As above, with the audio sent in {@code format}; Opus chunks need a {@code chunkMs} of whole 20 ms packets. */
    public void publish(SessionManifest manifest, Map<SessionManifest.Track, PcmAudio> audio, String spaceId,
                        double speed, int chunkMs, ChunkFormat format, Progress progress) throws IOException, InterruptedException {
        publish(manifest, audio, spaceId, speed, chunkMs, format, progress, Plan.fresh());
    }

    /** As above, from where {@code plan} says, sending nothing the cluster already holds. */
    public void publish(SessionManifest manifest, Map<SessionManifest.Track, PcmAudio> audio, String spaceId,
                        double speed, int chunkMs, Progress progress, Plan plan) throws IOException, InterruptedException {
        publish(manifest, audio, spaceId, speed, chunkMs, ChunkFormat.PCM, progress, plan);
    }

    /** As above, in {@code format}, from where {@code plan} says, sending nothing the cluster already holds. */
    public void publish(SessionManifest manifest, Map<SessionManifest.Track, PcmAudio> audio, String spaceId,
                        double speed, int chunkMs, ChunkFormat format, Progress progress, Plan plan)
            throws IOException, InterruptedException {
        long totalMs = audio.values().stream().mapToLong(PcmAudio::durationMillis).max().orElse(0);
        List<Timed> timeline = new ArrayList<>();
        AudioChunker chunker = new AudioChunker(chunkMs);
        for (Map.Entry<SessionManifest.Track, PcmAudio> entry : audio.entrySet()) {
            SessionManifest.Track track = entry.getKey();
            List<AudioChunker.Chunk> pieces = format.encoding() == AudioEncoding.OPUS
                    ? new OpusTrackEncoder(chunkMs, format.opusBitrate()).split(entry.getValue())
                    : chunker.split(entry.getValue());
            for (AudioChunker.Chunk piece : pieces) {
                // Sent when its last sample has been "captured", as a live room would, stamped with its first.
                long capturedMs = piece.startMillis() + piece.sampleCount() * 1000L / AudioConverter.SPEECH_SAMPLE_RATE;
                timeline.add(new Timed(piece.startMillis(), capturedMs, track, piece, null));
            }
            long end = entry.getValue().durationMillis();
            if (!pieces.isEmpty()) {
                // An Opus track's last packet is padded to 20 ms: its end comes after the audio's, never before.
                AudioChunker.Chunk last = pieces.get(pieces.size() - 1);
                end = Math.max(end, last.startMillis() + last.sampleCount() * 1000L / AudioConverter.SPEECH_SAMPLE_RATE);
            }
            timeline.add(new Timed(end, end, track, new AudioChunker.Chunk(pieces.size(), 0, 0, end, new byte[0]), null));
        }
        for (SessionManifest.TimedEvent event : manifest.events()) {
            timeline.add(new Timed(event.atMs(), event.atMs(), null, null, event));
        }
        // Stable sort: at equal times a track's audio keeps its order and events go in manifest order.
        timeline.sort(Comparator.comparingLong(Timed::dueMs));

        // Records carry their capture times, and brokers refuse timestamps far in the future: a Space
        // published faster than real time is placed in the past so that no record is stamped later
        // than it is sent (as fast as possible: it ends now; in real time: it starts now). A Space the
        // cluster already has keeps its start, so that what is sent again is sent the same.
        long length = audio.values().stream().mapToLong(PcmAudio::durationMillis).max().orElse(0);
        long from = Math.min(plan.fromMs(), length);
        long spaceStart = plan.spaceStartMs() != null ? plan.spaceStartMs()
                : System.currentTimeMillis() - from - (speed <= 0 ? length - from : (long) ((length - from) * Math.max(0, 1 - 1 / speed)));
        PublishedSpace already = plan.already();
        List<Future<?>> pending = new ArrayList<>();
        for (SpaceEvent opening : opening(manifest, spaceId, spaceStart)) {
            sendOnce(pending, already, spaceId, opening);
        }

        Map<SessionManifest.Track, Long> sequences = new LinkedHashMap<>();
        long lastProgress = -1;
        long paceFrom = -1;
        long wallStart = System.nanoTime();
        for (Timed item : timeline) {
            long at = spaceStart + item.atMs();
            boolean before = item.atMs() < from;
            if (item.event() != null) {
                // The roster before the start point still goes out (names, roles); who spoke then does not.
                if (before && item.event().type().startsWith("SPEAKING_")) {
                    continue;
                }
                SpaceEvent event = roomEvent(manifest, spaceId, item.event(), at);
                if (already.has(event)) {
                    continue;
                }
                if (!before) {
                    paceFrom = paceFrom < 0 ? origin(item, from, already) : paceFrom;
                    awaitDue(item, paceFrom, wallStart, speed);
                }
                send(pending, Topics.EVENTS, spaceId, event);
            } else {
                // Every chunk keeps the sequence number it has in the whole recording, sent or not.
                long sequence = sequences.merge(item.track(), 1L, Long::sum) - 1;
                SessionManifest.Track track = item.track();
                boolean endOfTrack = item.chunk().sampleCount() == 0;
                if (before || sequence <= already.lastSequence(track.id())) {
                    continue;
                }
                paceFrom = paceFrom < 0 ? origin(item, from, already) : paceFrom;
                awaitDue(item, paceFrom, wallStart, speed);
                AudioChunk chunk = AudioChunk.newBuilder()
                        .setSpaceId(spaceId)
                        .setTrackId(track.id())
                        .setParticipantId(track.participantId())
                        .setSequence(sequence)
                        .setCaptureTime(Instant.ofEpochMilli(at))
                        .setSampleRate(format.encoding() == AudioEncoding.OPUS ? OpusTrackEncoder.SAMPLE_RATE : AudioConverter.SPEECH_SAMPLE_RATE)
                        .setChannels(1)
                        .setEncoding(format.encoding())
                        .setPayload(ByteBuffer.wrap(item.chunk().payload()))
                        .setEndOfTrack(endOfTrack)
                        .build();
                send(pending, Topics.AUDIO, Topics.audioKey(spaceId, track.id()), chunk);
            }
            if (progress != null && item.atMs() / 500 != lastProgress) {
                lastProgress = item.atMs() / 500;
                progress.update(Math.min(item.atMs(), totalMs), totalMs);
            }
            pending.removeIf(Future::isDone);
        }
        sendOnce(pending, already, spaceId, spaceEvent(spaceId, SpaceEventType.SPACE_ENDED, spaceStart + totalMs).build());
        outlet.flush();
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IOException("Kafka did not accept the replay: " + e.getCause().getMessage(), e.getCause());
            }
        }
        if (progress != null) {
            progress.update(totalMs, totalMs);
        }
    }

    /**
     * Where in the recording the pace starts: the start point, or for a Space the cluster already
     * has, the first record it lacks (the rest then plays as the room would have from there).
     */
    private static long origin(Timed first, long from, PublishedSpace already) {
        return already.chunkCount() == 0 && already.eventCount() == 0 ? from : Math.max(from, first.atMs());
    }

    /** Waits until {@code item} is due, {@code origin} ms into the recording being {@code wallStart}. */
    private static void awaitDue(Timed item, long origin, long wallStart, double speed) throws InterruptedException {
        if (speed > 0) {
            long dueNanos = wallStart + (long) ((item.dueMs() - origin) * 1_000_000L / speed);
            long waitNanos = dueNanos - System.nanoTime();
            if (waitNanos > 0) {
                Thread.sleep(waitNanos / 1_000_000L, (int) (waitNanos % 1_000_000L));
            }
        }
    }

    private void sendOnce(List<Future<?>> pending, PublishedSpace already, String spaceId, SpaceEvent event) {
        if (!already.has(event)) {
            send(pending, Topics.EVENTS, spaceId, event);
        }
    }

    /**
     * What a room says before any audio: the Space's start (title, language, vocabulary, phrases), then
     * a join for each participant whose join is not among the manifest's events.
     */
    static List<SpaceEvent> opening(SessionManifest manifest, String spaceId, long spaceStart) {
        List<SpaceEvent> events = new ArrayList<>();
        events.add(spaceEvent(spaceId, SpaceEventType.SPACE_STARTED, spaceStart)
                .setTitle(manifest.space().title())
                .setLanguage(manifest.space().language())
                .setVocabulary(manifest.space().vocabulary())
                .setPhrases(manifest.space().phrases())
                .build());
        Set<String> explicitlyJoined = new HashSet<>();
        manifest.events().stream().filter(e -> "PARTICIPANT_JOINED".equals(e.type()))
                .forEach(e -> explicitlyJoined.add(e.participantId()));
        for (SessionManifest.Participant p : manifest.participants()) {
            if (!explicitlyJoined.contains(p.id())) {
                events.add(joined(manifest, spaceId, p.id(), spaceStart));
            }
        }
        return events;
    }

    /** A record of the Space: stamped {@code atMs} into it, sent {@code dueMs} into it. */
    private record Timed(long atMs, long dueMs, SessionManifest.Track track, AudioChunker.Chunk chunk,
                         SessionManifest.TimedEvent event) {
    }

    /**
     * Sends a record stamped with its own time (a chunk's capture time, an event's time): the job's
     * notion of progress is the records' timestamps, so a replay as fast as Kafka takes it still
     * tells the job how far into the Space each record is.
     */
    private void send(List<Future<?>> pending, Topics topic, String key, Object record) {
        byte[] value = record instanceof AudioChunk c ? chunks.encode(c) : events.encode((SpaceEvent) record);
        long timestamp = record instanceof AudioChunk c ? c.getCaptureTime().toEpochMilli() : ((SpaceEvent) record).getTime().toEpochMilli();
        pending.add(outlet.send(topic, key.getBytes(StandardCharsets.UTF_8), timestamp, value));
    }

    private static SpaceEvent.Builder spaceEvent(String spaceId, SpaceEventType type, long at) {
        return SpaceEvent.newBuilder().setSpaceId(spaceId).setType(type).setTime(Instant.ofEpochMilli(at));
    }

    private static SpaceEvent joined(SessionManifest manifest, String spaceId, String participantId, long at) {
        SessionManifest.Participant p = manifest.participant(participantId);
        SpaceEvent.Builder b = spaceEvent(spaceId, SpaceEventType.PARTICIPANT_JOINED, at).setParticipantId(participantId);
        if (p != null) {
            b.setDisplayName(p.displayName()).setHandle(p.handle()).setRole(role(p.role())).setCaptionsAllowed(captionsAllowed(p));
            manifest.tracks().stream().filter(t -> participantId.equals(t.participantId())).findFirst()
                    .ifPresent(t -> b.setTrackId(t.id()));
        }
        return b.build();
    }

    static SpaceEvent roomEvent(SessionManifest manifest, String spaceId, SessionManifest.TimedEvent e, long at) {
        SpaceEventType type = SpaceEventType.valueOf(e.type());
        if (type == SpaceEventType.PARTICIPANT_JOINED && e.displayName() == null) {
            // A join that only names the participant takes the rest from the participant list.
            return joined(manifest, spaceId, e.participantId(), at);
        }
        SpaceEvent.Builder b = spaceEvent(spaceId, type, at)
                .setParticipantId(e.participantId())
                .setDisplayName(e.displayName())
                .setHandle(e.handle())
                .setRole(e.role() == null ? null : role(e.role()));
        if (type == SpaceEventType.PARTICIPANT_JOINED) {
            SessionManifest.Participant p = manifest.participant(e.participantId());
            b.setCaptionsAllowed(p == null ? null : captionsAllowed(p));
        }
        return b.build();
    }

    /** False for a participant who declined captions; otherwise left out (null), which means captioned. */
    private static Boolean captionsAllowed(SessionManifest.Participant p) {
        return p.captionsAllowed() ? null : Boolean.FALSE;
    }

    private static Role role(String role) {
        return role == null ? null : Role.valueOf(role);
    }

    @Override
    public void close() {
        outlet.close();
    }
}
