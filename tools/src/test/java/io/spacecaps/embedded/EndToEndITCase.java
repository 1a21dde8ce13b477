package io.spacecaps.embedded;

import io.spacecaps.asr.VoskCpuMeter;
import io.spacecaps.audio.AudioChunker;
import io.spacecaps.audio.OpusTrackEncoder;
import io.spacecaps.audio.PcmAudio;
import io.spacecaps.captions.CaptionFeed;
import io.spacecaps.captions.TranscriptCollector;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.eval.RecognisedWords;
import io.spacecaps.eval.WordErrorRate;
import io.spacecaps.ingest.OpusChunkDecoder;
import io.spacecaps.ingest.OpusPackets;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.DeadLetter;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.wire.WireFormat;
import io.spacecaps.session.SessionManifest;
import io.spacecaps.session.SessionPublisher;
import io.spacecaps.testing.AlertRules;
import io.spacecaps.testing.BareVosk;
import io.spacecaps.testing.Chunks;
import io.spacecaps.testing.DeadLetterReader;
import io.spacecaps.testing.FuzzedAudio;
import io.spacecaps.testing.ReferenceTurns;
import io.spacecaps.testing.TestData;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole path with real parts: a Kafka broker, the job in a MiniCluster, real Vosk, on the demo
 * Space (two speakers, one track each, 140 s), published as fast as possible, with 182 bad records
 * of every kind mixed into the audio topic; and the same Space again as a room sends it, in Opus
 * chunks (48 kHz, 32 kbit/s), captioned within a point of the PCM one.
 */
class EndToEndITCase {

