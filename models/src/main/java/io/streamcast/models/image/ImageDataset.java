package io.streamcast.models.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Labelled images of one shape, held compactly (one byte per value: 60,000 MNIST images take 47 MB), with the
 * class names their labels index.
 */
public final class ImageDataset {
    private final ImageSpec spec;
    private final List<String> classes;
    private final byte[] pixels;
    private final int[] labels;

    /**
     * @param pixels  the images one after another, each {@code spec.size()} bytes as in {@link PixelImage}
     * @param labels  each image's index into {@code classes}
     */
    public ImageDataset(ImageSpec spec, List<String> classes, byte[] pixels, int[] labels) {
        if ((long) labels.length * spec.size() != pixels.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + pixels.length + " bytes of "
                    + spec + " images");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes.size()) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " is not one of the "
                        + classes.size() + " classes");
            }
        }
        this.spec = spec;
        this.classes = List.copyOf(classes);
        this.pixels = pixels;
        this.labels = labels;
    }

    /** Images fitted to {@code spec} (see {@link ImagePreprocessor#fit}). */
    public static ImageDataset of(ImageSpec spec, List<String> classes, List<PixelImage> images, int[] labels) {
        ImagePreprocessor prep = new ImagePreprocessor(spec);
        byte[] pixels = new byte[images.size() * spec.size()];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(prep.fit(images.get(i)).pixels(), 0, pixels, i * spec.size(), spec.size());
        }
        return new ImageDataset(spec, classes, pixels, labels.clone());
    }

    public ImageSpec spec() {
        return spec;
    }

    public List<String> classes() {
        return classes;
    }

    public int size() {
        return labels.length;
    }

    public PixelImage image(int i) {
        int n = spec.size();
        return new PixelImage(spec.width(), spec.height(), spec.channels(), Arrays.copyOfRange(pixels, i * n, (i + 1) * n));
    }

    public int label(int i) {
        return labels[i];
    }

    public int[] labels() {
        return labels.clone();
    }

    /** The images at the given indices, in that order. */
    public ImageDataset subset(int[] indices) {
        int n = spec.size();
        byte[] p = new byte[indices.length * n];
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * n, p, i * n, n);
            l[i] = labels[indices[i]];
        }
        return new ImageDataset(spec, classes, p, l);
    }

    /** The same images, fitted to another spec. */
    public ImageDataset fitTo(ImageSpec target) {
        if (target.equals(spec)) {
            return this;
        }
        List<PixelImage> images = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            images.add(image(i));
        }
        return of(target, classes, images, labels);
    }

    /** The same labels under other class names (same count), e.g. the names of a model trained on IDX files. */
    public ImageDataset withClasses(List<String> names) {
        if (names.size() < classes.size()) {
            throw new IllegalArgumentException(classes.size() + " classes cannot be named by " + names.size() + " names");
        }
        return new ImageDataset(spec, names, pixels, labels);
    }

    /**
     * A seeded random split: the first part holds {@code 1 - fraction} of the images, the second the rest, each in
     * random order. Stratified, so each class keeps its share in both.
     */
    public ImageDataset[] split(double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("split fraction must be in (0, 1), was " + fraction);
        }
        Random random = new Random(seed);
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            byClass.get(labels[i]).add(i);
        }
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        for (List<Integer> members : byClass) {
            Collections.shuffle(members, random);
            int held = (int) Math.round(members.size() * fraction);
            second.addAll(members.subList(0, held));
            first.addAll(members.subList(held, members.size()));
        }
        Collections.shuffle(first, random);
        Collections.shuffle(second, random);
        return new ImageDataset[] {subset(first.stream().mapToInt(Integer::intValue).toArray()),
            subset(second.stream().mapToInt(Integer::intValue).toArray())};
    }

    /** Images per class. */
    public int[] classCounts() {
        int[] counts = new int[classes.size()];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }
}
