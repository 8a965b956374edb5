package io.streamcast.models.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfusionMatrixTest {

    /** Actual a,a,a,b,b,c; predicted a,a,b,b,c,c. */
    private static ConfusionMatrix example() {
        ConfusionMatrix cm = new ConfusionMatrix(List.of("a", "b", "c", "never"));
        int[][] pairs = {{0, 0}, {0, 0}, {0, 1}, {1, 1}, {1, 2}, {2, 2}};
        for (int[] p : pairs) {
            cm.add(p[0], p[1]);
        }
        return cm;
    }

    @Test
    void shouldComputeAccuracyPrecisionRecallAndF1() {
        ConfusionMatrix cm = example();
        assertThat(cm.total()).isEqualTo(6);
        assertThat(cm.accuracy()).isCloseTo(4.0 / 6, within(1e-12));
        assertThat(cm.precision(0)).isEqualTo(1.0);
        assertThat(cm.recall(0)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(cm.f1(0)).isCloseTo(0.8, within(1e-12));
        assertThat(cm.f1(1)).isCloseTo(0.5, within(1e-12));
        assertThat(cm.f1(2)).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void shouldAverageF1OverTheClassesThatOccur() {
        // "never" is neither an actual nor a predicted class: it does not pull the mean down
        assertThat(example().macroF1()).isCloseTo((0.8 + 0.5 + 2.0 / 3) / 3, within(1e-12));
        ConfusionMatrix missed = new ConfusionMatrix(List.of("a", "b"));
        missed.add(0, 1);
        assertThat(missed.macroF1()).as("an actual class never predicted counts as F1 0").isZero();
    }

    @Test
    void shouldBeNaNWhenEmpty() {
        ConfusionMatrix cm = new ConfusionMatrix(List.of("a", "b"));
        assertThat(cm.accuracy()).isNaN();
        assertThat(cm.macroF1()).isNaN();
    }

    @Test
    void shouldDrawAPngWithACellPerPair(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("plots/confusion.png");
        ConfusionMatrixPlot.write(example(), "test accuracy 0.667", png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isGreaterThanOrEqualTo(4 * 44);
        assertThat(img.getHeight()).isGreaterThan(4 * 44 + 60);
    }
}
