package io.streamcast.models.artifact;

import java.io.IOException;

/** An artifact that is truncated, tampered with, unsigned when a key is required, or of an unknown format. */
public class InvalidArtifactException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why an artifact was refused; a bounded set, fit for a metric tag. */
    public enum Reason {
        /** Not a zip, a corrupt or cut entry, an unreadable manifest or card. */
        UNREADABLE,
        /** An entry or the whole digest does not match its SHA-256. */
        TAMPERED,
        /** No HMAC while a signing key is configured. */
        UNSIGNED,
        /** An HMAC that does not match the configured key. */
        BAD_SIGNATURE,
        /** A format, kind or shape this code cannot serve. */
        INCOMPATIBLE
    }

    private final Reason reason;

    public InvalidArtifactException(String message) {
        this(Reason.INCOMPATIBLE, message);
    }

    public InvalidArtifactException(String message, Throwable cause) {
        this(Reason.INCOMPATIBLE, message, cause);
    }

    public InvalidArtifactException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public InvalidArtifactException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
