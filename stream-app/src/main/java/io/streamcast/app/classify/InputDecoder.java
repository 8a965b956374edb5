package io.streamcast.app.classify;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The part of a classification pipeline that knows its input kind: turns the kind's fields of an input record into
 * what the model reads, and that into bytes and back for the changelogged micro-batch queue. Everything else (the
 * JSON envelope, id, label, batching, the model, the output) is {@link ClassifyTopology}'s.
 *
 * @param <X> the decoded input (e.g. a {@link io.streamcast.models.image.PixelImage} at the model's size)
 */
public interface InputDecoder<X> {
    /**
     * Decodes and validates the input fields of a record (e.g. {@code image}, or {@code width}, {@code height},
     * {@code pixels}). Runs on a stream thread, once per record.
     *
     * @param record the record's JSON object (id and label are checked elsewhere)
     * @throws io.streamcast.app.messages.BadRecordException when the input is missing or bad, with its error code
     */
    X decode(JsonNode record);

    /** The input as bytes, for the micro-batch queue. */
    byte[] toBytes(X input);

    /** Reads what {@link #toBytes} wrote. */
    X fromBytes(byte[] bytes);
}
