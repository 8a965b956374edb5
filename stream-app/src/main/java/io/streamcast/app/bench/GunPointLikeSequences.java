package io.streamcast.app.bench;

import java.util.SplittableRandom;

/**
 * Seeded synthetic sequences shaped like UCR GunPoint (a hand's x-coordinate over 150 frames, z-normalised): at rest,
 * a raise, a hold, a lowering, at rest again, each stage of random length and level. Class 0 ("1", gun) dips before
 * the raise and overshoots on the way down (drawing and holstering), class 1 ("2", point) does not. Values have six
 * decimals, as the data files do, so records are as long as GunPoint's.
 */
final class GunPointLikeSequences implements ClassifierTarget.Examples {
    /** GunPoint's length. */
    static final int LENGTH = 150;

    @Override
    public ClassifierTarget.Example next(SplittableRandom random) {
        int label = random.nextInt(2);
        return new ClassifierTarget.Example(sequence(label == 0, random), label);
    }

    static double[] sequence(boolean gun, SplittableRandom random) {
        double rest = -0.75 + 0.1 * random.nextGaussian();
        double raised = 1.6 + 0.3 * Math.max(-2, Math.min(2, random.nextGaussian()));
        double up = random.nextDouble(30, 50);
        double rise = random.nextDouble(12, 22);
        double hold = random.nextDouble(30, 50);
        double fall = random.nextDouble(12, 22);
        double down = up + rise + hold;
        double[] x = new double[LENGTH];
        for (int t = 0; t < LENGTH; t++) {
            double v = rest + (raised - rest) * (smoothstep((t - up) / rise) - smoothstep((t - down) / fall));
            if (gun) {
                v -= 0.25 * bump((t - (up - 6)) / 6) + 0.2 * bump((t - (down + fall + 4)) / 6);
            }
            v += 0.01 * random.nextGaussian();
            x[t] = Math.round(v * 1e6) / 1e6;
        }
        return x;
    }

    private static double smoothstep(double s) {
        double c = Math.max(0, Math.min(1, s));
        return c * c * (3 - 2 * c);
    }

    private static double bump(double s) {
        return Math.exp(-s * s);
    }
}
