package io.streamcast.app.cli;

import io.streamcast.app.config.ImageSettings;
import io.streamcast.app.config.StreamcastConfig;
import io.streamcast.models.image.ImageDataset;
import io.streamcast.models.image.ImageDecoder;
import io.streamcast.models.image.ImageDirectory;
import io.streamcast.models.image.ImageSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The image folder a command reads, and how. */
final class ImageDataOptions {
    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "IDX files (train-*/t10k-*images-idx3-ubyte[.gz] with their labels) or one sub-folder of PNG/JPEG files per class.")
    Path data;

    @Option(names = "--classes", split = ",", paramLabel = "NAME",
            description = "Names of the IDX labels 0, 1, … (default: DIR/classes.txt, else the numbers).")
    List<String> classes;

    ImageDirectory directory() {
        try {
            return new ImageDirectory(data);
        } catch (IOException e) {
            throw new IllegalArgumentException("--data: " + e.getMessage(), e);
        }
    }

    /** The split's images at {@code spec} (null: an IDX set's own shape, 28x28x1 for class folders). */
    ImageDataset read(ImageDirectory.Split split, ImageSpec spec, StreamcastConfig settings) throws IOException {
        ImageDirectory dir = directory();
        ImageSpec shape = spec != null || dir.isIdx() ? spec : ImageSpec.mnist();
        try {
            return dir.read(split, shape, classes == null ? List.of() : classes, new ImageDecoder(ImageSettings.maxPixels(settings)));
        } catch (IOException e) {
            throw new IOException("--data: " + e.getMessage(), e);
        }
    }
}
