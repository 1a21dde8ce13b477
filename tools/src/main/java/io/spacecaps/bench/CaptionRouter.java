package io.spacecaps.bench;

import io.spacecaps.schema.TranscriptEvent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Hands each caption to whoever is listening for its Space. One {@link io.spacecaps.captions.CaptionFeed}
 * serves the whole bench: a feed per load step would re-read every earlier step's captions from the
 * start of the topics and spend CPU the pipeline needs.
 */
final class CaptionRouter implements Consumer<TranscriptEvent> {

    private final Map<String, Consumer<TranscriptEvent>> routes = new ConcurrentHashMap<>();

    void route(String spaceId, Consumer<TranscriptEvent> listener) {
        routes.put(spaceId, listener);
    }

    void stop(String spaceId) {
        routes.remove(spaceId);
    }

    @Override
    public void accept(TranscriptEvent caption) {
        Consumer<TranscriptEvent> listener = routes.get(caption.getSpaceId());
        if (listener != null) {
            listener.accept(caption);
        }
    }
}
