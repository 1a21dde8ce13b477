package io.spacecaps.soak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.spacecaps.audio.PcmAudio;
import io.spacecaps.bench.Machine;
import io.spacecaps.clients.KafkaClientSettings;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.embedded.EmbeddedPipeline;
import io.spacecaps.embedded.FlinkRest;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.DeadLetter;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.wire.WireFormat;
import io.spacecaps.session.SessionManifest;
import io.spacecaps.session.SessionPublisher;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The soak run: many Spaces whose speakers keep opening and abandoning tracks, published as fast as
 * Kafka takes them into a job in this JVM, while heap (after a collection), resident memory (heap,
 * Vosk's native recognisers and everything else), the job's checkpointed state and its open
 * recognisers are sampled. Finished when every track has been released (ended, or quiet for the
 * idle-track timeout) and the job's finals have reached the last Space's end; then the figures
 * at each quarter of the event time are set against those at the end.
 */
public final class SoakRun {

    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(15);
    private static final WireFormat<TranscriptEvent> FINALS = WireFormat.of(TranscriptEvent.class);
    private static final WireFormat<DeadLetter> DEAD_LETTERS = WireFormat.of(DeadLetter.class);

    /** One look at the run; -1 where Flink did not tell (yet). */
    record Sample(double wallSeconds, double eventMinutes, double heapMb, double rssMb, double stateMb, int openRecognizers,
                  long finals, long deadLetters) {
    }

    private SoakRun() {
    }

    public static int run(Path home, Path out, SpacecapsConfig config, boolean embeddedBroker, Map<String, String> flinkSettings,
                          SoakOptions options, double speed, Duration drainLimit, Consumer<String> status) throws Exception {
        SessionManifest demo = SessionManifest.read(home.resolve("data/demo-space/manifest.json"));
        List<PcmAudio> voices = new ArrayList<>(SessionPublisher.loadTracks(demo).values());
        long started = System.nanoTime();
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(config, embeddedBroker, status, null, flinkSettings)) {
            String runId = UUID.randomUUID().toString().substring(0, 8);
            SoakOptions o = options;
            long span = o.eventMs() + Math.max(1, Math.min(1_000, o.trackEveryMs() / o.spaces())) * o.spaces();
            // Event time zero an event-time span ago, so that no record is dated ahead of now.
            SoakLoad load = new SoakLoad(o, runId, voices, System.currentTimeMillis() - span - 5_000);
            FlinkRest rest = new FlinkRest(pipeline.webUi().orElseThrow(), pipeline.job().getJobID());
            Followers followers = new Followers(pipeline.kafka(), "soak-" + runId + "-", load.baseMs());
            followers.start();
            status.accept(String.format(Locale.ROOT, "soak %s: %d Spaces × %d speakers for %d min of event time: %d tracks "
                            + "(%d abandoned), %d records", runId, o.spaces(), o.slots(), o.eventMs() / 60_000, load.tracks(),
                    load.abandoned(), load.items().size()));
            List<Sample> samples = new ArrayList<>();
            Sampler sampler = new Sampler(rest, followers, started, samples, status);
            sampler.start();
            publish(pipeline.kafka(), load, speed, status);
            long lastAt = load.lastAudioAtMs();
            int tracks = load.tracks();
            int ended = tracks - load.abandoned();
            load = null; // what was published is not this run's to hold
            long until = System.nanoTime() + drainLimit.toNanos();
            boolean drained = false;
            double finalsInAt = -1;
            while (System.nanoTime() < until) {
                pipeline.checkRunning();
                // Every ended track's end is in, and the finals have come as far as the last audio (its last
                // chunk: an abandoned track's words come out when it is released, later).
                if (finalsInAt < 0 && followers.endedTracks.get() >= ended && followers.reachedMs.get() >= lastAt - 60_000) {
                    finalsInAt = (System.nanoTime() - started) / 1e9;
                }
                // Then a look at the job taken after that, in which Flink counts no recogniser open.
                Sample last = sampler.last();
                if (finalsInAt >= 0 && last != null && last.wallSeconds() > finalsInAt && last.openRecognizers() == 0) {
                    drained = true;
                    break;
                }
                Thread.sleep(1_000);
            }
            sampler.stopAndSample();
            Map<String, Object> report = report(o, speed, tracks, ended, followers, samples, drained, lastAt);
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json.writeValueAsString(report), StandardCharsets.UTF_8);
            print(samples, report);
            status.accept("JSON written to " + out);
            return drained ? 0 : 1;
        }
    }

    /** Publishes in event-time order, {@code speed} times faster than the Spaces' own time (0: as fast as Kafka takes it). */
    private static void publish(KafkaClientSettings kafka, SoakLoad load, double speed, Consumer<String> status) throws Exception {
        Map<String, Object> own = Map.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Made once: each reads the schema history when made.
        WireFormat<AudioChunk> chunks = WireFormat.of(AudioChunk.class);
        WireFormat<SpaceEvent> events = WireFormat.of(SpaceEvent.class);
        long sent = 0;
        long wallStart = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientProperties(own))) {
            for (SoakLoad.Item item : load.items()) {
                if (speed > 0) {
                    long dueNanos = wallStart + (long) (item.atMs() / speed * 1e6);
                    long wait = dueNanos - System.nanoTime();
                    if (wait > 1_000_000) {
                        Thread.sleep(wait / 1_000_000);
                    }
                }
                SpecificRecord record = load.record(item);
                byte[] value = record instanceof AudioChunk chunk ? chunks.encode(chunk) : events.encode((SpaceEvent) record);
                producer.send(new ProducerRecord<>(load.topic(item).topicName(), null, load.baseMs() + item.atMs(),
                        load.key(item).getBytes(StandardCharsets.UTF_8), value));
                if (++sent % 5_000 == 0) {
                    status.accept(String.format(Locale.ROOT, "published %d of %d records (%.1f min of event time)", sent,
                            load.items().size(), item.atMs() / 60_000.0));
                }
            }
            producer.flush();
        }
        status.accept("published all " + sent + " records; the job works through them");
    }

    /** Follows the committed finals (how far into the event time the job has come) and the dead letters. */
    private static final class Followers extends Thread {
        private final KafkaClientSettings kafka;
        private final String spacePrefix;
        private final long baseMs;
        final AtomicLong reachedMs = new AtomicLong();
        final AtomicLong finals = new AtomicLong();
        final AtomicLong endedTracks = new AtomicLong();
        final AtomicLong deadLetters = new AtomicLong();
        final Map<String, Long> deadLettersByReason = new TreeMap<>();
        private volatile boolean running = true;

        Followers(KafkaClientSettings kafka, String spacePrefix, long baseMs) {
            super("soak-followers");
            setDaemon(true);
            this.kafka = kafka;
            this.spacePrefix = spacePrefix;
            this.baseMs = baseMs;
        }

        @Override
        public void run() {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.committedReaderProperties(
                    Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000)))) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (Topics topic : List.of(Topics.CAPTIONS_FINAL, Topics.DEAD_LETTER)) {
                    consumer.partitionsFor(topic.topicName()).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                }
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position); // from now on: earlier runs' records are not this one's
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        if (r.topic().equals(Topics.CAPTIONS_FINAL.topicName())) {
                            TranscriptEvent f = FINALS.decode(r.value());
                            if (f.getSpaceId().startsWith(spacePrefix)) {
                                finals.incrementAndGet();
                                reachedMs.accumulateAndGet(f.getLastAudioCaptureTime().toEpochMilli() - baseMs, Math::max);
                                if (f.getEndOfTrack()) {
                                    endedTracks.incrementAndGet();
                                }
                            }
                        } else {
                            DeadLetter d = DEAD_LETTERS.decode(r.value());
                            if (d.getSpaceId() != null && d.getSpaceId().startsWith(spacePrefix)) {
                                deadLetters.incrementAndGet();
                                synchronized (deadLettersByReason) {
                                    deadLettersByReason.merge(d.getReason(), 1L, Long::sum);
                                }
                            }
                        }
                    }
                }
            } catch (Exception e) {
                if (running) {
                    throw new IllegalStateException("following the job's output failed", e);
                }
            }
        }
    }

    /** Samples every 15 s on its own thread, and once more at the end. */
    private static final class Sampler extends Thread {
        private final FlinkRest rest;
        private final Followers followers;
        private final long startedNanos;
        private final List<Sample> samples;
        private final Consumer<String> status;
        private volatile boolean running = true;

        Sampler(FlinkRest rest, Followers followers, long startedNanos, List<Sample> samples, Consumer<String> status) {
            super("soak-sampler");
            setDaemon(true);
            this.rest = rest;
            this.followers = followers;
            this.startedNanos = startedNanos;
            this.samples = samples;
            this.status = status;
        }

        @Override
        public void run() {
            while (running) {
                try {
                    Thread.sleep(SAMPLE_EVERY.toMillis());
                    if (running) {
                        sample();
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        Sample last() {
            synchronized (samples) {
                return samples.isEmpty() ? null : samples.get(samples.size() - 1);
            }
        }

        void stopAndSample() throws InterruptedException {
            running = false;
            interrupt();
            join();
            sample();
        }

        private void sample() {
            System.gc();
            double heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6;
            double stateMb = -1;
            int open = -1; // not known yet: Flink's metric store fills in the background
            try {
                stateMb = rest.checkpoints().latestStateBytes() / 1e6;
                open = (int) rest.operatorMetricSum("recognize speech", "openRecognizers").orElse(-1);
            } catch (IOException | RuntimeException e) {
                status.accept("warning: Flink's REST API did not answer this time: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Sample s = new Sample((System.nanoTime() - startedNanos) / 1e9, followers.reachedMs.get() / 60_000.0, heapMb, residentMb(),
                    stateMb, open, followers.finals.get(), followers.deadLetters.get());
            synchronized (samples) {
                samples.add(s);
            }
            status.accept(String.format(Locale.ROOT, "%5.0f s: event time %5.1f min, heap %6.1f MB, resident %7.1f MB, state %6.2f MB, "
                    + "%3d recognisers open, %d finals", s.wallSeconds(), s.eventMinutes(), s.heapMb(), s.rssMb(), s.stateMb(),
                    s.openRecognizers(), s.finals()));
        }
    }

    /** This process's resident memory (heap, Vosk's native memory, everything), in MB; -1 where /proc is not available. */
    private static double residentMb() {
        long bytes = Machine.rssBytes();
        return bytes < 0 ? -1 : bytes / 1e6;
    }

    private static Map<String, Object> report(SoakOptions o, double speed, int tracks, int ended, Followers followers, List<Sample> samples,
                                              boolean drained, long lastAtMs) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("spaces", o.spaces());
        r.put("speakersPerSpace", o.slots());
        r.put("eventMinutes", o.eventMs() / 60_000.0);
        r.put("trackEverySeconds", o.trackEveryMs() / 1000.0);
        r.put("speechMs", o.speechMs());
        r.put("speed", speed);
        r.put("tracks", tracks);
        r.put("tracksEnded", ended);
        r.put("tracksAbandoned", tracks - ended);
        r.put("finals", followers.finals.get());
        r.put("endOfTrackFinals", followers.endedTracks.get());
        synchronized (followers.deadLettersByReason) {
            r.put("deadLettersByReason", new TreeMap<>(followers.deadLettersByReason));
        }
        r.put("drained", drained);
        Sample end = samples.get(samples.size() - 1);
        r.put("wallSeconds", end.wallSeconds());
        Map<String, Object> quarters = new LinkedHashMap<>();
        for (int q = 1; q <= 4; q++) {
            double minutes = lastAtMs / 60_000.0 * q / 4;
            Sample at = samples.stream().filter(s -> s.eventMinutes() >= minutes - 1e-9).findFirst().orElse(end);
            quarters.put(q * 25 + "%", at);
        }
        r.put("atQuarters", quarters);
        r.put("atEnd", end);
        Sample first = (Sample) quarters.get("25%");
        r.put("endOverFirstQuarter", Map.of(
                "heap", ratio(end.heapMb(), first.heapMb()),
                "resident", ratio(end.rssMb(), first.rssMb()),
                "state", ratio(end.stateMb(), first.stateMb())));
        r.put("samples", samples);
        return r;
    }

    private static double ratio(double a, double b) {
        return b <= 0 ? -1 : Math.round(a / b * 100) / 100.0;
    }

    private static void print(List<Sample> samples, Map<String, Object> report) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%n%-10s %12s %10s %12s %10s %12s%n", "at", "event (min)", "heap (MB)", "resident (MB)",
                "state (MB)", "recognisers"));
        @SuppressWarnings("unchecked")
        Map<String, Sample> quarters = (Map<String, Sample>) report.get("atQuarters");
        quarters.forEach((name, s) -> row(b, name, s));
        row(b, "end", (Sample) report.get("atEnd"));
        b.append(String.format(Locale.ROOT, "tracks %s (%s abandoned), finals %s, dead letters %s; end / 25%%: %s; drained: %s%n",
                report.get("tracks"), report.get("tracksAbandoned"), report.get("finals"), report.get("deadLettersByReason"),
                report.get("endOverFirstQuarter"), report.get("drained")));
        System.out.print(b);
        System.out.flush();
    }

    private static void row(StringBuilder b, String name, Sample s) {
        b.append(String.format(Locale.ROOT, "%-10s %12.1f %10.1f %12.1f %10.2f %12d%n", name, s.eventMinutes(), s.heapMb(), s.rssMb(),
                s.stateMb(), s.openRecognizers()));
    }
}
