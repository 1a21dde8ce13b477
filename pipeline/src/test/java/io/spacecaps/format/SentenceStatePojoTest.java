package io.spacecaps.format;

import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/** The operator keeps SentenceState in keyed state: it must stay a Flink POJO, never fall back to Kryo. */
class SentenceStatePojoTest {

    @Test
    void serialisedAsPojoWithoutKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(SentenceState.class);
    }
}
