package io.spacecaps.bench;

import io.spacecaps.bench.OfflineTranscriber;
import io.spacecaps.asr.VoskModels;
import io.spacecaps.asr.VoskResult;
import io.spacecaps.audio.PcmAudio;
import org.vosk.Recognizer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Bare Vosk's cost on given audio, timed by this thread's CPU clock (Vosk decodes on the calling
 * thread): the yardstick for the pipeline's cost. Besides the plain yardstick
 * ({@link OfflineTranscriber}: 4000-byte blocks, a result at each endpoint), it times the way the
 * job's recogniser calls Vosk, one change at a time, so that the part of the pipeline's overhead
 * that is spent inside Vosk shows up on its own.
 */
final class BareVosk {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private BareVosk() {
    }

    /** CPU and wall time a way of calling Vosk took on some audio. */
    record Cost(String name, String how, double audioSeconds, double cpuSeconds, double wallSeconds) {

        double cpuPerAudioSecond() {
            return audioSeconds == 0 ? 0 : cpuSeconds / audioSeconds;
        }
    }

    /**
     * Everything bare Vosk is measured at: its cost on one synthetic Space's audio, the job's call
     * pattern step by step (on at most the first minute of each track), and the memory of an open
     * recogniser that has heard as much as a load step's tracks have when their memory is sampled.
     */
    record Yardstick(Cost cost, Cost everyCoreBusy, List<Cost> callPatterns, long rssBytesPerRecognizer,
                     double recognizerAudioSeconds) {

        double cpuPerAudioSecond() {
            return cost.cpuPerAudioSecond();
        }
    }

