package io.spacecaps.testing;

import io.spacecaps.embedded.FlinkRest;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the rescaling tests ask of a job started from a savepoint. */
public final class Savepoints {

    private Savepoints() {
    }

    /**
     * Waits (at most a minute) until Flink says the job started from a savepoint, once it is deployed,
     * and asserts that it was {@code savepoint} (by its directory's name: Flink and the caller may
     * spell the location's scheme differently).
     */
    public static void assertStartedFrom(FlinkRest rest, String savepoint) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Optional<String> from = rest.checkpoints().restoredSavepoint();
        while (from.isEmpty()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("the job did not report starting from a savepoint: " + rest.checkpoints().json());
            }
            Thread.sleep(200);
            from = rest.checkpoints().restoredSavepoint();
        }
        assertEquals(lastSegment(savepoint), lastSegment(from.get()), "the job started from the savepoint the one before it took");
    }

    private static String lastSegment(String path) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
