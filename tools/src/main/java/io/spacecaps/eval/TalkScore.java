package io.spacecaps.eval;

import io.spacecaps.schema.SpaceStats;
import io.spacecaps.schema.SpeakerStats;
import io.spacecaps.session.SessionManifest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Space's statistics (the job's summary on {@code spaces.stats}) against what is known of the Space:
 * each participant's talk time and turns from the room's speaking indicators (the manifest's
 * SPEAKING_STARTED/STOPPED events) and their words from the reference. Talk time is measured by the
 * job from the finals' words (first word to last), the truth by the indicators (which include the
 * pauses inside a turn), so shares compare better than milliseconds.
 */
public final class TalkScore {

    /** One participant: the truth, then the job's figures. */
    public record Speaker(String participantId, String displayName, long truthTalkMs, double truthShare, int truthTurns,
                          int referenceWords, long talkMs, double share, int turns, long words) {
    }

    /**
     * @param shareErrorPoints the mean absolute difference of talk shares, in percentage points
     * @param summaryFound     whether the job wrote a summary for the Space
     */
    public record Result(String space, boolean summaryFound, List<Speaker> speakers, double shareErrorPoints) {
    }

    private TalkScore() {
    }

    /**
     * @param referenceWords words of the reference per display name
     * @param summary        the job's newest summary of the Space, or null if none came
     */
    public static Result score(String space, SessionManifest manifest, Map<String, Integer> referenceWords, SpaceStats summary) {
        Map<String, Long> talk = new HashMap<>();
        Map<String, Integer> turns = new HashMap<>();
        Map<String, Long> speakingSince = new HashMap<>();
        for (SessionManifest.TimedEvent e : manifest.events()) {
            if ("SPEAKING_STARTED".equals(e.type())) {
                speakingSince.putIfAbsent(e.participantId(), e.atMs());
                turns.merge(e.participantId(), 1, Integer::sum);
            } else if ("SPEAKING_STOPPED".equals(e.type()) && speakingSince.containsKey(e.participantId())) {
                talk.merge(e.participantId(), e.atMs() - speakingSince.remove(e.participantId()), Long::sum);
            }
        }
        long allTalk = talk.values().stream().mapToLong(Long::longValue).sum();
        Map<String, SpeakerStats> measured = new HashMap<>();
        if (summary != null) {
            summary.getSpeakers().forEach(s -> measured.put(s.getSpeakerId(), s));
        }
        List<Speaker> speakers = new ArrayList<>();
        double error = 0;
        for (SessionManifest.Participant p : manifest.participants()) {
            long truth = talk.getOrDefault(p.id(), 0L);
            double truthShare = allTalk == 0 ? 0 : (double) truth / allTalk;
            SpeakerStats m = measured.get(p.id());
            double share = m == null ? 0 : m.getTalkShare();
            speakers.add(new Speaker(p.id(), p.displayName(), truth, truthShare, turns.getOrDefault(p.id(), 0),
                    referenceWords.getOrDefault(p.displayName(), 0), m == null ? 0 : m.getTalkMs(), share,
                    m == null ? 0 : m.getTurns(), m == null ? 0L : m.getWords()));
            error += Math.abs(share - truthShare);
        }
        return new Result(space, summary != null, speakers, speakers.isEmpty() ? Double.NaN : 100 * error / speakers.size());
    }
}
