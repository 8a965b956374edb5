package io.streamcast.app.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.app.messages.Json;
import io.streamcast.app.metrics.PipelineMetrics;
import io.streamcast.app.model.ForecastModelSource;
import io.streamcast.app.scoring.DriftStatus;
import io.streamcast.app.scoring.ModelId;
import io.streamcast.models.artifact.ModelCard;
import io.streamcast.models.forecast.Forecast;
import io.streamcast.models.forecast.ForecastModel;
import io.streamcast.models.forecast.SeasonalNaiveModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forecasts joined with the actual values (the {@code forecast-scores} topic and its metrics), the intervals
 * calibrated from those scores, and the drift signal: the forecast topology on TopologyTestDriver.
 */
class ForecastScoringTest {
    private static final Instant T0 = Instant.parse("2026-01-02T10:00:00Z");
    /** Spacing of the test series: thousands of points stay within the day ahead of the clock that validation allows. */
    private static final Duration STEP = Duration.ofSeconds(10);
    private static final int WINDOW = 4;
    private static final int HORIZON = 3;
    private static final Duration MAX_WAIT = Duration.ofSeconds(1);

    private final List<Pipeline> started = new ArrayList<>();
    @TempDir
    Path stateDirs;

    /** The topology under test with its outputs and collaborators. */
    private final class Pipeline {
        final StreamcastConfig config;
        final TopologyTestDriver driver;
        final TestInputTopic<String, byte[]> prices;
        final TestOutputTopic<String, byte[]> forecasts;
        final TestOutputTopic<String, byte[]> scores;
        final TestOutputTopic<String, byte[]> deadLetters;
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final ForecastTopology.Scoring scoring;

