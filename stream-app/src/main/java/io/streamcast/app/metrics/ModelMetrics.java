package io.streamcast.app.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.streamcast.app.model.ForecastModelSource;
import java.time.Duration;
import java.time.Instant;

/** Version and age of the model a pipeline serves, tagged with the pipeline only. */
public final class ModelMetrics implements MeterBinder {
    private final String pipeline;
    private final ForecastModelSource source;

    public ModelMetrics(String pipeline, ForecastModelSource source) {
        this.pipeline = pipeline;
        this.source = source;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("streamcast.model.version", source, s -> s.current().card().version())
                .description("Version of the model serving predictions (0 = the seasonal-naive fallback)")
                .tag("pipeline", pipeline).register(registry);
        Gauge.builder("streamcast.model.age", source,
                        s -> Duration.between(s.current().card().created(), Instant.now()).toMillis() / 1000.0)
                .description("Seconds since the serving model was trained").tag("pipeline", pipeline)
                .baseUnit("seconds").register(registry);
    }
}
