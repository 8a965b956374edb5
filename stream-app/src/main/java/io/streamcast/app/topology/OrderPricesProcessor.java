package io.streamcast.app.topology;

import io.streamcast.app.messages.BadRecordException;
import io.streamcast.app.messages.ErrorCode;
import io.streamcast.app.messages.PricePoint;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Points must arrive in increasing time per series: a point at the series' latest time is a
 * {@link ErrorCode#DUPLICATE_TIMESTAMP}, one before it {@link ErrorCode#OUT_OF_ORDER}; both are dead-lettered
 * here, once, before any pipeline sees them. Kafka Streams does not promise the order in which sibling
 * processors receive a record, so the check cannot live in one pipeline.
 */
final class OrderPricesProcessor implements Processor<String, PricePoint, String, PricePoint> {
    private final String storeName;
    private ProcessorContext<String, PricePoint> context;
    private KeyValueStore<String, Long> latest;

    OrderPricesProcessor(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<String, PricePoint> context) {
        this.context = context;
        this.latest = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, PricePoint> record) {
        PricePoint p = record.value();
        Long last = latest.get(p.series());
        if (last != null && p.timestampMs() <= last) {
            ErrorCode code = p.timestampMs() == last ? ErrorCode.DUPLICATE_TIMESTAMP : ErrorCode.OUT_OF_ORDER;
            throw new BadRecordException(code, "series '" + p.series() + "' is already at " + Instant.ofEpochMilli(last)
                    + "; point at " + Instant.ofEpochMilli(p.timestampMs()) + " is "
                    + (code == ErrorCode.OUT_OF_ORDER ? "older" : "a duplicate"));
        }
        latest.put(p.series(), p.timestampMs());
        context.forward(record);
    }
}
