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
    /** The model failed on this window or forecast a non-finite value. */
    MODEL_FAILURE,
    INTERNAL_ERROR
}
