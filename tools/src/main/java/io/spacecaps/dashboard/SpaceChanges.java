package io.spacecaps.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one batch of records changed in one Space; becomes one {@link Views.SpaceDelta} for the browsers watching it. */
final class SpaceChanges {

    final List<Views.Caption> captions = new ArrayList<>();
    /** By track; null: the track is no longer speaking. */
    final Map<String, Views.Partial> partials = new LinkedHashMap<>();
    boolean statsChanged;
    boolean participantsChanged;
    /** Title, start, end: what the list of Spaces shows. */
    boolean summaryChanged;

    boolean isEmpty() {
        return captions.isEmpty() && partials.isEmpty() && !statsChanged && !participantsChanged && !summaryChanged;
    }
}
