package io.spacecaps.cli;

import io.spacecaps.audio.PcmAudio;
import io.spacecaps.session.HeldAudio;
import io.spacecaps.session.SessionManifest;
import io.spacecaps.session.SessionPublisher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** A command's INPUT, read and converted before anything starts: an audio file or a session manifest. */
record Recording(SessionManifest manifest, Map<SessionManifest.Track, PcmAudio> audio) {

    /** As {@link #read(Path, String, HeldAudio)} for a command that holds the audio once. */
    static Recording read(Path input, String language) throws IOException {
        return read(input, language, HeldAudio.ofThisJvm(1));
    }

    /** @throws IOException naming the file and what is wrong with it, or saying the tracks do not fit {@code budget} */
    static Recording read(Path input, String language, HeldAudio budget) throws IOException {
        if (!Files.isRegularFile(input)) {
            throw new IOException(input + ": no such file");
        }
        SessionManifest manifest = input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")
                ? SessionManifest.read(input)
                : SessionManifest.forRecording(input, language);
        return new Recording(manifest, SessionPublisher.loadTracks(manifest, budget));
    }

    long durationMs() {
        return audio.values().stream().mapToLong(PcmAudio::durationMillis).max().orElse(0);
    }

    java.util.List<String> trackIds() {
        return manifest.tracks().stream().map(SessionManifest.Track::id).toList();
    }
}
