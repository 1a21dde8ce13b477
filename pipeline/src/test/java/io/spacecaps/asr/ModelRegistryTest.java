package io.spacecaps.asr;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelRegistryTest {

    private final ModelRegistry registry = new ModelRegistry(Map.of("en", "/models/en", "de-at", "/models/de-at"), "en");

    @Test
    void picksByTagThenPrimaryLanguageThenDefault() {
        assertEquals(Optional.of("/models/en"), registry.directoryFor("en-GB"));
        assertEquals(Optional.of("/models/de-at"), registry.directoryFor("de_AT"));
        assertEquals(Optional.of("/models/en"), registry.directoryFor(null));
        assertEquals(Optional.empty(), registry.directoryFor("nl"));
        assertTrue(registry.missingModelMessage("nl").contains("--model.nl DIR"));
    }

    @Test
    void aMissingDirectoryFailsAtStartUpWithItsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, registry::checkDirectories);
        assertTrue(e.getMessage().contains("/models/de-at"), e.getMessage());
    }
}
