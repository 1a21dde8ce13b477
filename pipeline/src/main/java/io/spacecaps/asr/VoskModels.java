package io.spacecaps.asr;

import io.spacecaps.config.SpacecapsConfig;
import org.vosk.LibVosk;
import org.vosk.Model;
import org.vosk.Recognizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The speech models of this JVM. A Vosk model is large (tens of MB of native memory) and read-only
 * once loaded, so every recogniser in the JVM shares one instance per model directory; the model is
 * freed when its last lease is closed.
 *
 * <p>Recognisers are kept too, per model ({@code warm-recognizers}), once the track that used one is
 * done with it; a new one is made only when none is kept, so they never outnumber the most that were open
 * at once. The English model decodes through a graph composed on the fly (Vosk's lookahead
 * composition of HCLr and Gr), whose expanded states each recogniser caches for itself: a new
 * recogniser spends its first seconds of speech expanding them, two to five times slower than one that
 * has decoded before (BENCHMARKS.md, "A recogniser's first seconds"), which on a live job is the
 * captions' latency tail whenever tracks start. A kept recogniser is handed over finalised: at its next
 * audio Vosk builds it a new feature pipeline and decoder (nothing of the last track's voice or words
 * stays), and only that cache remains, which changes no result. A kept recogniser no track takes
 * within its idle time ({@code warm-recognizer-idle-ms}) is closed, so that the memory a busy hour
 * held is given back once it is over. Recognisers are closed on a thread of this class, never on a
 * track's: freeing a grown cache takes a tenth of a second or more.
 */
public final class VoskModels {

    private static final Map<Path, Loaded> LOADED = new HashMap<>();
    /** Vosk recognisers made in this JVM (for tests: which tracks started on a new one). */
    private static long opened;
    /** Kept recognisers closed unused (for tests). */
    private static long expired;
    /** Recognisers handed back and closed on the closer's thread (for tests). */
    private static long closedAway;
    /**
     * Closes recognisers away from the tracks' threads: those handed back that are not kept, and kept ones
     * whose idle time is up. One daemon thread while any model is loaded, stopped with the last one (once
     * what it was given is closed) so that a finished job leaves no thread behind (it would hold the job's
     * class loader).
     */
    private static ScheduledThreadPoolExecutor closer;

    private VoskModels() {
    }

    private static final class Loaded {
        final Model model;
        final String name;
        final Deque<Kept> kept = new ArrayDeque<>();
        int leases;

        Loaded(Model model, String name) {
            this.model = model;
            this.name = name;
        }
    }

    /**
     * A recogniser of a model and the samples it has heard in its life. Vosk gives word times from the
     * first sample a recogniser ever heard, also after it is finalised and fed again: a kept one's times
     * start at {@code samplesHeard}, not 0.
     */
    public record HeardRecognizer(Recognizer recognizer, float sampleRate, long samplesHeard) {
    }

    /** A kept recogniser and the task that closes it once its idle time is up. */
    private static final class Kept {
        final HeardRecognizer recognizer;
        ScheduledFuture<?> expires;

        Kept(HeardRecognizer recognizer) {
            this.recognizer = recognizer;
        }
    }

    /**
     * What is kept of recognisers a track is done with ({@code warm-recognizers}, {@code
     * recognizer-life-ms}, {@code warm-recognizer-idle-ms}).
     *
     * @param atMost how many are kept per model and JVM; 0 keeps none
     * @param lifeMs one that has heard this much audio is closed instead (see {@link #mayGoOn})
     * @param idleMs one no track takes within this long is closed
     */
    public record Keeping(int atMost, long lifeMs, long idleMs) implements java.io.Serializable {
        public static Keeping of(SpacecapsConfig config) {
            return new Keeping(config.warmRecognizers(), config.recognizerLifeMs(), config.warmRecognizerIdleMs());
        }
    }

    /** A share of a loaded model; close it when done, exactly once. */
    public static final class Lease implements AutoCloseable {
        private final Path dir;
        private final Loaded loaded;
        private boolean closed;

        private Lease(Path dir, Loaded loaded) {
            this.dir = dir;
            this.loaded = loaded;
        }

        public Model model() {
            if (closed) {
                throw new IllegalStateException("model lease already closed");
            }
            return loaded.model;
        }

        /** A readable model name for captions, such as {@code vosk:model-en-us}. */
        public String name() {
            return loaded.name;
        }

