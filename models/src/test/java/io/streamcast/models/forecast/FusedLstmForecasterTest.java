package io.streamcast.models.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamcast.models.artifact.ModelCard;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fused native path is the same network as the DL4J graph it was copied from: same outputs on the same
 * weights for every batch size and shape, and native memory that stays flat however often it is called.
 */
class FusedLstmForecasterTest {
    private static final Logger LOG = LoggerFactory.getLogger(FusedLstmForecasterTest.class);
    /** In the network's scaled units; the windows below have a standard deviation near 1, so forecasts too. */
    private static final double TOLERANCE = 1e-4;
    private static final int[] BATCH_SIZES = {1, 7, 32, 256};

    static Stream<ForecasterConfig> shapes() {
        ForecasterConfig defaults = ForecasterConfig.defaults();
        return Stream.of(
                defaults,                                                            // W=64 H=12, LSTM 32
                defaults.withLstmSizes(List.of(64, 64)),                             // two stacked layers
                defaults.withShape(16, 4, 4).withLstmSizes(List.of(4)),              // the golden model's shape
                defaults.withShape(24, 6, 12).withLstmSizes(List.of(8, 16)));        // stacked, different widths
    }

    @ParameterizedTest(name = "W={0}")
    @MethodSource("shapes")
    void shouldComputeWhatTheGraphComputesForEveryBatchSize(ForecasterConfig config) {
        LstmForecaster graph = randomlyWeighted(config, 7L);
        FusedLstmForecaster fused = FusedLstmForecaster.of(graph);
        Random random = new Random(11L);

        for (int n : BATCH_SIZES) {
            double[][] windows = windows(random, n, config.window());
            ScaledBatch batch = ScaledBatch.of(windows, config.window());
            float[] expected = graph.network().output(false,
                    LstmForecaster.inputs(batch.features(), n, config.window()))[0].castTo(DataType.FLOAT).data().asFloat();

            float[] actual = fused.forward(batch.features(), n);

            assertThat(actual).hasSameSizeAs(expected);
            double maxDiff = 0;
            for (int i = 0; i < expected.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
            }
            LOG.info("lstm {} W={} H={} batch {}: max |fused - graph| = {}", config.lstmSizes(), config.window(),
                    config.horizon(), n, maxDiff);
            assertThat(maxDiff).as("batch %d, lstm %s", n, config.lstmSizes()).isLessThanOrEqualTo(TOLERANCE);
        }
    }

    @ParameterizedTest(name = "W={0}")
    @MethodSource("shapes")
    void shouldForecastWhatTheGraphForecastsForEveryBatchSize(ForecasterConfig config) {
        LstmForecaster graph = randomlyWeighted(config, 3L);
        FusedLstmForecaster fused = FusedLstmForecaster.of(graph);
        Random random = new Random(5L);

        for (int n : BATCH_SIZES) {
            // longer rows than the window: both must take the last W points
            double[][] windows = windows(random, n, config.window() + 9);

            assertSameForecasts(fused.predict(windows), graph.predictWithGraph(windows));
        }
    }

    @Test
    void shouldRunLstmForecasterPredictOnTheFusedPathWhenOneDnnIsThere() {
        assumeTrue(FusedLstmForecaster.isAvailable(), "the ND4J backend has no oneDNN: predict keeps to the graph");
        LstmForecaster graph = randomlyWeighted(ForecasterConfig.defaults(), 1L);
        double[][] windows = windows(new Random(2L), 32, 64);

        Forecast[] viaPredict = graph.predict(windows);

        Forecast[] fused = FusedLstmForecaster.of(graph).predict(windows);
        for (int i = 0; i < windows.length; i++) {
            assertThat(viaPredict[i].mean()).containsExactly(fused[i].mean());
        }
        assertSameForecasts(viaPredict, graph.predictWithGraph(windows));
    }

    @Test
    void shouldSplitABatchTooLargeForOneCallIntoChunksWithTheSameResults() {
        ForecasterConfig config = ForecasterConfig.defaults().withLstmSizes(List.of(64, 64));
        LstmForecaster graph = randomlyWeighted(config, 8L);
        FusedLstmForecaster fused = FusedLstmForecaster.of(graph);
        int n = 2 * fused.maxRowsPerCall() + 5;
        double[][] windows = windows(new Random(12L), n, 64);

        Forecast[] forecasts = fused.predict(windows);

        assertThat(fused.maxRowsPerCall()).isEqualTo(128); // 64 steps × 128 rows × 4 × 64 units × 4 bytes = 8 MB
        assertThat(fused.cachedBatchSizes()).isEqualTo(2);  // 128 and the 5 left over
        assertSameForecasts(forecasts, graph.predictWithGraph(windows));
    }

    @Test
    void shouldForecastTheSameFromACopyAndAfterItsBatchSizeWasEvicted() {
        LstmForecaster graph = randomlyWeighted(ForecasterConfig.defaults(), 4L);
        FusedLstmForecaster fused = FusedLstmForecaster.of(graph);
        Random random = new Random(6L);
        double[][] seven = windows(random, 7, 64);
        Forecast[] first = fused.predict(seven);

        for (int n = 1; n <= 256; n++) { // every bucket of this shape: fewer than the cache holds
            fused.predict(windows(random, n, 64));
        }
        assertThat(fused.cachedBatchSizes()).isEqualTo(17).isLessThan(FusedLstmForecaster.CACHED_BATCH_SIZES);
        assertSameForecasts(fused.predict(seven), first);
        assertSameForecasts(fused.copy().predict(seven), first);
        assertThat(fused.predict(new double[0][])).isEmpty();
    }

