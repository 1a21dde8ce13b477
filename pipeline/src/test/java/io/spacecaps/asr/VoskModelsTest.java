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

        lease.keep(new VoskModels.HeardRecognizer(a.recognizer(), RATE, 48_000), 2, LIFE_MS);
        lease.keep(b, 2, LIFE_MS);
        lease.keep(c, 2, LIFE_MS);
        assertEquals(2, VoskModels.keptCount(TestData.englishModel()), "two kept, the third closed");

        VoskModels.HeardRecognizer again = lease.recognizer(RATE);
        assertSame(b.recognizer(), again.recognizer(), "the last one given back is taken first");
        VoskModels.HeardRecognizer older = lease.recognizer(RATE);
        assertSame(a.recognizer(), older.recognizer());
        assertEquals(48_000, older.samplesHeard(), "with the samples it heard before: its word times count from them");
        lease.keep(again, 0, LIFE_MS);
        assertEquals(0, VoskModels.keptCount(TestData.englishModel()), "--warm-recognizers 0 keeps none");
        lease.keep(older, 2, LIFE_MS);
        assertEquals(1, VoskModels.keptCount(TestData.englishModel()));
    }

    @Test
    void keptRecognisersNeverOutnumberTheMostThatWereOpenAtOnce() throws Exception {
        long before = VoskModels.openedCount();
        VoskModels.HeardRecognizer a = lease.recognizer(RATE);
        VoskModels.HeardRecognizer b = lease.recognizer(RATE);
        lease.keep(a, 64, LIFE_MS);
        lease.keep(b, 64, LIFE_MS);
        for (int track = 0; track < 5; track++) {
            lease.keep(lease.recognizer(RATE), 64, LIFE_MS);
        }
        assertEquals(2, VoskModels.openedCount() - before, "tracks one after another reuse what two at once left");
        assertEquals(2, VoskModels.keptCount(TestData.englishModel()), "however many are allowed: memory stays what two held");
    }

    @Test
    void aRecogniserThatHeardItsLifeIsClosedNotKept() throws Exception {
        long fifteenMinutes = (long) (RATE * LIFE_MS / 1000);
        lease.keep(new VoskModels.HeardRecognizer(lease.recognizer(RATE).recognizer(), RATE, fifteenMinutes), 4, LIFE_MS);
        assertEquals(0, VoskModels.keptCount(TestData.englishModel()), "past its life: its cache, and memory, would grow on");
        lease.keep(new VoskModels.HeardRecognizer(lease.recognizer(RATE).recognizer(), RATE, fifteenMinutes - 1), 4, LIFE_MS);
        assertEquals(1, VoskModels.keptCount(TestData.englishModel()));
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
