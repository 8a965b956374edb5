package io.streamcast.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The anomaly pipeline's meters: its {@link PipelineMetrics}, points flagged (the anomaly rate is their rate over
 * {@code streamcast.records.out}) and the distribution of scores.
 */
public final class AnomalyMetrics {
    private final PipelineMetrics pipeline;
    private final Counter flagged;
    private final DistributionSummary scores;

    public AnomalyMetrics(MeterRegistry registry) {
        pipeline = new PipelineMetrics(registry, "anomaly");
        flagged = Counter.builder("streamcast.anomalies.flagged").description("Points flagged as anomalous")
                .tag("pipeline", "anomaly").register(registry);
        scores = DistributionSummary.builder("streamcast.anomaly.score").description("Anomaly scores of scored points")
                .tag("pipeline", "anomaly").publishPercentiles(0.5, 0.9, 0.99).register(registry);
    }

    public PipelineMetrics pipeline() {
        return pipeline;
    }

    public Counter flagged() {
        return flagged;
    }

    public DistributionSummary scores() {
        return scores;
    }
}
