package io.spacecaps.speakers;

import io.spacecaps.ingest.SequencedChunk;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.speakers.voice.IvectorEmbedder;
import io.spacecaps.speakers.voice.IvectorModel;
import io.spacecaps.speakers.voice.LabelledSegment;
import io.spacecaps.speakers.voice.OnlineSpeakerClusterer;
import io.spacecaps.speakers.voice.SpeakerTurnSegmenter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells the voices on a mixed track apart (keyed by {@code <spaceId>/<trackId>}; only mixed tracks
 * come here). Voice activity, a sliding-window i-vector per stretch of speech from the Vosk model's
 * own extractor, and online clustering with labels that never change once given; see
 * {@link SpeakerTurnSegmenter}. The clusters (the voices known so far) are kept in keyed state, so
 * labels survive a failover; the segmenter's few seconds of look-ahead are not, and are re-heard.
 */
public class VoiceDiarizer extends KeyedProcessFunction<String, SequencedChunk, VoiceSegment> {

    /** How often, at most, to say how far labels are settled when no segment is due. */
    private static final long PROGRESS_EVERY_MS = 250;

    private final String modelDir;
    private transient Map<String, Live> live;
    private transient ValueState<OnlineSpeakerClusterer.State> voices;

    /** A track's segmenter and where its audio sits on the wall clock. */
    private static final class Live {
        final SpeakerTurnSegmenter segmenter;
        final long originMs;
        long reportedUpTo;

        Live(SpeakerTurnSegmenter segmenter, long originMs) {
            this.segmenter = segmenter;
            this.originMs = originMs;
        }
    }

    public VoiceDiarizer(String modelDir) {
        this.modelDir = modelDir;
    }

    @Override
    public void open(OpenContext openContext) {
        live = new HashMap<>();
        voices = getRuntimeContext().getState(new ValueStateDescriptor<>("voices", TypeInformation.of(OnlineSpeakerClusterer.State.class)));
    }

    @Override
    public void processElement(SequencedChunk sequenced, Context ctx, Collector<VoiceSegment> out) throws Exception {
        AudioChunk chunk = sequenced.chunk;
        String key = ctx.getCurrentKey();
        Live track = live.get(key);
        if (track == null) {
            OnlineSpeakerClusterer.State known = voices.value();
            OnlineSpeakerClusterer clusterer = known == null ? new OnlineSpeakerClusterer()
                    : new OnlineSpeakerClusterer(OnlineSpeakerClusterer.Config.DEFAULT, known);
            long origin = chunk.getCaptureTime().toEpochMilli() - sequenced.gapMs;
            track = new Live(new SpeakerTurnSegmenter(new IvectorEmbedder(IvectorModel.load(Path.of(modelDir))), clusterer), origin);
            live.put(key, track);
        }
        if (sequenced.gapMs > 0) {
            emit(chunk, track, track.segmenter.push(new short[(int) (sequenced.gapMs * 16)]), out);
        }
        ByteBuffer payload = chunk.getPayload().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        short[] samples = new short[payload.remaining() / 2];
        payload.asShortBuffer().get(samples);
        emit(chunk, track, track.segmenter.push(samples), out);
        if (chunk.getEndOfTrack()) {
            emit(chunk, track, track.segmenter.finish(), out);
            progress(chunk, track, Long.MAX_VALUE, out);
            live.remove(key);
            voices.clear();
            return;
        }
        voices.update(track.segmenter.clusterer().snapshot());
    }

    private void emit(AudioChunk chunk, Live track, List<LabelledSegment> segments, Collector<VoiceSegment> out) {
        for (LabelledSegment s : segments) {
            VoiceSegment v = base(chunk, track);
            v.startMs = track.originMs + s.startMs();
            v.endMs = track.originMs + s.endMs();
            v.label = s.label();
            v.confidence = s.confidence();
            out.collect(v);
        }
        long settled = track.originMs + track.segmenter.finalUntilMs();
        if (!segments.isEmpty() || settled - track.reportedUpTo >= PROGRESS_EVERY_MS) {
            progress(chunk, track, settled, out);
        }
    }

    private void progress(AudioChunk chunk, Live track, long settled, Collector<VoiceSegment> out) {
        VoiceSegment v = base(chunk, track);
        v.label = 0;
        v.settledUpToMs = settled;
        track.reportedUpTo = settled;
        out.collect(v);
    }

    private static VoiceSegment base(AudioChunk chunk, Live track) {
        VoiceSegment v = new VoiceSegment();
        v.spaceId = chunk.getSpaceId();
        v.trackId = chunk.getTrackId();
        v.settledUpToMs = track.originMs + track.segmenter.finalUntilMs();
        return v;
    }
}
