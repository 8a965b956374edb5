package io.streamcast.app.messages;

/** Why a record went to the dead-letter topic. A small fixed set, so it is safe as a metric tag. */
public enum ErrorCode {
    EMPTY_VALUE,
    OVERSIZE_PAYLOAD,
    INVALID_UTF8,
    MALFORMED_JSON,
    NOT_AN_OBJECT,
    MISSING_FIELD,
    WRONG_TYPE,
    INVALID_SERIES_ID,
    KEY_MISMATCH,
    INVALID_TIMESTAMP,
    TIMESTAMP_OUT_OF_RANGE,
    NOT_FINITE,
    ABSURD_VALUE,
    DUPLICATE_TIMESTAMP,
    OUT_OF_ORDER,
    /** A classification input's id is blank, too long or has control characters. */
    INVALID_ID,
    /** A classification input's label is blank or not one of the model's classes. */
    INVALID_LABEL,
    /** The image field is not valid base64. */
    INVALID_BASE64,
    /** The image bytes are not a PNG or JPEG, or a corrupt or truncated one. */
    NOT_AN_IMAGE,
    /** Zero or negative width or height, a channel count other than 1 or 3, or pixels not matching the size. */
    INVALID_IMAGE_SIZE,
    /** More pixels than streamcast.image.max-pixels. */
    OVERSIZE_IMAGE,
    /** A raw pixel value outside 0-255. */
    INVALID_PIXEL,
    /** A text that is empty or only white space. */
    EMPTY_TEXT,
    /** A text longer than streamcast.text.max-chars. */
    TEXT_TOO_LONG,
    /** A sequence without values. */
    EMPTY_SEQUENCE,
    /** A sequence with more values than streamcast.sequence.max-values. */
    SEQUENCE_TOO_LONG,
    /** A sequence value that is not a number (a string, null, a boolean, …). */
    NOT_A_NUMBER,
    /** The model failed on this window or forecast a non-finite value. */
    MODEL_FAILURE,
    INTERNAL_ERROR
}
