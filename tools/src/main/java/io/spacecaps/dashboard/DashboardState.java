package io.spacecaps.dashboard;

import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceStats;
import io.spacecaps.schema.TranscriptEvent;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The dashboard's view of every Space, built only from the topics' records, so that reading them
 * again from the beginning rebuilds it. Memory is bounded: at most {@code maxCaptionsPerSpace}
 * captions per Space and at most {@code maxSpaces} Spaces; past that the Space that ended longest
 * ago is forgotten first (if none has ended, the one quiet for longest).
 *
 * <p>Thread-safe: every method holds this object's lock, which the update hub also takes, so that a
 * browser's snapshot and the changes after it fit together with nothing lost or repeated.
 */
public final class DashboardState {

    /** Enough forgotten ids to keep a forgotten Space's stragglers from bringing it back. */
    private static final int FORGOTTEN_KEPT = 10_000;

    private final int maxCaptionsPerSpace;
    private final int maxSpaces;
    private final Map<String, SpaceState> spaces = new LinkedHashMap<>();
    private final Set<String> forgotten = new LinkedHashSet<>();

    public DashboardState(int maxCaptionsPerSpace, int maxSpaces) {
        if (maxCaptionsPerSpace < 1 || maxSpaces < 1) {
            throw new IllegalArgumentException("the dashboard keeps at least one caption and one Space");
        }
        this.maxCaptionsPerSpace = maxCaptionsPerSpace;
        this.maxSpaces = maxSpaces;
    }

    /**
     * Applies one record of any of the topics the dashboard reads; the changes go into {@code batch}.
     *
     * @param receivedAt the record's Kafka timestamp: when a Space was last active, the same after a restart
     */
    public synchronized void apply(Object record, long receivedAt, Batch batch) {
        String spaceId = spaceIdOf(record);
        if (spaceId == null || forgotten.contains(spaceId)) {
            return;
        }
        SpaceState space = spaces.get(spaceId);
        if (space == null) {
            space = new SpaceState(spaceId, maxCaptionsPerSpace, receivedAt);
            spaces.put(spaceId, space);
            batch.listChanged = true;
            forgetBeyondBound(batch);
            if (!spaces.containsKey(spaceId)) {
                return;
            }
        }
        SpaceChanges changes = batch.changes.computeIfAbsent(spaceId, k -> new SpaceChanges());
        if (record instanceof TranscriptEvent caption) {
            space.apply(caption, receivedAt, changes);
        } else if (record instanceof SpaceEvent event) {
            space.apply(event, receivedAt, changes);
        } else if (record instanceof SpaceStats stats) {
            space.apply(stats, receivedAt, changes);
        }
        batch.listChanged |= changes.summaryChanged;
    }

    private static String spaceIdOf(Object record) {
        if (record instanceof TranscriptEvent caption) {
            return caption.getSpaceId();
        } else if (record instanceof SpaceEvent event) {
            return event.getSpaceId();
        } else if (record instanceof SpaceStats stats) {
            return stats.getSpaceId();
        }
        return null;
    }

    private void forgetBeyondBound(Batch batch) {
        while (spaces.size() > maxSpaces) {
            SpaceState oldest = spaces.values().stream()
                    .min(Comparator.comparing((SpaceState s) -> !s.ended())
                            .thenComparingLong(s -> s.ended() ? s.endedAt() : s.lastActivityAt()))
                    .orElseThrow();
            spaces.remove(oldest.id);
            batch.changes.remove(oldest.id);
            forgotten.add(oldest.id);
            if (forgotten.size() > FORGOTTEN_KEPT) {
                var first = forgotten.iterator();
                first.next();
                first.remove();
            }
        }
    }

    /** Live Spaces first, then ended ones; newest first within each. */
    public synchronized List<Views.SpaceSummary> spaces() {
        return spaces.values().stream().map(SpaceState::summary)
                .sorted(Comparator.comparing((Views.SpaceSummary s) -> !s.live())
                        .thenComparing(s -> s.startedAt() == null ? s.lastActivityAt() : s.startedAt(), Comparator.reverseOrder())
                        .thenComparing(Views.SpaceSummary::id))
                .toList();
    }

    public synchronized Optional<Views.SpaceDetail> space(String spaceId) {
        return Optional.ofNullable(spaces.get(spaceId)).map(SpaceState::detail);
    }

    public synchronized Optional<List<TranscriptEvent>> finals(String spaceId) {
        return Optional.ofNullable(spaces.get(spaceId)).map(SpaceState::finals);
    }

    public synchronized Optional<Views.SearchResult> search(String spaceId, String phrase, int limit) {
        return Optional.ofNullable(spaces.get(spaceId)).map(s -> s.search(phrase, limit));
    }

    /** The delta a browser watching {@code spaceId} needs for what a batch changed there, if anything. */
    synchronized Optional<Views.SpaceDelta> delta(String spaceId, SpaceChanges changes) {
        SpaceState space = spaces.get(spaceId);
        if (space == null || changes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Views.SpaceDelta(spaceId, List.copyOf(changes.captions), changes.partials,
                changes.statsChanged ? space.statsView() : null,
                changes.participantsChanged ? space.participants() : null,
                changes.summaryChanged ? space.summary() : null));
    }

    /** The changes of one batch of records, by Space. */
    public static final class Batch {
        final Map<String, SpaceChanges> changes = new LinkedHashMap<>();
        boolean listChanged;

        public boolean isEmpty() {
            return !listChanged && changes.values().stream().allMatch(SpaceChanges::isEmpty);
        }
    }
}
