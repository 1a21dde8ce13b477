package io.spacecaps.format;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.schema.Word;
import io.spacecaps.schema.WrittenToken;
import io.spacecaps.spaces.SpaceLifetime;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes every caption of a Space (keyed by Space id) as text people read: sentences with full stops,
 * question marks and commas, casing (sentence starts, "I", the roster's names and handles, the Space's
 * own vocabulary, proper nouns and acronyms), numbers as written, the Space's phrase list, and the
 * configured words masked ({@link CaptionFormatter}). {@code text} becomes the written text and
 * {@code written} its tokens, each with the words it stands for; {@code words} keep Vosk's own tokens,
 * so search, WER and alignment are untouched.
 *
 * <p>Each speaker of each track has a sentence state: a final may end mid-sentence, and that speaker's
 * next final carries the sentence on. Partials are written with the same state without changing it.
 * The vocabulary comes from the room: the Space's {@code vocabulary} and {@code phrases} (on
 * SPACE_STARTED) and every display name and handle the roster gives. Captions are not held for it: a
 * name that joins the roster at the very moment it is spoken may be written in lower case.
 */
public class CaptionWriter extends KeyedCoProcessFunction<String, TranscriptEvent, SpaceEvent, TranscriptEvent> {

    private final List<String> maskedWords;
    private final long idleSpaceTimeoutMs;

    private transient CaptionFormatter formatter;
    private transient ValueState<SpaceVocabulary> vocabulary;
    /** Track and speaker ({@link #speakerKey}) → where that speaker's sentence stands. */
    private transient MapState<String, SentenceState> sentences;
    private transient SpaceLifetime lifetime;
    /** Vocabularies as the formatter takes them, built once per change (not state: rebuilt on demand). */
    private transient Map<String, Vocabulary> built;

    public CaptionWriter(SpacecapsConfig config) {
        this.maskedWords = List.copyOf(config.maskedWords());
        this.idleSpaceTimeoutMs = config.idleSpaceTimeoutMs();
    }

    @Override
    public void open(OpenContext openContext) {
        formatter = CaptionFormatter.shared();
        vocabulary = getRuntimeContext().getState(new ValueStateDescriptor<>("vocabulary", TypeInformation.of(SpaceVocabulary.class)));
        sentences = getRuntimeContext().getMapState(new MapStateDescriptor<>("sentences", Types.STRING, TypeInformation.of(SentenceState.class)));
        lifetime = new SpaceLifetime(getRuntimeContext(), idleSpaceTimeoutMs);
        built = new HashMap<>();
    }

    @Override
    public void processElement1(TranscriptEvent caption, Context ctx, Collector<TranscriptEvent> out) throws Exception {
        lifetime.heard(ctx.timerService());
        List<SpokenWord> words = spoken(caption.getWords());
        if (words.isEmpty()) {
            out.collect(caption);
            return;
        }
        Vocabulary vocab = vocabularyOf(ctx.getCurrentKey());
        String speaker = speakerKey(caption);
        // A revision (another speaker for words already shown) reads as the start of that speaker's
        // turn, and leaves what the live captions carry from one final to the next as it was.
        boolean revision = caption.getRevisionReason() != null;
        SentenceState state = revision ? null : sentences.get(speaker);
        if (state == null) {
            state = new SentenceState();
        }
        Formatted written;
        if (caption.getKind() == TranscriptKind.PARTIAL) {
            written = formatter.formatPartial(words, vocab, state);
        } else {
            // A track's last words end its sentence, whatever silence followed them.
            long silence = caption.getEndOfTrack() ? Long.MAX_VALUE / 4 : trailingSilenceMs(caption);
            written = formatter.formatFinal(words, vocab, state, silence);
            if (!revision) {
                sentences.put(speaker, state);
            }
        }
        caption.setText(written.text());
        caption.setWritten(tokens(written, caption.getWords().size(), words.size()));
        out.collect(caption);
    }

    @Override
    public void processElement2(SpaceEvent event, Context ctx, Collector<TranscriptEvent> out) throws Exception {
        lifetime.heard(ctx.timerService());
        SpaceVocabulary before = vocabulary.value();
        SpaceVocabulary after = SpaceVocabulary.with(before, event);
        if (after != before) {
            vocabulary.update(after);
            built.remove(ctx.getCurrentKey());
        }
        if (event.getType() == io.spacecaps.schema.SpaceEventType.SPACE_ENDED) {
            lifetime.ended(ctx.timerService());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TranscriptEvent> out) throws Exception {
        if (lifetime.isDue(timestamp, ctx.timerService())) {
            vocabulary.clear();
            sentences.clear();
            built.remove(ctx.getCurrentKey());
        }
    }

    private Vocabulary vocabularyOf(String spaceId) throws Exception {
        Vocabulary vocab = built.get(spaceId);
        if (vocab == null) {
            SpaceVocabulary known = vocabulary.value();
            vocab = known == null ? Vocabulary.of(null, null, null, maskedWords) : known.toVocabulary(maskedWords);
            built.put(spaceId, vocab);
        }
        return vocab;
    }

    /** Vosk's tokens as the formatter takes them; empty tokens (which Vosk does not make) are left out. */
    private static List<SpokenWord> spoken(List<Word> words) {
        List<SpokenWord> out = new ArrayList<>(words.size());
        for (Word w : words) {
            if (!w.getWord().isBlank()) {
                out.add(new SpokenWord(w.getWord(), w.getStartMs(), w.getEndMs()));
            }
        }
        return out;
    }

    private static List<WrittenToken> tokens(Formatted written, int allWords, int spokenWords) {
        List<WrittenToken> tokens = new ArrayList<>(written.tokens().size());
        for (Formatted.Token t : written.tokens()) {
            tokens.add(new WrittenToken(t.text(), t.firstWord(), t.lastWord()));
        }
        // The formatter saw only non-blank words; with none blank, its indices are the caption's.
        return allWords == spokenWords ? tokens : List.of();
    }

    /** How long the recogniser heard silence after the last word before it ended the utterance. */
    private static long trailingSilenceMs(TranscriptEvent caption) {
        List<Word> words = caption.getWords();
        long spaceStart = caption.getWallClockStart().toEpochMilli() - caption.getStartMs();
        long lastWordEnd = spaceStart + words.get(words.size() - 1).getEndMs();
        return Math.max(0, caption.getLastAudioCaptureTime().toEpochMilli() - lastWordEnd);
    }

    /** A speaker of a track: a mixed track's voices each have their own sentences. */
    static String speakerKey(TranscriptEvent caption) {
        String who = caption.getSpeaker().getId() != null ? caption.getSpeaker().getId() : caption.getSpeaker().getDisplayName();
        return caption.getTrackId() + '\u0000' + who;
    }
}
