package io.streamcast.models.data;

import io.streamcast.models.classify.LabelledExamples;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads labelled texts from a UTF-8 TSV file, one {@code label<TAB>text} per line. The text is everything after the
 * first tab (it may hold more tabs). A first line whose label is {@code label} (any case) is a header and skipped;
 * blank lines are skipped.
 */
public final class LabelledTextReader {
    private LabelledTextReader() {
    }

    /**
     * @throws IOException with the file and line when a line has no tab or an empty label, or the file is not UTF-8
     */
    public static LabelledExamples<String> read(Path file) throws IOException {
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        int lineNo = 0;
        try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
            for (String line; (line = in.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                int tab = line.indexOf('\t');
                if (tab < 0) {
                    throw new IOException(file + " line " + lineNo + ": expected label<TAB>text, found no tab");
                }
                String label = line.substring(0, tab).strip();
                if (label.isEmpty()) {
                    throw new IOException(file + " line " + lineNo + ": empty label");
                }
                if (lineNo == 1 && label.equalsIgnoreCase("label")) {
                    continue;
                }
                labels.add(label);
                texts.add(line.substring(tab + 1));
                lines.add(lineNo);
            }
        } catch (CharacterCodingException e) {
            throw new IOException(file + " line " + (lineNo + 1) + ": not valid UTF-8", e);
        }
        if (texts.isEmpty()) {
            throw new IOException(file + ": no labelled texts");
        }
        return new LabelledExamples<>(texts, labels, lines);
    }
}
