package io.spacecaps.format;

import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The words a Space's captions write as the room gives them: the roster's display names and handles
 * and the Space's own vocabulary and phrase list (from SPACE_STARTED). A Flink POJO in keyed state;
 * a new instance for every change, and the same one when an event changes nothing.
 */
public class SpaceVocabulary {
    /** Names and handles are kept, not replaced: a renamed speaker may still be talked about by the old name. */
    public String[] names = new String[0];
    public String[] terms = new String[0];
    public String[] phrasesSpoken = new String[0];
    public String[] phrasesWritten = new String[0];

    public SpaceVocabulary() {
    }

    /** The vocabulary after {@code event}: {@code before} itself (or a fresh one) when the event adds nothing. */
    static SpaceVocabulary with(SpaceVocabulary before, SpaceEvent event) {
        SpaceVocabulary base = before == null ? new SpaceVocabulary() : before;
        Set<String> names = new LinkedHashSet<>(Arrays.asList(base.names));
        Set<String> terms = new LinkedHashSet<>(Arrays.asList(base.terms));
        Map<String, String> phrases = new LinkedHashMap<>();
        for (int i = 0; i < base.phrasesSpoken.length; i++) {
            phrases.put(base.phrasesSpoken[i], base.phrasesWritten[i]);
        }
        if (event.getDisplayName() != null && !event.getDisplayName().isBlank()) {
            names.add(event.getDisplayName().strip());
        }
        if (event.getHandle() != null && !event.getHandle().isBlank()) {
            names.add(event.getHandle().strip());
        }
        if (event.getType() == SpaceEventType.SPACE_STARTED) {
            event.getVocabulary().stream().filter(t -> !t.isBlank()).map(String::strip).forEach(terms::add);
            event.getPhrases().forEach((spoken, written) -> {
                if (!spoken.isBlank() && !written.isBlank()) {
                    phrases.put(spoken.strip().toLowerCase(java.util.Locale.ROOT), written.strip());
                }
            });
        }
        if (names.size() == base.names.length && terms.size() == base.terms.length && phrases.size() == base.phrasesSpoken.length
                && phrases.equals(asMap(base))) {
            return base;
        }
        SpaceVocabulary next = new SpaceVocabulary();
        next.names = names.toArray(String[]::new);
        next.terms = terms.toArray(String[]::new);
        next.phrasesSpoken = phrases.keySet().toArray(String[]::new);
        next.phrasesWritten = phrases.values().toArray(String[]::new);
        return next;
    }

    Vocabulary toVocabulary(List<String> masked) {
        return Vocabulary.of(List.of(names), List.of(terms), asMap(this), masked);
    }

    private static Map<String, String> asMap(SpaceVocabulary v) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < v.phrasesSpoken.length; i++) {
            map.put(v.phrasesSpoken[i], v.phrasesWritten[i]);
        }
        return map;
    }
}
