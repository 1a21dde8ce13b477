package io.spacecaps.speakers.voice;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EnergyVoiceActivityTest {

    /** Log energy of a 400-sample frame whose mean-square level is {@code db} dB above one 16-bit step. */
    private static float frameAt(double db) {
        return (float) (Math.log(400) + db / (10 / Math.log(10)));
    }

    /** Decisions for a sequence of levels, as a string: S speech, L speech and loud, . silence. */
    private static String decide(EnergyVoiceActivity vad, double... levels) {
        List<Integer> decisions = new ArrayList<>();
        for (double db : levels) {
            int d = vad.accept(frameAt(db));
            if (d >= 0) {
                decisions.add(d);
            }
        }
        for (int d : vad.finish()) {
            decisions.add(d);
        }
        StringBuilder out = new StringBuilder();
        for (int d : decisions) {
            out.append((d & EnergyVoiceActivity.LOUD) != 0 ? 'L' : (d & EnergyVoiceActivity.SPEECH) != 0 ? 'S' : '.');
        }
        return out.toString();
    }

    private static double[] pattern(String levels) {
        // 'x' a loud frame (60 dB), '-' digital silence.
        double[] out = new double[levels.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = levels.charAt(i) == 'x' ? 60 : -100;
        }
        return out;
    }

    @Test
    void bridgesShortGapsAndAddsOnsetsAndDecays() {
        EnergyVoiceActivity vad = new EnergyVoiceActivity(8, 50, 12, 3, 2, 1);

        String decisions = decide(vad, pattern("------xxx---xxx-----xx------"));

        assertEquals("-----SLLLSSSLLLSS--SLLSS----".replace('-', '.'), decisions);
    }

    @Test
    void quietFramesFarBelowTheLoudestAreNotSpeech() {
        EnergyVoiceActivity vad = new EnergyVoiceActivity(8, 30, 12, 0, 0, 0);
        double[] levels = {20, 20, 70, 70, 45, 35, 39, 41, 70};

        // After 70 dB, 35 and 39 are more than 30 dB down; 41 and 45 are not.
        assertEquals("..LLL..LL", decide(vad, levels));
    }

    @Test
    void aSteadyNoiseFloorIsNotSpeech() {
        EnergyVoiceActivity vad = new EnergyVoiceActivity(8, 50, 12, 0, 0, 0);
        double[] levels = new double[40];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = 20 + (i % 3);
        }
        levels[30] = 40;
        levels[31] = 42;

        String decisions = decide(vad, levels);

        assertEquals(".".repeat(30) + "LL" + ".".repeat(8), decisions);
    }
}
