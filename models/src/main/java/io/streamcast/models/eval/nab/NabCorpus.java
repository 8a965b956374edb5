package io.streamcast.models.eval.nab;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The NAB data files to score and their anomaly windows, keyed {@code category/file.csv}, in key order.
 *
 * <p>{@link #read(Path)} takes NAB's layout: {@code DIR/data/<category>/<file>.csv} with columns
 * {@code timestamp,value}, and the windows in {@code DIR/combined_windows.json} (or, as in a checkout of the NAB
 * repository, {@code DIR/labels/combined_windows.json}): for each key, a list of {@code [start, end]} timestamps.
 * The corpus is the files that file lists; as in NAB, a window's ends must each be the timestamp of exactly one
 * row.
 */
public final class NabCorpus {

    /** NAB's name for the labelled windows. */
    public static final String WINDOWS_FILE = "combined_windows.json";

    private static final TypeReference<Map<String, List<List<String>>>> WINDOWS_JSON = new TypeReference<>() {
    };

    private final SortedMap<String, NabDataFile> files;

    private NabCorpus(SortedMap<String, NabDataFile> files) {
        this.files = Collections.unmodifiableSortedMap(files);
    }

    /** A corpus of the given files; their keys must be distinct. */
    public static NabCorpus of(Collection<NabDataFile> files) {
        SortedMap<String, NabDataFile> byKey = new TreeMap<>();
        for (NabDataFile file : files) {
            if (byKey.put(file.key(), file) != null) {
                throw new IllegalArgumentException("NAB file " + file.key() + " given twice");
            }
        }
        return new NabCorpus(byKey);
    }

    /** Reads a NAB directory (see the class comment). */
    public static NabCorpus read(Path dir) throws IOException {
        Path windowsFile = dir.resolve(WINDOWS_FILE);
        if (!Files.isRegularFile(windowsFile)) {
            windowsFile = dir.resolve("labels").resolve(WINDOWS_FILE);
        }
        if (!Files.isRegularFile(windowsFile)) {
            throw new IllegalArgumentException("not a NAB directory: neither " + dir.resolve(WINDOWS_FILE) + " nor "
                    + windowsFile + " exists");
        }
        Map<String, List<List<String>>> windowsByKey = new ObjectMapper().readValue(windowsFile.toFile(),
                WINDOWS_JSON);
        List<NabDataFile> files = new ArrayList<>();
        for (Map.Entry<String, List<List<String>>> entry : windowsByKey.entrySet()) {
            String key = entry.getKey();
            Path dataFile = dir.resolve("data").resolve(key);
            if (!Files.isRegularFile(dataFile)) {
                throw new IllegalArgumentException(windowsFile + " lists " + key + " but " + dataFile
                        + " does not exist");
            }
            NabCsv csv = NabCsv.read(dataFile, "value");
            List<NabWindow> windows = new ArrayList<>();
            for (List<String> limits : entry.getValue()) {
                String where = windowsFile + ", " + key;
                if (limits.size() != 2) {
                    throw new IllegalArgumentException(where + ": a window is [start, end], not " + limits);
                }
                LocalDateTime start = NabTimestamps.parse(limits.get(0), where);
                LocalDateTime end = NabTimestamps.parse(limits.get(1), where);
                windows.add(new NabWindow(start, end, onlyRowOf(start, csv.timestamps, where),
                        onlyRowOf(end, csv.timestamps, where)));
            }
            files.add(new NabDataFile(key, csv.timestamps, csv.columns[0], windows));
        }
        return of(files);
    }

    /**
     * The files named by {@code entries}: each a category ({@code realAWSCloudwatch}, all its files) or a key
     * ({@code realAWSCloudwatch/ec2_cpu_utilization_24ae8d.csv}).
     */
    public NabCorpus select(Collection<String> entries) {
        SortedMap<String, NabDataFile> selected = new TreeMap<>();
        for (String entry : entries) {
            boolean category = !entry.contains("/");
            List<NabDataFile> matches = files.values().stream()
                    .filter(file -> category ? file.category().equals(entry) : file.key().equals(entry))
                    .toList();
            if (matches.isEmpty()) {
                throw new IllegalArgumentException("'" + entry + "' is neither a category nor a file"
                        + " (category/file.csv) of this NAB corpus");
            }
            matches.forEach(file -> selected.put(file.key(), file));
        }
        return new NabCorpus(selected);
    }

    /** The files by key, in key order. */
    public SortedMap<String, NabDataFile> files() {
        return files;
    }

    /** The file with this key; an {@link IllegalArgumentException} if there is none. */
    public NabDataFile file(String key) {
        NabDataFile file = files.get(key);
        if (file == null) {
            throw new IllegalArgumentException("no NAB file " + key + " in this corpus");
        }
        return file;
    }

    /** The number of windows over all files. */
    public int windowCount() {
        return files.values().stream().mapToInt(file -> file.windows().size()).sum();
    }

    private static int onlyRowOf(LocalDateTime timestamp, List<LocalDateTime> timestamps, String where) {
        int first = timestamps.indexOf(timestamp);
        if (first < 0 || timestamps.lastIndexOf(timestamp) != first) {
            throw new IllegalArgumentException(where + ": window timestamp " + timestamp + " must be on exactly one"
                    + " row of the data file, is on " + (first < 0 ? "none" : "several"));
        }
        return first;
    }
}
