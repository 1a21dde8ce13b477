package io.spacecaps.cli;

import io.spacecaps.audio.PcmAudio;
import io.spacecaps.session.HeldAudio;
import io.spacecaps.session.SessionManifest;
import io.spacecaps.session.SessionPublisher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** A command's INPUT, read and converted before anything starts: an audio file or a session manifest. */
record Recording(SessionManifest manifest, Map<SessionManifest.Track, PcmAudio> audio) {

    /** As {@link #read(Path, String, HeldAudio, Consumer)} for a command that holds the audio once. */
    static Recording read(Path input, String language, Consumer<String> warnings) throws IOException {
        return read(input, language, HeldAudio.ofThisJvm(1), warnings);
    }

    /**
     * @param warnings hears of a file read only in part (a WAV cut off mid-write)
     * @throws IOException naming the file and what is wrong with it, or saying the tracks do not fit {@code budget}
     */
    static Recording read(Path input, String language, HeldAudio budget, Consumer<String> warnings) throws IOException {
        if (!Files.isRegularFile(input)) {
            throw new IOException(input + ": no such file");
        }
        SessionManifest manifest = input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")
                ? SessionManifest.read(input)
                : SessionManifest.forRecording(input, language);
        return new Recording(manifest, SessionPublisher.loadTracks(manifest, budget, warnings));
    }

    long durationMs() {
        return audio.values().stream().mapToLong(PcmAudio::durationMillis).max().orElse(0);
    }

    List<String> trackIds() {
        return manifest.tracks().stream().map(SessionManifest.Track::id).toList();
    }
}
