package io.streamcast.app.topology;

import io.streamcast.app.messages.PriceParser;
import io.streamcast.app.messages.PricePoint;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Parses and validates raw {@code prices} records; a bad one throws and becomes a dead letter. */
final class ParsePricesProcessor implements Processor<String, byte[], String, PricePoint> {
    private final PriceParser parser;
    private final Runnable recordIn;
    private ProcessorContext<String, PricePoint> context;

    ParsePricesProcessor(PriceParser parser, Runnable recordIn) {
        this.parser = parser;
        this.recordIn = recordIn;
    }

    @Override
    public void init(ProcessorContext<String, PricePoint> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        recordIn.run();
        PricePoint point = parser.parse(record.key(), record.value(), context.currentSystemTimeMs());
        context.forward(record.withKey(point.series()).withValue(point));
    }
}
