package io.streamcast.models.image;

/** Bytes or pixel values that do not make an acceptable image, with the reason. */
public final class ImageDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why an image was refused. */
    public enum Reason {
        /** Not PNG or JPEG, or a corrupt or truncated one. */
        NOT_AN_IMAGE,
        /** Zero or negative width or height, a channel count other than 1 or 3, or a pixel count that does not match them. */
        INVALID_SIZE,
        /** More pixels than the configured limit. */
        TOO_LARGE,
        /** A pixel value outside 0–255. */
        INVALID_PIXEL
    }

    private final Reason reason;

    public ImageDecodeException(Reason reason, String message) {
        super(message, null, false, false); // bad input is expected, not a bug: no stack trace
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
