package io.streamcast.app.topology;

import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.messages.BadRecordException;
import io.streamcast.app.messages.DeadLetterMessage;
import io.streamcast.app.messages.ErrorCode;
import io.streamcast.app.messages.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns any exception thrown while processing a record into a dead letter and lets the stream go on. Kafka
 * Streams writes the returned record in the same transaction as the task's other output, so under
 * exactly-once a record is either processed or dead-lettered, once. {@link BadRecordException}s carry their
 * own code; anything else is an {@link ErrorCode#INTERNAL_ERROR} and is logged with its stack trace.
 */
public final class DeadLetterHandler implements ProcessingExceptionHandler {
    /** Config key under which the app passes a {@link Listener} (an object, not a string). */
    public static final String LISTENER_CONFIG = "streamcast.internal.dead-letter-listener";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);

    /** Told of every dead letter, e.g. to count it. */
    @FunctionalInterface
    public interface Listener {
        void deadLettered(String sourceTopic, ErrorCode code);
    }

    private String topic;
    private Listener listener = (t, c) -> { };

    @Override
    public void configure(Map<String, ?> configs) {
        topic = new StreamcastConfig(configs).deadLettersTopic();
        if (configs.get(LISTENER_CONFIG) instanceof Listener l) {
            listener = l;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        ErrorCode code = ErrorCode.INTERNAL_ERROR;
        String message = exception.getClass().getSimpleName() + ": " + exception.getMessage();
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof BadRecordException bad) {
                code = bad.code();
                message = bad.getMessage();
                break;
            }
        }
        if (code == ErrorCode.INTERNAL_ERROR) {
            LOG.warn("unexpected error on {}-{}@{}; record dead-lettered", context.topic(), context.partition(),
                    context.offset(), exception);
        } else {
            LOG.debug("dead letter {}-{}@{}: {} {}", context.topic(), context.partition(), context.offset(), code, message);
        }
        byte[] key = context.sourceRawKey();
        byte[] value = context.sourceRawValue();
        DeadLetterMessage letter = new DeadLetterMessage(
                new DeadLetterMessage.Error(code.name(), message),
                new DeadLetterMessage.Source(context.topic(), context.partition(), context.offset()),
                Instant.now(),
                key == null ? null : utf8OrNull(key),
                value == null ? null : utf8OrNull(value),
                value == null ? null : Base64.getEncoder().encodeToString(value));
        RecordHeaders headers = new RecordHeaders();
        headers.add("streamcast.error.code", code.name().getBytes(StandardCharsets.UTF_8));
        listener.deadLettered(context.topic(), code);
        return Response.resume(List.of(new ProducerRecord<>(topic, null, context.timestamp(), key, Json.bytes(letter), headers)));
    }

    private static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