        /**
         * A recogniser for {@code sampleRate}: one a finished track left (its graph cache warm), else a new
         * one. The caller sets what it wants of it (word timings) and hands it back with {@link #keep} or
         * closes it.
         */
        public HeardRecognizer recognizer(float sampleRate) throws IOException {
            synchronized (VoskModels.class) {
                model();
                for (var it = loaded.kept.iterator(); it.hasNext(); ) {
                    Kept k = it.next();
                    if (k.recognizer.sampleRate() == sampleRate) {
                        it.remove();
                        k.expires.cancel(false);
                        return k.recognizer;
                    }
                }
                opened++;
            }
            return new HeardRecognizer(new Recognizer(loaded.model, sampleRate), sampleRate, 0);
        }

        /**
         * Gives a recogniser back for a later track, finalised, or closes it when {@code keeping.atMost()}
         * are already kept or it has heard its life (see {@link #mayGoOn}). Whatever it still held
         * undecoded is dropped, as closing it would. Kept, it is closed if no track takes it within
         * {@code keeping.idleMs()}.
         */
        public void keep(HeardRecognizer used, Keeping keeping) {
            if (keeping.atMost() > 0 && mayGoOn(used, keeping.lifeMs())) {
                finalise(used.recognizer());
                synchronized (VoskModels.class) {
                    if (!closed && loaded.kept.size() < keeping.atMost()) {
                        Kept kept = new Kept(used);
                        loaded.kept.push(kept);
                        kept.expires = closer().schedule(() -> expire(loaded, kept), keeping.idleMs(), TimeUnit.MILLISECONDS);
                        return;
                    }
                }
            }
            closeAway(used.recognizer());
        }

        /**
         * Closes a recogniser on the closer's thread: freeing a grown one's cache takes 100 ms or more
         * (125 ms after 7 minutes of speech, BENCHMARKS.md), which on a recognition subtask's thread would
         * hold up the audio of every other track it carries.
         */
        private void closeAway(Recognizer recognizer) {
            synchronized (VoskModels.class) {
                if (!closed) {
                    closer().execute(() -> {
                        recognizer.close();
                        synchronized (VoskModels.class) {
                            closedAway++;
                        }
                    });
                    return;
                }
            }
            recognizer.close();
        }

        @Override
        public void close() {
            synchronized (VoskModels.class) {
                if (closed) {
                    return;
                }
                closed = true;
                if (--loaded.leases == 0) {
                    LOADED.remove(dir);
                    loaded.kept.forEach(k -> {
                        k.expires.cancel(false);
                        k.recognizer.recognizer().close();
                    });
                    loaded.kept.clear();
                    loaded.model.close();
                    if (LOADED.isEmpty() && closer != null) {
                        // Recognisers handed back before are still closed; no idle one is left to wait for.
                        closer.shutdown();
                        closer = null;
                    }
                }
            }
        }
    }

