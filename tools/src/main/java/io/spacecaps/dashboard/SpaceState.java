package io.spacecaps.dashboard;

import io.spacecaps.schema.CaptionMarker;
import io.spacecaps.schema.MarkerType;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceStats;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.schema.Word;
import io.spacecaps.schema.WrittenToken;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the dashboard knows of one Space: the newest {@code maxCaptions} finals in Space-time order,
 * what each track is saying now, the room's roster, and the newest stats. Not thread-safe: the
 * {@link DashboardState} that owns it guards it.
 */
final class SpaceState {

    /** Finals are ordered as a reader meets them: by start, then track; the event id keeps two apart. */
    private record CaptionKey(long startMs, String trackId, String eventId) {
        static final Comparator<CaptionKey> ORDER = Comparator.comparingLong(CaptionKey::startMs)
                .thenComparing(CaptionKey::trackId).thenComparing(CaptionKey::eventId);
    }

    private record StoredCaption(TranscriptEvent event, Views.Caption view) {
    }

    private static final class Person {
        String displayName;
        String role;
        boolean present = true;
        boolean speaking;
        boolean captionsOff;
    }

    /** Enough utterance ids to recognise a partial that comes after its final, however the topics interleave. */
    private static final int FINALISED_UTTERANCES_KEPT = 10_000;

    final String id;
    private final int maxCaptions;
    private String title;
    private boolean ended;
    private Long startedAt;
    private Long endedAt;
    private long lastActivityAt;

    private final TreeMap<CaptionKey, StoredCaption> captions = new TreeMap<>(CaptionKey.ORDER);
    private final Map<String, CaptionKey> captionByEventId = new HashMap<>();
    private boolean captionsTrimmed;
    private final Set<String> finalisedUtterances = new LinkedHashSet<>();
    private final Map<String, TranscriptEvent> speakingNow = new LinkedHashMap<>();
    private final Map<String, Person> people = new LinkedHashMap<>();
    /** A colour per speaker, in the order they were first heard; the same in the captions and the charts. */
    private final Map<String, Integer> colours = new LinkedHashMap<>();
    private SpaceStats stats;

    SpaceState(String id, int maxCaptions, long firstSeenAt) {
        this.id = id;
        this.maxCaptions = maxCaptions;
        this.lastActivityAt = firstSeenAt;
    }

    boolean ended() {
        return ended;
    }

    long lastActivityAt() {
        return lastActivityAt;
    }

    Long endedAt() {
        return endedAt;
    }

    // ---- records in ----

    void apply(SpaceEvent event, long receivedAt, SpaceChanges changes) {
        touch(receivedAt);
        String who = event.getParticipantId();
        switch (event.getType()) {
            case SPACE_STARTED -> {
                if (event.getTitle() != null) {
                    title = event.getTitle();
                }
                startedAt = event.getTime().toEpochMilli();
                changes.summaryChanged = true;
            }
            case SPACE_ENDED -> {
                end(event.getTime().toEpochMilli(), changes);
            }
            case PARTICIPANT_JOINED -> {
                if (who != null) {
                    Person person = people.computeIfAbsent(who, k -> new Person());
                    person.displayName = event.getDisplayName() != null ? event.getDisplayName() : who;
                    person.role = event.getRole() == null ? null : event.getRole().name();
                    person.present = true;
                    person.captionsOff = Boolean.FALSE.equals(event.getCaptionsAllowed());
                    changes.participantsChanged = true;
                }
            }
            case PARTICIPANT_LEFT -> updatePerson(who, p -> {
                p.present = false;
                p.speaking = false;
            }, changes);
            case ROLE_CHANGED -> updatePerson(who, p -> p.role = event.getRole() == null ? null : event.getRole().name(), changes);
            case PARTICIPANT_RENAMED -> updatePerson(who, p -> {
                if (event.getDisplayName() != null) {
                    p.displayName = event.getDisplayName();
                }
            }, changes);
            case SPEAKING_STARTED -> updatePerson(who, p -> p.speaking = true, changes);
            case SPEAKING_STOPPED -> updatePerson(who, p -> p.speaking = false, changes);
            default -> {
                // UNKNOWN: an event type newer than this dashboard; nothing to show for it.
            }
        }
    }

    void apply(TranscriptEvent caption, long receivedAt, SpaceChanges changes) {
        touch(receivedAt);
        if (caption.getKind() == TranscriptKind.PARTIAL) {
            applyPartial(caption, changes);
        } else {
            applyFinal(caption, changes);
        }
    }

    void apply(SpaceStats record, long receivedAt, SpaceChanges changes) {
        touch(receivedAt);
        // Each record is the whole picture up to upToMs: the newest wins, and nothing replaces the summary.
        boolean newer = stats == null || (!stats.getSummary() && (record.getSummary() || record.getUpToMs() >= stats.getUpToMs()));
        if (!newer) {
            return;
        }
        stats = record;
        changes.statsChanged = true;
        if (title == null && record.getTitle() != null) {
            title = record.getTitle();
            changes.summaryChanged = true;
        }
        for (var speaker : record.getSpeakers()) {
            colourOf(speaker.getSpeakerId());
        }
        if (record.getSummary() && !ended) {
            end(record.getEmittedAt().toEpochMilli(), changes);
        }
    }

