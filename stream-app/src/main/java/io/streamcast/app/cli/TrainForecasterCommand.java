package io.streamcast.app.cli;

import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.models.artifact.ModelCard.DataRange;
import io.streamcast.models.data.SeriesCsvReader;
import io.streamcast.models.data.TimeSeries;
import io.streamcast.models.forecast.ForecasterConfig;
import io.streamcast.models.forecast.ForecasterTrainer;
import io.streamcast.models.forecast.LstmForecaster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train forecaster}: trains the LSTM forecaster on the series of a CSV file and writes its artifact. */
@Command(name = "forecaster", mixinStandardHelpOptions = true,
        description = "Trains the LSTM forecaster on every series of a CSV file and writes the artifact.")
final class TrainForecasterCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "Series CSV, long or wide layout.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "MODEL.zip", description = "Where to write the artifact.")
    Path out;

    @Option(names = "--horizon", defaultValue = "12", description = "Steps forecast at once, H (default: ${DEFAULT-VALUE}).")
    int horizon;

    @Option(names = "--season", defaultValue = "1",
            description = "Season length M; the network corrects the forecast that repeats the last season (default: ${DEFAULT-VALUE} = last value).")
    int season;

    @Option(names = "--name", defaultValue = "forecaster", description = "Model name on the card (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--config", paramLabel = "FILE", description = "streamcast.* settings; with streamcast.model.signing-key the artifact is signed.")
    Path config;

    @Mixin
    ForecasterOptions model;

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(data)) {
            throw new IllegalArgumentException("--data: cannot read " + data);
        }
        ForecasterConfig fc = model.config(ForecasterConfig.DEFAULT_WINDOW, horizon, season);
        StreamcastConfig settings = new StreamcastConfig(RunCommand.settings(config));
        List<TimeSeries> series = SeriesCsvReader.read(data);
        String file = data.getFileName().toString();
        List<DataRange> provenance = series.stream().map(s -> DataRange.ofFile(file + "#" + s.id(), 0, s.size() - 1L)).toList();
        TrainingProgress progress = new TrainingProgress(System.err);
        LstmForecaster forecaster = new ForecasterTrainer(fc).progress(progress)
                .train(name, 1, series.stream().map(TimeSeries::values).toList(), provenance);
        progress.done();
        forecaster.toArtifact().write(out, settings.signingKey());
        System.out.printf("wrote %s: %s v%d, window %d, horizon %d, validation skill over seasonal naive %.3f%n", out,
                name, forecaster.card().version(), fc.window(), fc.horizon(), forecaster.card().metrics().get("validation_skill"));
        return 0;
    }
}