    @Test
    void shouldEvictTheLeastRecentlyUsedBatchSizeBeyondTheCacheAndStillForecastTheSame() {
        ForecasterConfig small = ForecasterConfig.defaults().withShape(8, 2, 1).withLstmSizes(List.of(4));
        LstmForecaster graph = randomlyWeighted(small, 5L);
        FusedLstmForecaster fused = FusedLstmForecaster.of(graph);
        Random random = new Random(7L);
        double[][] seven = windows(random, 7, 8);
        Forecast[] first = fused.predict(seven);

        for (int n = 96; n < 96 + 32 * FusedLstmForecaster.CACHED_BATCH_SIZES; n += 32) {
            fused.predict(windows(random, n, 8));
        }

        assertThat(fused.cachedBatchSizes()).isEqualTo(FusedLstmForecaster.CACHED_BATCH_SIZES);
        assertSameForecasts(fused.predict(seven), first);
        assertSameForecasts(fused.predict(seven), graph.predictWithGraph(seven));
    }

    @Test
    void shouldRunEveryBatchSizeInOneOfFewPaddedBuckets() {
        FusedLstmForecaster fused = FusedLstmForecaster.of(randomlyWeighted(ForecasterConfig.defaults(), 3L));
        assertThat(java.util.stream.IntStream.of(1, 2, 3, 4, 5, 8, 9, 17, 64, 65, 100, 256).map(fused::bucket).toArray())
                .containsExactly(1, 2, 4, 4, 8, 8, 16, 24, 64, 96, 128, 256);
        assertThat(java.util.stream.IntStream.rangeClosed(1, 256).map(fused::bucket).distinct().count()).isEqualTo(17);
        assertThat(java.util.stream.IntStream.rangeClosed(1, 256).allMatch(n -> fused.bucket(n) >= n)).isTrue();
    }

    /**
     * Native memory stays flat over many calls once warm. Measured in a child JVM whose heap is fixed and touched
     * up front, so the growth of the process's resident size is native memory alone (in this JVM the heap's own
     * growth came to 80-150 MB over the same calls and would hide a leak). The generic lstmLayer kernel's leak,
     * ~6 KB per call, would add over 100 MB here.
     */
    @Test
    void shouldKeepNativeMemoryFlatOverManyCalls() throws Exception {
        assumeTrue(FusedLstmForecaster.isAvailable(), "the fused path is only used on oneDNN");

        Map<String, Double> soak = NativeMemorySoak.runInChildJvm(32, 2_000, 20_000, Duration.ofSeconds(90));

        LOG.info("native memory soak: {}", soak);
        assertThat(soak.get("calls")).isEqualTo(20_000.0);
        assertThat(soak.get("resident_growth_bytes")).as("resident size growth over 20,000 calls of batch 32, bytes")
                .isLessThan(8.0 * (1 << 20));
    }

    /** A forecaster whose every weight, heads included, is a seeded random value (the untrained heads are zero). */
    static LstmForecaster randomlyWeighted(ForecasterConfig config, long seed) {
        ComputationGraph net = LstmForecaster.newNetwork(config);
        Random random = new Random(seed);
        float[] params = new float[(int) net.numParams()];
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) (random.nextGaussian() * 0.3);
        }
        net.setParams(Nd4j.create(params, new long[] {1, params.length}, 'c'));
        double[] halfWidths = new double[config.horizon()];
        for (int k = 0; k < halfWidths.length; k++) {
            halfWidths[k] = 0.1 * (k + 1);
        }
        ModelCard card = new ModelCard("fused-test", 1, LstmForecaster.KIND, Instant.EPOCH, List.of(), Map.of(), Map.of(), Map.of());
        return new LstmForecaster(card, config, net, halfWidths);
    }

    /** Noisy sine waves around different levels, standard deviation near 1. */
    static double[][] windows(Random random, int n, int length) {
        double[][] windows = new double[n][length];
        for (int i = 0; i < n; i++) {
            double level = random.nextInt(20) - 10;
            double phase = random.nextDouble() * 6;
            for (int t = 0; t < length; t++) {
                windows[i][t] = level + Math.sin(phase + t / 4.0) + 0.3 * random.nextGaussian();
            }
        }
        return windows;
    }

    private static void assertSameForecasts(Forecast[] actual, Forecast[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertClose("forecast " + i + " mean", actual[i].mean(), expected[i].mean());
            assertClose("forecast " + i + " lower", actual[i].lower(), expected[i].lower());
            assertClose("forecast " + i + " upper", actual[i].upper(), expected[i].upper());
        }
    }

    private static void assertClose(String what, double[] actual, double[] expected) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int k = 0; k < expected.length; k++) {
            assertThat(Math.abs(actual[k] - expected[k])).as("%s, step %d: %s vs %s", what, k, actual[k], expected[k])
                    .isLessThanOrEqualTo(TOLERANCE);
        }
    }
}
