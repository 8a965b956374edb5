package io.streamcast.models.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Versions of streamcast and the libraries it trains with, recorded on every model card. */
public final class LibraryVersions {
    private LibraryVersions() {
    }

    /** From the build (resource filtered by Maven), plus the running Java. */
    public static Map<String, String> current() {
        Properties p = new Properties();
        try (InputStream in = LibraryVersions.class.getResourceAsStream("/streamcast-models.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> v = new LinkedHashMap<>();
        v.put("streamcast", p.getProperty("streamcast.version", "unknown"));
        v.put("deeplearning4j", p.getProperty("dl4j.version", "unknown"));
        v.put("nd4j_backend", p.getProperty("nd4j.classifier", "unknown"));
        v.put("java", System.getProperty("java.version"));
        return v;
    }
}
