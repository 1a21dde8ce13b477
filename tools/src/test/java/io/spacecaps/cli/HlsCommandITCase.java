package io.spacecaps.cli;

import io.spacecaps.embedded.EmbeddedKafkaBroker;
import io.spacecaps.embedded.TopicSetup;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.wire.WireFormat;
import io.spacecaps.testing.SpaceRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code hls} while a Space goes on, against a real broker: finals arrive as the job writes them (a
 * long utterance's final after a short reply that began later), the command keeps the playlist and
 * segments, and closes them when the Space ends. The test then reads the playlist as a player does,
 * segment by segment, and checks every cue against the finals: in the segments it overlaps, at the
 * times of its words, and all the text there, once.
 */
class HlsCommandITCase {

    private static final Pattern CUE = Pattern.compile("(\\d\\d):(\\d\\d):(\\d\\d)\\.(\\d{3}) --> (\\d\\d):(\\d\\d):(\\d\\d)\\.(\\d{3})\\n<v ([^>]*)>([^\\n]*(?:\\n[^\\n]+)*)");

    @Test
    void aLiveSpacesCaptionsBecomeAnHlsPlaylistThatAPlayerReads(@TempDir Path dir) throws Exception {
        SpaceRecords space = new SpaceRecords("hls-it");
        List<TranscriptEvent> finals = List.of(
                space.finalCaption("ann", "Ann", 0, 500, 3_400, "Is there a lot of hate speech on Twitter?"),
                space.finalCaption("bob", "Bob <b>", 0, 9_500, 10_400, "No."),
                // Ann's long answer began before Bob's "No." and ends after it: its final comes last.
                space.finalCaption("ann", "Ann", 1, 4_000, 12_800, "Well, it depends on what you mean by hate speech, and who decides."));
        Path out = dir.resolve("live");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers())) {
            TopicSetup.ensureAll(broker.bootstrapServers(), (short) 1);
            CompletableFuture<CliRun> hls = CompletableFuture.supplyAsync(() -> CliRun.of("hls", "--bootstrap", broker.bootstrapServers(),
                    "--space", "hls-it", "--out", out.toString(), "--segment-seconds", "2", "--settle-ms", "3000"));
            send(producer, finals.get(0));
            send(producer, finals.get(1));
            long until = System.nanoTime() + 30_000_000_000L;
            // A segment is written before the playlist that lists it (a player must never be sent to a
            // file that is not there yet): wait for both.
            while (!(Files.exists(out.resolve("captions-00000.vtt")) && Files.exists(out.resolve("captions.m3u8")))
                    && System.nanoTime() < until) {
                Thread.sleep(200);
            }
            String live = Files.readString(out.resolve("captions.m3u8"));
            assertTrue(live.contains("captions-00000.vtt") && !live.contains("#EXT-X-ENDLIST"),
                    "segments are listed while the Space goes on, the playlist open: " + live);
            assertTrue(!live.contains("captions-00004.vtt"), "a segment the captions have not settled is not listed yet: " + live);
            send(producer, finals.get(2));
            send(producer, space.endOfTrack("ann", "Ann", 2, 13_000));
            send(producer, space.endOfTrack("bob", "Bob <b>", 1, 13_000));
            CliRun run = hls.get(60, TimeUnit.SECONDS);
            assertEquals(0, run.exitCode(), run.err());
        }

        String playlist = Files.readString(out.resolve("captions.m3u8"));
        assertTrue(playlist.startsWith("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-PLAYLIST-TYPE:EVENT\n"), playlist);
        assertTrue(playlist.endsWith("#EXT-X-ENDLIST\n"), playlist);
        List<String> segments = playlist.lines().filter(l -> l.endsWith(".vtt")).toList();
        assertEquals(7, segments.size(), "13 s of captions in 2 s segments: " + playlist);

        // Play it back: every segment, every cue in it, as a player would; a cue in two segments is shown once.
        Map<TranscriptEvent, Map<Long, String>> shown = new LinkedHashMap<>();
        for (int k = 0; k < segments.size(); k++) {
            String vtt = Files.readString(out.resolve(segments.get(k)));
            assertTrue(vtt.startsWith("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n\n"), vtt);
            Matcher cue = CUE.matcher(vtt);
            while (cue.find()) {
                long start = ms(cue, 1);
                long end = ms(cue, 5);
                assertTrue(end > k * 2_000L && start < (k + 1) * 2_000L, "cue " + start + "-" + end + " is in segment " + k + ", which it overlaps");
                String speaker = cue.group(9).replace("&lt;", "<").replace("&gt;", ">");
                TranscriptEvent said = finals.stream().filter(f -> f.getSpeaker().getDisplayName().equals(speaker)
                        && start >= f.getStartMs() && start < f.getEndMs()).findFirst().orElse(null);
                assertTrue(said != null, "the cue at " + start + " ms of '" + speaker + "' lies in one of their finals");
                shown.computeIfAbsent(said, f -> new TreeMap<>()).put(start, cue.group(10).replace('\n', ' '));
            }
        }
        for (TranscriptEvent f : finals) {
            assertEquals(f.getText(), String.join(" ", shown.getOrDefault(f, Map.of()).values()), "all of the final, once, in order");
        }
    }

    private static long ms(Matcher m, int group) {
        return Long.parseLong(m.group(group)) * 3_600_000 + Long.parseLong(m.group(group + 1)) * 60_000
                + Long.parseLong(m.group(group + 2)) * 1_000 + Long.parseLong(m.group(group + 3));
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, TranscriptEvent f) throws Exception {
        producer.send(new ProducerRecord<>(Topics.CAPTIONS_FINAL.topicName(), f.getSpaceId().getBytes(StandardCharsets.UTF_8),
                WireFormat.of(TranscriptEvent.class).encode(f))).get();
    }
}
