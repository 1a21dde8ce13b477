package io.spacecaps.testing;

import io.spacecaps.audio.PcmAudio;
import io.spacecaps.session.SessionManifest;
import io.spacecaps.session.SessionPublisher;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The committed demo Space, or its first seconds. Failure tests strike in the middle of a Space and
 * compare with a run without the failure; the first minute has both voices, turns and sentences cut
 * by the failure, and costs half the whole Space's time on a 2-core machine.
 */
public record DemoSpace(SessionManifest manifest, Map<SessionManifest.Track, PcmAudio> audio) {

    public static DemoSpace whole() throws IOException {
        SessionManifest manifest = SessionManifest.read(TestData.demoManifest());
        return new DemoSpace(manifest, SessionPublisher.loadTracks(manifest));
    }

    /** The Space's first {@code seconds}: each track's audio and the room's events up to then; it ends there. */
    public static DemoSpace firstSeconds(int seconds) throws IOException {
        DemoSpace whole = whole();
        long cutMs = seconds * 1000L;
        Map<SessionManifest.Track, PcmAudio> audio = new LinkedHashMap<>();
        whole.audio.forEach((track, pcm) -> audio.put(track,
                pcm.slice(0, (int) Math.min(pcm.samples().length, cutMs * pcm.sampleRate() / 1000))));
        SessionManifest m = whole.manifest;
        SessionManifest cut = new SessionManifest(m.space(), m.participants(), m.tracks(),
                m.events().stream().filter(e -> e.atMs() < cutMs).toList(), m.baseDir());
        return new DemoSpace(cut, audio);
    }
}
