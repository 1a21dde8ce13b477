package io.spacecaps.asr;

import io.spacecaps.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Recognisers kept for the next track, with real Vosk (what they hear is TrackRecognizerTest's). */
class VoskModelsTest {

    private static final float RATE = 16_000f;

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

        lease.keep(new VoskModels.HeardRecognizer(a.recognizer(), RATE, 48_000), 2);
        lease.keep(b, 2);
        lease.keep(c, 2);
        assertEquals(2, VoskModels.keptCount(TestData.englishModel()), "two kept, the third closed");

        VoskModels.HeardRecognizer again = lease.recognizer(RATE);
        assertSame(b.recognizer(), again.recognizer(), "the last one given back is taken first");
        VoskModels.HeardRecognizer older = lease.recognizer(RATE);
        assertSame(a.recognizer(), older.recognizer());
        assertEquals(48_000, older.samplesHeard(), "with the samples it heard before: its word times count from them");
        lease.keep(again, 0);
        assertEquals(0, VoskModels.keptCount(TestData.englishModel()), "--warm-recognizers 0 keeps none");
        lease.keep(older, 2);
        assertEquals(1, VoskModels.keptCount(TestData.englishModel()));
    }

    @Test
    void aRecogniserThatHeardSixHoursIsClosedNotKept() throws Exception {
        long sixHours = (long) (RATE * VoskModels.LIFE_SECONDS);
        lease.keep(new VoskModels.HeardRecognizer(lease.recognizer(RATE).recognizer(), RATE, sixHours), 4);
        assertEquals(0, VoskModels.keptCount(TestData.englishModel()), "past its life: Vosk's word times would drift");
        lease.keep(new VoskModels.HeardRecognizer(lease.recognizer(RATE).recognizer(), RATE, sixHours - 1), 4);
        assertEquals(1, VoskModels.keptCount(TestData.englishModel()));
    }
}
