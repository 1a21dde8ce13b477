package io.spacecaps.asr;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Recognisers kept for the next track, with real Vosk (what they hear is TrackRecognizerTest's). */
class VoskModelsTest {

    private static final float RATE = 16_000f;
    private static final long LIFE_MS = 900_000;
    private static final long TEN_MINUTES = 600_000;

    /** Samples in a recogniser's default life. */
    private static final long A_LIFE = (long) (RATE * LIFE_MS / 1000);

    /** A recogniser of the model as if it had heard {@code samples} in its life. */
    private VoskModels.HeardRecognizer oneThatHeard(long samples) throws java.io.IOException {
        return new VoskModels.HeardRecognizer(lease.recognizer(RATE).recognizer(), RATE, samples);
    }

    private static VoskModels.Keeping keeping(int atMost) {
        return new VoskModels.Keeping(atMost, LIFE_MS, TEN_MINUTES);
    }

    private final VoskModels.Lease lease = VoskModels.acquire(TestData.englishModel());

    @AfterEach
    void tearDown() {
        lease.close();
        assertEquals(0, VoskModels.keptCount(TestData.englishModel()), "the last lease closes what was kept");
        assertEquals(0, VoskModels.loadedCount(), "and frees the model");
    }

    @Test
    void aRecogniserGivenBackIsTheNextOneTakenWithWhatItHeardUpToTheBound() throws Exception {
        VoskModels.HeardRecognizer a = lease.recognizer(RATE);
        VoskModels.HeardRecognizer b = lease.recognizer(RATE);
        VoskModels.HeardRecognizer c = lease.recognizer(RATE);
        assertEquals(0, a.samplesHeard(), "a new recogniser has heard nothing");

        lease.keep(new VoskModels.HeardRecognizer(a.recognizer(), RATE, 48_000), keeping(2));
        lease.keep(b, keeping(2));
        lease.keep(c, keeping(2));
        assertEquals(2, VoskModels.keptCount(TestData.englishModel()), "two kept, the third closed");

        VoskModels.HeardRecognizer again = lease.recognizer(RATE);
        assertSame(b.recognizer(), again.recognizer(), "the last one given back is taken first");
        VoskModels.HeardRecognizer older = lease.recognizer(RATE);
        assertSame(a.recognizer(), older.recognizer());
        assertEquals(48_000, older.samplesHeard(), "with the samples it heard before: its word times count from them");
        lease.keep(again, keeping(0));
        assertEquals(0, VoskModels.keptCount(TestData.englishModel()), "--warm-recognizers 0 keeps none");
        lease.keep(older, keeping(2));
        assertEquals(1, VoskModels.keptCount(TestData.englishModel()));
    }

    @Test
    void keptRecognisersNeverOutnumberTheMostThatWereOpenAtOnce() throws Exception {
        long before = VoskModels.openedCount();
        VoskModels.HeardRecognizer a = lease.recognizer(RATE);
        VoskModels.HeardRecognizer b = lease.recognizer(RATE);
        lease.keep(a, keeping(64));
        lease.keep(b, keeping(64));
        for (int track = 0; track < 5; track++) {
            lease.keep(lease.recognizer(RATE), keeping(64));
        }
        assertEquals(2, VoskModels.openedCount() - before, "tracks one after another reuse what two at once left");
        assertEquals(2, VoskModels.keptCount(TestData.englishModel()), "however many are allowed: memory stays what two held");
    }

    @Test
    void aRecogniserThatHeardItsLifeIsClosedNotKept() throws Exception {
        lease.keep(oneThatHeard(A_LIFE), keeping(4));
        assertEquals(0, VoskModels.keptCount(TestData.englishModel()), "past its life: its cache, and memory, would grow on");
        lease.keep(oneThatHeard(A_LIFE - 1), keeping(4));
        assertEquals(1, VoskModels.keptCount(TestData.englishModel()));
    }

    @Test
    void aRecogniserNotKeptIsClosedOffTheThreadThatHandsItBack() throws Exception {
        long before = VoskModels.closedAwayCount();
        lease.keep(oneThatHeard(A_LIFE), keeping(4));
        lease.keep(lease.recognizer(RATE), keeping(0));
        waitAtMostTenSecondsFor(() -> VoskModels.closedAwayCount() == before + 2);
        assertEquals(before + 2, VoskModels.closedAwayCount(),
                "past its life, or with none to be kept: closed by the closer, not by the track's thread");
        assertEquals(0, VoskModels.keptCount(TestData.englishModel()));
    }

    @Test
    void aKeptRecogniserNoTrackTakesIsClosedOnceItsIdleTimeIsUp() throws Exception {
        long expiredBefore = VoskModels.expiredCount();
        VoskModels.HeardRecognizer brief = lease.recognizer(RATE);
        VoskModels.HeardRecognizer lasting = lease.recognizer(RATE);
        lease.keep(lasting, keeping(4));
        lease.keep(brief, new VoskModels.Keeping(4, LIFE_MS, 200));
        assertEquals(2, VoskModels.keptCount(TestData.englishModel()));

        waitAtMostTenSecondsFor(() -> VoskModels.keptCount(TestData.englishModel()) < 2);
        assertEquals(1, VoskModels.keptCount(TestData.englishModel()), "the one unused past 200 ms is closed");
        assertEquals(1, VoskModels.expiredCount() - expiredBefore);
        assertSame(lasting.recognizer(), lease.recognizer(RATE).recognizer(), "the one with ten minutes to go stays");
    }

    @Test
    void aRecogniserTakenWithinItsIdleTimeServesItsTrackPastIt() throws Exception {
        long expiredBefore = VoskModels.expiredCount();
        VoskModels.HeardRecognizer first = lease.recognizer(RATE);
        lease.keep(first, new VoskModels.Keeping(4, LIFE_MS, 300));
        VoskModels.HeardRecognizer taken = lease.recognizer(RATE);
        assertSame(first.recognizer(), taken.recognizer());
        Thread.sleep(600);

        assertEquals(0, VoskModels.expiredCount() - expiredBefore, "taken in time: not closed under its track");
        byte[] silence = new byte[32_000];
        taken.recognizer().acceptWaveForm(silence, silence.length);
        assertTrue(taken.recognizer().getFinalResult().contains("text"), "and it still decodes");
        lease.keep(taken, keeping(4));
        assertEquals(1, VoskModels.keptCount(TestData.englishModel()));
    }

    @Test
    void theLastLeaseStopsTheThreadThatClosesRecognisers() throws Exception {
        long closedAwayBefore = VoskModels.closedAwayCount();
        VoskModels.HeardRecognizer kept = lease.recognizer(RATE);
        VoskModels.HeardRecognizer notKept = lease.recognizer(RATE);
        lease.keep(kept, keeping(4));
        lease.keep(notKept, keeping(0));
        assertTrue(closerRuns(), "one kept for ten minutes: the thread waits to close it");
        lease.close();
        waitAtMostTenSecondsFor(() -> !closerRuns());
        assertFalse(closerRuns(), "a finished job leaves no thread behind to hold its class loader");
        assertEquals(closedAwayBefore + 1, VoskModels.closedAwayCount(), "once the one handed back just before is closed");
    }

    /** Returns when {@code done} holds or ten seconds have passed; the caller asserts which. */
    private static void waitAtMostTenSecondsFor(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static boolean closerRuns() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(VoskModels.CLOSER_THREAD));
    }

    @Test
    void noLifeIsLongerThanSixHoursWhateverItIsSet() {
        long sixHours = (long) (RATE * SpacecapsConfig.LONGEST_RECOGNIZER_LIFE_MS / 1000);
        assertTrue(VoskModels.mayGoOn(new VoskModels.HeardRecognizer(null, RATE, sixHours - 1), Long.MAX_VALUE));
        assertFalse(VoskModels.mayGoOn(new VoskModels.HeardRecognizer(null, RATE, sixHours), Long.MAX_VALUE),
                "Vosk's word times would drift past 6 hours");
        assertFalse(VoskModels.mayGoOn(new VoskModels.HeardRecognizer(null, 8_000f, 8_000L * 60), 60_000), "a minute at 8 kHz");
        assertTrue(VoskModels.mayGoOn(new VoskModels.HeardRecognizer(null, 8_000f, 8_000L * 60 - 1), 60_000));
    }
}
