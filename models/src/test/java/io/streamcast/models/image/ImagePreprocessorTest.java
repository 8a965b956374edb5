package io.streamcast.models.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {

    @Test
    void shouldPassAnImageOfTheModelsShapeThroughUnchanged() {
        PixelImage ramp = TestImages.greyRamp(28, 28);
        assertThat(new ImagePreprocessor(ImageSpec.mnist()).fit(ramp)).isSameAs(ramp);
    }

    @Test
    void shouldTurnColourIntoGreyByLuma() {
        PixelImage red = new PixelImage(1, 1, 3, new byte[] {(byte) 255, 0, 0});
        PixelImage white = TestImages.uniform(1, 1, 3, 255);
        ImagePreprocessor grey = new ImagePreprocessor(new ImageSpec(1, 1, 1));
        assertThat(grey.fit(red).value(0, 0, 0)).isEqualTo(76); // 0.299 * 255
        assertThat(grey.fit(white).value(0, 0, 0)).isEqualTo(255);
    }

    @Test
    void shouldRepeatGreyIntoEveryColourChannel() {
        PixelImage fitted = new ImagePreprocessor(new ImageSpec(2, 1, 3)).fit(new PixelImage(2, 1, 1, new byte[] {9, (byte) 200}));
        assertThat(fitted.pixels()).containsExactly(9, 9, 9, (byte) 200, (byte) 200, (byte) 200);
    }

    @Test
    void shouldKeepAUniformGreyUniformWhenResizing() {
        // a colour-space conversion on the way (linear grey vs sRGB) would shift the value
        for (int side : new int[] {7, 20, 56, 300}) {
            PixelImage fitted = new ImagePreprocessor(ImageSpec.mnist()).fit(TestImages.uniform(side, side + 3, 1, 100));
            assertThat(fitted.width()).isEqualTo(28);
            assertThat(fitted.height()).isEqualTo(28);
            for (byte p : fitted.pixels()) {
                assertThat(p & 0xFF).as("side %d", side).isEqualTo(100);
            }
        }
    }

    @Test
    void shouldAverageALargeImageDownRatherThanSampleIt() {
        // one-pixel stripes, black and white: sampling would give stripes or a flat colour, averaging grey
        int side = 280;
        byte[] p = new byte[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                p[y * side + x] = (byte) (x % 2 == 0 ? 0 : 255);
            }
        }
        PixelImage fitted = new ImagePreprocessor(ImageSpec.mnist()).fit(new PixelImage(side, side, 1, p));
        double mean = 0;
        for (byte b : fitted.pixels()) {
            mean += b & 0xFF;
            assertThat(b & 0xFF).isBetween(90, 165);
        }
        assertThat(mean / fitted.pixels().length).isCloseTo(127.5, within(12.0));
    }

    @Test
    void shouldResizeColourKeepingItsColour() {
        PixelImage fitted = new ImagePreprocessor(new ImageSpec(10, 10, 3)).fit(new PixelImage(3, 3, 3, colour(3, 3, 200, 100, 50)));
        assertThat(new int[] {fitted.value(5, 5, 0), fitted.value(5, 5, 1), fitted.value(5, 5, 2)}).containsExactly(200, 100, 50);
    }

    private static byte[] colour(int w, int h, int r, int g, int b) {
        byte[] p = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            p[3 * i] = (byte) r;
            p[3 * i + 1] = (byte) g;
            p[3 * i + 2] = (byte) b;
        }
        return p;
    }

    @Test
    void shouldNormaliseToZeroOneChannelByChannel() {
        ImagePreprocessor prep = new ImagePreprocessor(new ImageSpec(2, 1, 3));
        float[] out = prep.features(List.of(new PixelImage(2, 1, 3, new byte[] {0, 51, (byte) 255, 102, (byte) 204, 0})));
        // channels × height × width: R of both pixels, then G, then B
        assertThat(out).containsExactly(0f, 0.4f, 0.2f, 0.8f, 1f, 0f);
    }
}