    /** Measures the {@link Yardstick} on {@code audio} (a Space's tracks); nothing of the audio is kept. */
    static Yardstick measure(String modelDir, List<PcmAudio> audio, int chunkMs, boolean partialWords,
                             double memorySampleFraction, java.util.function.Consumer<String> status) {
        status.accept(String.format(java.util.Locale.ROOT, "bare Vosk on one Space's load audio (%.0f s), twice", seconds(audio)));
        // The cheaper of two runs: interference from other processes only adds CPU time, and a
        // yardstick measured low makes the pipeline's ratio to it conservative.
        Cost first = offline(modelDir, audio).cost();
        Cost second = offline(modelDir, audio).cost();
        Cost cost = first.cpuSeconds() <= second.cpuSeconds() ? first : second;
        int cores = Machine.cores();
        status.accept("bare Vosk on the same audio in " + cores + " threads at once");
        Cost busy;
        try {
            busy = offlineOnEveryCore(modelDir, audio, cores, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        List<PcmAudio> firstMinute = audio.stream().map(a -> a.slice(0, Math.min(a.sampleCount(), 60 * a.sampleRate()))).toList();
        status.accept(String.format(java.util.Locale.ROOT, "bare Vosk called the job's way, step by step (%.0f s of audio each)",
                seconds(firstMinute)));
        List<Cost> patterns = callPatterns(modelDir, firstMinute, chunkMs);
        List<PcmAudio> heard = audio.stream()
                .map(a -> a.slice(0, (int) Math.min(a.sampleCount(), Math.round(a.sampleCount() * memorySampleFraction)))).toList();
        status.accept("bare Vosk's memory per open recogniser (" + heard.size() + " recognisers)");
        long rss = rssBytesPerRecognizer(modelDir, heard, chunkMs, partialWords);
        return new Yardstick(cost, busy, patterns, rss, seconds(heard) / Math.max(1, heard.size()));
    }

    /** The recognised text of each recording and what recognising them cost. */
    record Transcripts(List<String> texts, Cost cost) {
    }

    /** {@link OfflineTranscriber} on each recording in turn. */
    static Transcripts offline(String modelDir, List<PcmAudio> audio) {
        try (VoskModels.Lease loaded = VoskModels.acquire(modelDir)) {
            // Held so that loading the model is never part of the timing.
            loaded.model();
            long cpu = THREADS.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            List<String> texts = new ArrayList<>();
            for (PcmAudio a : audio) {
                texts.add(OfflineTranscriber.transcribe(modelDir, a));
            }
            return new Transcripts(texts, new Cost("bare Vosk", "OfflineTranscriber: 4000-byte blocks, text at endpoints",
                    seconds(audio), (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9, (System.nanoTime() - wall) / 1e9));
        }
    }

    /**
     * The job's recogniser's call pattern, built up from the yardstick one step at a time (each the
     * cheaper of two interleaved rounds):
     * 100 ms chunks with word timings; then a partial result after every chunk; then word timings
     * on partials (the job's default, {@code --partial-words true}).
     */
    static List<Cost> callPatterns(String modelDir, List<PcmAudio> audio, int chunkMs) {
        List<Cost> best = new ArrayList<>();
        // Two interleaved rounds, the cheaper of each kept: other processes on the machine only ever
        // add CPU time, and interleaving keeps a noisy minute from landing on one variant alone.
        for (int round = 0; round < 2; round++) {
            List<Cost> costs = List.of(
                    offline(modelDir, audio).cost(),
                    pattern(modelDir, audio, chunkMs, false, false, "100 ms chunks, word timings on finals"),
                    pattern(modelDir, audio, chunkMs, true, false, "+ a partial result after every chunk"),
                    pattern(modelDir, audio, chunkMs, true, true, "+ word timings on partials (the job's default)"),
                    interleaved(modelDir, audio, chunkMs));
            for (int i = 0; i < costs.size(); i++) {
                if (best.size() <= i) {
                    best.add(costs.get(i));
                } else if (costs.get(i).cpuSeconds() < best.get(i).cpuSeconds()) {
                    best.set(i, costs.get(i));
                }
            }
        }
        return best;
    }

    private static Cost pattern(String modelDir, List<PcmAudio> audio, int chunkMs, boolean partials,
                                boolean partialWords, String how) {
        try (VoskModels.Lease model = VoskModels.acquire(modelDir)) {
            long cpu = THREADS.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            for (PcmAudio a : audio) {
                feed(model, a, chunkMs, partials, partialWords);
            }
            return new Cost("job call pattern", how, seconds(audio), (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9,
                    (System.nanoTime() - wall) / 1e9);
        }
    }

    /**
     * Each recording through one recogniser for its whole length, fed as the job feeds one
     * (chunks of {@code chunkMs}, a partial with word timings after every chunk): the yardstick that
     * leaves only what the pipeline does around Vosk, such as renewing a track's recogniser.
     */
    static List<String> fedLikeTheJob(String modelDir, List<PcmAudio> audio, int chunkMs) {
        try (VoskModels.Lease model = VoskModels.acquire(modelDir)) {
            return audio.stream().map(a -> feed(model, a, chunkMs, true, true)).toList();
        }
    }

    /** Feeds one recording in chunks; returns the text of its finals, joined. */
    private static String feed(VoskModels.Lease model, PcmAudio a, int chunkMs, boolean partials, boolean partialWords) {
        try (Recognizer recognizer = new Recognizer(model.model(), a.sampleRate())) {
            recognizer.setWords(true);
            recognizer.setPartialWords(partialWords);
            byte[] pcm = a.toLittleEndianBytes();
            int chunkBytes = a.sampleRate() * chunkMs / 1000 * 2;
            byte[] chunk = new byte[chunkBytes];
            List<String> texts = new ArrayList<>();
            String lastPartial = "";
            for (int offset = 0; offset < pcm.length; offset += chunkBytes) {
                int length = Math.min(chunkBytes, pcm.length - offset);
                // The job copies each chunk's payload out of its record, too.
                System.arraycopy(pcm, offset, chunk, 0, length);
                if (recognizer.acceptWaveForm(chunk, length)) {
                    OfflineTranscriber.addText(texts, VoskResult.parse(recognizer.getResult()));
                    lastPartial = "";
                } else if (partials) {
                    VoskResult partial = VoskResult.parse(recognizer.getPartialResult());
                    if (!partial.text().equals(lastPartial)) {
                        lastPartial = partial.text();
                    }
                }
            }
            OfflineTranscriber.addText(texts, VoskResult.parse(recognizer.getFinalResult()));
            return String.join(" ", texts);
        } catch (IOException e) {
            throw new IllegalStateException("Vosk could not create a recogniser", e);
        }
    }

    /**
     * Bare Vosk fed as live audio arrives: the recordings dealt out to one thread per core, each
     * thread holding its recordings open and feeding each a chunk every {@code chunkMs} of wall
     * time, with a partial result after every chunk, sleeping in between (the job's call pattern,
     * paced like a live room). Between chunks other work runs and caches go cold, so this costs more
     * per audio-second than decoding a file flat out; it takes as long as the longest recording.
     */
    static Cost pacedLive(String modelDir, List<PcmAudio> audio, int threads, int chunkMs, boolean partialWords)
            throws InterruptedException {
        long wall = System.nanoTime();
        long cpu;
        try (VoskModels.Lease model = VoskModels.acquire(modelDir)) {
            cpu = cpuOnThreads(threads, "bench-bare-vosk-paced",
                    slot -> feedInTurn(model, share(audio, slot, threads), chunkMs, partialWords, true).cpuNanos());
        }
        return new Cost("bare Vosk", "the job's call pattern paced in real time, recordings shared out over " + threads
                + " threads", seconds(audio), cpu / 1e9, (System.nanoTime() - wall) / 1e9);
    }

    /**
     * The job's default pattern with every recording open at once and fed a chunk in turn, as one
     * recogniser subtask serves the many tracks keyed to it: shows what switching between
     * recognisers (their decoders' working sets in the caches) costs.
     */
    private static Cost interleaved(String modelDir, List<PcmAudio> audio, int chunkMs) {
        try (VoskModels.Lease model = VoskModels.acquire(modelDir)) {
            Fed fed = feedInTurn(model, audio, chunkMs, true, false);
            return new Cost("job call pattern", "+ tracks open at once, a chunk each in turn", seconds(audio),
                    fed.cpuNanos() / 1e9, fed.wallNanos() / 1e9);
        }
    }

    /** CPU (this thread's clock) and wall time of {@link #feedInTurn}'s feeding, recogniser set-up left out. */
    private record Fed(long cpuNanos, long wallNanos) {
    }

    /**
     * Opens a recogniser per recording, all at once, and feeds each a {@code chunkMs} chunk in turn
     * with a result or partial result after every chunk, as one recogniser subtask serves the tracks
     * keyed to it. Paced, a round starts every {@code chunkMs} of wall time, as live audio arrives;
     * otherwise as fast as Vosk goes.
     */
    private static Fed feedInTurn(VoskModels.Lease model, List<PcmAudio> audio, int chunkMs, boolean partialWords,
                                  boolean paced) {
        List<Recognizer> open = new ArrayList<>();
        try {
            List<byte[]> pcm = new ArrayList<>();
            for (PcmAudio a : audio) {
                Recognizer recognizer = new Recognizer(model.model(), a.sampleRate());
                open.add(recognizer);
                recognizer.setWords(true);
                recognizer.setPartialWords(partialWords);
                pcm.add(a.toLittleEndianBytes());
            }
            int chunkBytes = audio.isEmpty() ? 0 : audio.get(0).sampleRate() * chunkMs / 1000 * 2;
            byte[] chunk = new byte[Math.max(1, chunkBytes)];
            int longest = pcm.stream().mapToInt(p -> p.length).max().orElse(0);
            long wall = System.nanoTime();
            long cpu = THREADS.getCurrentThreadCpuTime();
            for (int offset = 0, round = 0; offset < longest; offset += chunkBytes, round++) {
                long wait = wall + (round + 1) * chunkMs * 1_000_000L - System.nanoTime();
                if (paced && wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                for (int r = 0; r < open.size(); r++) {
                    byte[] from = pcm.get(r);
                    if (offset >= from.length) {
                        continue;
                    }
                    int length = Math.min(chunkBytes, from.length - offset);
                    System.arraycopy(from, offset, chunk, 0, length);
                    Recognizer recognizer = open.get(r);
                    if (recognizer.acceptWaveForm(chunk, length)) {
                        VoskResult.parse(recognizer.getResult());
                    } else {
                        VoskResult.parse(recognizer.getPartialResult());
                    }
                }
            }
            open.forEach(r -> VoskResult.parse(r.getFinalResult()));
            return new Fed(THREADS.getCurrentThreadCpuTime() - cpu, System.nanoTime() - wall);
        } catch (IOException e) {
            throw new IllegalStateException("Vosk could not create a recogniser", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            open.forEach(Recognizer::close);
        }
    }

    /** The recordings of {@code audio} that thread {@code slot} of {@code threads} takes: dealt out round-robin. */
    private static List<PcmAudio> share(List<PcmAudio> audio, int slot, int threads) {
        List<PcmAudio> mine = new ArrayList<>();
        for (int r = slot; r < audio.size(); r += threads) {
            mine.add(audio.get(r));
        }
        return mine;
    }

    /**
     * Runs {@code work} on {@code threads} new threads at once, each given its slot number and
     * returning the CPU nanoseconds it counts; returns their sum. A failure on any thread is thrown
     * here, after all have ended.
     */
    private static long cpuOnThreads(int threads, String name, java.util.function.IntToLongFunction work)
            throws InterruptedException {
        long[] cpu = new long[threads];
        Thread[] workers = new Thread[threads];
        RuntimeException[] failure = new RuntimeException[1];
        for (int i = 0; i < threads; i++) {
            int slot = i;
            workers[i] = new Thread(() -> {
                try {
                    cpu[slot] = work.applyAsLong(slot);
                } catch (RuntimeException e) {
                    failure[0] = e;
                }
            }, name + "-" + i);
            workers[i].start();
        }
        for (Thread t : workers) {
            t.join();
        }
        if (failure[0] != null) {
            throw new IllegalStateException(name + " failed: " + failure[0].getMessage(), failure[0]);
        }
        return java.util.Arrays.stream(cpu).sum();
    }

    /** CPU nanoseconds this thread spends transcribing {@code audio} with {@link OfflineTranscriber}. */
    private static long offlineCpuNanos(String modelDir, List<PcmAudio> audio) {
        long start = THREADS.getCurrentThreadCpuTime();
        for (PcmAudio a : audio) {
            OfflineTranscriber.transcribe(modelDir, a);
        }
        return THREADS.getCurrentThreadCpuTime() - start;
    }

    /**
     * {@link OfflineTranscriber} in {@code threads} threads at once, one per core: bare Vosk with
     * every core busy, as the pipeline's recognisers run at capacity. Either every thread decodes all
     * of {@code audio}, or ({@code shareOut}) the recordings are dealt out round-robin to the threads,
     * as the job's recogniser subtasks share tracks. Cores that share caches, memory bandwidth or (on
     * virtual machines) a physical core make each thread's CPU time per audio-second higher than on
     * an otherwise idle machine.
     */
    static Cost offlineOnEveryCore(String modelDir, List<PcmAudio> audio, int threads, boolean shareOut)
            throws InterruptedException {
        long wall = System.nanoTime();
        long cpu;
        try (VoskModels.Lease loaded = VoskModels.acquire(modelDir)) {
            loaded.model();
            cpu = cpuOnThreads(threads, "bench-bare-vosk",
                    slot -> offlineCpuNanos(modelDir, shareOut ? share(audio, slot, threads) : audio));
        }
        return shareOut
                ? new Cost("bare Vosk", "OfflineTranscriber, recordings shared out over " + threads + " threads",
                        seconds(audio), cpu / 1e9, (System.nanoTime() - wall) / 1e9)
                : new Cost("bare Vosk", "OfflineTranscriber in " + threads + " threads at once (every core busy)",
                        threads * seconds(audio), cpu / 1e9, (System.nanoTime() - wall) / 1e9);
    }

    /** Bare Vosk on the audio of one load step: in one thread, and shared out over one thread per core. */
    record SameAudio(Cost oneThread, Cost everyCoreBusy, Cost pacedLive) {
    }

    /**
     * {@link OfflineTranscriber} on exactly the audio a load step published (every track of every
     * Space): once in this thread, then with the recordings dealt out round-robin to one thread per
     * core, as the job's recogniser subtasks share them. The yardstick the pipeline's cost at that
     * step is divided by: same audio, same speech density, same process run.
     */
    static SameAudio onSameAudio(String modelDir, List<PcmAudio> audio, int cores, int chunkMs, boolean partialWords,
                                 java.util.function.Consumer<String> status) {
        status.accept(String.format(java.util.Locale.ROOT,
                "bare Vosk on the cost step's own audio (%d recordings, %.0f s): one thread, then %d threads, then paced", audio.size(),
                seconds(audio), cores));
        Cost one = offline(modelDir, audio).cost();
        Cost busy;
        Cost paced;
        try {
            busy = offlineOnEveryCore(modelDir, audio, cores, true);
            status.accept(String.format(java.util.Locale.ROOT, "bare Vosk on the same audio paced in real time (%.0f s)",
                    audio.stream().mapToDouble(a -> (double) a.sampleCount() / a.sampleRate()).max().orElse(0)));
            paced = pacedLive(modelDir, audio, cores, chunkMs, partialWords);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return new SameAudio(one, busy, paced);
    }

    /**
     * Resident memory one open recogniser holds after hearing {@code audio} (one recording per
     * recogniser, all open at once), fed the job's way: the yardstick for the pipeline's memory per
     * open track. Measured as the RSS growth with glibc's free lists handed back before and after.
     */
    static long rssBytesPerRecognizer(String modelDir, List<PcmAudio> audio, int chunkMs, boolean partialWords) {
        List<Recognizer> open = new ArrayList<>();
        try (VoskModels.Lease model = VoskModels.acquire(modelDir)) {
            long before = Machine.memoryAfterGc(0, 0).rssBytes();
            for (PcmAudio a : audio) {
                Recognizer recognizer = new Recognizer(model.model(), a.sampleRate());
                open.add(recognizer);
                recognizer.setWords(true);
                recognizer.setPartialWords(partialWords);
                byte[] pcm = a.toLittleEndianBytes();
                int chunkBytes = a.sampleRate() * chunkMs / 1000 * 2;
                for (int offset = 0; offset < pcm.length; offset += chunkBytes) {
                    byte[] chunk = java.util.Arrays.copyOfRange(pcm, offset, Math.min(pcm.length, offset + chunkBytes));
                    if (recognizer.acceptWaveForm(chunk, chunk.length)) {
                        recognizer.getResult();
                    } else {
                        recognizer.getPartialResult();
                    }
                }
            }
            long after = Machine.memoryAfterGc(open.size(), 0).rssBytes();
            return before < 0 || after < 0 ? -1 : (after - before) / Math.max(1, open.size());
        } catch (IOException e) {
            throw new IllegalStateException("Vosk could not create a recogniser", e);
        } finally {
            open.forEach(Recognizer::close);
        }
    }

    static double seconds(List<PcmAudio> audio) {
        return audio.stream().mapToDouble(a -> (double) a.sampleCount() / a.sampleRate()).sum();
    }
}
