package io.spacecaps.bench;

import io.spacecaps.audio.PcmAudio;
import io.spacecaps.kafka.Topics;
import io.spacecaps.session.SessionManifest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Synthetic Spaces cut from the committed demo Space: its two speakers' tracks, looped to the
 * step's length. Space {@code k} of {@code n} starts {@code k/n} of the way into the recording, so
 * the Spaces do not all talk (and cost the recogniser most) at the same moments. An odd number of
 * tracks makes the last Space a one-speaker Space. Only the joins at the start are kept of the
 * demo's room events: the speaking indicators would not match the looped audio.
 */
final class SyntheticLoad {

    private final SessionManifest demo;
    private final Map<SessionManifest.Track, PcmAudio> demoAudio;

    SyntheticLoad(SessionManifest demo, Map<SessionManifest.Track, PcmAudio> demoAudio) {
        if (demoAudio.isEmpty()) {
            throw new IllegalArgumentException("the demo Space has no tracks");
        }
        this.demo = demo;
        this.demoAudio = demoAudio;
    }

    /** One synthetic Space, ready to publish. */
    record Space(String id, SessionManifest manifest, Map<SessionManifest.Track, PcmAudio> audio) {

        int trackCount() {
            return audio.size();
        }

        /** Audio of every track added up, in seconds. */
        double audioSeconds() {
            return audio.values().stream().mapToDouble(a -> (double) a.sampleCount() / a.sampleRate()).sum();
        }

        /** The Kafka keys of the tracks, {@code spaceId/trackId}: what the recogniser is keyed by. */
        List<String> trackKeys() {
            return audio.keySet().stream().map(t -> Topics.audioKey(id, t.id())).toList();
        }
    }

    /** {@code tracks} tracks of {@code lengthMs} each, in Spaces of the demo's size, ids starting with {@code prefix}. */
    List<Space> spaces(String prefix, int tracks, long lengthMs) {
        List<SessionManifest.Track> demoTracks = new ArrayList<>(demoAudio.keySet());
        int perSpace = demoTracks.size();
        int count = (tracks + perSpace - 1) / perSpace;
        List<Space> spaces = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int here = Math.min(perSpace, tracks - k * perSpace);
            String id = prefix + "-" + k;
            Map<SessionManifest.Track, PcmAudio> audio = new LinkedHashMap<>();
            for (int i = 0; i < here; i++) {
                // A one-speaker Space alternates between the demo's speakers, to keep the mix even.
                SessionManifest.Track track = demoTracks.get(here == perSpace ? i : (k + i) % perSpace);
                PcmAudio source = demoAudio.get(track);
                audio.put(track, loop(source, (double) k / count, lengthMs));
            }
            List<SessionManifest.TimedEvent> joins = demo.events().stream()
                    .filter(e -> e.atMs() == 0 && "PARTICIPANT_JOINED".equals(e.type())).toList();
            SessionManifest.SpaceInfo info = new SessionManifest.SpaceInfo(id, demo.space().title() + " (bench load)",
                    null, demo.space().language());
            SessionManifest manifest = new SessionManifest(info, demo.participants(), List.copyOf(audio.keySet()), joins,
                    demo.baseDir());
            spaces.add(new Space(id, manifest, audio));
        }
        return spaces;
    }

    /** {@code source} from {@code phase} (0..1) of its length onwards, looped to {@code lengthMs}. */
    static PcmAudio loop(PcmAudio source, double phase, long lengthMs) {
        short[] from = source.samples();
        int rate = source.sampleRate();
        int chunk = rate / 10;
        // Start on a whole 100 ms so that the looped copies stay chunk-aligned with the original.
        int offset = (int) ((long) (phase * from.length) / chunk * chunk) % Math.max(1, from.length);
        short[] to = new short[(int) (lengthMs * rate / 1000)];
        for (int i = 0; i < to.length; i++) {
            to[i] = from[(offset + i) % from.length];
        }
        return new PcmAudio(to, rate);
    }
}
