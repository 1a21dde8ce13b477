package io.spacecaps.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.spacecaps.audio.PcmAudio;
import io.spacecaps.audio.WavFile;
import io.spacecaps.captions.CaptionFeed;
import io.spacecaps.captions.TranscriptCollector;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.eval.DiarizationErrorRate;
import io.spacecaps.eval.Rttm;
import io.spacecaps.eval.SpeakerSegment;
import io.spacecaps.eval.RecognisedWords;
import io.spacecaps.eval.WordErrorRate;
import io.spacecaps.embedded.EmbeddedPipeline;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.session.SessionManifest;
import io.spacecaps.session.SessionPublisher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code scripts/spacecaps diarization-bench}: who-spoke-when accuracy of mixed tracks through the whole
 * pipeline. Prints diarization error rate (0.25 s collar, and none) and, where the reference words are
 * known, speaker-attributed WER (a word credited to the wrong speaker is an error), on the demo Space
 * mixed down to one track, the committed 3- and 4-voice synthetic Spaces, and the AMI excerpts in
 * {@code ../shared/speech/diar}. Mixed tracks are scored twice where the room has speaking indicators:
 * by voice alone (indicators withheld), and with them.
 */
public final class DiarizationBench {

    /** A Space to score, with its reference, and other references of the same audio by name (AMI's {@code alt/}). */
    private record Case(String name, SessionManifest manifest, List<SpeakerSegment> reference, Map<String, String> referenceWords,
                        String referenceText, Map<String, List<SpeakerSegment>> otherReferences) {

        Case(String name, SessionManifest manifest, List<SpeakerSegment> reference, Map<String, String> referenceWords,
             String referenceText) {
            this(name, manifest, reference, referenceWords, referenceText, Map.of());
        }

        /** The same Space scored against another of its references. */
        Case against(String referenceName) {
            return new Case(name + " [" + referenceName + "]", manifest, otherReferences.get(referenceName), referenceWords,
                    referenceText);
        }
    }

    private DiarizationBench() {
    }

    /** Where the JSON goes unless --out says. */
    public static Path defaultOut(Path home) {
        return home.resolve("tools/target/diarization-bench.json");
    }

