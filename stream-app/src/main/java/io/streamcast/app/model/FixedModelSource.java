package io.streamcast.app.model;

import io.streamcast.models.artifact.ModelArtifact;
import io.streamcast.models.forecast.ForecastModel;
import io.streamcast.models.forecast.LstmForecaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Always the same model, e.g. one loaded from an artifact file with {@code --model}. */
public final class FixedModelSource implements ForecastModelSource {
    private final ForecastModel model;

    public FixedModelSource(ForecastModel model) {
        this.model = model;
    }

    /** Loads and verifies an artifact file (SHA-256, and the HMAC when a key is given). */
    public static FixedModelSource fromFile(Path file, Optional<byte[]> signingKey) throws IOException {
        return new FixedModelSource(LstmForecaster.fromArtifact(ModelArtifact.read(file, signingKey)));
    }

    @Override
    public ForecastModel current() {
        return model;
    }
}
