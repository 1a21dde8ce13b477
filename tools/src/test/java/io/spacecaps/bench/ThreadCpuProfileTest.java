package io.spacecaps.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ThreadCpuProfileTest {

    @Test
    void threadsOfOneKindShareAName() {
        assertEquals(ThreadCpuProfile.kind("recognise speech (Vosk) (1/2)#0"), ThreadCpuProfile.kind("recognise speech (Vosk) (2/2)#0"));
        assertEquals("kafka-producer-network-thread | producer-#",
                ThreadCpuProfile.kind("kafka-producer-network-thread | producer-17"));
    }
}
