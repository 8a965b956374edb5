package io.streamcast.app.topology;

import io.streamcast.app.messages.PriceParser;
import io.streamcast.app.messages.PricePoint;
import io.streamcast.app.metrics.PipelineMetrics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Parses and validates raw {@code prices} records; a bad one throws and becomes a dead letter. */
final class ParsePricesProcessor implements Processor<String, byte[], String, PricePoint> {
    private final PriceParser parser;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, PricePoint> context;

    ParsePricesProcessor(PriceParser parser, PipelineMetrics metrics) {
        this.parser = parser;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, PricePoint> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        metrics.recordIn();
        PricePoint point = parser.parse(record.key(), record.value(), context.currentSystemTimeMs());
        context.forward(record.withKey(point.series()).withValue(point));
    }
}
