package io.spacecaps.speakers;

import java.util.Map;

/**
 * Which participant a voice of a mixed track is: each word a voice speaks while the room says one
 * participant is speaking is a vote (its length in ms) for that participant; a voice takes the name
 * of the participant with more than half of its votes. Votes are kept in map state under
 * {@link #key}; these are the rules for reading them.
 */
public final class VoiceNames {

    private VoiceNames() {
    }

    /** The map-state key of the votes of {@code voiceId} for {@code participantId}. */
    public static String key(String voiceId, String participantId) {
        return voiceId + '\u0000' + participantId;
    }

    /** The participant with a majority of {@code voiceId}'s votes and its share, or null when none has one. */
    public static Map.Entry<String, Float> winner(String voiceId, Iterable<Map.Entry<String, Long>> votes) {
        String prefix = voiceId + '\u0000';
        String best = null;
        long bestMs = 0;
        long total = 0;
        for (Map.Entry<String, Long> vote : votes) {
            if (vote.getKey().startsWith(prefix)) {
                total += vote.getValue();
                if (vote.getValue() > bestMs) {
                    bestMs = vote.getValue();
                    best = vote.getKey().substring(prefix.length());
                }
            }
        }
        if (best == null || bestMs * 2 <= total) {
            return null;
        }
        return Map.entry(best, (float) bestMs / total);
    }
}
