package io.spacecaps.speakers;

import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.Role;
import io.spacecaps.schema.Speaker;

import java.util.Arrays;

/**
 * What the room has said about one participant, as a history of changes (joins, renames, role
 * changes, leaves) in time order (wall-clock ms, as the room gave them), so that a caption carries
 * the name and role that held when it was spoken, even when it passes after a rename. Each change
 * keeps only what it changed (null for the rest); what held at a time is read off the history in time
 * order, so the history is the same whatever order the events arrived in. A Flink POJO (arrays of
 * plain values); a new instance for every change.
 */
public class RosterEntry {
    public long[] fromMs = new long[0];
    public String[] names = new String[0];
    public String[] handles = new String[0];
    public String[] roles = new String[0];
    /** Per change: 1 joined or still there, 0 left. */
    public int[] present = new int[0];

    public RosterEntry() {
    }

    /** This history plus a change at {@code atMs}; null arguments leave that value as it was. */
    RosterEntry with(long atMs, String name, String handle, String role, boolean nowPresent) {
        int n = fromMs.length;
        int at = n;
        while (at > 0 && fromMs[at - 1] > atMs) {
            at--;
        }
        RosterEntry next = new RosterEntry();
        next.fromMs = insert(fromMs, at, atMs);
        next.names = insert(names, at, name);
        next.handles = insert(handles, at, handle);
        next.roles = insert(roles, at, role);
        next.present = new int[n + 1];
        System.arraycopy(present, 0, next.present, 0, at);
        next.present[at] = nowPresent ? 1 : 0;
        System.arraycopy(present, at, next.present, at + 1, n - at);
        return next;
    }

    boolean isEmpty() {
        return fromMs.length == 0;
    }

    /**
     * The speaker record of participant {@code id} as the roster named them at {@code atMs} (a caption
     * older than every change takes the first); with no history (a participant the roster never named)
     * the id stands in for the name.
     */
    static Speaker speaker(RosterEntry entry, String id, Attribution attribution, long atMs, float confidence) {
        Speaker.Builder speaker = Speaker.newBuilder().setId(id).setDisplayName(id)
                .setAttribution(attribution).setConfidence(confidence);
        if (entry == null || entry.isEmpty()) {
            return speaker.build();
        }
        String name = null;
        String role = null;
        for (int i = 0; i < entry.fromMs.length && (i == 0 || entry.fromMs[i] <= atMs); i++) {
            name = entry.names[i] != null ? entry.names[i] : name;
            role = entry.roles[i] != null ? entry.roles[i] : role;
        }
        if (name != null) {
            speaker.setDisplayName(name);
        }
        return speaker.setRole(role == null ? null : Role.valueOf(role)).build();
    }

    private static long[] insert(long[] values, int at, long value) {
        long[] next = new long[values.length + 1];
        System.arraycopy(values, 0, next, 0, at);
        next[at] = value;
        System.arraycopy(values, at, next, at + 1, values.length - at);
        return next;
    }

    private static String[] insert(String[] values, int at, String value) {
        String[] next = Arrays.copyOf(values, values.length + 1);
        System.arraycopy(values, at, next, at + 1, values.length - at);
        next[at] = value;
        return next;
    }
}
