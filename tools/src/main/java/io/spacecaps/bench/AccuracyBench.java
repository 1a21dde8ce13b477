package io.spacecaps.bench;

import io.spacecaps.audio.PcmAudio;
import io.spacecaps.audio.WavFile;
import io.spacecaps.captions.TranscriptCollector;
import io.spacecaps.eval.RecognisedWords;
import io.spacecaps.eval.WordErrorRate;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.session.SessionManifest;
import io.spacecaps.session.SessionPublisher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The pipeline's word error rate beside bare Vosk's on the same audio, in the same run. Each set of
 * recordings is published as one Space (as fast as Kafka takes it, unless told a speed), one track per recording; the
 * finals of each track, in time order, are scored against its reference, and so is
 * {@link io.spacecaps.asr.OfflineTranscriber} on the very samples that were published.
 */
final class AccuracyBench {

    /** One set of recordings, scored. WERs are fractions; the difference is in percentage points. */
    record Score(String name, int files, int referenceWords, double pipelineWer, double bareVoskWer,
                 double differencePoints, String pipelineCounts, String bareVoskCounts,
                 Double bareVoskFedLikeTheJobWer, Double differenceFedLikeTheJobPoints) {
    }

    /** A recording and what was said in it. */
    record Reference(String trackId, Path wav, String participantId, String text) {
    }

    private final String bootstrapServers;
    private final CaptionRouter router;
    private final String modelDir;
    private final double speed;
    private final Consumer<String> status;

    AccuracyBench(String bootstrapServers, CaptionRouter router, String modelDir, double speed, Consumer<String> status) {
        this.speed = speed;
        this.bootstrapServers = bootstrapServers;
        this.router = router;
        this.modelDir = modelDir;
        this.status = status;
    }

