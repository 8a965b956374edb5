package io.streamcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.app.classify.ImageFixtures;
import io.streamcast.app.messages.Json;
import io.streamcast.models.artifact.ModelArtifact;
import io.streamcast.models.image.ImageClassifier;
import io.streamcast.models.image.ImageDecoder;
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
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code train image}, {@code evaluate image} and {@code produce images} from the command line, on tiny data. */
class ImageCommandsTest {
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

    /** Class folders of 12×12 PNG bars, {@code n} per class. */
    private static Path classFolders(Path dir, int n, long seed) throws Exception {
        Random random = new Random(seed);
        for (int c = 0; c < ImageFixtures.CLASSES.size(); c++) {
            Path folder = Files.createDirectories(dir.resolve(ImageFixtures.CLASSES.get(c)));
            for (int i = 0; i < n; i++) {
                Files.write(folder.resolve(i + ".png"), ImageDecoder.toPng(ImageFixtures.bar(c, random)));
            }
        }
        return dir;
    }

    @Test
    void shouldTrainAndEvaluateOnClassFoldersAndDrawTheConfusionMatrix(@TempDir Path tmp) throws Exception {
        Path train = classFolders(tmp.resolve("train"), 60, 1);
        Path test = classFolders(tmp.resolve("test"), 20, 2);
        Path model = tmp.resolve("bars.zip");
        Outcome trained = run("train", "image", "--data", train.toString(), "--out", model.toString(), "--width", "12",
                "--filters", "4,8", "--dense", "16", "--epochs", "6", "--batch-size", "16", "--learning-rate", "0.01",
                "--name", "bars");
        assertThat(trained.exit()).as(trained.err()).isZero();
        assertThat(trained.out()).contains("wrote", "bars v1", "12x12x1", "3 classes", "validation accuracy");
        ImageClassifier loaded = ImageClassifier.fromArtifact(ModelArtifact.read(model, Optional.empty()));
        assertThat(loaded.classes()).as("the class folders, sorted").containsExactly("blob", "horizontal", "vertical");

        Path plot = tmp.resolve("cm.png");
        Outcome evaluated = run("evaluate", "image", "--data", test.toString(), "--model", model.toString(), "--plot", plot.toString());
        assertThat(evaluated.exit()).as(evaluated.err()).isZero();
        List<String> lines = evaluated.out().lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode line = Json.MAPPER.readTree(lines.get(0));
        assertThat(line.get("n").asInt()).isEqualTo(60);
        assertThat(line.get("accuracy").asDouble()).isGreaterThan(0.8);
        assertThat(line.has("macro_f1")).isTrue();
        assertThat(line.get("confusion")).hasSize(3);
        int total = 0;
        for (JsonNode row : line.get("confusion")) {
            for (JsonNode c : row) {
                total += c.asInt();
            }
        }
        assertThat(total).isEqualTo(60);
        assertThat(line.get("model").get("name").asText()).isEqualTo("bars");
        assertThat(ImageIO.read(plot.toFile())).isNotNull();
    }

    @Test
    void shouldNameAMissingDataFolderOrModel(@TempDir Path tmp) throws Exception {
        Outcome noData = run("train", "image", "--data", tmp.resolve("nowhere").toString(), "--out", tmp.resolve("m.zip").toString());
        assertThat(noData.exit()).isEqualTo(2);
        assertThat(noData.err()).contains("--data").contains("nowhere");

        Path data = classFolders(tmp.resolve("d"), 1, 3);
        Outcome noModel = run("evaluate", "image", "--data", data.toString(), "--model", tmp.resolve("missing.zip").toString());
        assertThat(noModel.exit()).isEqualTo(2);
        assertThat(noModel.err()).contains("--model").contains("missing.zip");

        Outcome noFile = run("produce", "images", "--bootstrap-servers", "localhost:1", "--file", tmp.resolve("gone").toString());
        assertThat(noFile.exit()).isEqualTo(2);
        assertThat(noFile.err()).contains("--file").contains("gone");
    }

    @Test
    void shouldNameAFileThatIsNotAnImage(@TempDir Path tmp) throws Exception {
        Path data = classFolders(tmp.resolve("d"), 2, 4);
        Files.writeString(data.resolve("blob").resolve("broken.png"), "not a png");
        Outcome o = run("train", "image", "--data", data.toString(), "--out", tmp.resolve("m.zip").toString(), "--width", "12");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("broken.png").contains("not a PNG or JPEG");
    }

    @Test
    void shouldRefuseImagesTooSmallForTheNetworkNamingTheOptions(@TempDir Path tmp) throws Exception {
        Path data = classFolders(tmp.resolve("d"), 2, 5);
        Outcome o = run("train", "image", "--data", data.toString(), "--out", tmp.resolve("m.zip").toString(), "--width", "8");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("image model options").contains("too small");
    }

    @Test
    void shouldAskWhatToTrainOrPublish() {
        Outcome train = run("train");
        assertThat(train.exit()).isNotZero();
        assertThat(train.err()).contains("forecaster or image");
        Outcome produce = run("produce");
        assertThat(produce.err()).contains("prices or images");
    }
}
