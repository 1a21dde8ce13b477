package io.spacecaps.format;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.spacecaps.format.Speech.words;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class CaptionFormatterTest {

    @Test
    void oneSharedInstancePerJvm() {
        assertSame(CaptionFormatter.shared(), CaptionFormatter.shared());
    }

    /** Operators on one task manager share the instance across threads; each track brings its own state. */
    @Test
    void tracksFormattedOnManyThreadsGetTheSameText() throws Exception {
        String script = "well i think the b b c paid forty four billion dollars . are you sure";
        String expected = "Well, I think the BBC paid $44 billion. Are you sure?";
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                results.add(pool.submit(() -> CaptionFormatter.shared()
                        .formatFinal(words(script), Vocabulary.empty(), new SentenceState(), 800).text()));
            }
            for (Future<String> result : results) {
                assertEquals(expected, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
