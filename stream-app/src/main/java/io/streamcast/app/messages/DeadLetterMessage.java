package io.streamcast.app.messages;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A record on the dead-letter topic: the original bytes (exact, as base64; also as text when they are UTF-8),
 * where they came from, and why they were rejected. The record key is the original key.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetterMessage(
        Error error,
        Source source,
        Instant time,
        String key,
        @JsonProperty("value_text") String valueText,
        @JsonProperty("value_base64") String valueBase64) {

    /** Why: a code from {@link ErrorCode} and a message for people. */
    public record Error(String code, String message) {
    }

    /** The input record's coordinates. */
    public record Source(String topic, int partition, long offset) {
    }
}
