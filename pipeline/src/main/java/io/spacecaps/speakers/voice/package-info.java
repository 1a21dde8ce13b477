/**
 * Who speaks when on a mixed track (one audio stream carrying several voices), online and in pure
 * Java, for captions labelled {@code Speaker 1}, {@code Speaker 2}, ... that never change once shown.
 *
 * <h2>Method</h2>
 * <ul>
 *   <li>{@link io.spacecaps.speakers.voice.IvectorEmbedder}: i-vectors from the extractor that ships
 *       in the Vosk English model ({@code ivector/}: LDA, 512-Gaussian diagonal UBM, 30-dimensional
 *       total-variability model), read from Kaldi's binary files and computed as Kaldi's online
 *       pipeline does. Frame statistics are additive, so any window's embedding is a sum and a 30x30
 *       solve.</li>
 *   <li>{@link io.spacecaps.speakers.voice.SpeakerTurnSegmenter}: energy voice activity detection
 *       with an adaptive floor and hangover; a change score every 100 ms (cosine distance between the
 *       0.8 s of speech before and after), peak-picked; pauses of 0.4 s; each new segment labelled
 *       from up to 2 s of its own speech, and re-checked every 2 s of further speech.</li>
 *   <li>{@link io.spacecaps.speakers.voice.OnlineSpeakerClusterer}: centroid clustering with a join
 *       threshold, a lower "clearly new" threshold and a minimum-evidence rule, so one odd span cannot
 *       split a voice; labels numbered by first appearance, never renumbered; state a Flink POJO.</li>
 *   <li>{@link io.spacecaps.speakers.voice.VoiceDiarizer}: the operator, per mixed track: labels its
 *       voices, holds each final until the labels are settled past it, and cuts it where the voice
 *       changes ({@link io.spacecaps.speakers.SpeakerTimeline}, {@link io.spacecaps.speakers.CaptionSplitter}).</li>
 *   <li>{@link io.spacecaps.speakers.voice.RecordingDiarizer}: the second pass, when the track ends:
 *       over every {@link io.spacecaps.speakers.voice.VoiceWindow} the segmenter kept (1.5 s every
 *       250 ms of speech, with its live label), voices are decided again from the whole recording
 *       (centroids of all their windows, alike voices merged, each window to its nearest voice), and
 *       the finals shown whose words now belong to another voice are revised on the record.</li>
 * </ul>
 *
 * <h2>Measured</h2>
 * Diarization error rate with a 0.25 s collar (no collar in brackets), audio pushed in 100 ms
 * chunks, default settings: synthetic flite Spaces of 2 to 4 voices, 110-150 s each, turn
 * changes overlapping with probability 0 to 0.3: 0.2-2.4% (3.8-8.8%) on six Spaces and 3.2-3.5% (8.3-8.8%) on
 * {@code data/synthetic-3} and {@code -4}; a 100 s mix of four real recorded voices from
 * {@code ../shared/speech/asr}: 6.0% (10.2%); AMI ES2003a (2 speakers, 30 s, main reference):
 * 28.8% (36.3%), both voices get one label; AMI EN2002a (4 speakers talking over each other half
 * the time): 64.5% (69.6%), 52 points of it overlapped speech, which one label per moment cannot
 * cover. CPU: 0.006-0.009 s per second of audio once the JIT has warmed up, 0.02 s cold, plus
 * 0.3 s once per JVM to read the model. Segments are final 1.5 s after their audio, at most
 * {@link io.spacecaps.speakers.voice.SpeakerTurnSegmenter.Config#maxDelayMs()} (1.86 s).
 *
 * <h2>Limits</h2>
 * One voice per moment: overlapped speech goes to one of the speakers. The first 1-3 s of a new
 * voice that sounds like a known one (same room, same microphone, two similar synthetic voices)
 * carry the known voice's label until there is enough evidence for a new one, and voices that much
 * alike may never be told apart (AMI ES2003a). The thresholds are cosines of this model's
 * i-vectors; a different Vosk model needs them measured again.
 */
package io.spacecaps.speakers.voice;
