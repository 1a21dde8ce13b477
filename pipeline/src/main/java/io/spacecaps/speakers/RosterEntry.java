package io.spacecaps.speakers;

import io.spacecaps.schema.Role;

/** What the room has said about one participant so far. A Flink POJO. */
public class RosterEntry {
    public String displayName;
    public String handle;
    public Role role;
    public boolean present;

    public RosterEntry() {
    }
}
