package io.spacecaps.captions;

import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FinalsInSpaceOrderTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final List<String> shown = new ArrayList<>();
    private final List<String> late = new ArrayList<>();
    private final FinalsInSpaceOrder order = new FinalsInSpaceOrder(c -> shown.add(c.getText()), c -> late.add(c.getText()),
            1_500, now::get, false);

    @Test
    void aFinalOvertakenAcrossSpeakersIsShownInSpaceTimeOrder() {
        order.accept(finalAt("b", 92_000));
        now.addAndGet(400);
        order.accept(finalAt("a", 86_000));
        order.releaseDue();
        assertEquals(List.of(), shown, "both still held");
        now.addAndGet(1_100);
        order.releaseDue();
        assertEquals(List.of("a", "b"), shown, "the earlier one first, though it came second");
    }

    @Test
    void eachFinalWaitsNoLongerThanTheHold() {
        order.accept(finalAt("a", 10_000));
        now.addAndGet(1_499);
        order.releaseDue();
        assertEquals(List.of(), shown);
        now.addAndGet(1);
        order.releaseDue();
        assertEquals(List.of("a"), shown);
    }

    @Test
    void aFinalTooLateForItsPlaceIsNeverShownOutOfOrder() {
        order.accept(finalAt("b", 92_000));
        now.addAndGet(2_000);
        order.releaseDue();
        order.accept(finalAt("a", 86_000));
        order.flush();
        assertEquals(List.of("b"), shown);
        assertEquals(List.of("a"), late);
    }

    @Test
    void partialsPassStraightThroughAndFlushEmptiesTheHold() {
        order.accept(finalAt("later", 5_000));
        order.accept(TranscriptEvent.newBuilder(finalAt("partial", 1_000)).setKind(TranscriptKind.PARTIAL).build());
        assertEquals(List.of("partial"), shown);
        order.flush();
        assertEquals(List.of("partial", "later"), shown);
    }

    private static TranscriptEvent finalAt(String text, long startMs) {
        return Utterances.utterance(Utterances.ELON, "t-" + text, (int) (startMs / 1000), startMs, startMs + 500, text, java.util.List.of());
    }
}
