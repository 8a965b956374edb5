package io.streamcast.app.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.LongToIntFunction;

/**
 * Points of many synthetic series on the {@code prices} topic, round robin over the series, one minute apart:
 * {@code {"series":"s000042","ts":<epoch ms>,"value":…}} keyed by the series. Each series has its own level (from
 * about 1 to 10,000), a daily cycle and noise, so windows differ as they would in a real feed. Seeded.
 */
final class PriceWorkload implements BenchTarget.Workload {
    private static final Duration STEP = Duration.ofMinutes(1);

    private final String[] ids;
    private final double[] levels;
    private final long[] points;
    private final long startMs;
    private final LongToIntFunction outputsAtPoint;
    private final SplittableRandom random;
    private int cursor;

    /**
     * @param series         how many series
     * @param pointsPerSeries how many points a series gets at most (sets the start time so the last is not in the future)
     * @param outputsAtPoint outputs a series' point yields, by its index in the series (0 = the first point)
     */
    PriceWorkload(int series, long pointsPerSeries, LongToIntFunction outputsAtPoint, long seed) {
        this.ids = new String[series];
        this.levels = new double[series];
        this.points = new long[series];
        this.random = new SplittableRandom(seed);
        for (int s = 0; s < series; s++) {
            ids[s] = String.format("s%06d", s);
            levels[s] = Math.pow(10, random.nextDouble(0, 4));
        }
        this.startMs = System.currentTimeMillis() - STEP.toMillis() * (pointsPerSeries + 1);
        this.outputsAtPoint = outputsAtPoint;
    }

    @Override
    public BenchTarget.Input next() {
        int s = cursor;
        cursor = (cursor + 1) % ids.length;
        long k = points[s]++;
        double cycle = Math.sin(2 * Math.PI * (k % 1440) / 1440.0 + s);
        double value = levels[s] * (1 + 0.02 * cycle + 0.002 * random.nextGaussian());
        String json = "{\"series\":\"" + ids[s] + "\",\"ts\":" + (startMs + k * STEP.toMillis()) + ",\"value\":"
                + (float) value + "}";
        return new BenchTarget.Input(ids[s], json.getBytes(StandardCharsets.UTF_8), outputsAtPoint.applyAsInt(k));
    }
}
