package io.streamcast.app.cli;

import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.messages.Json;
import io.streamcast.models.artifact.ModelArtifact;
import io.streamcast.models.artifact.ModelCard;
import io.streamcast.models.data.SeriesCsvReader;
import io.streamcast.models.data.TimeSeries;
import io.streamcast.models.eval.ForecastEvaluation;
import io.streamcast.models.forecast.ForecastModel;
import io.streamcast.models.forecast.ForecasterConfig;
import io.streamcast.models.forecast.ForecasterTrainer;
import io.streamcast.models.forecast.LstmForecaster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code evaluate forecast}: M4-style holdout scores of a model next to seasonal naive, as one JSON line. */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = "Holds out the last H points of every series, forecasts them with the stream's prediction code "
                + "and prints sMAPE and MASE beside seasonal naive's, as one JSON line.")
final class EvaluateForecastCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "Series CSV, long or wide layout.")
    Path data;

    @Option(names = "--horizon", required = true, description = "H: the last H points of every series are the test.")
    int horizon;

    @Option(names = "--season", required = true, description = "M: season length for MASE and the seasonal-naive forecast.")
    int season;

    @Option(names = "--model", paramLabel = "MODEL.zip",
            description = "Artifact to score. Without it, one global model is trained on all series' earlier points.")
    Path model;

    @Option(names = "--config", paramLabel = "FILE", description = "streamcast.* settings (e.g. the signing key).")
    Path config;

    @Mixin
    ForecasterOptions options;

    @Mixin
    PublishOptions publish;

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(data)) {
            throw new IllegalArgumentException("--data: cannot read " + data);
        }
        if (horizon < 1 || season < 1) {
            throw new IllegalArgumentException("--horizon and --season must be at least 1");
        }
        publish.check();
        StreamcastConfig settings = new StreamcastConfig(RunCommand.settings(config));
        List<double[]> series = SeriesCsvReader.read(data).stream().map(TimeSeries::values).toList();
        long started = System.nanoTime();
        ForecastModel forecaster;
        Map<String, Object> out = new LinkedHashMap<>();
        if (model != null) {
            forecaster = LstmForecaster.fromArtifact(ModelArtifact.read(model, settings.signingKey()));
        } else {
            ForecasterConfig fc = options.config(ForecastEvaluation.defaultWindow(series, horizon, season), horizon, season);
            List<double[]> histories = ForecastEvaluation.histories(series, horizon, fc.window() + horizon);
            TrainingProgress progress = new TrainingProgress(System.err);
            forecaster = new ForecasterTrainer(fc).progress(progress).train("forecaster", 1, histories, List.of());
            progress.done();
            out.put("training_seconds", round((System.nanoTime() - started) / 1e9));
        }
        ForecastEvaluation.Result r = ForecastEvaluation.evaluate(forecaster, series, horizon, season);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("data", data.getFileName().toString());
        line.put("series", r.series());
        line.put("fallback", r.fallback());
        line.put("horizon", horizon);
        line.put("season", season);
        line.put("window", forecaster.window());
        line.put("smape", round(r.smape()));
        line.put("mase", round(r.mase()));
        line.put("smape_snaive", round(r.smapeSnaive()));
        line.put("mase_snaive", round(r.maseSnaive()));
        line.put("model", Map.of("name", forecaster.card().name(), "version", forecaster.card().version()));
        line.putAll(out);
        if (publish.publish && forecaster instanceof LstmForecaster lstm) {
            // the evaluated model, its scores on the card, as the next version of its name
            Map<String, Double> metrics = new LinkedHashMap<>(lstm.card().metrics());
            metrics.put("eval_smape", r.smape());
            metrics.put("eval_mase", r.mase());
            metrics.put("eval_smape_snaive", r.smapeSnaive());
            metrics.put("eval_mase_snaive", r.maseSnaive());
            ModelCard c = lstm.card();
            ModelCard card = new ModelCard(c.name(), publish.nextVersion(c.name(), settings), c.kind(), c.created(), c.trainingData(),
                    c.hyperParameters(), metrics, c.libraries());
            publish.publish(lstm.toArtifact().withCard(card), settings);
            line.put("published_version", card.version());
        }
        System.out.println(Json.MAPPER.writeValueAsString(line));
        return 0;
    }

    private static Object round(double v) {
        return Double.isFinite(v) ? Math.round(v * 10_000) / 10_000.0 : null;
    }
}
