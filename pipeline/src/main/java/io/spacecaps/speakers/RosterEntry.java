package io.spacecaps.speakers;

import java.util.Arrays;

/**
 * What the room has said about one participant, as a history: the display name, handle and role
 * from each change on (Space-timeline ms), so that a caption can carry what held when it was
 * spoken, even when it passes after a rename. A Flink POJO (arrays of plain values); a new instance
 * for every change.
 */
public class RosterEntry {
    public long[] fromMs = new long[0];
    public String[] names = new String[0];
    public String[] handles = new String[0];
    public String[] roles = new String[0];
    public boolean present;

    public RosterEntry() {
    }

    /** This history plus a change at {@code atMs}; null arguments keep the value that held before. */
    RosterEntry with(long atMs, String name, String handle, String role, boolean nowPresent) {
        int n = fromMs.length;
        RosterEntry next = new RosterEntry();
        next.fromMs = Arrays.copyOf(fromMs, n + 1);
        next.names = Arrays.copyOf(names, n + 1);
        next.handles = Arrays.copyOf(handles, n + 1);
        next.roles = Arrays.copyOf(roles, n + 1);
        next.fromMs[n] = atMs;
        next.names[n] = name != null ? name : n > 0 ? names[n - 1] : null;
        next.handles[n] = handle != null ? handle : n > 0 ? handles[n - 1] : null;
        next.roles[n] = role != null ? role : n > 0 ? roles[n - 1] : null;
        next.present = nowPresent;
        return next;
    }

    /** The index of the change in force at {@code atMs}: the first one if the caption is older than all. */
    int at(long atMs) {
        int found = 0;
        for (int i = 0; i < fromMs.length; i++) {
            if (fromMs[i] <= atMs) {
                found = i;
            }
        }
        return found;
    }

    boolean isEmpty() {
        return fromMs.length == 0;
    }
}
