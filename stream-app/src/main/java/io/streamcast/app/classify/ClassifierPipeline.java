package io.streamcast.app.classify;

import io.streamcast.app.config.ClassifierSettings;
import io.streamcast.app.metrics.ClassifierMetrics;

/**
 * One classification pipeline's collaborators: its settings (topics, limits, top-k), how to decode its inputs,
 * where its model comes from, and its meters. {@link ClassifyTopology#addTo} turns it into topology nodes.
 *
 * @param <X> the decoded input
 */
public record ClassifierPipeline<X>(ClassifierSettings settings, InputDecoder<X> decoder, ClassifierModelSource<X> models,
                                    ClassifierMetrics metrics) {
    public ClassifierPipeline {
        models.bind(metrics);
    }

    /** The pipeline's name, e.g. {@code image}: the metrics' {@code pipeline} tag and the prefix of its settings. */
    public String name() {
        return settings.kind().name();
    }
}
