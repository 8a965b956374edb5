package io.streamcast.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamcast.app.messages.ErrorCode;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The meters of one pipeline ({@code forecast}, …), tagged only with the pipeline name and, for dead letters,
 * the error code: a small fixed set, never a series id.
 */
public final class PipelineMetrics {
    private final Counter in;
    private final Counter out;
    private final Map<ErrorCode, Counter> deadLettered = new EnumMap<>(ErrorCode.class);
    private final DistributionSummary batchSize;
    private final Timer inferenceLatency;
    private final Timer endToEndLatency;

    public PipelineMetrics(MeterRegistry registry, String pipeline) {
        in = Counter.builder("streamcast.records.in").description("Records read from the input topic")
                .tag("pipeline", pipeline).register(registry);
        out = Counter.builder("streamcast.records.out").description("Predictions written to the output topic")
                .tag("pipeline", pipeline).register(registry);
        for (ErrorCode code : ErrorCode.values()) {
            deadLettered.put(code, Counter.builder("streamcast.records.dead.lettered")
                    .description("Records sent to the dead-letter topic, by reason")
                    .tags("pipeline", pipeline, "reason", code.name()).register(registry));
        }
        batchSize = DistributionSummary.builder("streamcast.inference.batch.size")
                .description("Windows per inference call").tag("pipeline", pipeline)
                .publishPercentiles(0.5, 0.99).register(registry);
        inferenceLatency = Timer.builder("streamcast.inference.latency").description("Time of one batched inference call")
                .tag("pipeline", pipeline).publishPercentiles(0.5, 0.99).register(registry);
        endToEndLatency = Timer.builder("streamcast.end.to.end.latency")
                .description("From the input record's Kafka timestamp to its prediction being emitted")
                .tag("pipeline", pipeline).publishPercentiles(0.5, 0.99).register(registry);
    }

    public void recordIn() {
        in.increment();
    }

    public void recordsOut(int n) {
        out.increment(n);
    }

    public void deadLettered(ErrorCode code) {
        deadLettered.get(code).increment();
    }

    public void batch(int size, long nanos) {
        batchSize.record(size);
        inferenceLatency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void endToEnd(long millis) {
        endToEndLatency.record(Duration.ofMillis(Math.max(0, millis)));
    }

    public double recordsInCount() {
        return in.count();
    }

    public double recordsOutCount() {
        return out.count();
    }

    public double deadLetteredCount() {
        return deadLettered.values().stream().mapToDouble(Counter::count).sum();
    }
}
