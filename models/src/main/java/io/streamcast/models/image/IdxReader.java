package io.streamcast.models.image;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads image sets in IDX format (MNIST, Fashion-MNIST): an images file of unsigned bytes, {@code n × rows × cols}
 * (grey) or {@code n × rows × cols × 3} (colour), and a labels file of {@code n} unsigned bytes; either may be
 * gzipped ({@code .gz}).
 */
public final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {
    }

    /**
     * Reads an images file and its labels file. Without class names, the classes are named by their numbers
     * {@code 0 … max label}.
     *
     * @param classes names for labels 0, 1, …; empty to name them by number
     * @throws IOException when a file is unreadable, not IDX, truncated, or the two disagree
     */
    public static ImageDataset read(Path images, Path labels, List<String> classes) throws IOException {
        int[] labelValues;
        try (DataInputStream in = open(labels)) {
            int[] dims = header(in, labels, 1, 1);
            labelValues = new int[dims[0]];
            byte[] bytes = readFully(in, dims[0], labels);
            for (int i = 0; i < bytes.length; i++) {
                labelValues[i] = bytes[i] & 0xFF;
            }
        }
        try (DataInputStream in = open(images)) {
            int[] dims = header(in, images, 3, 4);
            if (dims.length == 4 && dims[3] != 3 && dims[3] != 1) {
                throw new IOException(images + ": a 4-dimensional IDX image file must have 1 or 3 channels, has " + dims[3]);
            }
            int channels = dims.length == 4 ? dims[3] : 1;
            ImageSpec spec;
            try {
                spec = new ImageSpec(dims[2], dims[1], channels);
            } catch (IllegalArgumentException e) {
                throw new IOException(images + ": " + e.getMessage(), e);
            }
            if (dims[0] != labelValues.length) {
                throw new IOException(images + " holds " + dims[0] + " images but " + labels + " holds "
                        + labelValues.length + " labels");
            }
            byte[] pixels = readFully(in, Math.multiplyExact(dims[0], spec.size()), images);
            List<String> names = classes;
            int max = 0;
            for (int l : labelValues) {
                max = Math.max(max, l);
            }
            if (names.isEmpty()) {
                names = new ArrayList<>();
                for (int c = 0; c <= max; c++) {
                    names.add(Integer.toString(c));
                }
            } else if (max >= names.size()) {
                throw new IOException(labels + " has label " + max + " but only " + names.size() + " class names were given");
            }
            return new ImageDataset(spec, names, pixels, labelValues);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new DataInputStream(in);
    }

    /** The dimensions after checking the magic number: unsigned bytes and a rank in [minRank, maxRank]. */
    private static int[] header(DataInputStream in, Path file, int minRank, int maxRank) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new IOException(file + ": empty or truncated IDX file", e);
        }
        int type = (magic >> 8) & 0xFF;
        int rank = magic & 0xFF;
        if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || rank < minRank || rank > maxRank) {
            throw new IOException(file + ": not an IDX file of unsigned bytes with " + minRank
                    + (maxRank > minRank ? "-" + maxRank : "") + " dimensions (magic 0x" + Integer.toHexString(magic) + ")");
        }
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = in.readInt();
            if (dims[i] < 0) {
                throw new IOException(file + ": negative dimension " + dims[i]);
            }
        }
        return dims;
    }

    private static byte[] readFully(DataInputStream in, int n, Path file) throws IOException {
        byte[] bytes = new byte[n];
        try {
            in.readFully(bytes);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated (expected " + n + " data bytes)", e);
        }
        return bytes;
    }
}
