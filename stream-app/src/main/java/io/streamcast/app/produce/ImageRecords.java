package io.streamcast.app.produce;

import io.streamcast.app.messages.Json;
import io.streamcast.models.image.ImageDataset;
import io.streamcast.models.image.ImageDecoder;
import io.streamcast.models.image.ImageDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** Records for the {@code images} topic: {@code {"id":…,"image":"<base64 PNG/JPEG>","label":…}}, keyed by id. */
public final class ImageRecords {
    private ImageRecords() {
    }

    /** The JSON value of one image; {@code label} may be null (an unlabelled image, to be classified only). */
    public static byte[] json(String id, byte[] encodedImage, String label) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("image", Base64.getEncoder().encodeToString(encodedImage));
        if (label != null) {
            m.put("label", label);
        }
        return Json.bytes(m);
    }

    /** Each image of an IDX split as a PNG, with id {@code <prefix><index>} and its class name when labelled. */
    public static Iterator<RecordPublisher.Keyed> of(ImageDataset data, String idPrefix, boolean labelled, int max) {
        int n = Math.min(max, data.size());
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < n;
            }

            @Override
            public RecordPublisher.Keyed next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int i = next++;
                String id = idPrefix + i;
                return new RecordPublisher.Keyed(id, json(id, ImageDecoder.toPng(data.image(i)),
                        labelled ? data.classes().get(data.label(i)) : null));
            }
        };
    }

    /** The files of class folders as they are (PNG or JPEG), with id {@code <class>/<file>} and the class as label. */
    public static Iterator<RecordPublisher.Keyed> of(List<ImageDirectory.LabelledFile> files, boolean labelled, int max) {
        int n = Math.min(max, files.size());
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < n;
            }

            @Override
            public RecordPublisher.Keyed next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ImageDirectory.LabelledFile f = files.get(next++);
                String id = f.label() + "/" + f.file().getFileName();
                try {
                    return new RecordPublisher.Keyed(id, json(id, Files.readAllBytes(f.file()), labelled ? f.label() : null));
                } catch (IOException e) {
                    throw new UncheckedIOException(f.file() + ": " + e.getMessage(), e);
                }
            }
        };
    }
}
