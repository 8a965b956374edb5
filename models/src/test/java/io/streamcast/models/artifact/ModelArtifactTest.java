package io.streamcast.models.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.models.artifact.ModelCard.DataRange;
import io.streamcast.models.forecast.Forecast;
import io.streamcast.models.forecast.ForecasterConfig;
import io.streamcast.models.forecast.ForecasterTrainer;
import io.streamcast.models.forecast.LstmForecaster;
import io.streamcast.models.forecast.SyntheticSeries;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ModelArtifactTest {

    private static final int SEASON = 4;
    private static final String NETWORK = "network.dl4j";
    private static final Optional<byte[]> NO_KEY = Optional.empty();
    private static final Optional<byte[]> KEY = Optional.of("artifact-signing-key".getBytes(StandardCharsets.UTF_8));
    private static final Optional<byte[]> OTHER_KEY = Optional.of("another-key".getBytes(StandardCharsets.UTF_8));

    private static double[] series;
    private static LstmForecaster forecaster;
    private static byte[] bytes;

    /** A tiny forecaster (W=16, H=4), trained for one epoch: enough to have non-trivial weights. */
    @BeforeAll
    static void trainTinyForecaster() {
        series = SyntheticSeries.seasonal(3, 160, SEASON, 100);
        ForecasterConfig config = ForecasterConfig.defaults().withShape(16, 4, SEASON).withLstmSizes(List.of(4))
                .withTraining(1, 1_000, 11L);
        forecaster = new ForecasterTrainer(config)
                .train("forecaster", 3, List.of(series), List.of(DataRange.ofFile("synthetic.csv", 0, 159)));
        bytes = forecaster.toArtifact().toBytes(NO_KEY);
    }

    @Test
    void shouldPredictExactlyTheSameAfterARoundTripThroughBytes() throws IOException {
        LstmForecaster loaded = LstmForecaster.fromArtifact(ModelArtifact.fromBytes(bytes, NO_KEY));

        double[][] windows = {
                Arrays.copyOfRange(series, 100, 116),
                Arrays.copyOfRange(series, 144, 160),
                constant(16, 5.0),
        };
        Forecast[] expected = forecaster.predict(windows);
        Forecast[] actual = loaded.predict(windows);
        for (int i = 0; i < windows.length; i++) {
            assertThat(actual[i].mean()).containsExactly(expected[i].mean());
            assertThat(actual[i].lower()).containsExactly(expected[i].lower());
            assertThat(actual[i].upper()).containsExactly(expected[i].upper());
        }
        assertThat(loaded.config()).isEqualTo(forecaster.config());
    }

    @Test
    void shouldReadBackTheModelCard() throws IOException {
        ModelCard card = ModelArtifact.fromBytes(bytes, NO_KEY).card();
        ModelCard original = forecaster.card();

        assertThat(card.name()).isEqualTo("forecaster");
        assertThat(card.version()).isEqualTo(3);
        assertThat(card.kind()).isEqualTo(LstmForecaster.KIND);
        assertThat(card.created()).isEqualTo(original.created());
        assertThat(card.trainingData()).containsExactly(DataRange.ofFile("synthetic.csv", 0, 159));
        assertThat(card.metrics()).isEqualTo(original.metrics());
        assertThat(card.libraries()).isEqualTo(original.libraries()).containsKeys("streamcast", "deeplearning4j", "java");
        assertThat(card.hyperParameters()).containsEntry("window", 16).containsEntry("horizon", 4)
                .containsEntry("lstm_sizes", List.of(4));
    }

    @Test
    void shouldRejectAnEntryWithOneByteChangedNamingTheEntry() throws IOException {
        Map<String, byte[]> entries = unzip(bytes);
        byte[] network = entries.get(NETWORK);
        network[network.length / 2] ^= 0x01;

        // a well-formed zip whose manifest no longer matches the network
        assertThatThrownBy(() -> ModelArtifact.fromBytes(zip(entries), NO_KEY))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("'" + NETWORK + "'")
                .hasMessageContaining("tampered");
    }

    @Test
    void shouldRejectOneByteFlippedInsideAnEntrysStoredBytesNamingTheEntry() {
        byte[] flipped = bytes.clone();
        int data = dataOffset(flipped, NETWORK);
        flipped[data + 100] ^= (byte) 0xFF;

        assertThatThrownBy(() -> ModelArtifact.fromBytes(flipped, NO_KEY))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("'" + NETWORK + "'");
    }

    @Test
    void shouldRejectBytesCutAnywhereInsideTheEntries() {
        // past this offset only the zip's central directory follows, which reading does not need
        int entriesEnd = centralDirectoryOffset(bytes);

        for (int length = 0; length < entriesEnd; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> ModelArtifact.fromBytes(truncated, NO_KEY))
                    .as("cut to %d of %d bytes", length, bytes.length)
                    .isInstanceOf(InvalidArtifactException.class);
        }
    }

    @Test
    void shouldSayTruncatedWhenCutInsideTheNetwork() {
        byte[] truncated = Arrays.copyOf(bytes, dataOffset(bytes, NETWORK) + 100);

        assertThatThrownBy(() -> ModelArtifact.fromBytes(truncated, NO_KEY))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("'" + NETWORK + "'")
                .hasMessageContaining("truncated");
    }

    @Test
    void shouldAcceptASignedArtifactWhenReadWithItsKey() throws IOException {
        byte[] signed = forecaster.toArtifact().toBytes(KEY);

        ModelArtifact read = ModelArtifact.fromBytes(signed, KEY);

        assertThat(read.card().name()).isEqualTo("forecaster");
        assertThat(read.digest()).isEqualTo(forecaster.toArtifact().digest());
    }

    @Test
    void shouldRejectAnUnsignedArtifactWhenAKeyIsConfigured() {
        assertThatThrownBy(() -> ModelArtifact.fromBytes(bytes, KEY))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("unsigned");
    }

    @Test
    void shouldRejectAnArtifactSignedWithAnotherKey() {
        byte[] signedWithOtherKey = forecaster.toArtifact().toBytes(OTHER_KEY);

        assertThatThrownBy(() -> ModelArtifact.fromBytes(signedWithOtherKey, KEY))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("HMAC");
    }

    @Test
    void shouldRejectASignedArtifactWhoseEntryWasChangedAndManifestRecomputed() throws IOException {
        // whoever lacks the key can rewrite the digests, but not the HMAC over them
        Map<String, byte[]> entries = unzip(forecaster.toArtifact().toBytes(KEY));
        entries.get(NETWORK)[entries.get(NETWORK).length / 2] ^= 0x01;
        entries.remove(ModelArtifact.MANIFEST);
        entries.remove(ModelArtifact.CARD);
        byte[] forged = new ModelArtifact(forecaster.card(), entries).toBytes(OTHER_KEY);

        assertThatThrownBy(() -> ModelArtifact.fromBytes(forged, KEY))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("HMAC");
    }

    @Test
    void shouldRefuseToLoadAnotherKindOfModelAsAForecaster() throws IOException {
        ModelCard classifierCard = new ModelCard("classifier", 1, "mlp-classifier", Instant.EPOCH, List.of(),
                Map.of(), Map.of(), Map.of());
        byte[] classifier = new ModelArtifact(classifierCard, Map.of("network.dl4j", new byte[] {1, 2, 3}))
                .toBytes(NO_KEY);
        ModelArtifact read = ModelArtifact.fromBytes(classifier, NO_KEY);

        assertThatThrownBy(() -> LstmForecaster.fromArtifact(read))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("mlp-classifier")
                .hasMessageContaining(LstmForecaster.KIND);
    }

    @Test
    void shouldWriteTheSameBytesForTheSameContent() throws IOException {
        ModelArtifact artifact = forecaster.toArtifact();

        assertThat(artifact.toBytes(NO_KEY)).isEqualTo(bytes);
        assertThat(artifact.toBytes(KEY)).isEqualTo(forecaster.toArtifact().toBytes(KEY));
        // read and written again, byte for byte
        assertThat(ModelArtifact.fromBytes(bytes, NO_KEY).toBytes(NO_KEY)).isEqualTo(bytes);
        assertThat(LstmForecaster.fromArtifact(ModelArtifact.fromBytes(bytes, NO_KEY)).toArtifact().toBytes(NO_KEY))
                .isEqualTo(bytes);
    }

    @Test
    void shouldKeepTheWallClockOutOfTheArtifact() throws IOException {
        // DL4J stamps its own zip (the network entry) with the current time; the artifact must not carry it,
        // or the same model written a few seconds apart would get another digest
        assertThat(entryTimes(bytes)).containsOnly(0L);
        assertThat(entryTimes(unzip(bytes).get(NETWORK))).isNotEmpty().containsOnly(0L);
    }

    private static double[] constant(int n, double v) {
        double[] x = new double[n];
        Arrays.fill(x, v);
        return x;
    }

    private static List<Long> entryTimes(byte[] zipBytes) throws IOException {
        List<Long> times = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zipBytes))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                times.add(e.getTime());
            }
        }
        return times;
    }

    /** From the zip's end-of-central-directory record (the artifact's zips carry no comment). */
    private static int centralDirectoryOffset(byte[] zipBytes) {
        ByteBuffer le = ByteBuffer.wrap(zipBytes).order(ByteOrder.LITTLE_ENDIAN);
        int end = zipBytes.length - 22;
        assertThat(le.getInt(end)).isEqualTo(0x06054b50);
        return le.getInt(end + 16);
    }

    /** All entries of a zip, manifest and card included, in order. */
    private static Map<String, byte[]> unzip(byte[] zipBytes) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zipBytes))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** Where the (compressed) data of the named entry starts: after its local header, name and extra field. */
    private static int dataOffset(byte[] zipBytes, String name) {
        byte[] needle = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer le = ByteBuffer.wrap(zipBytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int header = 0; header + 30 < zipBytes.length; header++) {
            if (le.getInt(header) == 0x04034b50 && le.getShort(header + 26) == needle.length
                    && Arrays.equals(zipBytes, header + 30, header + 30 + needle.length, needle, 0, needle.length)) {
                return header + 30 + needle.length + Short.toUnsignedInt(le.getShort(header + 28));
            }
        }
        throw new AssertionError("no local header for " + name);
    }
}
