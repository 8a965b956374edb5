package io.streamcast.models.artifact;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/** A DL4J network as an artifact entry: the same network always gives the same bytes. */
public final class NetworkEntry {
    private NetworkEntry() {
    }

    /** The network without its updater state, as bytes. */
    public static byte[] write(ComputationGraph network) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ModelSerializer.writeModel(network, out, false);
            return withFixedZipTimes(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads what {@link #write} wrote. */
    public static ComputationGraph readComputationGraph(byte[] bytes) throws IOException {
        return ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes), false);
    }

    /**
     * ModelSerializer stamps its zip entries with the wall clock, so the same network written twice gave two
     * different artifacts (bytes and digest); with the times fixed it gives one.
     */
    private static byte[] withFixedZipTimes(byte[] zipBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zipBytes));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                ZipEntry fixed = new ZipEntry(e.getName());
                fixed.setTime(0L);
                zip.putNextEntry(fixed);
                in.transferTo(zip);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
