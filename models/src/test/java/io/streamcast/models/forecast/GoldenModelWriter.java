package io.streamcast.models.forecast;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.streamcast.models.artifact.ModelCard;
import io.streamcast.models.artifact.ModelCard.DataRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wrote the golden forecaster artifact ({@code forecaster-v1.zip}) and its expected predictions
 * ({@code forecaster-v1-expected.json}) under {@code models/src/test/resources/golden/}, which
 * {@link GoldenModelTest} loads with today's code.
 *
 * <p><b>Run this only when the artifact format changes deliberately</b>, and then keep the old files and add a
 * v2 beside them (bump {@link #VERSION}, add a test for it): the point of the golden test is that artifacts
 * written by earlier versions keep loading and predicting the same. Regenerating v1 would only check today's
 * code against itself, so the writer refuses to overwrite existing files.
 *
 * <pre>
 * mvn -q -o -pl models test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * java -cp models/target/test-classes:models/target/classes:$(cat models/target/test.classpath) \
 *     io.streamcast.models.forecast.GoldenModelWriter models/src/test/resources/golden
 * </pre>
 */
public final class GoldenModelWriter {
    private static final Logger LOG = LoggerFactory.getLogger(GoldenModelWriter.class);
    static final String VERSION = "v1";
    static final int WINDOW = 16;
    static final int HORIZON = 4;
    static final int SEASON = 4;
    static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");
    /** Points of each training series; the cases below also use points after these, which training never saw. */
    private static final int TRAINING_LENGTH = 200;

    private GoldenModelWriter() {
    }

    /** One input window and the forecast the golden model made for it. */
    record Case(String name, double[] window, double[] mean, double[] lower, double[] upper) {
    }

    /** The expectations file: which artifact, and its cases. */
    record Expected(String artifact, String note, List<Case> cases) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: GoldenModelWriter <output directory>");
        }
        Path dir = Path.of(args[0]);
        Path zip = dir.resolve("forecaster-" + VERSION + ".zip");
        Path json = dir.resolve("forecaster-" + VERSION + "-expected.json");
        for (Path p : List.of(zip, json)) {
            if (Files.exists(p)) {
                throw new IllegalStateException(p + " exists: golden files are never regenerated; add a new version");
            }
        }

        double[] small = SyntheticSeries.seasonal(2025, TRAINING_LENGTH + WINDOW, SEASON, 10);
        double[] large = SyntheticSeries.seasonal(2026, TRAINING_LENGTH + WINDOW, SEASON, 1_000);
        ForecasterConfig config = new ForecasterConfig(WINDOW, HORIZON, SEASON, List.of(4), 1e-2, 128, 2, 4, 0.2,
                20_000, 1L, 0.9);
        LstmForecaster trained = new ForecasterTrainer(config).train("forecaster", 1,
                List.of(Arrays.copyOf(small, TRAINING_LENGTH), Arrays.copyOf(large, TRAINING_LENGTH)),
                List.of(DataRange.ofFile("synthetic-level-10.csv", 0, TRAINING_LENGTH - 1),
                        DataRange.ofFile("synthetic-level-1000.csv", 0, TRAINING_LENGTH - 1)));
        ModelCard c = trained.card();
        // a fixed time, so the card reads back the same whenever the files were written
        LstmForecaster golden = trained.withCard(new ModelCard(c.name(), c.version(), c.kind(), CREATED,
                c.trainingData(), c.hyperParameters(), c.metrics(), c.libraries()));

        double[] spike = Arrays.copyOfRange(small, TRAINING_LENGTH, TRAINING_LENGTH + WINDOW);
        spike[WINDOW - 3] *= 50;
        double[] flat = new double[WINDOW];
        Arrays.fill(flat, 42.0);
        List<String> names = List.of(
                "unseen window at level 10",
                "unseen window at level 1000",
                "last training window at level 10, given with 4 older points (only the last 16 are used)",
                "negative values",
                "one wild point, 50 times its neighbours",
                "constant window (scale floor)");
        double[][] windows = {
                Arrays.copyOfRange(small, TRAINING_LENGTH, TRAINING_LENGTH + WINDOW),
                Arrays.copyOfRange(large, TRAINING_LENGTH, TRAINING_LENGTH + WINDOW),
                Arrays.copyOfRange(small, TRAINING_LENGTH - WINDOW - 4, TRAINING_LENGTH),
                SyntheticSeries.seasonal(2027, WINDOW, SEASON, -50),
                spike,
                flat,
        };
        Forecast[] forecasts = golden.predict(windows);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < windows.length; i++) {
            cases.add(new Case(names.get(i), windows[i], forecasts[i].mean(), forecasts[i].lower(), forecasts[i].upper()));
        }

        Files.createDirectories(dir);
        golden.toArtifact().write(zip, Optional.empty());
        ObjectMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        mapper.writeValue(json.toFile(), new Expected(zip.getFileName().toString(),
                "written by GoldenModelWriter; predictions of the artifact when it was written, never regenerated",
                cases));
        LOG.info("wrote {} ({} bytes) and {}", zip, Files.size(zip), json);
    }
}
