package io.streamcast.app.demo;

import io.streamcast.app.produce.PricePublisher.Point;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded synthetic series of very different scales, for the demo: each is a level with a drifting trend, a
 * seasonal cycle, noise, and now and then a regime shift (a jump in level and a new trend).
 */
public final class PriceGenerator {
    /** Points per seasonal cycle. */
    public static final int SEASON = 60;

    private record Spec(String id, double level, double amplitude, double noise) {
    }

    private static final List<Spec> SPECS = List.of(
            new Spec("DAX", 15_000, 60, 12),
            new Spec("SMI", 11_000, 35, 9),
            new Spec("EURUSD", 1.08, 0.002, 0.0006),
            new Spec("BTC", 60_000, 400, 150),
            new Spec("SENSOR-TEMP", 21.5, 2.5, 0.3),
            new Spec("POWER-LOAD", 3_200, 600, 40),
            new Spec("WEB-LATENCY-MS", 120, 25, 6),
            new Spec("OIL", 78, 0.8, 0.25));

    private final Random random;
    private final Duration step;
    private final double[] level;
    private final double[] trend;
    private long t;
    private Instant next;

    /**
     * @param seed  seeds everything
     * @param start time of the first point
     * @param step  spacing of points within a series
     */
    public PriceGenerator(long seed, Instant start, Duration step) {
        this.random = new Random(seed);
        this.step = step;
        this.next = start;
        this.level = SPECS.stream().mapToDouble(Spec::level).toArray();
        this.trend = new double[SPECS.size()];
    }

    public static int seriesCount() {
        return SPECS.size();
    }

    /** The next time step: one point per series, all at the same instant. */
    public List<Point> nextStep() {
        List<Point> out = new ArrayList<>(SPECS.size());
        for (int i = 0; i < SPECS.size(); i++) {
            Spec s = SPECS.get(i);
            if (random.nextDouble() < 0.004) { // a regime shift about every 250 points
                level[i] += (random.nextBoolean() ? 1 : -1) * s.amplitude() * (1 + 2 * random.nextDouble());
                trend[i] = s.amplitude() * 0.01 * random.nextGaussian();
            }
            level[i] += trend[i];
            double seasonal = s.amplitude() * Math.sin(2 * Math.PI * t / SEASON + i);
            out.add(new Point(s.id(), next, level[i] + seasonal + s.noise() * random.nextGaussian()));
        }
        t++;
        next = next.plus(step);
        return out;
    }

    /** The next {@code steps} time steps. */
    public List<Point> next(int steps) {
        List<Point> out = new ArrayList<>(steps * SPECS.size());
        for (int k = 0; k < steps; k++) {
            out.addAll(nextStep());
        }
        return out;
    }
}
