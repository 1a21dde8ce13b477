package io.spacecaps.embedded;

import io.spacecaps.audio.PcmAudio;
import io.spacecaps.captions.CaptionFeed;
import io.spacecaps.captions.TranscriptCollector;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.eval.DiarizationErrorRate;
import io.spacecaps.eval.RecognisedWords;
import io.spacecaps.eval.Rttm;
import io.spacecaps.eval.SpeakerSegment;
import io.spacecaps.embedded.EmbeddedPipeline;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.session.SessionManifest;
import io.spacecaps.session.SessionPublisher;
import io.spacecaps.testing.TestData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A mixed track with three voices through the whole pipeline: once by voice alone (the room says
 * nothing about who speaks), once with the room's speaking indicators, which name the voices.
 */
class MixedTrackITCase {

    @Test
    void threeVoicesOnOneTrackAreToldApartAndNamed() throws Exception {
        Path dir = TestData.home().resolve("data/synthetic-3");
        SessionManifest withIndicators = SessionManifest.read(dir.resolve("manifest.json"));
        SessionManifest voiceOnly = new SessionManifest(withIndicators.space(), withIndicators.participants(), withIndicators.tracks(),
                withIndicators.events().stream().filter(e -> !e.type().startsWith("SPEAKING_")).toList(), withIndicators.baseDir());
        List<SpeakerSegment> reference = Rttm.read(dir.resolve("reference.rttm"));
        Map<SessionManifest.Track, PcmAudio> audio = SessionPublisher.loadTracks(withIndicators);
        SpacecapsConfig config = SpacecapsConfig.fromArgs(new String[]{"--model.en", TestData.englishModel(), "--parallelism", "2"});

        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(config, true, s -> { })) {
            List<TranscriptEvent> byVoice = run(pipeline, voiceOnly, audio, "mixed-voice");
            List<TranscriptEvent> named = run(pipeline, withIndicators, audio, "mixed-named");

            DiarizationErrorRate.Result voiceDer = DiarizationErrorRate.score(reference, segments(byVoice), DiarizationErrorRate.STANDARD_COLLAR_MS);
            System.out.printf("synthetic-3 mixed track, voice only: %s%n", voiceDer);
            assertTrue(voiceDer.der() < 0.12, "DER " + voiceDer.der());
            Set<String> labels = byVoice.stream().filter(RecognisedWords::any).map(f -> f.getSpeaker().getDisplayName())
                    .collect(Collectors.toSet());
            assertEquals(Set.of("Speaker 1", "Speaker 2", "Speaker 3"), labels);
            assertTrue(byVoice.stream().filter(RecognisedWords::any)
                    .allMatch(f -> f.getSpeaker().getAttribution() == Attribution.VOICE));

            DiarizationErrorRate.Result namedDer = DiarizationErrorRate.score(reference, segments(named), DiarizationErrorRate.STANDARD_COLLAR_MS);
            System.out.printf("synthetic-3 mixed track, with speaking indicators: %s%n", namedDer);
            assertTrue(namedDer.der() < 0.12, "DER " + namedDer.der());
            Set<String> names = named.stream().filter(RecognisedWords::any).map(f -> f.getSpeaker().getDisplayName())
                    .collect(Collectors.toSet());
            assertEquals(Set.of("Ada Host", "Ben Guest", "Cleo Guest"), names);
        }
    }

    private static List<TranscriptEvent> run(EmbeddedPipeline pipeline, SessionManifest manifest,
                                             Map<SessionManifest.Track, PcmAudio> audio, String spaceId) throws Exception {
        TranscriptCollector collector = new TranscriptCollector(List.of("mixed"));
        try (CaptionFeed feed = new CaptionFeed(pipeline.bootstrapServers(), spaceId, List.of(Topics.CAPTIONS_FINAL), collector);
             SessionPublisher publisher = new SessionPublisher(pipeline.bootstrapServers())) {
            publisher.publish(manifest, audio, spaceId, 0, 100, null);
            assertTrue(collector.awaitComplete(Duration.ofSeconds(180), null));
        }
        return collector.finals();
    }

    /** Each final as a turn of its speaker (participant id, or voice label). */
    private static List<SpeakerSegment> segments(List<TranscriptEvent> finals) {
        List<SpeakerSegment> out = new ArrayList<>();
        for (TranscriptEvent f : finals) {
            if (RecognisedWords.any(f)) {
                String who = f.getSpeaker().getId() != null ? f.getSpeaker().getId() : f.getSpeaker().getDisplayName();
                out.add(new SpeakerSegment(who, f.getStartMs(), f.getEndMs()));
            }
        }
        return out;
    }
}
