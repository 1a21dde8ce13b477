package io.spacecaps.asr;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which model recognises which language: {@code en} ships with the build (unpacked from Maven
 * Central); any other language is a Vosk model directory given as {@code --model.<language> DIR}.
 */
public final class ModelRegistry implements Serializable {

    private final TreeMap<String, String> dirs;
    private final String defaultLanguage;

    public ModelRegistry(Map<String, String> dirs, String defaultLanguage) {
        this.dirs = new TreeMap<>(dirs);
        this.defaultLanguage = defaultLanguage;
    }

    /** The language to use when a Space does not say, or says nothing usable. */
    public String defaultLanguage() {
        return defaultLanguage;
    }

    /**
     * The model directory for a BCP 47 tag: an exact match first ({@code en-GB}), then the primary
     * language ({@code en}).
     */
    public Optional<String> directoryFor(String language) {
        if (language == null || language.isBlank()) {
            language = defaultLanguage;
        }
        String tag = language.strip().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        String dir = dirs.get(tag);
        if (dir == null && tag.contains("-")) {
            dir = dirs.get(tag.substring(0, tag.indexOf('-')));
        }
        return Optional.ofNullable(dir);
    }

    /** A message for a user whose language has no model. */
    public String missingModelMessage(String language) {
        return "no speech model for language '" + language + "'"
                + (dirs.isEmpty() ? "" : " (configured: " + String.join(", ", dirs.keySet()) + ")")
                + "; pass --model." + language + " DIR with a Vosk model directory";
    }

    /** Checks that every configured directory exists, so a typo fails at start-up, not mid-Space. */
    public void checkDirectories() {
        for (Map.Entry<String, String> e : dirs.entrySet()) {
            if (!Files.isDirectory(Path.of(e.getValue()))) {
                throw new IllegalArgumentException("the model for '" + e.getKey() + "' is configured as " + e.getValue()
                        + ", which is not a directory" + ("en".equals(e.getKey()) ? " (run 'mvn install' to unpack the bundled English model)" : ""));
            }
        }
    }
}
