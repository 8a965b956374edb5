package io.streamcast.models.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.models.image.ImageDecodeException.Reason;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {
    private final ImageDecoder decoder = new ImageDecoder(10_000);

    private static void assertRefused(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ImageDecodeException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    // ---- PNG ----

    @Test
    void shouldDecodeAGreyPngToTheExactPixels() throws Exception {
        PixelImage ramp = TestImages.greyRamp(28, 28);
        PixelImage decoded = decoder.decode(ImageDecoder.toPng(ramp));
        assertThat(decoded).isEqualTo(ramp);
    }

    @Test
    void shouldDecodeAColourPngToRgb() throws Exception {
        PixelImage colour = TestImages.colourRamp(9, 5);
        PixelImage decoded = decoder.decode(ImageDecoder.toPng(colour));
        assertThat(decoded).isEqualTo(colour);
        assertThat(decoded.value(8, 0, 0)).isEqualTo(255);
        assertThat(decoded.value(0, 4, 1)).isEqualTo(255);
        assertThat(decoded.value(3, 3, 2)).isEqualTo(77);
    }

    @Test
    void shouldDropAlphaAndKeepTheColours() throws Exception {
        BufferedImage argb = new BufferedImage(4, 3, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(1, 2, new Color(10, 200, 30, 0).getRGB());
        argb.setRGB(2, 1, new Color(250, 20, 40, 255).getRGB());
        PixelImage decoded = decoder.decode(TestImages.encode(argb, "png"));
        assertThat(decoded.channels()).isEqualTo(3);
        assertThat(new int[] {decoded.value(2, 1, 0), decoded.value(2, 1, 1), decoded.value(2, 1, 2)}).containsExactly(250, 20, 40);
        assertThat(new int[] {decoded.value(1, 2, 0), decoded.value(1, 2, 1), decoded.value(1, 2, 2)}).containsExactly(10, 200, 30);
    }

    @Test
    void shouldReadSixteenBitGreyAsItsHighByteScaled() throws Exception {
        BufferedImage grey16 = new BufferedImage(3, 2, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getRaster().setSample(0, 0, 0, 65535);
        grey16.getRaster().setSample(1, 0, 0, 32896); // 128 * 257
        PixelImage decoded = decoder.decode(TestImages.encode(grey16, "png"));
        assertThat(decoded.channels()).isEqualTo(1);
        assertThat(decoded.value(0, 0, 0)).isEqualTo(255);
        assertThat(decoded.value(1, 0, 0)).isEqualTo(128);
        assertThat(decoded.value(2, 1, 0)).isZero();
    }

    @Test
    void shouldReadAPalettePngAsColour() throws Exception {
        byte[] r = {0, (byte) 255};
        byte[] g = {0, 0};
        byte[] b = {0, (byte) 128};
        BufferedImage indexed = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(1, 2, r, g, b));
        indexed.getRaster().setSample(1, 1, 0, 1);
        PixelImage decoded = decoder.decode(TestImages.encode(indexed, "png"));
        assertThat(decoded.channels()).isEqualTo(3);
        assertThat(new int[] {decoded.value(1, 1, 0), decoded.value(1, 1, 1), decoded.value(1, 1, 2)}).containsExactly(255, 0, 128);
        assertThat(decoded.value(0, 0, 0)).isZero();
    }

    // ---- JPEG ----

    @Test
    void shouldDecodeAGreyJpegCloseToItsPixels() throws Exception {
        PixelImage flat = TestImages.uniform(16, 16, 1, 140);
        PixelImage decoded = decoder.decode(TestImages.encode(ImageDecoder.toBufferedImage(flat), "jpeg"));
        assertThat(decoded.channels()).isEqualTo(1);
        assertThat(decoded.width()).isEqualTo(16);
        for (byte p : decoded.pixels()) {
            assertThat(p & 0xFF).isBetween(137, 143);
        }
    }

    @Test
    void shouldDecodeAColourJpegCloseToItsColours() throws Exception {
        BufferedImage rgb = new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setColor(new Color(200, 40, 60));
        g.fillRect(0, 0, 16, 8);
        g.dispose();
        PixelImage decoded = decoder.decode(TestImages.encode(rgb, "jpeg"));
        assertThat(decoded.channels()).isEqualTo(3);
        assertThat(decoded.value(5, 5, 0)).isBetween(190, 210);
        assertThat(decoded.value(5, 5, 1)).isBetween(30, 50);
        assertThat(decoded.value(5, 5, 2)).isBetween(50, 70);
    }

    // ---- raw pixels ----

    @Test
    void shouldAcceptRawGreyAndColourPixels() throws Exception {
        PixelImage grey = decoder.fromPixels(3, 2, 1, new int[] {0, 1, 2, 253, 254, 255});
        assertThat(grey.value(2, 1, 0)).isEqualTo(255);
        PixelImage colour = decoder.fromPixels(1, 2, 3, new int[] {1, 2, 3, 4, 5, 6});
        assertThat(colour.value(0, 1, 2)).isEqualTo(6);
    }

    @Test
    void shouldRefuseRawPixelsOfTheWrongCount() {
        assertRefused(() -> decoder.fromPixels(3, 2, 1, new int[5]), Reason.INVALID_SIZE);
        assertRefused(() -> decoder.fromPixels(3, 2, 1, new int[7]), Reason.INVALID_SIZE);
        assertRefused(() -> decoder.fromPixels(2, 2, 3, new int[4]), Reason.INVALID_SIZE);
    }

    @Test
    void shouldRefuseAZeroOrNegativeSize() {
        assertRefused(() -> decoder.fromPixels(0, 2, 1, new int[0]), Reason.INVALID_SIZE);
        assertRefused(() -> decoder.fromPixels(2, -1, 1, new int[0]), Reason.INVALID_SIZE);
    }

    @Test
    void shouldRefuseChannelsOtherThanOneOrThree() {
        assertRefused(() -> decoder.fromPixels(1, 1, 2, new int[2]), Reason.INVALID_SIZE);
        assertRefused(() -> decoder.fromPixels(1, 1, 4, new int[4]), Reason.INVALID_SIZE);
    }

    @Test
    void shouldRefusePixelValuesOutsideTheByteRange() {
        assertRefused(() -> decoder.fromPixels(2, 1, 1, new int[] {0, 256}), Reason.INVALID_PIXEL);
        assertRefused(() -> decoder.fromPixels(2, 1, 1, new int[] {-1, 0}), Reason.INVALID_PIXEL);
    }

    @Test
    void shouldRefuseRawPixelsOverTheLimitBeforeLookingAtThem() {
        assertRefused(() -> decoder.fromPixels(101, 100, 1, new int[1]), Reason.TOO_LARGE);
    }

    // ---- malformed encoded images ----

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "{\"id\":1}", "GIF89a", "BM", "\u0000\u0000\u0000\u0000\u0000"})
    void shouldRefuseBytesThatAreNotPngOrJpeg(String text) {
        assertRefused(() -> decoder.decode(text.getBytes(StandardCharsets.ISO_8859_1)), Reason.NOT_AN_IMAGE);
    }

    @Test
    void shouldRefuseNull() {
        assertRefused(() -> decoder.decode(null), Reason.NOT_AN_IMAGE);
    }

    @Test
    void shouldRefuseOtherImageFormatsImageIoCouldRead() {
        BufferedImage img = ImageDecoder.toBufferedImage(TestImages.greyRamp(8, 8));
        assertRefused(() -> decoder.decode(TestImages.encode(img, "gif")), Reason.NOT_AN_IMAGE);
        assertRefused(() -> decoder.decode(TestImages.encode(img, "bmp")), Reason.NOT_AN_IMAGE);
        // WBMP has no signature: ImageIO would read these zeros as a 0-wide image
        assertRefused(() -> decoder.decode(new byte[] {0, 0, 8, 8, 0, 0, 0, 0, 0, 0}), Reason.NOT_AN_IMAGE);
    }

    @Test
    void shouldRefuseATruncatedPng() {
        byte[] png = ImageDecoder.toPng(TestImages.greyRamp(28, 28));
        for (int keep : new int[] {8, 20, 33, png.length / 2, png.length - 13}) {
            assertRefused(() -> decoder.decode(Arrays.copyOf(png, keep)), Reason.NOT_AN_IMAGE);
        }
    }

    @Test
    void shouldRefuseAPngWithCorruptImageData() {
        byte[] png = ImageDecoder.toPng(TestImages.greyRamp(28, 28));
        int idat = indexOf(png, "IDAT") + 4;
        byte[] bad = png.clone();
        for (int i = idat; i < idat + 12; i++) {
            bad[i] ^= (byte) 0x5A;
        }
        assertRefused(() -> decoder.decode(bad), Reason.NOT_AN_IMAGE);
    }

    @Test
    void shouldRefuseATruncatedJpegThatImageIoWouldDecodePartly() {
        byte[] jpeg = TestImages.encode(ImageDecoder.toBufferedImage(TestImages.colourRamp(64, 64)), "jpeg");
        assertRefused(() -> decoder.decode(Arrays.copyOf(jpeg, jpeg.length * 2 / 3)), Reason.NOT_AN_IMAGE);
        assertRefused(() -> decoder.decode(Arrays.copyOf(jpeg, 40)), Reason.NOT_AN_IMAGE);
    }

    @Test
    void shouldRefuseAPngDeclaringMorePixelsThanTheLimitWithoutDecodingIt() {
        byte[] bomb = withSize(ImageDecoder.toPng(TestImages.greyRamp(8, 8)), 50_000, 50_000);
        assertRefused(() -> decoder.decode(bomb), Reason.TOO_LARGE);
        assertRefused(() -> new ImageDecoder(63).decode(ImageDecoder.toPng(TestImages.greyRamp(8, 8))), Reason.TOO_LARGE);
    }

    @Test
    void shouldRefuseAPngDeclaringAZeroSize() {
        byte[] png = ImageDecoder.toPng(TestImages.greyRamp(8, 8));
        assertRefused(() -> decoder.decode(withSize(png, 0, 8)), Reason.INVALID_SIZE);
        assertRefused(() -> decoder.decode(withSize(png, 8, 0)), Reason.INVALID_SIZE);
    }

    @Test
    void shouldRecogniseTheFormatsBySignature() {
        assertThat(ImageDecoder.format(ImageDecoder.toPng(TestImages.greyRamp(2, 2)))).isEqualTo("png");
        assertThat(ImageDecoder.format(TestImages.encode(ImageDecoder.toBufferedImage(TestImages.greyRamp(2, 2)), "jpeg"))).isEqualTo("jpeg");
        assertThat(ImageDecoder.format(new byte[] {1, 2})).isNull();
    }

    /** The PNG with its IHDR width and height replaced (and the chunk's CRC fixed, so only the size is wrong). */
    static byte[] withSize(byte[] png, int width, int height) {
        byte[] out = png.clone();
        int ihdr = indexOf(out, "IHDR");
        ByteBuffer.wrap(out, ihdr + 4, 8).putInt(width).putInt(height);
        CRC32 crc = new CRC32();
        crc.update(out, ihdr, 4 + 13);
        ByteBuffer.wrap(out, ihdr + 4 + 13, 4).putInt((int) crc.getValue());
        return out;
    }

    private static int indexOf(byte[] bytes, String ascii) {
        byte[] needle = ascii.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException(ascii + " not found");
    }
}
