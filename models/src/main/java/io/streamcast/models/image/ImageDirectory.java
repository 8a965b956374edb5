package io.streamcast.models.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A folder of labelled images, in one of two layouts:
 * <ul>
 *   <li><b>IDX</b>: {@code train-images-idx3-ubyte[.gz]} with {@code train-labels-idx1-ubyte[.gz]} for training,
 *       {@code t10k-…} for testing (MNIST's names); an optional {@code classes.txt}, one name per line, names the
 *       labels 0, 1, …</li>
 *   <li><b>Class folders</b>: one sub-folder per class, named by it, holding PNG or JPEG files
 *       ({@code .png}, {@code .jpg}, {@code .jpeg}); every image is read whatever the split.</li>
 * </ul>
 */
public final class ImageDirectory {
    /** Which part of an IDX set to read. */
    public enum Split {
        TRAIN("train-"), TEST("t10k-");

        private final String prefix;

        Split(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    /** A file of a class-folder layout with its class. */
    public record LabelledFile(Path file, String label) {
    }

    private final Path dir;

    public ImageDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory");
        }
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Whether the folder holds IDX files (of either split). */
    public boolean isIdx() throws IOException {
        return idxFile(Split.TRAIN, "images").isPresent() || idxFile(Split.TEST, "images").isPresent();
    }

    /** Whether the folder holds this split in IDX form. */
    public boolean hasIdx(Split split) throws IOException {
        return idxFile(split, "images").isPresent();
    }

    /**
     * Reads the images of a split, fitted to {@code spec} (null: the IDX files' own shape; required for class
     * folders). The classes: for IDX, {@code classNames} when given, else classes.txt, else the label numbers; for
     * class folders, the sub-folder names, sorted.
     */
    public ImageDataset read(Split split, ImageSpec spec, List<String> classNames, ImageDecoder decoder) throws IOException {
        if (isIdx()) {
            Path images = idxFile(split, "images").orElseThrow(() -> new IOException(dir + " has no " + split.prefix()
                    + "images-idx*-ubyte[.gz] file (the " + split.name().toLowerCase(Locale.ROOT) + " split)"));
            Path labels = idxFile(split, "labels").orElseThrow(() -> new IOException(dir + " has no " + split.prefix()
                    + "labels-idx1-ubyte[.gz] file"));
            List<String> names = classNames.isEmpty() ? classesFile() : classNames;
            ImageDataset data = IdxReader.read(images, labels, names);
            return spec == null ? data : data.fitTo(spec);
        }
        if (spec == null) {
            throw new IllegalArgumentException("class folders need the image size to read them at");
        }
        List<LabelledFile> files = labelledFiles();
        List<String> classes = classFolders();
        List<PixelImage> images = new ArrayList<>(files.size());
        int[] labels = new int[files.size()];
        ImagePreprocessor prep = new ImagePreprocessor(spec);
        for (int i = 0; i < files.size(); i++) {
            LabelledFile f = files.get(i);
            try {
                images.add(prep.fit(decoder.decode(Files.readAllBytes(f.file()))));
            } catch (ImageDecodeException e) {
                throw new IOException(f.file() + ": " + e.getMessage(), e);
            }
            labels[i] = classes.indexOf(f.label());
        }
        return ImageDataset.of(spec, classes, images, labels);
    }

    /** The class sub-folders' names, sorted; empty for an IDX folder. */
    public List<String> classFolders() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
                    .sorted().toList();
        }
    }

    /** Every PNG or JPEG file of the class folders, by class then file name. */
    public List<LabelledFile> labelledFiles() throws IOException {
        List<String> classes = classFolders();
        if (classes.isEmpty()) {
            throw new IOException(dir + " holds neither IDX files (train-*/t10k-*) nor class sub-folders");
        }
        List<LabelledFile> out = new ArrayList<>();
        for (String c : classes) {
            try (Stream<Path> s = Files.list(dir.resolve(c))) {
                s.filter(Files::isRegularFile).filter(ImageDirectory::isImageFile).sorted()
                        .forEach(p -> out.add(new LabelledFile(p, c)));
            }
        }
        if (out.isEmpty()) {
            throw new IOException(dir + ": the class folders " + classes + " hold no .png, .jpg or .jpeg files");
        }
        return out;
    }

    /** The IDX file of a split: {@code <prefix><kind>-idx…-ubyte[.gz]}. */
    public Optional<Path> idxFile(Split split, String kind) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> matches = s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(split.prefix() + kind + "-idx") && (n.endsWith("-ubyte") || n.endsWith("-ubyte.gz"));
            }).sorted().toList();
            if (matches.size() > 1) {
                throw new IOException(dir + " has several " + split.prefix() + kind + " IDX files: " + matches);
            }
            return matches.stream().findFirst();
        }
    }

    private List<String> classesFile() throws IOException {
        Path file = dir.resolve("classes.txt");
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static boolean isImageFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }
}
