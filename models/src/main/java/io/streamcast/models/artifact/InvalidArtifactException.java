package io.streamcast.models.artifact;

import java.io.IOException;

/** An artifact that is truncated, tampered with, unsigned when a key is required, or of an unknown format. */
public class InvalidArtifactException extends IOException {
    private static final long serialVersionUID = 1L;

    public InvalidArtifactException(String message) {
        super(message);
    }

    public InvalidArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
