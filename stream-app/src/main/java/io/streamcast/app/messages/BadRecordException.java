package io.streamcast.app.messages;

/**
 * A record that cannot be processed, with the reason. Thrown from a processor, it is turned into a
 * dead letter by {@link io.streamcast.app.topology.DeadLetterHandler} and the stream goes on.
 */
public final class BadRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public BadRecordException(ErrorCode code, String message) {
        super(message, null, false, false); // no stack trace: bad input is expected, not a bug
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
