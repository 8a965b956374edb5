package io.streamcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.app.classify.SequenceFixtures;
import io.streamcast.app.classify.TextFixtures;
import io.streamcast.app.messages.Json;
import io.streamcast.models.artifact.ModelArtifact;
import io.streamcast.models.sequence.SequenceClassifier;
import io.streamcast.models.text.TextClassifier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code train|evaluate text|sequence} from the command line on tiny data, and their bad flags and files. */
class TextSequenceCommandsTest {
    private record Outcome(int exit, String out, String err) {
    }

    /** Runs a command line capturing picocli's streams and System.out, where the commands print their result. */
    private static Outcome run(String... args) {
        CommandLine cl = StreamcastCli.commandLine();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int exit = cl.execute(args);
            return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(saved);
        }
    }

    private static Path texts(Path file, int n, long seed) throws Exception {
        Random random = new Random(seed);
        String lines = IntStream.range(0, n).mapToObj(i -> TextFixtures.label(i) + "\t" + TextFixtures.text(i, random))
                .collect(Collectors.joining("\n", "label\ttext\n", "\n"));
        return Files.writeString(file, lines, StandardCharsets.UTF_8);
    }

    private static Path sequences(Path file, int n, long seed) throws Exception {
        Random random = new Random(seed);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(SequenceFixtures.label(i));
            for (double v : SequenceFixtures.values(i, random)) {
                b.append('\t').append(v);
            }
            b.append('\n');
        }
        return Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldTrainATextModelAndEvaluateItAsOneJsonLine(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("sms.zip");
        Outcome trained = run("train", "text", "--data", texts(tmp.resolve("train.tsv"), 120, 1).toString(), "--out",
                model.toString(), "--epochs", "8", "--name", "sms");
        assertThat(trained.exit()).as(trained.err()).isZero();
        assertThat(trained.out()).contains("wrote", "sms v1", "2 classes [ham, spam]", "validation accuracy");
        TextClassifier loaded = TextClassifier.fromArtifact(ModelArtifact.read(model, Optional.empty()));
        assertThat(loaded.card().hyperParameters()).containsEntry("classes", List.of("ham", "spam"));

        Outcome evaluated = run("evaluate", "text", "--data", texts(tmp.resolve("test.tsv"), 60, 2).toString(), "--model", model.toString());
        assertThat(evaluated.exit()).as(evaluated.err()).isZero();
        List<String> lines = evaluated.out().lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode line = Json.MAPPER.readTree(lines.get(0));
        assertThat(line.get("n").asInt()).isEqualTo(60);
        assertThat(line.get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.9);
        assertThat(line.get("positive_class").asText()).isEqualTo("spam");
        for (String field : List.of("macro_f1", "precision", "recall", "f1", "error", "confusion")) {
            assertThat(line.has(field)).as(field).isTrue();
        }
        assertThat(line.at("/model/name").asText()).isEqualTo("sms");
    }

    @Test
    void shouldEvaluateTextOnASeededSplitWhenNoModelIsGiven(@TempDir Path tmp) throws Exception {
        Outcome o = run("evaluate", "text", "--data", texts(tmp.resolve("all.tsv"), 100, 3).toString(), "--epochs", "6",
                "--test-fraction", "0.3", "--seed", "7");

        assertThat(o.exit()).as(o.err()).isZero();
        JsonNode line = Json.MAPPER.readTree(o.out().strip());
        assertThat(line.get("n").asInt()).isEqualTo(30); // 20 of 66 ham and 10 of 34 spam
        assertThat(line.at("/split/seed").asLong()).isEqualTo(7);
        assertThat(line.has("training_seconds")).isTrue();
    }

    @Test
    void shouldTrainASequenceModelAndEvaluateIt(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("shapes.zip");
        Outcome trained = run("train", "sequence", "--data", sequences(tmp.resolve("X_TRAIN.tsv"), 60, 1).toString(),
                "--out", model.toString(), "--members", "2", "--epochs", "12");
        assertThat(trained.exit()).as(trained.err()).isZero();
        assertThat(trained.out()).contains("2 classes [bump, ramp]", "2 networks");
        assertThat(SequenceClassifier.fromArtifact(ModelArtifact.read(model, Optional.empty())).classes()).containsExactly("bump", "ramp");

        Outcome evaluated = run("evaluate", "sequence", "--data", sequences(tmp.resolve("X_TEST.tsv"), 30, 2).toString(),
                "--model", model.toString());
        assertThat(evaluated.exit()).as(evaluated.err()).isZero();
        JsonNode line = Json.MAPPER.readTree(evaluated.out().strip());
        assertThat(line.get("n").asInt()).isEqualTo(30);
        assertThat(line.get("error").asDouble()).isEqualTo(Math.round((1 - line.get("accuracy").asDouble()) * 10_000) / 10_000.0);
    }

    @Test
    void shouldNameAnUnreadableFileAndExitNonZero(@TempDir Path tmp) {
        Outcome o = run("train", "text", "--data", tmp.resolve("missing.tsv").toString(), "--out", tmp.resolve("m.zip").toString());

        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("--data").contains("missing.tsv");
    }

    @Test
    void shouldNameTheLineOfABadValueInASequenceFile(@TempDir Path tmp) throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.tsv"), "1\t0.5\t1.5\n2\t3\tfour\n", StandardCharsets.UTF_8);

        Outcome o = run("train", "sequence", "--data", bad.toString(), "--out", tmp.resolve("m.zip").toString());

        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("line 2").contains("four");
    }

    @Test
    void shouldAskForAModelOrATrainingFile(@TempDir Path tmp) throws Exception {
        Outcome o = run("evaluate", "sequence", "--data", sequences(tmp.resolve("X_TEST.tsv"), 4, 1).toString());

        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("--model").contains("--train");
    }

    @Test
    void shouldRejectABadTruncationNamingTheOption(@TempDir Path tmp) throws Exception {
        Outcome o = run("evaluate", "text", "--data", texts(tmp.resolve("t.tsv"), 10, 1).toString(), "--truncation", "MIDDLE");

        assertThat(o.exit()).isNotZero();
        assertThat(o.err()).contains("--truncation").contains("MIDDLE");
    }

    @Test
    void shouldNameAMissingTextFileForProduce(@TempDir Path tmp) {
        Outcome o = run("produce", "texts", "--bootstrap-servers", "localhost:1", "--file", tmp.resolve("none.tsv").toString());

        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("--file").contains("none.tsv");
    }
}
