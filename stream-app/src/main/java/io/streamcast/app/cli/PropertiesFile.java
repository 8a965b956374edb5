package io.streamcast.app.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** A properties file named by a command-line option; an unreadable one is an error naming the option. */
final class PropertiesFile {
    private PropertiesFile() {
    }

    /** The file's entries, or none when {@code file} is null. */
    static Map<String, Object> read(Path file, String option) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        if (file != null) {
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException(option + ": cannot read " + file);
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            p.forEach((k, v) -> out.put(k.toString(), v));
        }
        return out;
    }
}
