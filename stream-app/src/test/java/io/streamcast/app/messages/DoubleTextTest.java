package io.streamcast.app.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link DoubleText} writes what jackson-core's fast double writer writes, and the text reads back to the double. */
class DoubleTextTest {

    @Test
    void edgesOfTheLayoutsAndOfTheDoubleFormat() {
        List<Double> values = new ArrayList<>(List.of(0.0, -0.0, Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE,
                1.0, 0.1, 0.3, 2.0 / 3, 0.001, 9.999e-4, 1e-3, 1e-4, 1e7, 9_999_999.0, 12_345_678.0, 1_234_567.0,
                123_456.7, 1630.0, 1629.5, 1e23, 2e-323, 3e-323, 9_007_199_254_740_991.0, 9_007_199_254_740_992.0,
                1e15, 1e16, 1e17, 1e-300, 1e300));
        for (int e = -325; e <= 309; e++) {
            values.add(Double.parseDouble("1e" + e));
            values.add(Double.parseDouble("9.999999999999999e" + e));
        }
        for (int e = -1074; e <= 1023; e++) {
            values.add(Math.scalb(1.0, e));
        }
        List<Double> all = new ArrayList<>();
        for (double v : values) {
            for (double w : new double[] {v, Math.nextUp(v), Math.nextDown(v)}) {
                if (Double.isFinite(w)) {
                    all.add(w);
                    all.add(-w);
                }
            }
        }
        assertThat(all).hasSizeGreaterThan(10_000).allSatisfy(DoubleTextTest::writtenAsJacksonDoes);
    }

    @Test
    void randomDoubles() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1_000_000; i++) {
            double v = switch (i % 4) {
                case 0 -> Double.longBitsToDouble(random.nextLong()); // every exponent, subnormals included
                case 1 -> 1600 + 10 * random.nextDouble(); // prices: 17 significant digits
                case 2 -> random.nextInt(1_000_000) / 100.0; // short decimals
                default -> random.nextDouble() * Math.pow(10, random.nextInt(-12, 12));
            };
            if (Double.isFinite(v)) {
                writtenAsJacksonDoes(v);
            }
        }
    }

    @Test
    void refusesWhatJsonHasNoNumberFor() {
        byte[] out = new byte[DoubleText.MAX_LENGTH];
        for (double v : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> DoubleText.write(v, out, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static void writtenAsJacksonDoes(double v) {
        byte[] out = new byte[1 + DoubleText.MAX_LENGTH]; // exactly the room promised after out[0]
        out[0] = 'x';
        int end = DoubleText.write(v, out, 1);
        String text = new String(out, 1, end - 1, StandardCharsets.US_ASCII);
        String expected = NumberOutput.toString(v, true);
        if (!text.equals(expected) || Double.doubleToRawLongBits(Double.parseDouble(text)) != Double.doubleToRawLongBits(v)) {
            throw new AssertionError("bits " + Double.doubleToRawLongBits(v) + ": wrote " + text + ", jackson-core writes "
                    + expected);
        }
        assertThat(out[0]).isEqualTo((byte) 'x');
    }
}
