package io.streamcast.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StreamcastCliTest {
    private record Outcome(int exit, String out, String err) {
    }

    private static Outcome run(String... args) {
        CommandLine cl = StreamcastCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Outcome(exit, out.toString(), err.toString());
    }

    @Test
    void shouldNameAnUnknownFlagAndExitNonZero() {
        Outcome o = run("demo", "--durration", "10s");
        assertThat(o.exit).isNotZero();
        assertThat(o.err).contains("--durration");
    }

    @Test
    void shouldRefusePublishWithoutABrokerBeforeTraining(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("s.csv");
        Files.writeString(csv, "timestamp,x\n1,1.0\n2,2.0\n", StandardCharsets.UTF_8);
        Outcome o = run("train", "forecaster", "--data", csv.toString(), "--out", dir.resolve("m.zip").toString(), "--publish");
        assertThat(o.exit).isEqualTo(2);
        assertThat(o.err).contains("--publish").contains("--bootstrap-servers");
        assertThat(dir.resolve("m.zip")).doesNotExist();
    }

    @Test
    void shouldNameTheRoleValuesWhenTheRoleIsUnknown() {
        Outcome o = run("run", "-b", "localhost:1", "--role", "trainer");
        assertThat(o.exit).isNotZero();
        assertThat(o.err).contains("--role").contains("serve").contains("train").contains("all");
    }

    @Test
    void shouldNameABadThreadCountBeforeConnecting() {
        Outcome o = run("run", "-b", "localhost:1", "--threads", "0");
        assertThat(o.exit).isNotZero();
        assertThat(o.err).contains("--threads");
    }

    @Test
    void shouldRunAStreamThreadPerCoreButNoMoreThanThePartitions() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(RunCommand.defaultThreads(1)).isEqualTo(1);
        assertThat(RunCommand.defaultThreads(10_000)).isEqualTo(cores);
        assertThat(RunCommand.defaultThreads(RunCommand.DEFAULT_PARTITIONS)).isEqualTo(Math.min(cores, 4));
    }

    @Test
    void shouldAskForExactlyOneAnomalyDataSource() {
        Outcome o = run("evaluate", "anomaly");
        assertThat(o.exit).isEqualTo(2);
        assertThat(o.err).contains("--nab").contains("--data");
    }

    @Test
    void shouldNameAMissingLabelColumn(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("l.csv");
        Files.writeString(csv, "t,v\n1,1.0\n", StandardCharsets.UTF_8);
        Outcome o = run("evaluate", "anomaly", "--data", csv.toString());
        assertThat(o.exit).isEqualTo(2);
        assertThat(o.err).contains("no column 'label'");
    }

    @Test
    void shouldAskForASubcommandOfModels() {
        Outcome o = run("models");
        assertThat(o.exit).isNotZero();
        assertThat(o.err).contains("list").contains("show");
    }

    @Test
    void shouldNameAMissingRequiredOption() {
        Outcome o = run("tail", "forecasts");
        assertThat(o.exit).isNotZero();
        assertThat(o.err).contains("--bootstrap-servers");
    }

    @Test
    void shouldRejectABadDurationNamingTheValue() {
        Outcome o = run("demo", "--duration", "soon");
        assertThat(o.exit).isNotZero();
        assertThat(o.err).contains("soon").contains("--duration");
    }

    @Test
    void shouldNameAnUnreadableDataFile(@TempDir Path dir) {
        Outcome o = run("evaluate", "forecast", "--data", dir.resolve("missing.csv").toString(), "--horizon", "4", "--season", "1");
        assertThat(o.exit).isEqualTo(2);
        assertThat(o.err).contains("--data").contains("missing.csv");
    }

    @Test
    void shouldNameTheLineOfABadValueInADataFile(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "timestamp,x\n1,1.0\n2,abc\n", StandardCharsets.UTF_8);
        Outcome o = run("evaluate", "forecast", "--data", csv.toString(), "--horizon", "1", "--season", "1");
        assertThat(o.exit).isEqualTo(2);
        assertThat(o.err).contains("line 3").contains("abc");
    }

    @Test
    void shouldNameABadStreamcastSettingInTheConfigFile(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("streamcast.properties");
        Files.writeString(cfg, "streamcast.inference.batch.max-size=-5\n", StandardCharsets.UTF_8);
        Outcome o = run("train", "forecaster", "--data", cfg.toString(), "--out", dir.resolve("m.zip").toString(),
                "--config", cfg.toString());
        assertThat(o.exit).isEqualTo(2);
        assertThat(o.err).contains("streamcast.inference.batch.max-size");
    }

    @Test
    void shouldOfferHelpForEveryCommand() {
        for (String command : new String[] {"demo", "broker", "run", "produce", "tail", "train", "evaluate", "models", "bench"}) {
            Outcome o = run(command, "--help");
            assertThat(o.exit).as(command).isZero();
            assertThat(o.out).as(command).contains("Usage:");
        }
    }

    @Test
    void shouldRejectAnUnknownKindListingTheKnownOnes() {
        Outcome o = run("train", "transformer", "--data", "x.csv", "--out", "m.zip");
        assertThat(o.exit).isNotZero();
        assertThat(o.err).contains("forecaster");
    }

    @Test
    void shouldRefuseABenchArtifactOfAnotherKindNamingTheOption(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("text.zip");
        io.streamcast.models.text.TextClassifier.untrained("t", io.streamcast.models.text.TextClassifierConfig.defaults()
                        .withHashing(64, 3, 4, 2).withNetwork(4, 4, false, 0), java.util.List.of("ham", "spam"))
                .toArtifact().write(text, java.util.Optional.empty());
        Outcome o = run("bench", "--model", "image", "--artifact", text.toString(), "--quick");
        assertThat(o.exit).isEqualTo(2);
        assertThat(o.err).contains("--artifact " + text).contains("cnn-image-classifier");
    }

    @Test
    void shouldNameAnUnknownBenchModelAndABadBenchOption() {
        Outcome unknown = run("bench", "--model", "transformer");
        assertThat(unknown.exit).isEqualTo(2);
        assertThat(unknown.err).contains("--model transformer").contains("forecaster, anomaly, image, text, sequence");
        Outcome rounds = run("bench", "--model", "forecaster", "--rounds", "0");
        assertThat(rounds.exit).isEqualTo(2);
        assertThat(rounds.err).contains("rounds");
        Outcome setting = run("bench", "--model", "forecaster", "--set", "streamcast.inference.batch.max-size=0");
        assertThat(setting.exit).isEqualTo(2);
        assertThat(setting.err).contains("streamcast.inference.batch.max-size");
    }
}
