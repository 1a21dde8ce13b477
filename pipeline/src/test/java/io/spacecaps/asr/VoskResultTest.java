package io.spacecaps.asr;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VoskResultTest {

    @Test
    void parsesAFinalResultWithWords() {
        VoskResult r = VoskResult.parse("""
                {"result":[{"conf":1.0,"end":1.02,"start":0.6,"word":"what"},{"conf":0.5,"end":1.5,"start":1.02,"word":"hate"}],
                 "text":"what hate"}""");
        assertEquals("what hate", r.text());
        assertEquals(new VoskResult.Word("hate", 1.02, 1.5, 0.5), r.words().get(1));
    }

    @Test
    void parsesAPartialAndAnEmptyResult() {
        VoskResult p = VoskResult.parse("{\"partial\" : \"what hate\", \"partial_result\":[{\"conf\":1,\"end\":1,\"start\":0.5,\"word\":\"what\"}]}");
        assertEquals("what hate", p.text());
        assertEquals(1, p.words().size());
        assertTrue(VoskResult.parse("{\"text\" : \"\"}").isEmpty());
        assertTrue(VoskResult.parse("{\"partial\" : \"\"}").isEmpty());
    }
}
