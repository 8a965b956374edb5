package io.streamcast.app.cli;

import io.streamcast.app.messages.Json;
import io.streamcast.models.artifact.ModelCard.DataRange;
import io.streamcast.models.classify.Classifier;
import io.streamcast.models.classify.LabelledExamples;
import io.streamcast.models.eval.ClassificationReport;
import io.streamcast.models.eval.ClassifierEvaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the text and sequence classifier commands share. */
final class ClassifierCommands {
    private ClassifierCommands() {
    }

    static Path readable(Path file, String option) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(option + ": cannot read " + file);
        }
        return file;
    }

    /** The file's lines as the card's training-data range. */
    static DataRange provenance(Path file, LabelledExamples<?> data) {
        return DataRange.ofFile(file.getFileName().toString(), data.lines().get(0), data.lines().get(data.size() - 1));
    }

    static void printWritten(Path out, Classifier<?> model) {
        Double accuracy = model.card().metrics().get("validation_accuracy");
        System.out.printf("wrote %s: %s v%d, %d classes %s, %d networks, validation accuracy %s%n", out,
                model.card().name(), model.card().version(), model.classes().size(), model.classes(),
                model.card().metrics().getOrDefault("members", 0.0).intValue(),
                accuracy == null ? "n/a (too few examples)" : String.format("%.4f", accuracy));
    }

    /** Scores the model on the test examples and prints one JSON line. */
    static <X> void printEvaluation(Path data, Classifier<X> model, LabelledExamples<X> test, Map<String, Object> extra)
            throws Exception {
        ClassifierEvaluation.Result r = ClassifierEvaluation.evaluate(model, test);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("data", data.getFileName().toString());
        line.putAll(ClassificationReport.toMap(r.confusion()));
        line.put("classes", model.classes());
        line.put("confusion", r.confusion().counts());
        line.put("model", Map.of("name", model.card().name(), "version", model.card().version()));
        line.putAll(extra);
        line.put("predict_seconds", Math.round(r.predictSeconds() * 1000) / 1000.0);
        System.out.println(Json.MAPPER.writeValueAsString(line));
    }
}
