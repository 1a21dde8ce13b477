package io.spacecaps.asr;

/** One piece of audio exactly as it was given to a recogniser: samples, or a run of silence. A Flink POJO. */
public class FedAudio {
    public byte[] pcm;
    public int silenceSamples;

    public FedAudio() {
    }

    static FedAudio samples(byte[] pcm) {
        FedAudio a = new FedAudio();
        a.pcm = pcm;
        return a;
    }

    static FedAudio silence(int samples) {
        FedAudio a = new FedAudio();
        a.pcm = new byte[0];
        a.silenceSamples = samples;
        return a;
    }
}