    /**
     * Runs every case and writes the JSON; returns the exit code (0 done).
     *
     * @param embedded start a broker here rather than use the configuration's
     * @param flinkSettings {@code -D} settings for the MiniCluster
     */
    public static int run(Path home, Path out, SpacecapsConfig config, boolean embedded, Map<String, String> flinkSettings,
                          List<Path> recordingDirs) throws Exception {
        Path work = Files.createTempDirectory("spacecaps-diar-");
        List<Case> cases = new ArrayList<>();
        SessionManifest demo = SessionManifest.read(home.resolve("data/demo-space/manifest.json"));
        Case demoMixed = mixDown(demo, home.resolve("data/demo-space"), work);
        cases.add(withoutIndicators(demoMixed, work));
        cases.add(demoMixed);
        for (String synthetic : List.of("synthetic-3", "synthetic-4")) {
            Path dir = home.resolve("data").resolve(synthetic);
            SessionManifest m = SessionManifest.read(dir.resolve("manifest.json"));
            Case c = new Case(synthetic + " (voice + indicators)", m, Rttm.read(dir.resolve("reference.rttm")),
                    referenceWords(dir.resolve("reference.tsv"), m), referenceInOrder(dir.resolve("reference.tsv")));
            cases.add(withoutIndicators(c, work));
            cases.add(c);
        }
        Path diar = home.resolve("../shared/speech/diar");
        if (Files.isDirectory(diar)) {
            cases.addAll(recordings(diar, "AMI"));
        } else {
            System.err.println("spacecaps: " + diar + " not found; AMI excerpts skipped");
        }
        for (Path dir : recordingDirs) {
            cases.addAll(recordings(dir, dir.getFileName().toString()));
        }

        List<Map<String, Object>> rows = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%-44s %-6s %8s %8s %7s %7s %7s %9s %9s%n", "Space", "pass", "DER", "DER/0", "miss", "fa", "conf",
                "SA-WER", "WER");
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(config, embedded, s -> System.err.println("spacecaps: " + s), null, flinkSettings)) {
            int n = 0;
            for (Case c : cases) {
                String spaceId = "diar-" + (n++);
                TranscriptCollector heard = transcribe(pipeline, c.manifest(), spaceId);
                // What the room was shown live, then the transcript of record after the second pass.
                rows.add(score(c, "live", heard.finalsShownLive()));
                rows.add(score(c, "record", heard.finals()));
                for (String other : c.otherReferences().keySet()) {
                    // The same run against another reference for the same audio (AMI's official labels).
                    Case against = c.against(other);
                    rows.add(score(against, "live", heard.finalsShownLive()));
                    rows.add(score(against, "record", heard.finals()));
                }
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), Map.of("diarization", rows));
        System.err.println("spacecaps: written " + out);
        return 0;
    }

    private static Map<String, Object> score(Case c, String pass, List<TranscriptEvent> finals) {
        List<SpeakerSegment> hyp = hypothesis(finals);
        DiarizationErrorRate.Result collar = DiarizationErrorRate.score(c.reference(), hyp, DiarizationErrorRate.STANDARD_COLLAR_MS);
        DiarizationErrorRate.Result none = DiarizationErrorRate.score(c.reference(), hyp, 0);
        Double saWer = c.referenceWords().isEmpty() ? null : speakerAttributedWer(c, hyp, finals);
        Double wer = c.referenceWords().isEmpty() ? null : plainWer(c, finals);
        System.out.printf(Locale.ROOT, "%-44s %-6s %7.2f%% %7.2f%% %6.2f%% %6.2f%% %6.2f%% %9s %9s%n", c.name(), pass,
                100 * collar.der(), 100 * none.der(), 100 * collar.missRate(), 100 * collar.falseAlarmRate(),
                100 * collar.confusionRate(), percent(saWer), percent(wer));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("space", c.name());
        row.put("pass", pass);
        row.put("derCollar250", collar.der());
        row.put("derNoCollar", none.der());
        row.put("missed", collar.missRate());
        row.put("falseAlarm", collar.falseAlarmRate());
        row.put("confusion", collar.confusionRate());
        row.put("speakerAttributedWer", saWer);
        row.put("wer", wer);
        row.put("hypothesisSpeakers", hyp.stream().map(SpeakerSegment::speaker).distinct().count());
        row.put("revisedFinals", finals.stream().filter(f -> f.getRevisionReason() != null).count());
        return row;
    }

    /**
     * Every {@code NAME.wav} of a directory with its {@code NAME.rttm} (file id NAME), as a recording
     * replayed on one mixed track, and any other references {@code alt/NAME.OTHER.rttm} (the AMI
     * excerpts' official labels, which mark less speech); {@code source} names where they come from
     * in the report.
     */
    private static List<Case> recordings(Path dir, String source) throws IOException {
        List<Case> cases = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path wav : files.filter(p -> p.toString().endsWith(".wav")).sorted().toList()) {
                String id = wav.getFileName().toString().replace(".wav", "");
                Path rttm = dir.resolve(id + ".rttm");
                if (!Files.isRegularFile(rttm)) {
                    throw new IllegalArgumentException(wav + " has no reference " + rttm);
                }
                cases.add(new Case(id + " (" + source + ", voice)", SessionManifest.forRecording(wav, "en"),
                        Rttm.read(rttm), Map.of(), "", otherReferences(dir.resolve("alt"), id)));
            }
        }
        return cases;
    }

    /** {@code alt/ID.OTHER.rttm} by OTHER, in name order. */
    private static Map<String, List<SpeakerSegment>> otherReferences(Path alt, String id) throws IOException {
        Map<String, List<SpeakerSegment>> others = new TreeMap<>();
        if (Files.isDirectory(alt)) {
            try (var files = Files.list(alt)) {
                for (Path rttm : files.filter(p -> p.getFileName().toString().startsWith(id + ".") && p.toString().endsWith(".rttm")).toList()) {
                    String name = rttm.getFileName().toString();
                    others.put(name.substring(id.length() + 1, name.length() - ".rttm".length()), Rttm.read(rttm));
                }
            }
        }
        return others;
    }

    private static TranscriptCollector transcribe(EmbeddedPipeline pipeline, SessionManifest manifest, String spaceId) throws Exception {
        Map<SessionManifest.Track, PcmAudio> audio = SessionPublisher.loadTracks(manifest);
        TranscriptCollector collector = new TranscriptCollector(manifest.tracks().stream().map(SessionManifest.Track::id).toList());
        try (CaptionFeed feed = new CaptionFeed(pipeline.kafka(), spaceId, List.of(Topics.CAPTIONS_FINAL), collector);
             SessionPublisher publisher = new SessionPublisher(pipeline.kafka())) {
            publisher.publish(manifest, audio, spaceId, 0, 100, null);
            if (!collector.awaitComplete(Duration.ofSeconds(180), null)) {
                throw new IllegalStateException("no end of track for " + collector.missingTracks());
            }
        }
        return collector;
    }

    /** Each final (already split per speaker by the pipeline) as a segment of its speaker. */
    static List<SpeakerSegment> hypothesis(List<TranscriptEvent> finals) {
        List<SpeakerSegment> segments = new ArrayList<>();
        for (TranscriptEvent f : finals) {
            if (RecognisedWords.any(f) && f.getEndMs() > f.getStartMs()) {
                segments.add(new SpeakerSegment(speakerOf(f), f.getStartMs(), f.getEndMs()));
            }
        }
        return segments;
    }

    private static String speakerOf(TranscriptEvent f) {
        return f.getSpeaker().getId() != null ? f.getSpeaker().getId() : f.getSpeaker().getDisplayName();
    }

    /**
     * Words credited to the wrong speaker are errors: each reference speaker is matched with the
     * hypothesis speaker that overlaps it most, and WER is summed over the matched pairs; the words of
     * hypothesis speakers matched to nobody are insertions.
     */
    static double speakerAttributedWer(Case c, List<SpeakerSegment> hyp, List<TranscriptEvent> finals) {
        Map<String, Map<String, Long>> overlap = new HashMap<>();
        for (SpeakerSegment r : c.reference()) {
            for (SpeakerSegment h : hyp) {
                long o = Math.min(r.endMs(), h.endMs()) - Math.max(r.startMs(), h.startMs());
                if (o > 0) {
                    overlap.computeIfAbsent(r.speaker(), k -> new HashMap<>()).merge(h.speaker(), o, Long::sum);
                }
            }
        }
        Map<String, String> match = new HashMap<>();
        List<Map.Entry<String, Map.Entry<String, Long>>> pairs = new ArrayList<>();
        overlap.forEach((r, hs) -> hs.entrySet().forEach(h -> pairs.add(Map.entry(r, h))));
        pairs.sort((a, b) -> Long.compare(b.getValue().getValue(), a.getValue().getValue()));
        for (var p : pairs) {
            if (!match.containsKey(p.getKey()) && !match.containsValue(p.getValue().getKey())) {
                match.put(p.getKey(), p.getValue().getKey());
            }
        }
        Map<String, String> hypWords = finals.stream().filter(RecognisedWords::any)
                .collect(Collectors.groupingBy(DiarizationBench::speakerOf, LinkedHashMap::new,
                        Collectors.collectingAndThen(Collectors.toList(), RecognisedWords::inTimeOrder)));
        WordErrorRate.Result total = WordErrorRate.Result.NONE;
        for (Map.Entry<String, String> ref : c.referenceWords().entrySet()) {
            String hypSpeaker = match.get(ref.getKey());
            total = total.add(WordErrorRate.of(ref.getValue(), hypSpeaker == null ? "" : hypWords.getOrDefault(hypSpeaker, "")));
        }
        for (Map.Entry<String, String> h : hypWords.entrySet()) {
            if (!match.containsValue(h.getKey())) {
                total = total.add(WordErrorRate.of("", h.getValue()));
            }
        }
        return total.wer();
    }

    private static String percent(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * value);
    }

    /** WER with speakers ignored: all reference words in time order against all recognised words. */
    static double plainWer(Case c, List<TranscriptEvent> finals) {
        String reference = c.referenceText();
        String heard = RecognisedWords.inTimeOrder(finals);
        return WordErrorRate.of(reference, heard).wer();
    }

    /** A multi-track Space as one mixed track (the sum of its tracks), keeping roster and events. */
    private static Case mixDown(SessionManifest m, Path dir, Path work) throws IOException {
        short[] sum = null;
        int rate = 16000;
        for (SessionManifest.Track t : m.tracks()) {
            PcmAudio a = WavFile.read(m.fileOf(t));
            rate = a.sampleRate();
            short[] s = a.samples();
            if (sum == null) {
                sum = new short[s.length];
            }
            for (int i = 0; i < Math.min(s.length, sum.length); i++) {
                sum[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sum[i] + s[i]));
            }
        }
        Path wav = work.resolve("demo-mixed.wav");
        WavFile.write(wav, new PcmAudio(sum, rate));
        SessionManifest mixed = new SessionManifest(m.space(), m.participants(), List.of(new SessionManifest.Track("mixed", wav.getFileName().toString(), null)),
                m.events(), work);
        return new Case("demo mixed down (voice + indicators)", mixed, Rttm.read(dir.resolve("reference.rttm")),
                referenceWords(dir.resolve("reference.tsv"), m), referenceInOrder(dir.resolve("reference.tsv")));
    }

    private static Case withoutIndicators(Case c, Path work) {
        SessionManifest m = c.manifest();
        List<SessionManifest.TimedEvent> events = m.events().stream().filter(e -> !e.type().startsWith("SPEAKING_")).toList();
        Path base = m.baseDir();
        return new Case(c.name().replace("voice + indicators", "voice only"),
                new SessionManifest(m.space(), m.participants(), m.tracks(), events, base), c.reference(), c.referenceWords(),
                c.referenceText(), c.otherReferences());
    }

    /** reference.tsv's spoken text, turn after turn. */
    private static String referenceInOrder(Path tsv) throws IOException {
        List<String> lines = Files.readAllLines(tsv);
        return String.join(" ", lines.subList(1, lines.size()).stream().map(l -> l.split("\t")[4]).toList());
    }

    /** reference.tsv's spoken text per participant id. */
    private static Map<String, String> referenceWords(Path tsv, SessionManifest m) throws IOException {
        Map<String, String> byName = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(tsv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            byName.merge(f[0], f[4], (a, b) -> a + " " + b);
        }
        Map<String, String> byId = new LinkedHashMap<>();
        for (SessionManifest.Participant p : m.participants()) {
            if (byName.containsKey(p.displayName())) {
                byId.put(p.id(), byName.get(p.displayName()));
            }
        }
        return byId;
    }
}
