package io.spacecaps.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.spacecaps.audio.PcmAudio;
import io.spacecaps.captions.CaptionFeed;
import io.spacecaps.captions.TranscriptCollector;
import io.spacecaps.clients.SpaceSummaryReader;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.embedded.EmbeddedPipeline;
import io.spacecaps.eval.FormattingScore;
import io.spacecaps.eval.RecognisedWords;
import io.spacecaps.eval.StabilityScore;
import io.spacecaps.eval.TalkScore;
import io.spacecaps.eval.WordErrorRate;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.session.SessionManifest;
import io.spacecaps.session.SessionPublisher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * {@code scripts/spacecaps quality-bench}: how readable the captions are. Runs Spaces through the whole
 * pipeline and scores their finals against a punctuated, cased reference ({@link FormattingScore}:
 * sentence ends, question marks, commas, casing, numerals, on the words recognised right), the WER of
 * the words and of the written text (which should be the same: writing changes no word), and the
 * partials' promise of stable words ({@link StabilityScore}). Spaces: the demo Space, and
 * {@code data/seed-002-tail}, whose text nothing was tuned on.
 */
public final class QualityBench {

    /** One turn of a reference: as the transcript writes it, and as the voice said it. */
    record Turn(String speaker, String display, String spoken) {
    }

    /** A Space to score: its manifest and its reference turns. */
    record Case(String name, SessionManifest manifest, List<Turn> reference) {
    }

    /** The scores of one Space (or of all). */
    record Score(String space, int tracks, WordErrorRate.Result werOfWords, WordErrorRate.Result werOfText,
                 FormattingScore.Result formatting, StabilityScore.Result stability, List<String> notNormalisedBack) {

        static Score none(String name) {
            return new Score(name, 0, WordErrorRate.Result.NONE, WordErrorRate.Result.NONE, FormattingScore.Result.NONE,
                    StabilityScore.Result.NONE, List.of());
        }

        Score add(Score other) {
            List<String> both = new ArrayList<>(notNormalisedBack);
            both.addAll(other.notNormalisedBack);
            return new Score(space, tracks + other.tracks, werOfWords.add(other.werOfWords), werOfText.add(other.werOfText),
                    formatting.add(other.formatting), stability.add(other.stability), both);
        }
    }

    /** The Spaces scored, relative to the project's directory. */
    static final List<String> SPACES = List.of("data/demo-space", "data/seed-002-tail");

    private QualityBench() {
    }

    /** Where the JSON goes unless --out says. */
    public static Path defaultOut(Path home) {
        return home.resolve("tools/target/quality-bench.json");
    }