        Pipeline(Map<String, Object> overrides, ForecastModelSource models) {
            Map<String, Object> settings = new HashMap<>(Map.of(StreamcastConfig.WINDOW, WINDOW, StreamcastConfig.HORIZON, HORIZON,
                    StreamcastConfig.BATCH_MAX_SIZE, 1, StreamcastConfig.BATCH_MAX_WAIT_MS, MAX_WAIT.toMillis()));
            settings.putAll(overrides);
            config = new StreamcastConfig(settings);
            scoring = ForecastTopology.Scoring.of(config, models, registry);
            Properties props = new Properties();
            // each its own state directory: a test may run several at once, as a restart is tested
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "scoring-test");
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDirs.resolve("instance-" + started.size()).toString());
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            driver = new TopologyTestDriver(ForecastTopology.build(config, models, new PipelineMetrics(registry, "forecast"),
                    new FlushControl(), null, scoring), props, T0);
            prices = driver.createInputTopic("prices", Serdes.String().serializer(), Serdes.ByteArray().serializer());
            forecasts = output("forecasts");
            scores = output("forecast-scores");
            deadLetters = output("streamcast-dead-letters");
            started.add(this);
        }

        private TestOutputTopic<String, byte[]> output(String topic) {
            return driver.createOutputTopic(topic, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        }

        void send(String series, Instant ts, double value) {
            prices.pipeInput(series, ("{\"series\":\"" + series + "\",\"ts\":\"" + ts + "\",\"value\":" + value + "}")
                    .getBytes(StandardCharsets.UTF_8));
        }

        /** Points {@code from} until {@code to} of {@code values}, the i-th at {@code T0 + i × STEP}. */
        void sendAll(String series, double[] values, int from, int to) {
            for (int i = from; i < to; i++) {
                send(series, T0.plus(STEP.multipliedBy(i)), values[i]);
            }
        }

        void flush() {
            driver.advanceWallClockTime(MAX_WAIT);
        }

        DriftStatus drift() {
            return scoring.drift().status();
        }
    }

    @AfterEach
    void close() {
        started.forEach(p -> p.driver.close());
    }

    private static ForecastModelSource fixed(ForecastModel model) {
        return () -> model;
    }

    private static SeasonalNaiveModel naive(int window) {
        return new SeasonalNaiveModel(window, HORIZON, 1);
    }

    private static List<JsonNode> read(TestOutputTopic<String, byte[]> topic) {
        List<JsonNode> out = new ArrayList<>();
        for (byte[] v : topic.readValuesToList()) {
            try {
                out.add(Json.MAPPER.readTree(v));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static double[] whiteNoise(long seed, int n, double sigma) {
        Random random = new Random(seed);
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = 100 + sigma * random.nextGaussian();
        }
        return x;
    }

    // ---- joining forecasts with actual values ----

    @Test
    void shouldServeTheModelsOwnIntervalsAndWriteNoScoresWhenScoringIsOff() {
        double[] values = whiteNoise(3, 40, 5);
        Map<String, Object> calibrateEarly = Map.of(StreamcastConfig.INTERVAL_MIN_RESIDUALS, 1);
        Pipeline on = new Pipeline(calibrateEarly, fixed(naive(WINDOW)));
        Map<String, Object> off = new HashMap<>(calibrateEarly);
        off.put(StreamcastConfig.SCORING_ENABLED, false);
        Pipeline without = new Pipeline(off, fixed(naive(WINDOW)));
        for (Pipeline p : List.of(on, without)) {
            p.sendAll("S", values, 0, values.length);
            p.flush();
        }

        List<JsonNode> served = read(without.forecasts);
        assertThat(served).hasSize(values.length - WINDOW + 1);
        assertThat(read(without.scores)).isEmpty();
        assertThat(without.driver.getAllStateStores()).doesNotContainKeys(ForecastTopology.OUTSTANDING_STORE,
                ForecastTopology.CALIBRATION_STORE);
        double[] last = java.util.Arrays.copyOfRange(values, values.length - WINDOW, values.length);
        io.streamcast.models.forecast.Forecast own = naive(WINDOW).predict(new double[][] {last})[0];
        JsonNode step1 = served.get(served.size() - 1).get("horizon").get(0);
        assertThat(step1.get("lower").asDouble()).isEqualTo(own.lower()[0]);
        assertThat(step1.get("upper").asDouble()).isEqualTo(own.upper()[0]);
        List<JsonNode> calibrated = read(on.forecasts);
        assertThat(calibrated.get(calibrated.size() - 1).get("horizon").get(0).get("lower").asDouble())
                .as("with scoring on, the same forecast's interval is calibrated").isNotEqualTo(own.lower()[0]);
        assertThat(read(on.scores)).isNotEmpty();
    }

    @Test
    void shouldScoreStepKAgainstTheKthPointAfterTheOriginWhateverItsTimestamp() {
        Pipeline p = new Pipeline(Map.of(), fixed(naive(WINDOW)));
        // irregular spacing: the forecast's step times assume the median spacing, the scores use the points that came
        long[] offsetsSeconds = {0, 60, 120, 180, 240, 600, 630, 3_600, 3_660, 7_200};
        double[] values = new double[offsetsSeconds.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = 100 + i * i;
            p.send("DAX", T0.plusSeconds(offsetsSeconds[i]), values[i]);
        }
        p.flush();

        List<JsonNode> forecasts = read(p.forecasts);
        List<JsonNode> scores = read(p.scores);
        assertThat(forecasts).as("a forecast from the 4th point on").hasSize(values.length - WINDOW + 1);
        assertThat(scores).as("forecasts with all %d steps known", HORIZON).hasSize(values.length - WINDOW + 1 - HORIZON);
        for (int j = 0; j < scores.size(); j++) {
            JsonNode score = scores.get(j);
            JsonNode forecast = forecasts.get(j);
            int origin = WINDOW - 1 + j;
            assertThat(score.get("series").asText()).isEqualTo("DAX");
            assertThat(score.get("ts").asText()).isEqualTo(forecast.get("ts").asText())
                    .isEqualTo(T0.plusSeconds(offsetsSeconds[origin]).toString());
            assertThat(score.get("model")).isEqualTo(forecast.get("model"));
            assertThat(score.get("steps")).hasSize(HORIZON);
            double errors = 0;
            int inside = 0;
            for (int k = 1; k <= HORIZON; k++) {
                JsonNode s = score.get("steps").get(k - 1);
                JsonNode f = forecast.get("horizon").get(k - 1);
                double actual = values[origin + k];
                assertThat(s.get("step").asInt()).isEqualTo(k);
                assertThat(s.get("ts").asText()).as("the time of the actual point").isEqualTo(T0.plusSeconds(offsetsSeconds[origin + k]).toString());
                assertThat(s.get("actual").asDouble()).isEqualTo(actual);
                assertThat(s.get("predicted").asDouble()).isEqualTo(f.get("value").asDouble()).isEqualTo(values[origin]);
                assertThat(s.get("lower").asDouble()).isEqualTo(f.get("lower").asDouble());
                assertThat(s.get("upper").asDouble()).isEqualTo(f.get("upper").asDouble());
                double error = Math.abs(actual - values[origin]);
                assertThat(s.get("abs_error").asDouble()).isEqualTo(error);
                assertThat(s.get("smape").asDouble()).isCloseTo(200 * error / (actual + values[origin]), within(1e-12));
                boolean in = f.get("lower").asDouble() <= actual && actual <= f.get("upper").asDouble();
                assertThat(s.get("inside").asBoolean()).isEqualTo(in);
                errors += error;
                inside += in ? 1 : 0;
            }
            assertThat(score.get("mae").asDouble()).isCloseTo(errors / HORIZON, within(1e-9));
            assertThat(score.get("coverage").asDouble()).isCloseTo((double) inside / HORIZON, within(1e-12));
        }
    }

    @Test
    void shouldScoreAHorizonLongerThanTheWindowFromTheWindowsFirstForecast() {
        int horizon = 2 * WINDOW + 1;
        Pipeline p = new Pipeline(Map.of(StreamcastConfig.HORIZON, horizon), fixed(new SeasonalNaiveModel(WINDOW, horizon, 1)));
        double[] values = whiteNoise(11, 30, 1);
        p.sendAll("S", values, 0, values.length);
        p.flush();

        List<JsonNode> forecasts = read(p.forecasts);
        List<JsonNode> scores = read(p.scores);
        assertThat(forecasts).as("a forecast from the %dth point on, as with a short horizon", WINDOW).hasSize(values.length - WINDOW + 1);
        assertThat(scores).hasSize(values.length - WINDOW + 1 - horizon);
        for (int j = 0; j < scores.size(); j++) {
            int origin = WINDOW - 1 + j;
            assertThat(scores.get(j).get("ts").asText()).isEqualTo(T0.plus(STEP.multipliedBy(origin)).toString());
            assertThat(scores.get(j).get("steps")).hasSize(horizon);
            for (int k = 1; k <= horizon; k++) {
                JsonNode step = scores.get(j).get("steps").get(k - 1);
                assertThat(step.get("actual").asDouble()).isEqualTo(values[origin + k]);
                assertThat(step.get("ts").asText()).isEqualTo(T0.plus(STEP.multipliedBy(origin + k)).toString());
                assertThat(step.get("predicted").asDouble()).isEqualTo(values[origin]);
            }
        }
    }

    @Test
    void shouldScoreTheSameWhetherTheActualsArriveBeforeOrAfterTheForecastIsMade() {
        double[] values = whiteNoise(1, 40, 5);
        Pipeline eager = new Pipeline(Map.of(), fixed(naive(WINDOW)));
        eager.sendAll("S", values, 0, values.length);
        // one batch at the end: every point is in before any forecast is made
        Pipeline late = new Pipeline(Map.of(StreamcastConfig.BATCH_MAX_SIZE, 10_000), fixed(naive(WINDOW)));
        late.sendAll("S", values, 0, values.length);
        assertThat(late.forecasts.isEmpty()).isTrue();
        late.flush();

        List<JsonNode> expected = read(eager.scores);
        assertThat(expected).hasSize(values.length - WINDOW + 1 - HORIZON);
        assertThat(read(late.scores)).isEqualTo(expected);
    }

    @Test
    void shouldScoreEachSeriesOnItsOwnPointsAndKeepAtMostHorizonForecastsOutstanding() {
        Pipeline p = new Pipeline(Map.of(StreamcastConfig.BATCH_MAX_SIZE, 7), fixed(naive(WINDOW)));
        double[] a = whiteNoise(2, 30, 1);
        double[] b = whiteNoise(3, 30, 1000);
        for (int i = 0; i < a.length; i++) {
            p.send("A", T0.plus(STEP.multipliedBy(i)), a[i]);
            p.send("B", T0.plus(STEP.multipliedBy(i)), b[i]);
        }
        p.flush();

        Map<String, List<JsonNode>> bySeries = new HashMap<>();
        read(p.scores).forEach(s -> bySeries.computeIfAbsent(s.get("series").asText(), k -> new ArrayList<>()).add(s));
        assertThat(bySeries).containsOnlyKeys("A", "B");
        for (var e : bySeries.entrySet()) {
            double[] values = e.getKey().equals("A") ? a : b;
            assertThat(e.getValue()).hasSize(values.length - WINDOW + 1 - HORIZON);
            for (int j = 0; j < e.getValue().size(); j++) {
                for (int k = 1; k <= HORIZON; k++) {
                    assertThat(e.getValue().get(j).get("steps").get(k - 1).get("actual").asDouble())
                            .isEqualTo(values[WINDOW - 1 + j + k]);
                }
            }
        }
        Map<String, List<Long>> due = outstanding(p);
        assertThat(due).containsOnlyKeys("A", "B");
        for (String series : List.of("A", "B")) {
            int points = (series.equals("A") ? a : b).length;
            assertThat(due.get(series)).as("the forecasts of the last %d points, each due %d points after its own", HORIZON, HORIZON)
                    .containsExactly(points + 1L, points + 2L, points + 3L);
        }
    }

    @Test
    void shouldStillCountAPointWhoseOwnForecastFailed() {
        SeasonalNaiveModel naive = naive(WINDOW);
        ForecastModel failsOn13 = new Delegate(naive, naive.card()) {
            @Override
            public Forecast[] predict(double[][] windows) {
                if (windows[0][windows[0].length - 1] == 13) {
                    throw new IllegalStateException("poison window");
                }
                return super.predict(windows);
            }
        };
        Pipeline p = new Pipeline(Map.of(), fixed(failsOn13));
        double[] values = {10, 11, 12, 20, 13, 14, 15, 16, 17};
        p.sendAll("S", values, 0, values.length);
        p.flush();
        assertThat(read(p.deadLetters)).extracting(l -> l.at("/error/code").asText()).containsExactly("MODEL_FAILURE");
        List<JsonNode> scores = read(p.scores);
        assertThat(scores).extracting(s -> s.get("ts").asText()).as("origins 20 and 14; none from 13")
                .containsExactly(T0.plus(STEP.multipliedBy(3)).toString(), T0.plus(STEP.multipliedBy(5)).toString());
        assertThat(scores.get(0).get("steps")).extracting(s -> s.get("actual").asDouble()).containsExactly(13.0, 14.0, 15.0);
    }

    // ---- metrics ----

    @Test
    void shouldExportErrorAndCoveragePerModelVersionAndStepWithNoSeriesTag() {
        Pipeline p = new Pipeline(Map.of(), fixed(naive(WINDOW)));
        double[] a = whiteNoise(4, 40, 2);
        p.sendAll("A", a, 0, a.length);
        p.sendAll("B", whiteNoise(5, 40, 2), 0, 40);
        p.flush();
        List<JsonNode> scores = read(p.scores);
        assertThat(scores).hasSize(2 * (40 - WINDOW + 1 - HORIZON));

        for (int k = 1; k <= HORIZON; k++) {
            String step = Integer.toString(k);
            DistributionSummary error = p.registry.get("streamcast.forecast.error")
                    .tags("pipeline", "forecast", "model", "seasonal-naive", "version", "0", "step", step).summary();
            DistributionSummary smape = p.registry.get("streamcast.forecast.smape")
                    .tags("model", "seasonal-naive", "version", "0", "step", step).summary();
            double inside = p.registry.get("streamcast.forecast.interval.inside").tags("version", "0", "step", step).counter().count();
            double coverage = p.registry.get("streamcast.forecast.interval.coverage").tags("version", "0", "step", step).gauge().value();
            int n = scores.size();
            double mae = scores.stream().mapToDouble(s -> s.get("steps").get(Integer.parseInt(step) - 1).get("abs_error").asDouble()).sum() / n;
            double meanSmape = scores.stream().mapToDouble(s -> s.get("steps").get(Integer.parseInt(step) - 1).get("smape").asDouble()).sum() / n;
            long in = scores.stream().filter(s -> s.get("steps").get(Integer.parseInt(step) - 1).get("inside").asBoolean()).count();
            // a forecast's steps reach the metrics when it is complete, as it reaches the topic
            assertThat(error.count()).as("step %s", step).isEqualTo(n);
            assertThat(smape.count()).isEqualTo(n);
            assertThat(error.mean()).isCloseTo(mae, within(1e-9));
            assertThat(smape.mean()).isCloseTo(meanSmape, within(1e-9));
            assertThat(inside).isEqualTo(in);
            assertThat(coverage).isEqualTo((double) in / n);
        }
        assertThat(p.registry.get("streamcast.forecasts.scored").counter().count()).isEqualTo(scores.size());
        assertThat(p.registry.get("streamcast.forecast.interval.coverage.target").gauge().value()).isEqualTo(0.9);
        for (Meter m : p.registry.getMeters()) {
            assertThat(m.getId().getTags()).as(m.getId().getName()).noneMatch(t -> t.getKey().equals("series"));
        }
    }

    // ---- interval calibration ----

    @Test
    void shouldCalibrateTheIntervalsToTheTargetCoverageFromLiveResiduals() {
        int window = 16;
        int points = 3_000;
        Pipeline p = new Pipeline(Map.of(StreamcastConfig.WINDOW, window, StreamcastConfig.BATCH_MAX_SIZE, 10,
                StreamcastConfig.INTERVAL_WINDOW, 500, StreamcastConfig.INTERVAL_MIN_RESIDUALS, 100), fixed(naive(window)));
        // white noise: the seasonal-naive interval, built for a random walk, is far too wide for steps 2 and 3
        double[] values = whiteNoise(6, points, 1);
        p.sendAll("S", values, 0, points);
        p.flush();

        List<JsonNode> forecasts = read(p.forecasts);
        List<JsonNode> scores = read(p.scores);
        assertThat(scores).hasSize(points - window + 1 - HORIZON);
        double[][] windows = new double[1][];
        windows[0] = java.util.Arrays.copyOfRange(values, 0, window);
        Forecast first = naive(window).predict(windows)[0];
        assertThat(forecasts.get(0).get("horizon").get(2).get("upper").asDouble()).as("the model's own interval at first")
                .isEqualTo(first.upper()[2]);

        for (int k = 0; k < HORIZON; k++) {
            int step = k;
            long earlyIn = scores.subList(0, 90).stream().filter(s -> s.get("steps").get(step).get("inside").asBoolean()).count();
            List<JsonNode> calibrated = scores.subList(400, scores.size());
            double coverage = (double) calibrated.stream().filter(s -> s.get("steps").get(step).get("inside").asBoolean()).count()
                    / calibrated.size();
            assertThat(coverage).as("coverage of step %d once calibrated (%d forecasts)", k + 1, calibrated.size())
                    .isBetween(0.87, 0.93);
            if (k == 2) {
                assertThat(earlyIn / 90.0).as("the model's interval at step 3, before calibration").isGreaterThan(0.97);
            }
            double rolling = p.registry.get("streamcast.forecast.interval.coverage").tags("step", Integer.toString(k + 1)).gauge().value();
            assertThat(rolling).as("the measured coverage metric, step %d", k + 1).isBetween(0.85, 0.95);
        }
        assertThat(p.registry.get("streamcast.forecast.interval.steps").tags("source", "calibrated").counter().count())
                .isGreaterThan(HORIZON * (points - window - 200.0));
        assertThat(p.registry.get("streamcast.forecast.interval.steps").tags("source", "model").counter().count())
                .as("steps served before calibration").isBetween(HORIZON * 100.0, HORIZON * 120.0);
    }

    @Test
    void shouldKeepCalibrationAndOutstandingForecastsAcrossARestart() {
        Map<String, Object> settings = Map.of(StreamcastConfig.INTERVAL_WINDOW, 50, StreamcastConfig.INTERVAL_MIN_RESIDUALS, 20);
        double[] values = whiteNoise(7, 200, 3);
        int restartAt = 120;
        Pipeline whole = new Pipeline(settings, fixed(naive(WINDOW)));
        whole.sendAll("S", values, 0, values.length);
        Pipeline before = new Pipeline(settings, fixed(naive(WINDOW)));
        before.sendAll("S", values, 0, restartAt);
        // the restarted instance finds its stores as their changelogs restore them
        Pipeline after = new Pipeline(settings, fixed(naive(WINDOW)));
        copy(before, after, ForecastTopology.LATEST_STORE);
        copy(before, after, ForecastTopology.WINDOW_STORE);
        copy(before, after, ForecastTopology.OUTSTANDING_STORE);
        copy(before, after, ForecastTopology.CALIBRATION_STORE);
        after.sendAll("S", values, restartAt, values.length);

        List<JsonNode> forecasts = read(whole.forecasts);
        List<JsonNode> scores = read(whole.scores);
        List<JsonNode> resumedForecasts = read(after.forecasts);
        List<JsonNode> resumedScores = read(after.scores);
        assertThat(resumedForecasts).hasSize(values.length - restartAt);
        assertThat(resumedForecasts).as("the same calibrated intervals as without the restart")
                .isEqualTo(forecasts.subList(forecasts.size() - resumedForecasts.size(), forecasts.size()));
        assertThat(resumedScores).as("forecasts made before the restart are scored after it").hasSize(values.length - restartAt)
                .isEqualTo(scores.subList(scores.size() - resumedScores.size(), scores.size()));
        assertThat(resumedForecasts.get(0).get("horizon").get(2).get("upper").asDouble())
                .as("calibrated, not the model's interval")
                .isNotEqualTo(naive(WINDOW).predict(new double[][] {java.util.Arrays.copyOfRange(values, restartAt - WINDOW + 1, restartAt + 1)})[0].upper()[2]);
    }

    @Test
    void shouldForgetOutstandingForecastsWhenTheWindowSettingGrows() {
        double[] values = whiteNoise(8, 20, 1);
        Pipeline before = new Pipeline(Map.of(), fixed(naive(WINDOW)));
        before.sendAll("S", values, 0, 10);
        Pipeline after = new Pipeline(Map.of(StreamcastConfig.WINDOW, WINDOW + 2), fixed(naive(WINDOW)));
        copy(before, after, ForecastTopology.LATEST_STORE);
        copy(before, after, ForecastTopology.WINDOW_STORE);
        copy(before, after, ForecastTopology.OUTSTANDING_STORE);
        after.send("S", T0.plus(STEP.multipliedBy(10)), values[10]);
        assertThat(outstanding(after)).as("its next points are not all queued until the window is full again").isEmpty();
        after.sendAll("S", values, 11, 20);
        assertThat(read(after.scores)).extracting(s -> s.get("ts").asText()).as("only forecasts made after the change")
                .allSatisfy(ts -> assertThat(Instant.parse(ts)).isAfterOrEqualTo(T0.plus(STEP.multipliedBy(11))));
    }

    /** The points at which each series' outstanding forecasts are due, in order. */
    private static Map<String, List<Long>> outstanding(Pipeline p) {
        Map<String, List<Long>> due = new HashMap<>();
        KeyValueStore<OutstandingForecasts.Due, List<OutstandingForecasts.Forecast>> store =
                p.driver.getKeyValueStore(ForecastTopology.OUTSTANDING_STORE);
        try (KeyValueIterator<OutstandingForecasts.Due, List<OutstandingForecasts.Forecast>> it = store.all()) {
            it.forEachRemaining(kv -> {
                assertThat(kv.value).hasSize(1);
                due.computeIfAbsent(kv.key.series(), k -> new ArrayList<>()).add(kv.key.point());
            });
        }
        due.values().forEach(java.util.Collections::sort);
        return due;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void copy(Pipeline from, Pipeline to, String store) {
        KeyValueStore source = from.driver.getKeyValueStore(store);
        KeyValueStore target = to.driver.getKeyValueStore(store);
        try (KeyValueIterator it = source.all()) {
            while (it.hasNext()) {
                KeyValue kv = (KeyValue) it.next();
                target.put(kv.key, kv.value);
            }
        }
    }

    @Test
    void shouldStartTheCalibrationAgainWhenAnotherVersionServes() {
        SeasonalNaiveModel naive = naive(WINDOW);
        ModelCard v1 = new ModelCard("forecaster", 1, "test", Instant.now(), List.of(), Map.of(), Map.of(), Map.of());
        AtomicReference<ForecastModel> serving = new AtomicReference<>(naive);
        Pipeline p = new Pipeline(Map.of(StreamcastConfig.INTERVAL_WINDOW, 50, StreamcastConfig.INTERVAL_MIN_RESIDUALS, 20),
                serving::get);
        double[] values = whiteNoise(9, 120, 3);
        p.sendAll("S", values, 0, 60);
        List<JsonNode> early = read(p.forecasts);
        JsonNode last = early.get(early.size() - 1).get("horizon").get(2);
        Forecast own = naive.predict(new double[][] {java.util.Arrays.copyOfRange(values, 60 - WINDOW, 60)})[0];
        assertThat(last.get("upper").asDouble()).as("calibrated for v0").isNotEqualTo(own.upper()[2]);

        serving.set(new Delegate(naive, v1));
        p.send("S", T0.plus(STEP.multipliedBy(60)), values[60]);
        JsonNode swapped = read(p.forecasts).get(0);
        own = naive.predict(new double[][] {java.util.Arrays.copyOfRange(values, 61 - WINDOW, 61)})[0];
        assertThat(swapped.get("model").get("version").asLong()).isEqualTo(1);
        assertThat(swapped.get("horizon").get(2).get("upper").asDouble()).as("v1 starts with its own interval").isEqualTo(own.upper()[2]);
        assertThat(read(p.scores)).as("v0's last forecasts are still scored, as v0").extracting(s -> s.at("/model/version").asLong())
                .containsOnly(0L);

        p.sendAll("S", values, 61, 120);
        assertThat(read(p.forecasts).get(58).at("/horizon/0/upper").asDouble()).as("v1 calibrated after its own residuals")
                .isNotEqualTo(naive.predict(new double[][] {java.util.Arrays.copyOfRange(values, 120 - WINDOW, 120)})[0].upper()[0]);
        assertThat(p.registry.find("streamcast.forecast.error").tags("version", "0").summaries()).hasSize(HORIZON);
        assertThat(p.registry.find("streamcast.forecast.error").tags("version", "1").summaries()).hasSize(HORIZON);
    }

    @Test
    void shouldScoreEveryForecastWhenAShorterHorizonServesAndNotScoreOneLongerThanTheSetting() {
        ModelCard v1 = new ModelCard("forecaster", 1, "test", Instant.now(), List.of(), Map.of(), Map.of(), Map.of());
        ModelCard v2 = new ModelCard("forecaster", 2, "test", Instant.now(), List.of(), Map.of(), Map.of(), Map.of());
        AtomicReference<ForecastModel> serving = new AtomicReference<>(naive(WINDOW));
        Pipeline p = new Pipeline(Map.of(), serving::get);
        double[] values = whiteNoise(12, 30, 1);
        p.sendAll("S", values, 0, 10);
        // v1 forecasts 2 steps: its first forecast, at point 11, is due at point 13 with v0's of point 10
        serving.set(new Delegate(new SeasonalNaiveModel(WINDOW, HORIZON - 1, 1), v1));
        p.sendAll("S", values, 10, 20);
        // v2 forecasts further than the setting allows: served, never scored (its actual values are not all kept)
        serving.set(new Delegate(new SeasonalNaiveModel(WINDOW, WINDOW + 1, 1), v2));
        p.sendAll("S", values, 20, 30);
        p.flush();

        List<JsonNode> scores = read(p.scores);
        assertThat(read(p.forecasts)).extracting(f -> f.at("/model/version").asLong())
                .containsExactlyElementsOf(java.util.stream.Stream.of(java.util.Collections.nCopies(10 - WINDOW + 1, 0L),
                        java.util.Collections.nCopies(10, 1L), java.util.Collections.nCopies(10, 2L)).flatMap(List::stream).toList());
        assertThat(scores).extracting(s -> s.at("/model/version").asLong())
                .as("v0's forecasts of points 4 to 10 and all ten of v1's").containsExactlyInAnyOrderElementsOf(
                        java.util.stream.Stream.of(java.util.Collections.nCopies(10 - WINDOW + 1, 0L),
                                java.util.Collections.nCopies(10, 1L)).flatMap(List::stream).toList());
        for (JsonNode score : scores) {
            int origin = (int) (Duration.between(T0, Instant.parse(score.get("ts").asText())).toMillis() / STEP.toMillis());
            JsonNode steps = score.get("steps");
            assertThat(steps).hasSize(score.at("/model/version").asLong() == 0 ? HORIZON : HORIZON - 1);
            for (int k = 1; k <= steps.size(); k++) {
                assertThat(steps.get(k - 1).get("actual").asDouble()).isEqualTo(values[origin + k]);
            }
        }
        assertThat(outstanding(p)).as("nothing of v2's waits").isEmpty();
    }

    // ---- drift ----

    @Test
    void shouldSignalDriftWhenTheLiveErrorGrowsAndStartAgainForANewVersion() {
        AtomicReference<ForecastModel> serving = new AtomicReference<>(naive(WINDOW));
        Pipeline p = new Pipeline(Map.of(StreamcastConfig.DRIFT_BASELINE_FORECASTS, 150, StreamcastConfig.DRIFT_WINDOW_FORECASTS, 100,
                StreamcastConfig.DRIFT_RATIO, 1.5, StreamcastConfig.BATCH_MAX_SIZE, 10), serving::get);
        double[] calm = whiteNoise(10, 400, 1);
        double[] wild = whiteNoise(11, 160, 4);
        double[] values = new double[calm.length + wild.length];
        System.arraycopy(calm, 0, values, 0, calm.length);
        System.arraycopy(wild, 0, values, calm.length, wild.length);

        p.sendAll("S", values, 0, calm.length);
        p.flush();
        DriftStatus settled = p.drift();
        assertThat(settled.model()).isEqualTo(new ModelId("seasonal-naive", 0));
        assertThat(settled.baselineSmape()).isPositive();
        assertThat(settled.drifted()).isFalse();
        assertThat(p.registry.get("streamcast.forecast.drift.ratio").gauge().value()).isBetween(0.7, 1.3);

        p.sendAll("S", values, calm.length, values.length);
        p.flush();
        DriftStatus drifted = p.drift();
        assertThat(drifted.liveOverBaseline()).isGreaterThan(1.5);
        assertThat(drifted.drifted()).isTrue();
        assertThat(p.registry.get("streamcast.forecast.drifted").gauge().value()).isEqualTo(1.0);

        serving.set(new Delegate(naive(WINDOW), new ModelCard("forecaster", 1, "test", Instant.now(), List.of(), Map.of(), Map.of(), Map.of())));
        assertThat(p.drift().drifted()).as("a new version starts from nothing").isFalse();
        assertThat(p.drift().model()).isEqualTo(new ModelId("forecaster", 1));
    }

    /** A model that forecasts as another does, under its own card. */
    private static class Delegate implements ForecastModel {
        private final ForecastModel inner;
        private final ModelCard card;

        Delegate(ForecastModel inner, ModelCard card) {
            this.inner = inner;
            this.card = card;
        }

        @Override
        public ModelCard card() {
            return card;
        }

        @Override
        public int window() {
            return inner.window();
        }

        @Override
        public int horizon() {
            return inner.horizon();
        }

        @Override
        public Forecast[] predict(double[][] windows) {
            return inner.predict(windows);
        }

        @Override
        public ForecastModel copy() {
            return this;
        }
    }
}
