package io.spacecaps.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpacecapsConfigTest {

    @Test
    void defaultsWorkOnALaptop() {
        SpacecapsConfig c = SpacecapsConfig.defaults();
        assertEquals("localhost:9092", c.bootstrapServers());
        assertEquals(1_000, c.checkpointIntervalMs());
        assertTrue(c.diarize());
        assertTrue(c.parallelism() >= 1);
        assertEquals(Map.of(), c.kafkaProperties());
    }

    @Test
    void aMisspeltOptionIsRefusedWithTheClosestKnownName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpacecapsConfig.fromArgs(new String[]{"--checkpoint-intervall-ms", "500"}));
        assertEquals("unknown option --checkpoint-intervall-ms (did you mean --checkpoint-interval-ms?)", e.getMessage());
        assertEquals("unknown option --zzz", assertThrows(IllegalArgumentException.class,
                () -> SpacecapsConfig.fromArgs(new String[]{"--zzz", "1"})).getMessage());
    }

    @Test
    void everyBadValueIsNamedBeforeAnythingStarts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpacecapsConfig.fromArgs(new String[]{
                "--parallelism", "abc", "--checkpoint-interval-ms", "-5", "--start-from", "yesterday", "--diarize", "maybe"}));
        assertTrue(e.getMessage().contains("--parallelism takes a whole number, not 'abc'"), e.getMessage());
        assertTrue(e.getMessage().contains("--checkpoint-interval-ms takes a whole number of at least 0, not -5"), e.getMessage());
        assertTrue(e.getMessage().contains("--start-from takes earliest, latest"), e.getMessage());
        assertTrue(e.getMessage().contains("--diarize takes true or false, not 'maybe'"), e.getMessage());
        assertEquals("--parallelism needs a value",
                assertThrows(IllegalArgumentException.class, () -> SpacecapsConfig.fromArgs(new String[]{"--parallelism"})).getMessage());
    }

    @Test
    void valuesFlagsTimesAndModelsAreParsed() {
        SpacecapsConfig c = SpacecapsConfig.fromArgs(new String[]{"--parallelism=3", "--diarize", "--partial-words", "false",
                "--start-from", "2026-11-25T18:00:00Z", "--model.de", "/models/de"});
        assertEquals(3, c.parallelism());
        assertTrue(c.diarize());
        assertFalse(c.partialWords());
        assertEquals(1_795_629_600_000L, c.startFromEpochMs().orElseThrow());
        assertEquals("/models/de", c.modelDirs().get("de"));
        assertEquals(5, c.with(SpacecapsConfig.PARALLELISM, "5").parallelism());
        assertEquals(3, c.withBootstrapServers("h:1").parallelism(), "a copy keeps every other option");
    }

    @Test
    void kafkaClientPropertiesComeFromAFile() throws Exception {
        Path file = Files.createTempFile("client", ".properties");
        try {
            Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");
            SpacecapsConfig c = SpacecapsConfig.fromArgs(new String[]{"--kafka-properties", file.toString()});
            assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"), c.kafkaProperties());
        } finally {
            Files.delete(file);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SpacecapsConfig.fromArgs(
                new String[]{"--kafka-properties", "/no/such/file"})).getMessage().startsWith("--kafka-properties names no readable file"));
    }

    @Test
    void theReadmesConfigurationTableNamesEveryOptionAndNoOther() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String table = readme.substring(readme.indexOf("## Configuration"), readme.indexOf("\n## ", readme.indexOf("## Configuration") + 1));
        java.util.Set<String> documented = new java.util.TreeSet<>();
        java.util.regex.Matcher row = java.util.regex.Pattern.compile("(?m)^\\| `--([a-z.<>-]+)`").matcher(table);
        while (row.find()) {
            documented.add(row.group(1));
        }
        java.util.Set<String> declared = new java.util.TreeSet<>();
        SpacecapsConfig.SETTINGS.forEach(setting -> declared.add(setting.name()));
        declared.add("model.<tag>");
        assertEquals(declared, documented, "README.md, Configuration: one row per option of SpacecapsConfig.SETTINGS");
    }
}