    /**
     * Runs every Space, prints the table and writes the JSON; returns the exit code (0 done).
     *
     * @param spaces        Space directories (manifest.json, reference.tsv); none: the demo Space and data/seed-002-tail
     * @param speed         replay speed: 1 real time (the partials' timing is then a live one), 0 as fast as possible
     * @param embedded      start a broker here rather than use the configuration's
     * @param flinkSettings {@code -D} settings for the MiniCluster
     */
    public static int run(Path home, List<Path> spaces, Path out, SpacecapsConfig config, double speed, boolean embedded,
                          Map<String, String> flinkSettings, Consumer<String> status) throws Exception {
        List<Case> cases = new ArrayList<>();
        for (Path dir : spaces.isEmpty() ? SPACES.stream().map(home::resolve).toList() : spaces) {
            cases.add(read(dir));
        }
        List<Score> scores = new ArrayList<>();
        List<TalkScore.Result> talks = new ArrayList<>();
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(config, embedded, status, null, flinkSettings)) {
            for (Case c : cases) {
                String spaceId = c.manifest().space().id() + "-" + UUID.randomUUID().toString().substring(0, 8);
                status.accept(String.format(Locale.ROOT, "quality: %s (%.0f s of audio%s)", c.name(),
                        c.manifest().tracks().isEmpty() ? 0.0 : duration(c) / 1000.0, speed > 0 ? ", at " + speed + "x" : ""));
                scores.add(score(c, transcribe(pipeline, c.manifest(), spaceId, speed)));
                // The Space's statistics, as a dashboard reads them, against the room's speaking indicators.
                talks.add(TalkScore.score(c.name(), c.manifest(), referenceWords(c),
                        SpaceSummaryReader.await(pipeline.kafka(), spaceId, Duration.ofSeconds(60)).orElse(null)));
            }
        }
        Score total = scores.stream().reduce(Score.none("all"), Score::add);
        print(scores, total);
        printTalk(talks);
        write(out, scores, total, talks, speed);
        status.accept("written " + out);
        return 0;
    }

    /** A Space directory: {@code manifest.json}, and {@code reference.tsv} with speaker, display_text, spoken_text. */
    static Case read(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve("reference.tsv"))) {
            throw new IOException(dir + ": no reference.tsv (a Space to score needs one, as scripts/make-space.py writes)");
        }
        SessionManifest manifest = SessionManifest.read(dir.resolve("manifest.json"));
        List<String> lines = Files.readAllLines(dir.resolve("reference.tsv"), StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split("\t", -1));
        int speaker = header.indexOf("speaker");
        int display = header.indexOf("display_text");
        int spoken = header.indexOf("spoken_text");
        if (speaker < 0 || display < 0 || spoken < 0) {
            throw new IOException(dir.resolve("reference.tsv") + ": needs columns speaker, display_text and spoken_text");
        }
        List<Turn> turns = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                String[] f = line.split("\t", -1);
                turns.add(new Turn(f[speaker], f[display], f[spoken]));
            }
        }
        String all = turns.stream().map(Turn::display).collect(Collectors.joining(" "));
        if (all.chars().noneMatch(Character::isUpperCase) || all.chars().noneMatch(ch -> ".?!,".indexOf(ch) >= 0)) {
            // A lower-cased reference would score every capital and full stop as wrong.
            throw new IOException(dir.resolve("reference.tsv") + ": display_text has no capitals or no punctuation; "
                    + "the quality bench needs the transcript as written");
        }
        return new Case(dir.getFileName().toString(), manifest, turns);
    }

    private static long duration(Case c) throws IOException {
        long longest = 0;
        for (PcmAudio audio : SessionPublisher.loadTracks(c.manifest()).values()) {
            longest = Math.max(longest, audio.durationMillis());
        }
        return longest;
    }

    /** Every caption of the Space, partials and finals, once every track has ended. */
    private static List<TranscriptEvent> transcribe(EmbeddedPipeline pipeline, SessionManifest manifest, String spaceId,
                                                    double speed) throws Exception {
        Map<SessionManifest.Track, PcmAudio> audio = SessionPublisher.loadTracks(manifest);
        TranscriptCollector collector = new TranscriptCollector(manifest.tracks().stream().map(SessionManifest.Track::id).toList());
        List<TranscriptEvent> all = Collections.synchronizedList(new ArrayList<>());
        try (CaptionFeed feed = new CaptionFeed(pipeline.kafka(), spaceId, List.of(Topics.CAPTIONS_PARTIAL, Topics.CAPTIONS_FINAL),
                caption -> {
                    all.add(caption);
                    collector.accept(caption);
                });
             SessionPublisher publisher = new SessionPublisher(pipeline.kafka())) {
            publisher.publish(manifest, audio, spaceId, speed, 100, null);
            if (!collector.awaitComplete(Duration.ofSeconds(180), null)) {
                pipeline.checkRunning();
                throw new IllegalStateException("no end of track for " + collector.missingTracks() + " (no captions for 180 s)");
            }
        }
        synchronized (all) {
            return new ArrayList<>(all);
        }
    }

    /** Each track against its speaker's reference turns, summed over the Space. */
    static Score score(Case c, List<TranscriptEvent> captions) {
        Score total = Score.none(c.name());
        for (SessionManifest.Track track : c.manifest().tracks()) {
            SessionManifest.Participant owner = track.participantId() == null ? null : c.manifest().participant(track.participantId());
            if (owner == null) {
                throw new IllegalArgumentException(c.name() + ": track " + track.id() + " has no participant; the quality "
                        + "bench scores one speaker per track");
            }
            List<Turn> turns = c.reference().stream().filter(t -> t.speaker().equals(owner.displayName())).toList();
            List<TranscriptEvent> ofTrack = captions.stream().filter(e -> e.getTrackId().equals(track.id())).toList();
            List<TranscriptEvent> finals = ofTrack.stream().filter(io.spacecaps.kafka.LiveCaptions::ofRecord)
                    .collect(Collectors.toMap(TranscriptEvent::getEventId, e -> e, (a, b) -> a, LinkedHashMap::new))
                    .values().stream().toList();
            String spoken = turns.stream().map(Turn::spoken).collect(Collectors.joining(" "));
            String text = finals.stream().filter(RecognisedWords::any)
                    .sorted(Comparator.comparingLong(TranscriptEvent::getStartMs).thenComparing(TranscriptEvent::getUtteranceId))
                    .map(TranscriptEvent::getText).collect(Collectors.joining(" "));
            total = total.add(new Score(c.name(), 1,
                    WordErrorRate.of(spoken, RecognisedWords.inTimeOrder(finals)),
                    WordErrorRate.of(spoken, text),
                    FormattingScore.score(turns.stream().map(Turn::display).toList(), FormattingScore.writtenTokens(finals)),
                    StabilityScore.score(ofTrack),
                    FormattingScore.notNormalisedBack(finals)));
        }
        return total;
    }

    private static final String ROW = "%-14s %6s %9s %9s %7s %6s %6s %7s %8s %7s %7s %15s%n";

    private static void print(List<Score> scores, Score total) {
        System.out.printf(Locale.ROOT, ROW, "Space", "words", "WER words", "WER text", "end F1", "? F1", ", F1", "casing",
                "numerals", "churn", "replaced", "earlier p50/p90");
        for (Score s : scores) {
            System.out.printf(Locale.ROOT, ROW, cells(s));
        }
        System.out.printf(Locale.ROOT, ROW, cells(total));
    }

    private static Object[] cells(Score s) {
        FormattingScore.Result f = s.formatting();
        StabilityScore.Result st = s.stability();
        return new Object[]{s.space(), s.werOfWords().referenceWords(), FormattingScore.percent(s.werOfWords().wer()),
                FormattingScore.percent(s.werOfText().wer()), ratio(f.sentenceEnds().f1()), ratio(f.questionMarks().f1()),
                ratio(f.commas().f1()), FormattingScore.percent(f.casing()), f.numeralsWritten() + "/" + f.referenceNumerals(),
                FormattingScore.percent(st.churn()), FormattingScore.percent(st.alignedChurn()),
                ms(st.earlierPercentile(0.5)) + "/" + ms(st.earlierPercentile(0.9))};
    }

    private static Map<String, Integer> referenceWords(Case c) {
        Map<String, Integer> words = new LinkedHashMap<>();
        for (Turn t : c.reference()) {
            words.merge(t.speaker(), t.spoken().isBlank() ? 0 : t.spoken().trim().split("\\s+").length, Integer::sum);
        }
        return words;
    }

    private static final String TALK_ROW = "%-14s %-16s %12s %12s %11s %15s%n";

    private static void printTalk(List<TalkScore.Result> talks) {
        System.out.println();
        System.out.printf(Locale.ROOT, TALK_ROW, "Space", "speaker", "talk share", "turns", "words", "share error");
        for (TalkScore.Result r : talks) {
            if (!r.summaryFound()) {
                System.out.printf(Locale.ROOT, TALK_ROW, r.space(), "(no summary)", "-", "-", "-", "-");
                continue;
            }
            for (TalkScore.Speaker s : r.speakers()) {
                System.out.printf(Locale.ROOT, TALK_ROW, r.space(), s.displayName(),
                        FormattingScore.percent(s.share()) + " (" + FormattingScore.percent(s.truthShare()) + ")",
                        s.turns() + " (" + s.truthTurns() + ")", s.words() + " (" + s.referenceWords() + ")",
                        String.format(Locale.ROOT, "%.1f pp", r.shareErrorPoints()));
            }
        }
        System.out.println("(the job's spaces.stats summary; in brackets the room's speaking indicators and the reference)");
    }

    private static String ratio(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String ms(Long value) {
        return value == null ? "-" : value + "ms";
    }

    private static void write(Path out, List<Score> scores, Score total, List<TalkScore.Result> talks, double speed)
            throws IOException {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("speed", speed);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < scores.size(); i++) {
            Map<String, Object> row = json(scores.get(i));
            row.put("statistics", talks.get(i));
            rows.add(row);
        }
        report.put("spaces", rows);
        report.put("all", json(total));
        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
    }

    private static Map<String, Object> json(Score s) {
        FormattingScore.Result f = s.formatting();
        StabilityScore.Result st = s.stability();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("space", s.space());
        row.put("tracks", s.tracks());
        row.put("werOfWords", wer(s.werOfWords()));
        row.put("werOfText", wer(s.werOfText()));
        row.put("writtenTokensNotNormalisedBack", s.notNormalisedBack().size());
        row.put("writtenTokensNotNormalisedBackExamples", s.notNormalisedBack().stream().limit(20).toList());
        row.put("referenceWords", f.referenceWords());
        row.put("recognisedWords", f.recognisedWords());
        row.put("sentenceEnds", counts(f.sentenceEnds()));
        row.put("questionMarks", counts(f.questionMarks()));
        row.put("commas", counts(f.commas()));
        row.put("casedWords", f.casedWords());
        row.put("caseMatches", f.caseMatches());
        row.put("casing", nullIfNaN(f.casing()));
        row.put("referenceNumerals", f.referenceNumerals());
        row.put("numeralsWritten", f.numeralsWritten());
        row.put("numeralsWhereReferenceSpellsOut", f.numeralsForWords());
        row.put("examples", f.examples());
        Map<String, Object> stability = new LinkedHashMap<>();
        stability.put("utterances", st.utterances());
        stability.put("partials", st.partials());
        stability.put("stableWords", st.stableWords());
        stability.put("changedAfterStable", st.changed());
        stability.put("churn", nullIfNaN(st.churn()));
        stability.put("replacedAfterStable", st.replaced());
        stability.put("alignedChurn", nullIfNaN(st.alignedChurn()));
        stability.put("finalWords", st.finalWords());
        stability.put("finalWordsStableEarly", st.earlierMs().length);
        stability.put("earlierMsP50", st.earlierPercentile(0.5));
        stability.put("earlierMsP90", st.earlierPercentile(0.9));
        stability.put("changes", st.changes());
        row.put("partialStability", stability);
        return row;
    }

    private static Map<String, Object> wer(WordErrorRate.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("wer", nullIfNaN(r.wer()));
        m.put("substitutions", r.substitutions());
        m.put("deletions", r.deletions());
        m.put("insertions", r.insertions());
        m.put("referenceWords", r.referenceWords());
        return m;
    }

    private static Map<String, Object> counts(FormattingScore.Counts c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("f1", nullIfNaN(c.f1()));
        m.put("precision", nullIfNaN(c.precision()));
        m.put("recall", nullIfNaN(c.recall()));
        m.put("truePositives", c.truePositives());
        m.put("falsePositives", c.falsePositives());
        m.put("falseNegatives", c.falseNegatives());
        return m;
    }

    private static Double nullIfNaN(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }
}
