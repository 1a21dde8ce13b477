package io.spacecaps.kafka;

import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;

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

    /** A partial as it is; a final as a provisional copy. */
    public static TranscriptEvent forLiveTopic(TranscriptEvent caption) {
        if (caption.getKind() != TranscriptKind.FINAL) {
            return caption;
        }
        return TranscriptEvent.newBuilder(caption).setProvisional(true).build();
    }

    /** Whether a reader of record should take this caption: a final, not its provisional copy. */
    public static boolean ofRecord(TranscriptEvent caption) {
        return caption.getKind() == TranscriptKind.FINAL && !caption.getProvisional();
    }
}
