package io.spacecaps.captions;

import io.spacecaps.schema.TranscriptEvent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * A Space's captions as HLS expects a subtitle rendition: WebVTT segments of {@code segmentMs} of the
 * Space's time ({@code captions-00000.vtt}, …) and a playlist ({@code captions.m3u8}) that lists them as
 * they are settled, so that a player showing the Space's audio shows its captions beside it.
 *
 * <p>A segment is written once no more captions are expected in it: when the captions heard so far
 * reach {@code settleMs} past its end (a final arrives when its utterance ends, so a long utterance's
 * words come after shorter ones that started later), or when the Space ends. A cue is in every
 * segment it overlaps, with its own times, as the HLS WebVTT rules ask; players show it once. The
 * playlist is an EVENT playlist (every segment stays, a viewer can go back), ended with
 * {@code #EXT-X-ENDLIST} with the Space. Times map to the media's timeline with
 * {@code X-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000}: the Space's start is the media's time 0.
 * Files are replaced atomically, so a player never reads half of one.
 */
public final class HlsCaptions {

    public static final String PLAYLIST = "captions.m3u8";

    private final Path dir;
    private final long segmentMs;
    private final long settleMs;
    private final CueFormat format;
    private int segmentsWritten;
    private boolean ended;

    public HlsCaptions(Path dir, long segmentMs, long settleMs, CueLimits limits) {
        this.dir = dir;
        this.segmentMs = segmentMs;
        this.settleMs = settleMs;
        this.format = new WebVttFormat(limits);
    }

    /**
     * Writes the segments settled by now and the playlist, if anything changed.
     *
     * @param finals  every final of the Space so far
     * @param ended   whether the Space has ended: every segment is then written, and the playlist closed
     * @return how many segments the playlist lists
     */
    public synchronized int update(List<TranscriptEvent> finals, boolean ended) throws IOException {
        if (this.ended) {
            return segmentsWritten;
        }
        long heardUpTo = finals.stream().mapToLong(TranscriptEvent::getEndMs).max().orElse(0);
        int settled = ended ? (int) ((heardUpTo + segmentMs - 1) / segmentMs)
                : (int) (Math.max(0, heardUpTo - settleMs) / segmentMs);
        if (settled <= segmentsWritten && !ended) {
            return segmentsWritten;
        }
        List<Cue> cues = format.cues(finals);
        for (int k = segmentsWritten; k < settled; k++) {
            writeAtomically(dir.resolve(segmentName(k)), segment(cues, k * segmentMs, (k + 1) * segmentMs));
        }
        segmentsWritten = Math.max(segmentsWritten, settled);
        this.ended = ended;
        writeAtomically(dir.resolve(PLAYLIST), playlist());
        return segmentsWritten;
    }

    static String segmentName(int k) {
        return String.format(Locale.ROOT, "captions-%05d.vtt", k);
    }

    private String segment(List<Cue> cues, long fromMs, long toMs) {
        StringBuilder out = new StringBuilder("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n\n");
        for (Cue cue : cues) {
            if (cue.endMs() > fromMs && cue.startMs() < toMs) {
                WebVttFormat.append(out, cue);
            }
        }
        return out.toString();
    }

    private String playlist() {
        StringBuilder out = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n")
                .append("#EXT-X-TARGETDURATION:").append((segmentMs + 999) / 1000).append('\n')
                .append("#EXT-X-PLAYLIST-TYPE:EVENT\n#EXT-X-MEDIA-SEQUENCE:0\n");
        for (int k = 0; k < segmentsWritten; k++) {
            out.append(String.format(Locale.ROOT, "#EXTINF:%.3f,\n", segmentMs / 1000.0)).append(segmentName(k)).append('\n');
        }
        if (ended) {
            out.append("#EXT-X-ENDLIST\n");
        }
        return out.toString();
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