    @Test
    void theDemoSpaceIsCaptionedAsWellAsBareVoskWithBothSpeakersNamedAndBadRecordsSetAside() throws Exception {
        SessionManifest manifest = SessionManifest.read(TestData.demoManifest());
        ReferenceTurns reference = ReferenceTurns.read(TestData.demoManifest().resolveSibling("reference.tsv"));
        Map<SessionManifest.Track, PcmAudio> audio = SessionPublisher.loadTracks(manifest);
        SpacecapsConfig config = SpacecapsConfig.fromArgs(new String[]{"--model.en", TestData.englishModel(), "--parallelism", "2"});

        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(config, true, s -> { }, null, LoopbackPrometheusReporter.flinkSettings(0))) {
            String bootstrap = pipeline.bootstrapServers();
            TranscriptCollector collector = new TranscriptCollector(List.of("elon-musk", "james-clayton"));
            TranscriptCollector opusCollector = new TranscriptCollector(List.of("elon-musk", "james-clayton"));
            try (CaptionFeed feed = new CaptionFeed(bootstrap, "demo-bbc-interview", List.of(Topics.CAPTIONS_FINAL), collector);
                 CaptionFeed opusFeed = new CaptionFeed(bootstrap, OPUS_SPACE, List.of(Topics.CAPTIONS_FINAL), opusCollector);
                 SessionPublisher publisher = new SessionPublisher(bootstrap)) {
                publishBadRecords(bootstrap);
                publisher.publish(manifest, audio, "demo-bbc-interview", 0, 100, null);
                // The same Space again, as rooms send it: Opus chunks, 48 kHz, 32 kbit/s.
                publisher.publish(manifest, audio, OPUS_SPACE, 0, 100, SessionPublisher.ChunkFormat.opus(32_000), null);
                assertTrue(collector.awaitComplete(Duration.ofSeconds(180), null), "tracks never ended: " + collector.missingTracks());
                assertTrue(opusCollector.awaitComplete(Duration.ofSeconds(180), null), "Opus tracks never ended: " + opusCollector.missingTracks());
            }
            List<TranscriptEvent> finals = collector.finals();

            // Accuracy, held against bare Vosk on the same audio in the same run, and Opus against PCM.
            WordErrorRate.Result pipelineErrors = null;
            WordErrorRate.Result offlineErrors = null;
            WordErrorRate.Result opusErrors = WordErrorRate.Result.NONE;
            long opusDecodeCpuNanos = 0;
            long audioMs = 0;
            List<String> offlineByTrack = BareVosk.transcripts(manifest.tracks().stream().map(audio::get).toList());
            for (SessionManifest.Track track : manifest.tracks()) {
                String speaker = manifest.participant(track.participantId()).displayName();
                String heard = RecognisedWords.inTimeOrder(finals.stream().filter(f -> f.getTrackId().equals(track.id())).toList());
                String offline = offlineByTrack.get(manifest.tracks().indexOf(track));
                WordErrorRate.Result p = WordErrorRate.of(reference.textOf(speaker), heard);
                WordErrorRate.Result o = WordErrorRate.of(reference.textOf(speaker), offline);
                pipelineErrors = pipelineErrors == null ? p : pipelineErrors.add(p);
                offlineErrors = offlineErrors == null ? o : offlineErrors.add(o);
                String heardFromOpus = RecognisedWords.inTimeOrder(opusCollector.finals().stream()
                        .filter(f -> f.getTrackId().equals(track.id())).toList());
                opusErrors = opusErrors.add(WordErrorRate.of(reference.textOf(speaker), heardFromOpus));
                opusDecodeCpuNanos += opusDecodeCpuNanos(audio.get(track));
                audioMs += audio.get(track).durationMillis();
            }
            System.out.printf("demo Space WER: pipeline %.2f%%, pipeline with Opus 32k chunks %.2f%%, bare Vosk %.2f%% (%d reference words)%n",
                    100 * pipelineErrors.wer(), 100 * opusErrors.wer(), 100 * offlineErrors.wer(), pipelineErrors.referenceWords());
            // The job's recognisers heard both Spaces: twice the audio.
            System.out.printf("CPU per audio second: Opus decoding as the job does it %.4f s/s, the job's Vosk calls %.4f s/s%n",
                    opusDecodeCpuNanos / 1e6 / audioMs, VoskCpuMeter.totalNanos() / 1e6 / (2 * audioMs));
            assertTrue(pipelineErrors.wer() <= offlineErrors.wer() + 0.01,
                    "pipeline WER " + pipelineErrors.wer() + " vs bare Vosk " + offlineErrors.wer());
            assertTrue(pipelineErrors.wer() < 0.25, "WER " + pipelineErrors.wer());
            assertTrue(opusErrors.wer() <= pipelineErrors.wer() + 0.01,
                    "Opus chunks lose more than a point: " + opusErrors.wer() + " vs PCM " + pipelineErrors.wer());
            assertTrue(opusErrors.referenceWords() == pipelineErrors.referenceWords() && opusErrors.wer() < 0.25,
                    "the Opus Space was heard: WER " + opusErrors.wer());

            // Both speakers are named from the roster, and each caption sits in one of its speaker's turns.
            Set<String> names = finals.stream().filter(RecognisedWords::any)
                    .map(f -> f.getSpeaker().getDisplayName()).collect(Collectors.toSet());
            assertEquals(Set.of("Elon Musk", "James Clayton"), names);
            long placed = finals.stream().filter(RecognisedWords::any)
                    .filter(f -> f.getSpeaker().getDisplayName().equals(reference.speakerAt((f.getStartMs() + f.getEndMs()) / 2, 300)))
                    .count();
            long spoken = finals.stream().filter(RecognisedWords::any).count();
            assertEquals(spoken, placed, "every final lies inside a turn of its speaker on the Space's timeline");

            // The bad records went to the dead-letter topic, each with its reason.
            int expected = 2 + FUZZED;
            List<DeadLetter> letters = DeadLetterReader.readUntil(bootstrap, l -> l.size() >= expected, Duration.ofSeconds(30));
            assertEquals(expected, letters.size(), "one dead letter per bad record");
            assertEquals(Set.of("NOT_AVRO", "UNSUPPORTED_SAMPLE_RATE", "MALFORMED_AVRO", "UNKNOWN_SCHEMA", "ODD_LENGTH_PCM",
                            "OVERSIZED_CHUNK", "INVALID_SEQUENCE", "UNSUPPORTED_CHANNELS", "UNSUPPORTED_ENCODING"),
                    letters.stream().map(DeadLetter::getReason).collect(Collectors.toSet()));
            pipeline.checkRunning();

            // The job's metrics for Prometheus (--metrics-port): what the alert rules in deploy/ ask for is there.
            String scrape = scrape(pipeline.metrics().orElseThrow());
            assertTrue(scrape.contains("flink_taskmanager_job_task_operator_openRecognizers{"), "open recognisers: " + head(scrape));
            assertTrue(scrape.contains("flink_taskmanager_job_task_operator_deadletters_NOT_AVRO{"), "dead letters by reason");
            for (String metric : AlertRules.metricsIn(TestData.home().resolve("deploy/prometheus/spacecaps-alerts.yaml"))) {
                assertTrue(scrape.lines().anyMatch(l -> !l.startsWith("#") && l.matches(metric + "\\{.*")),
                        "the alert rules' metric " + metric + " is exported");
            }

            // What transcribe, job and demo start listens on loopback only, as the kernel sees it: every
            // TCP listener of this JVM (Flink's REST API, blob server, RPC, shuffle, the metrics) and of the broker's.
            List<ListeningSockets.Listener> job = ListeningSockets.of(ProcessHandle.current().pid());
            List<ListeningSockets.Listener> broker = ListeningSockets.of(pipeline.broker().pid().orElseThrow());
            assertFalse(job.isEmpty() || broker.isEmpty(), "both JVMs listen: " + job + " " + broker);
            assertTrue(job.stream().allMatch(ListeningSockets.Listener::loopback), "the job's JVM listens beyond loopback: " + job);
            assertTrue(broker.stream().allMatch(ListeningSockets.Listener::loopback), "the broker listens beyond loopback: " + broker);
        }
    }

    private static String scrape(java.net.URI metrics) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(metrics).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), "GET " + metrics);
        return response.body();
    }

    private static String head(String text) {
        return text.substring(0, Math.min(2_000, text.length()));
    }

    private static final int FUZZED = 180;
    private static final String OPUS_SPACE = "demo-bbc-interview-opus";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * CPU time the job's Opus stage spends on a track sent as Opus: each 100 ms chunk decoded by a fresh
     * decoder after 200 ms of warm-up, then resampled (OpusTrackDecoder's work, without Flink around it).
     */
    private static long opusDecodeCpuNanos(PcmAudio track) throws Exception {
        List<List<byte[]>> chunks = new ArrayList<>();
        for (AudioChunker.Chunk chunk : new OpusTrackEncoder(100, 32_000).split(track)) {
            chunks.add(OpusPackets.parse(ByteBuffer.wrap(chunk.payload())));
        }
        OpusChunkDecoder decoder = new OpusChunkDecoder(16_000);
        long started = THREADS.getCurrentThreadCpuTime();
        List<byte[]> warmUp = List.of();
        for (List<byte[]> packets : chunks) {
            decoder.decode(warmUp, packets);
            List<byte[]> kept = new ArrayList<>(warmUp);
            kept.addAll(packets);
            warmUp = kept.subList(Math.max(0, kept.size() - 10), kept.size());   // 10 packets of 20 ms
        }
        return THREADS.getCurrentThreadCpuTime() - started;
    }

    private static void publishBadRecords(String bootstrap) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(Topics.AUDIO.topicName(), "demo-bbc-interview/elon-musk".getBytes(),
                    "this is not an audio chunk".getBytes())).get();
            AudioChunk wrongRate = Chunks.chunk("demo-bbc-interview", "phone", 0, System.currentTimeMillis(), new byte[8820])
                    .setSampleRate(44_100).build();
            producer.send(new ProducerRecord<>(Topics.AUDIO.topicName(), "demo-bbc-interview/phone".getBytes(),
                    WireFormat.of(AudioChunk.class).encode(wrongRate))).get();
            for (byte[] record : FuzzedAudio.invalid(1, FUZZED, "demo-bbc-interview")) {
                producer.send(new ProducerRecord<>(Topics.AUDIO.topicName(), "demo-bbc-interview/fuzz".getBytes(), record));
            }
            producer.flush();
        }
    }
}