    /**
     * The clips of {@code references.tsv} (column {@code normalized_reference}, or the seventh), each
     * a mixed track of its own; the first {@code limit} only.
     */
    static List<Reference> asrClips(Path dir, int limit) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("references.tsv"), StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split("\t", -1));
        int file = Math.max(0, header.indexOf("file"));
        int text = header.indexOf("normalized_reference");
        if (text < 0) {
            text = header.indexOf("normalised_reference");
        }
        if (text < 0) {
            text = 6;
        }
        List<Reference> clips = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank() || clips.size() >= limit) {
                continue;
            }
            String[] f = line.split("\t", -1);
            String name = f[file];
            String id = "clip-" + clips.size() + "-" + name.replaceAll("\\.[^.]*$", "").replaceAll("[^A-Za-z0-9._-]+", "-");
            clips.add(new Reference(id, dir.resolve(name).toAbsolutePath(), null, f[text]));
        }
        return clips;
    }

    /**
     * A long track of real speech for the parity of long tracks: the given clips (16 kHz, as the ASR
     * clips are; another rate is refused) in turn, half a second of silence after each, until it lasts
     * {@code minutes}; written to {@code wav}, with the clips' references joined in the same order.
     * A recogniser that runs for the whole track, as bare Vosk does here, adapts to its voices for
     * that long; the pipeline's is renewed every {@code --recognizer-reset-ms} of audio.
     */
    static Reference longTrack(String trackId, List<Reference> clips, double minutes, Path wav) throws IOException {
        if (clips.isEmpty()) {
            throw new IllegalArgumentException("no clips for the long track " + trackId);
        }
        int rate = 16_000;
        long wanted = Math.round(minutes * 60 * rate);
        List<short[]> pieces = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        long length = 0;
        for (int i = 0; length < wanted; i++) {
            Reference clip = clips.get(i % clips.size());
            PcmAudio audio = WavFile.read(clip.wav());
            if (audio.sampleRate() != rate) {
                throw new IllegalArgumentException(clip.wav() + " is at " + audio.sampleRate() + " Hz, not " + rate);
            }
            pieces.add(audio.samples());
            pieces.add(new short[rate / 2]);
            texts.add(clip.text());
            length += audio.samples().length + rate / 2;
        }
        short[] all = new short[Math.toIntExact(length)];
        int at = 0;
        for (short[] piece : pieces) {
            System.arraycopy(piece, 0, all, at, piece.length);
            at += piece.length;
        }
        Files.createDirectories(wav.toAbsolutePath().getParent());
        WavFile.write(wav, new PcmAudio(all, rate));
        return new Reference(trackId, wav.toAbsolutePath(), null, String.join(" ", texts));
    }

    /** The clips whose file name starts with {@code prefix}, in their order. */
    static List<Reference> clipsNamed(List<Reference> clips, String prefix) {
        return clips.stream().filter(c -> c.wav().getFileName().toString().startsWith(prefix)).toList();
    }

    /** Two lists' items in turn, from the first's first, as long as both last. */
    static List<Reference> inTurn(List<Reference> a, List<Reference> b) {
        List<Reference> out = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            out.add(a.get(i));
            out.add(b.get(i));
        }
        return out;
    }

    /** The demo Space's tracks, each with its speaker's {@code spoken_text} from {@code reference.tsv}. */
    static List<Reference> demoTracks(SessionManifest demo) throws IOException {
        List<String> lines = Files.readAllLines(demo.baseDir().resolve("reference.tsv"), StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split("\t", -1));
        int speaker = header.indexOf("speaker");
        int spoken = header.indexOf("spoken_text");
        Map<String, List<String>> bySpeaker = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                String[] f = line.split("\t", -1);
                bySpeaker.computeIfAbsent(f[speaker], s -> new ArrayList<>()).add(f[spoken]);
            }
        }
        List<Reference> tracks = new ArrayList<>();
        for (SessionManifest.Track t : demo.tracks()) {
            String name = demo.participant(t.participantId()).displayName();
            tracks.add(new Reference(t.id(), demo.fileOf(t), t.participantId(),
                    String.join(" ", bySpeaker.getOrDefault(name, List.of()))));
        }
        return tracks;
    }

    /** Publishes {@code references} as one Space under {@code spaceId} and scores both recognisers. */
    Score score(String name, String spaceId, SessionManifest template, List<Reference> references) throws Exception {
        return score(name, spaceId, template, references, false);
    }

    /**
     * As above; with {@code alsoFedLikeTheJob}, bare Vosk is also scored fed as the job feeds it but
     * with one recogniser per track throughout ({@link BareVosk#fedLikeTheJob}).
     */
    Score score(String name, String spaceId, SessionManifest template, List<Reference> references, boolean alsoFedLikeTheJob)
            throws Exception {
        List<SessionManifest.Track> tracks = references.stream()
                .map(r -> new SessionManifest.Track(r.trackId(), r.wav().toString(), r.participantId())).toList();
        SessionManifest manifest = new SessionManifest(
                new SessionManifest.SpaceInfo(spaceId, name, null, "en"),
                template == null ? List.of() : template.participants(), tracks,
                template == null ? List.of() : template.events(), Path.of("/"));
        Map<SessionManifest.Track, PcmAudio> audio = SessionPublisher.loadTracks(manifest);

        TranscriptCollector collector = new TranscriptCollector(tracks.stream().map(SessionManifest.Track::id).toList());
        router.route(spaceId, collector);
        try (SessionPublisher publisher = new SessionPublisher(bootstrapServers)) {
            status.accept("accuracy: " + name + ": " + tracks.size() + " track(s) through the pipeline, "
                    + (speed > 0 ? "at " + speed + "x real time" : "as fast as possible"));
            publisher.publish(manifest, audio, spaceId, speed, SyntheticLoadStep.CHUNK_MS, null);
            if (!collector.awaitComplete(Duration.ofSeconds(120), null)) {
                throw new IllegalStateException("accuracy run '" + name + "': tracks " + collector.missingTracks()
                        + " never ended (no captions for 120 s)");
            }
        } finally {
            router.stop(spaceId);
        }
        List<TranscriptEvent> finals = collector.finals();

        status.accept("accuracy: " + name + ": bare Vosk on the same audio");
        List<PcmAudio> samples = tracks.stream().map(audio::get).toList();
        List<String> offline = BareVosk.offline(modelDir, samples).texts();

        List<String> likeTheJob = null;
        if (alsoFedLikeTheJob) {
            status.accept("accuracy: " + name + ": bare Vosk fed like the job, one recogniser per track");
            likeTheJob = BareVosk.fedLikeTheJob(modelDir, samples, SyntheticLoadStep.CHUNK_MS);
        }

        WordErrorRate.Result pipeline = WordErrorRate.Result.NONE;
        WordErrorRate.Result bare = WordErrorRate.Result.NONE;
        WordErrorRate.Result bareLikeTheJob = WordErrorRate.Result.NONE;
        for (int i = 0; i < references.size(); i++) {
            String trackId = references.get(i).trackId();
            String heard = RecognisedWords.inTimeOrder(finals.stream().filter(f -> f.getTrackId().equals(trackId)).toList());
            pipeline = pipeline.add(WordErrorRate.of(references.get(i).text(), heard));
            bare = bare.add(WordErrorRate.of(references.get(i).text(), offline.get(i)));
            if (likeTheJob != null) {
                bareLikeTheJob = bareLikeTheJob.add(WordErrorRate.of(references.get(i).text(), likeTheJob.get(i)));
            }
        }
        return new Score(name, references.size(), pipeline.referenceWords(), pipeline.wer(), bare.wer(),
                100 * (pipeline.wer() - bare.wer()), pipeline.toString(), bare.toString(),
                likeTheJob == null ? null : bareLikeTheJob.wer(),
                likeTheJob == null ? null : 100 * (pipeline.wer() - bareLikeTheJob.wer()));
    }
}
