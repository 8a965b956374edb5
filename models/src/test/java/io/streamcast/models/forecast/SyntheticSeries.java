package io.streamcast.models.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded synthetic series for tests: a level, a sine of the given period, a slight upward trend and gaussian
 * noise, every part proportional to the level, so a series at level 10 and one at level 10,000 differ only in
 * scale. The same seed gives the same series.
 */
public final class SyntheticSeries {
    /** Sine amplitude, as a share of the level. */
    static final double AMPLITUDE = 0.2;
    /** Noise standard deviation, as a share of the level. */
    static final double NOISE = 0.04;
    /** Trend per step, as a share of the level. */
    static final double TREND = 0.0005;

    private SyntheticSeries() {
    }

    /** One series of {@code length} points, oldest first, with a seeded random phase. */
    public static double[] seasonal(long seed, int length, int period, double level) {
        Random random = new Random(seed);
        double phase = random.nextDouble() * 2 * Math.PI;
        double[] x = new double[length];
        for (int t = 0; t < length; t++) {
            x[t] = level * (1 + TREND * t + AMPLITUDE * Math.sin(2 * Math.PI * t / period + phase)
                    + NOISE * random.nextGaussian());
        }
        return x;
    }

    /** One series per level, each with its own seed derived from {@code seed}. */
    public static List<double[]> family(long seed, int length, int period, double... levels) {
        List<double[]> series = new ArrayList<>();
        for (int i = 0; i < levels.length; i++) {
            series.add(seasonal(seed * 31 + i, length, period, levels[i]));
        }
        return series;
    }

    /** Every series without its last {@code n} points: what training may see. */
    public static List<double[]> withoutLast(List<double[]> series, int n) {
        return series.stream().map(x -> Arrays.copyOf(x, x.length - n)).toList();
    }
}