    /** The thread that closes recognisers, started with the first one handed back. */
    private static ScheduledThreadPoolExecutor closer() {
        if (closer == null) {
            closer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, CLOSER_THREAD);
                t.setDaemon(true);
                return t;
            });
            closer.setRemoveOnCancelPolicy(true);
        }
        return closer;
    }

    static final String CLOSER_THREAD = "close Vosk recognisers";

    /** Closes a kept recogniser whose idle time is up, unless a track took it meanwhile. */
    private static void expire(Loaded loaded, Kept kept) {
        synchronized (VoskModels.class) {
            if (!loaded.kept.remove(kept)) {
                return;
            }
            expired++;
        }
        // Outside the lock: freeing a grown recogniser's cache takes a while, and tracks may be taking others.
        kept.recognizer.recognizer().close();
    }

    /**
     * Whether a recogniser may serve on, finalised, having heard less than {@code lifeMs} of audio
     * (capped at {@link SpacecapsConfig#LONGEST_RECOGNIZER_LIFE_MS}, past which Vosk's word times would
     * drift); an older one is closed and a new one takes its place. The
     * graph cache that makes a kept recogniser fast is also its memory, and it grows with what it hears
     * (about 130 MB of native memory after 2 minutes of speech, 260 MB after 16: BENCHMARKS.md, "What a
     * recogniser's cache costs"), so its life is what bounds a track's memory.
     */
    static boolean mayGoOn(HeardRecognizer recognizer, long lifeMs) {
        long life = Math.min(lifeMs, SpacecapsConfig.LONGEST_RECOGNIZER_LIFE_MS);
        return recognizer.samplesHeard() < (long) (recognizer.sampleRate() * (life / 1000.0));
    }

    /**
     * Makes Vosk drop a recogniser's feature pipeline and decoder, so that its next audio starts from
     * nothing, as in a new recogniser. Vosk finalises only a running recogniser: right after an
     * utterance end it is not running, and would carry its speaker adaptation on; fed nothing, it runs.
     */
    static void finalise(Recognizer recognizer) {
        recognizer.acceptWaveForm(new byte[0], 0);
        recognizer.getFinalResult();
    }

    /** Vosk recognisers made in this JVM so far, kept ones handed out again not counted (for tests). */
    static synchronized long openedCount() {
        return opened;
    }

    /** Kept recognisers closed because no track took them within their idle time (for tests). */
    static synchronized long expiredCount() {
        return expired;
    }

    /** Recognisers handed back, not kept, and closed on the closer's thread (for tests). */
    static synchronized long closedAwayCount() {
        return closedAway;
    }

    /** Recognisers kept for later tracks, of every model loaded in this JVM (for the bench). */
    public static synchronized int keptCount() {
        return LOADED.values().stream().mapToInt(l -> l.kept.size()).sum();
    }

    /** Recognisers kept for later tracks of the model in {@code directory} (for tests). */
    static synchronized int keptCount(String directory) {
        Loaded loaded = LOADED.get(Path.of(directory).toAbsolutePath().normalize());
        return loaded == null ? 0 : loaded.kept.size();
    }

    /**
     * Leases the model in {@code directory}, loading it on first use.
     *
     * @throws IllegalArgumentException with a message naming the directory if it is not a Vosk model
     */
    public static synchronized Lease acquire(String directory) {
        Path dir = Path.of(directory).toAbsolutePath().normalize();
        Loaded loaded = LOADED.get(dir);
        if (loaded == null) {
            if (!Files.isDirectory(dir.resolve("am")) && !Files.isRegularFile(dir.resolve("final.mdl"))) {
                throw new IllegalArgumentException("no Vosk model in " + dir + " (expected am/final.mdl there)");
            }
            quietNativeLogs();
            try {
                loaded = new Loaded(new Model(dir.toString()), "vosk:" + dir.getFileName());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot load the Vosk model in " + dir + ": " + e.getMessage(), e);
            }
            LOADED.put(dir, loaded);
        }
        loaded.leases++;
        return new Lease(dir, loaded);
    }

    /**
     * Starts loading the model in {@code directory} on a thread of its own, for a run that knows it
     * will need it before its recognisers open: a local job loads its model while the MiniCluster
     * starts. Closing the result waits for the load and gives the lease back (the model stays while a
     * recogniser holds it). A load that fails is left to the recogniser, which reports it as ever.
     */
    public static AutoCloseable preload(String directory) {
        CompletableFuture<Lease> lease = new CompletableFuture<>();
        Thread loader = new Thread(() -> {
            try {
                lease.complete(acquire(directory));
            } catch (RuntimeException | Error e) {
                lease.completeExceptionally(e);
            }
        }, "load the Vosk model");
        loader.setDaemon(true);
        loader.start();
        return () -> {
            try {
                lease.join().close();
            } catch (CompletionException failed) {
                // The recogniser met the same failure and reported it.
            }
        };
    }

    /** Number of models loaded in this JVM (for tests and metrics). */
    public static synchronized int loadedCount() {
        return LOADED.size();
    }

    /** Kaldi's log level (-2 errors only, -1 warnings, 0 everything), where the process chose one. */
    public static final String LOG_LEVEL_PROPERTY = "spacecaps.vosk.log-level";
    private static boolean nativeLogLevelSet;

    /**
     * Kaldi writes to the process's stderr directly, past any logging framework, and logs every model
     * component it loads: warnings are all a user needs, unless the process asked for another level.
     */
    private static void quietNativeLogs() {
        if (!nativeLogLevelSet) {
            String asked = System.getProperty(LOG_LEVEL_PROPERTY);
            int level = -1;
            try {
                level = asked == null ? -1 : Integer.parseInt(asked.strip());
            } catch (NumberFormatException ignored) {
                // A level that is not a number: warnings, as without one.
            }
            LibVosk.vosk_set_log_level(level);
            nativeLogLevelSet = true;
        }
    }
}
