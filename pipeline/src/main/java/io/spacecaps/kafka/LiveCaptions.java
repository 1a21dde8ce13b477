package io.spacecaps.kafka;

import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import org.apache.flink.util.Collector;

/**
 * What {@code captions.partial}, the live topic, carries: every partial, and every final the moment
 * it is made, marked provisional. A final reaches {@code captions.final} only with the checkpoint
 * that commits it (up to an interval plus the checkpoint's own time later); a viewer that waited
 * for that would see each sentence a second late. The provisional copy has the final's event id,
 * so a view shows it at once and drops the committed one when it comes; readers of record
 * ({@code transcribe}, {@code export}, any consumer of {@code captions.final}) never see it.
 */
public final class LiveCaptions {

    private LiveCaptions() {
    }

    /**
     * A partial as it is; a final as a provisional copy; nothing for a revision of a final already
     * shown (a live view keeps what it showed; the revision is for the record, on captions.final).
     */
    public static void forLiveTopic(TranscriptEvent caption, Collector<TranscriptEvent> live) {
        if (caption.getKind() != TranscriptKind.FINAL) {
            live.collect(caption);
        } else if (caption.getRevisionReason() == null) {
            live.collect(TranscriptEvent.newBuilder(caption).setProvisional(true).build());
        }
    }

    /**
     * Of two finals of one utterance ({@link #utteranceOf}): the higher revision, or, of two copies of
     * one revision, the one read first. A revision (second-pass diarization at a mixed track's end)
     * replaces what was shown in the transcript of record.
     */
    public static TranscriptEvent newerRevision(TranscriptEvent was, TranscriptEvent now) {
        return now.getRevision() > was.getRevision() ? now : was;
    }

    /** What identifies an utterance across its revisions: its Space, track and utterance id. */
    public static String utteranceOf(TranscriptEvent caption) {
        return caption.getSpaceId() + '\u0000' + caption.getTrackId() + '\u0000' + caption.getUtteranceId();
    }

    /** Whether a reader of record should take this caption: a final, not its provisional copy. */
    public static boolean ofRecord(TranscriptEvent caption) {
        return caption.getKind() == TranscriptKind.FINAL && !caption.getProvisional();
    }
}
