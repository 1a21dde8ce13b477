package io.spacecaps.testing;


import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the model, the committed clips and the demo Space. */
public final class TestData {

    /**
     * What bare Vosk (the build's English model) hears in {@code clips/slt-hello.wav}: the clip's text,
     * word for word. The recogniser's tests expect exactly this.
     */
    public static final String SLT_HELLO_HEARD = "the quick brown fox jumps over the lazy dog and we are testing live captions today";

    private TestData() {
    }

    /** The English model the build unpacked (surefire and failsafe pass its path). */
    public static String englishModel() {
        String dir = System.getProperty("spacecaps.model.en");
        if (dir == null || !Files.isDirectory(Path.of(dir))) {
            throw new IllegalStateException("spacecaps.model.en does not point at the unpacked model: " + dir
                    + " (run the tests through Maven)");
        }
        return dir;
    }

    /** The project's root directory. */
    public static Path home() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("data")) ? here : here.getParent();
    }

    public static Path demoManifest() {
        return home().resolve("data/demo-space/manifest.json");
    }

    /** A committed 16 kHz clip, {@code clips/NAME.wav}, and its reference text {@code clips/NAME.txt}. */
    public static Clip clip(String name) throws IOException {
        try (InputStream in = TestData.class.getResourceAsStream("/clips/" + name + ".wav")) {
            return Clip.readWav(in, name + ".wav");
        }
    }

    public static String clipText(String name) throws IOException {
        try (InputStream in = TestData.class.getResourceAsStream("/clips/" + name + ".txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }
}
