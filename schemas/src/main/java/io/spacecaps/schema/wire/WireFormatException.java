package io.spacecaps.schema.wire;

/** A message that cannot be decoded, with a stable reason code for dead letters and metrics. */
public final class WireFormatException extends Exception {

    public enum Reason { EMPTY, NOT_SINGLE_OBJECT, UNKNOWN_SCHEMA, MALFORMED }

    private final Reason reason;

    public WireFormatException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
