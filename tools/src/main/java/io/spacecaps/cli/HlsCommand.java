package io.spacecaps.cli;

import io.spacecaps.captions.CaptionFeed;
import io.spacecaps.captions.CueLimits;
import io.spacecaps.captions.HlsCaptions;
import io.spacecaps.clients.KafkaClientSettings;
import io.spacecaps.kafka.LiveCaptions;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

@Command(name = "hls", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        abbreviateSynopsis = true,
        description = {"Keeps a Space's live captions as an HLS subtitle rendition in a directory: WebVTT segments and "
                + "the playlist captions.m3u8, which a player showing the Space's audio reads beside it (serve the "
                + "directory with any web server). Runs until the Space ends (the playlist is then closed) or Ctrl-C.%n"})
final class HlsCommand extends KafkaClientCommand {

    @Option(names = "--space", paramLabel = "ID", required = true, description = "the Space whose captions to keep")
    String space;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "the directory for the playlist and segments")
    Path out;

    @Option(names = "--segment-seconds", paramLabel = "S", description = "length of a segment (default: 6)")
    int segmentSeconds = 6;

    @Option(names = "--settle-ms", paramLabel = "MS", description = "how far past a segment's end the captions must have come "
            + "before it is written: a final arrives when its utterance ends (default: 15000)")
    long settleMs = 15_000;


    HlsCommand(CliContext context) {
        super(context);
    }

    @Override
    String withoutBootstrap() {
        return "hls needs --bootstrap HOST:PORT";
    }

    @Override
    void validateOptions() throws Exception {
        if (segmentSeconds < 1 || segmentSeconds > 60) {
            throw usage("--segment-seconds takes a whole number from 1 to 60, not " + segmentSeconds);
        }
        checkNotNegative("--settle-ms", settleMs);
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw usage("--out " + out + " is a file; give a directory");
        }
    }

    @Override
    public Integer call() throws Exception {
        KafkaClientSettings kafka = kafka();
        KafkaWait.requireTopics(KafkaWait.until(kafka, console()), List.of(Topics.CAPTIONS_FINAL), kafka);
        Files.createDirectories(out);
        HlsCaptions hls = new HlsCaptions(out, segmentSeconds * 1000L, settleMs, CueLimits.BROADCAST);
        Map<String, TranscriptEvent> finals = new LinkedHashMap<>();
        Set<String> tracks = new HashSet<>();
        Set<String> endedTracks = new HashSet<>();
        long[] lastCaptionNanos = {System.nanoTime()};
        CaptionFeed feed = new CaptionFeed(kafka, space, List.of(Topics.CAPTIONS_FINAL), f -> {
            synchronized (finals) {
                if (f.getKind() == TranscriptKind.FINAL) {
                    finals.merge(LiveCaptions.utteranceOf(f), f, LiveCaptions::newerRevision);
                    tracks.add(f.getTrackId());
                    if (f.getEndOfTrack()) {
                        endedTracks.add(f.getTrackId());
                    }
                }
                lastCaptionNanos[0] = System.nanoTime();
            }
        });
        console().status("keeping the captions of Space '" + space + "' in " + out.resolve(HlsCaptions.PLAYLIST)
                + "; until the Space ends, or Ctrl-C");
        try {
            while (true) {
                List<TranscriptEvent> now;
                boolean ended;
                synchronized (finals) {
                    now = new ArrayList<>(finals.values());
                    // Every track that spoke has ended, and nothing more came for the settle time: the Space is over.
                    ended = !tracks.isEmpty() && endedTracks.containsAll(tracks)
                            && System.nanoTime() - lastCaptionNanos[0] > settleMs * 1_000_000L;
                }
                int listed = hls.update(now, ended);
                if (ended) {
                    console().status("the Space ended: " + listed + " segment(s), playlist closed");
                    return SpacecapsCli.OK;
                }
                Thread.sleep(500);
            }
        } finally {
            feed.close();
        }
    }
}
