package io.streamcast.app.model;

import io.streamcast.app.registry.ModelSubscriber;
import io.streamcast.models.artifact.InvalidArtifactException;
import io.streamcast.models.artifact.ModelArtifact;
import io.streamcast.models.forecast.ForecastModel;
import io.streamcast.models.forecast.LstmForecaster;
import io.streamcast.models.forecast.SeasonalNaiveModel;

/**
 * The forecaster as the registry promotes it: the seasonal-naive forecast (version 0) until a first artifact of
 * its name arrives, then each newer version, swapped in atomically (a batch takes one {@link #current()}
 * reference, so it never mixes versions).
 */
public final class RegistryModelSource implements ForecastModelSource, ModelSubscriber {
    private final String name;
    private final int maxWindow;
    private volatile ForecastModel current;

    /**
     * @param name      registry name of the forecaster
     * @param maxWindow the longest window the topology keeps per series: a model needing more is refused
     * @param fallback  served until the registry has a model
     */
    public RegistryModelSource(String name, int maxWindow, ForecastModel fallback) {
        this.name = name;
        this.maxWindow = maxWindow;
        this.current = fallback;
    }

    /** Seasonal naive (last value) over the given shape until the registry has a model. */
    public static RegistryModelSource withNaiveFallback(String name, int window, int horizon) {
        return new RegistryModelSource(name, window, new SeasonalNaiveModel(window, horizon, 1));
    }

    @Override
    public ForecastModel current() {
        return current;
    }

    @Override
    public String modelName() {
        return name;
    }

    @Override
    public long servingVersion() {
        return current.card().version();
    }

    @Override
    public void serve(ModelArtifact artifact) throws InvalidArtifactException {
        LstmForecaster model = LstmForecaster.fromArtifact(artifact);
        if (model.window() > maxWindow) {
            throw new InvalidArtifactException("the model's window " + model.window() + " exceeds the "
                    + maxWindow + " points kept per series (streamcast.forecaster.window)");
        }
        current = model;
    }
}