    private void applyPartial(TranscriptEvent partial, SpaceChanges changes) {
        if (ended || finalisedUtterances.contains(partial.getUtteranceId())) {
            return;
        }
        TranscriptEvent current = speakingNow.get(partial.getTrackId());
        if (current != null && current.getUtteranceId().equals(partial.getUtteranceId()) && current.getRevision() >= partial.getRevision()) {
            return; // partials are at least once: a repeat or an older revision says nothing new
        }
        speakingNow.put(partial.getTrackId(), partial);
        changes.partials.put(partial.getTrackId(), partialView(partial));
    }

    private void applyFinal(TranscriptEvent caption, SpaceChanges changes) {
        if (caption.getRevisionReason() != null) {
            return; // a live view keeps what it showed; export gives the revised transcript of record
        }
        remember(caption.getUtteranceId());
        TranscriptEvent current = speakingNow.get(caption.getTrackId());
        if (current != null && (current.getUtteranceId().equals(caption.getUtteranceId()) || caption.getEndOfTrack())) {
            speakingNow.remove(caption.getTrackId());
            changes.partials.put(caption.getTrackId(), null);
        }
        boolean captionsOff = caption.getMarkers().stream().anyMatch(m -> m.getType() == MarkerType.CAPTIONS_OFF);
        if (caption.getText().isBlank() && !captionsOff) {
            return; // a track's end with nothing more said
        }
        if (captionByEventId.containsKey(caption.getEventId())) {
            return; // a replayed final carries the same id
        }
        CaptionKey key = new CaptionKey(caption.getStartMs(), caption.getTrackId(), caption.getEventId());
        StoredCaption stored = new StoredCaption(caption, captionView(caption, captionsOff));
        captions.put(key, stored);
        captionByEventId.put(caption.getEventId(), key);
        boolean keptNew = true;
        while (captions.size() > maxCaptions) {
            // Rolling: the earliest in Space time goes, which may be the one just added if it came very late.
            var earliest = captions.pollFirstEntry();
            captionByEventId.remove(earliest.getKey().eventId());
            captionsTrimmed = true;
            keptNew &= !earliest.getKey().equals(key);
        }
        if (keptNew) {
            changes.captions.add(stored.view);
        }
    }

    private void end(long at, SpaceChanges changes) {
        ended = true;
        endedAt = at;
        for (String track : speakingNow.keySet()) {
            changes.partials.put(track, null);
        }
        speakingNow.clear();
        people.values().forEach(p -> p.speaking = false);
        changes.summaryChanged = true;
        changes.participantsChanged = true;
    }

    private void updatePerson(String participantId, java.util.function.Consumer<Person> update, SpaceChanges changes) {
        Person person = participantId == null ? null : people.get(participantId);
        if (person != null) {
            update.accept(person);
            changes.participantsChanged = true;
        }
    }

