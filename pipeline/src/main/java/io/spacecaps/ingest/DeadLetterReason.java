package io.spacecaps.ingest;

/** Why an input record was set aside. The names are stable: dashboards and alerts count by them. */
public enum DeadLetterReason {
    EMPTY_RECORD,
    OVERSIZED_RECORD,
    NOT_AVRO,
    UNKNOWN_SCHEMA,
    MALFORMED_AVRO,
    MISSING_ID,
    UNSUPPORTED_ENCODING,
    UNSUPPORTED_SAMPLE_RATE,
    UNSUPPORTED_CHANNELS,
    ODD_LENGTH_PCM,
    /** An OPUS payload that is not length-prefixed Opus packets (bad framing, or a packet whose header is invalid). */
    MALFORMED_OPUS,
    /** An OPUS chunk whose packets are well framed but that the codec cannot decode; it is heard as silence. */
    UNDECODABLE_OPUS,
    OVERSIZED_CHUNK,
    INVALID_SEQUENCE,
    /** The chunk came after its place in the track was filled with silence. */
    LATE_CHUNK,
    /** The chunk came after its track's end-of-track chunk. */
    AFTER_END_OF_TRACK,
    /** No SPACE_STARTED event for the chunk's Space arrived within {@code unknown-space-wait-ms}. */
    UNKNOWN_SPACE,
    /** The Space's language has no speech model configured ({@code --model.<language> DIR}). */
    NO_MODEL_FOR_LANGUAGE,
    /** A new track, while its recognition subtask already has {@code max-recognizers} open. */
    RECOGNIZER_QUOTA,
    /** A new track of a Space that already has {@code max-tracks-per-space} recognised on its subtask. */
    TRACK_QUOTA,
    /** Audio beyond {@code max-awaiting-bytes} of a track still waiting for its Space's start. */
    AWAITING_SPACE_FULL,
    /**
     * A record whose time (its Kafka timestamp, a chunk's capture time, an event's time) is more than
     * {@code max-clock-skew-ms} ahead of the job's clock: a producer's broken clock must not move the
     * room's progress, nor date a Space's start.
     */
    FUTURE_TIME
}
