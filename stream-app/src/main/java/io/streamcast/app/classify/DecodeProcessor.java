package io.streamcast.app.classify;

import io.streamcast.app.messages.DeadLetterMessage;
import io.streamcast.app.metrics.PipelineMetrics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Parses and validates an input record (envelope, then the kind's fields) and passes it on decoded; a bad record
 * throws a {@link io.streamcast.app.messages.BadRecordException} and becomes a dead letter with its original bytes.
 */
final class DecodeProcessor<X> implements Processor<String, byte[], String, PendingInput> {
    private final ClassifierPipeline<X> pipeline;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, PendingInput> context;

    DecodeProcessor(ClassifierPipeline<X> pipeline) {
        this.pipeline = pipeline;
        this.metrics = pipeline.metrics().pipeline();
    }

    @Override
    public void init(ProcessorContext<String, PendingInput> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        metrics.recordIn();
        InputEnvelope.Parsed parsed = InputEnvelope.parse(record.key(), record.value(), pipeline.settings().maxPayloadBytes(),
                pipeline.models().classes());
        InputDecoder<X> decoder = pipeline.decoder();
        byte[] input = decoder.toBytes(decoder.decode(parsed.record()));
        DeadLetterMessage.Source source = context.recordMetadata()
                .map(m -> new DeadLetterMessage.Source(m.topic(), m.partition(), m.offset()))
                .orElse(new DeadLetterMessage.Source(null, -1, -1));
        context.forward(record.withKey(parsed.id()).withValue(new PendingInput(parsed.id(), input, parsed.label(),
                record.timestamp(), source)));
    }
}