    private void remember(String utteranceId) {
        finalisedUtterances.add(utteranceId);
        if (finalisedUtterances.size() > FINALISED_UTTERANCES_KEPT) {
            var oldest = finalisedUtterances.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    private void touch(long at) {
        lastActivityAt = Math.max(lastActivityAt, at);
    }

    // ---- views out ----

    Views.SpaceSummary summary() {
        return new Views.SpaceSummary(id, title, !ended, startedAt, endedAt, lastActivityAt);
    }

    Views.SpaceDetail detail() {
        return new Views.SpaceDetail(summary(), captions.values().stream().map(StoredCaption::view).toList(),
                speakingNow.values().stream().map(this::partialView).toList(), statsView(), participants(), maxCaptions,
                captionsTrimmed);
    }

    /** The finals kept, in Space-time order, for the transcript renderers. */
    List<TranscriptEvent> finals() {
        return captions.values().stream().map(StoredCaption::event).toList();
    }

    Views.SearchResult search(String phrase, int limit) {
        String wanted = TranscriptSearch.normalise(phrase);
        List<Views.SearchMatch> matches = new ArrayList<>();
        boolean truncated = false;
        if (!wanted.isEmpty()) {
            for (StoredCaption stored : captions.values()) {
                Views.Caption c = stored.view;
                Optional<TranscriptSearch.Span> inText = TranscriptSearch.find(c.text(), wanted);
                Optional<TranscriptSearch.Span> inWords = inText.isPresent() ? Optional.empty()
                        : TranscriptSearch.find(spokenWords(stored.event), wanted);
                if (inText.isEmpty() && inWords.isEmpty()) {
                    continue;
                }
                if (matches.size() == limit) {
                    truncated = true;
                    break;
                }
                TranscriptSearch.Span span = inText.orElse(new TranscriptSearch.Span(0, 0));
                matches.add(new Views.SearchMatch(c.id(), c.startMs(), c.speaker(), c.colour(), c.text(), span.start(), span.end()));
            }
        }
        return new Views.SearchResult(phrase, matches, truncated);
    }

    /** The words as recognised ("forty four" where the text says "44"), so either form is found. */
    private static String spokenWords(TranscriptEvent caption) {
        StringBuilder words = new StringBuilder();
        for (Word w : caption.getWords()) {
            words.append(w.getWord()).append(' ');
        }
        return words.toString();
    }

    private Views.Caption captionView(TranscriptEvent caption, boolean captionsOff) {
        List<Views.Marker> markers = new ArrayList<>();
        for (CaptionMarker m : caption.getMarkers()) {
            markers.add(new Views.Marker(m.getType().name(), m.getStartMs(), m.getEndMs()));
        }
        return new Views.Caption(caption.getEventId(), caption.getTrackId(), caption.getStartMs(), caption.getEndMs(),
                speakerName(caption), colourOf(speakerKey(caption)), caption.getText(), markers, captionsOff);
    }

    private Views.Partial partialView(TranscriptEvent partial) {
        String[] split = splitStable(partial);
        return new Views.Partial(partial.getTrackId(), partial.getUtteranceId(), partial.getRevision(), partial.getStartMs(),
                speakerName(partial), colourOf(speakerKey(partial)), split[0], split[1]);
    }

    /**
     * The written text cut where the stable words end: a written token is stable when every word it
     * stands for is among the first {@code stableWords}. Without written tokens, the text's own words count.
     */
    static String[] splitStable(TranscriptEvent partial) {
        int stableWords = Math.max(0, partial.getStableWords());
        StringBuilder stable = new StringBuilder();
        StringBuilder tentative = new StringBuilder();
        List<WrittenToken> written = partial.getWritten();
        if (!written.isEmpty()) {
            boolean settled = true;
            for (WrittenToken token : written) {
                settled &= token.getLastWord() < stableWords;
                append(settled ? stable : tentative, token.getText());
            }
        } else {
            String[] words = partial.getText().strip().split("\\s+");
            for (int i = 0; i < words.length; i++) {
                if (!words[i].isEmpty()) {
                    append(i < stableWords ? stable : tentative, words[i]);
                }
            }
        }
        return new String[] {stable.toString(), tentative.toString()};
    }

    /** JSON has no NaN or infinity: a ratio over nothing is shown as 0. */
    private static float finite(float value) {
        return Float.isFinite(value) ? value : 0f;
    }

    private static void append(StringBuilder text, String token) {
        if (text.length() > 0) {
            text.append(' ');
        }
        text.append(token);
    }

    private static String speakerName(TranscriptEvent caption) {
        String name = caption.getSpeaker() == null ? "" : caption.getSpeaker().getDisplayName().strip();
        return name.isEmpty() ? "Unknown" : name;
    }

    /** As the stats name a speaker: the participant id or voice label, else the display name. */
    private static String speakerKey(TranscriptEvent caption) {
        if (caption.getSpeaker() != null && caption.getSpeaker().getId() != null) {
            return caption.getSpeaker().getId();
        }
        return speakerName(caption);
    }

    private int colourOf(String speakerKey) {
        return colours.computeIfAbsent(speakerKey, k -> colours.size());
    }

    List<Views.Participant> participants() {
        List<Views.Participant> list = new ArrayList<>();
        people.forEach((who, p) -> list.add(new Views.Participant(who, p.displayName, p.role, p.present, p.speaking,
                p.captionsOff, colours.getOrDefault(who, -1))));
        return list;
    }

    Views.Stats statsView() {
        if (stats == null) {
            return null;
        }
        var service = stats.getService();
        Map<String, Long> deadLetters = new TreeMap<>();
        service.getDeadLetters().forEach((reason, count) -> deadLetters.put(reason.toString(), count));
        return new Views.Stats(stats.getUpToMs(), stats.getSummary(), stats.getEmittedAt().toEpochMilli(),
                stats.getSpeechMs(), stats.getSilenceMs(), stats.getOverlapMs(),
                stats.getSpeakers().stream().map(s -> new Views.SpeakerStats(s.getSpeakerId(), s.getDisplayName(),
                        colourOf(s.getSpeakerId()), s.getTalkMs(), finite(s.getTalkShare()), s.getWords(), finite(s.getWordsPerMinute()),
                        s.getTurns(), s.getInterruptions(), s.getOverlapMs(), s.getLongestMonologueMs())).toList(),
                stats.getKeywords().stream().map(k -> new Views.Keyword(k.getWord(), k.getCount())).toList(),
                stats.getKeywordWindowMs(),
                new Views.Service(service.getPartialLatencyP50Ms(), service.getPartialLatencyP95Ms(),
                        service.getFinalLatencyP50Ms(), service.getFinalLatencyP95Ms(), service.getRecognitionLagMs(),
                        deadLetters, service.getStableWords(), service.getStableWordsChanged(), finite(service.getStableWordChurn())));
    }
}
