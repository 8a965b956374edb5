package io.streamcast.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.app.classify.image.ImageInputDecoder;
import io.streamcast.app.classify.sequence.SequenceInputDecoder;
import io.streamcast.app.classify.text.TextInputDecoder;
import io.streamcast.app.messages.Json;
import io.streamcast.models.image.ImageDecoder;
import io.streamcast.models.image.ImageSpec;
import io.streamcast.models.image.PixelImage;
import io.streamcast.models.text.TextClassifierConfig;
import io.streamcast.models.text.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The classifier benches' inputs: records the pipelines accept, shaped as the brief of each kind says. */
class ClassifierInputsTest {
    private static final int N = 2_000;

    private static List<ClassifierTarget.Example> examples(ClassifierTarget.Examples generator, int n) {
        SplittableRandom random = new SplittableRandom(7);
        List<ClassifierTarget.Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(generator.next(random));
        }
        return out;
    }

    private static JsonNode record(String field, Object payload) throws Exception {
        return Json.MAPPER.readTree(Json.bytes(Map.of(field, payload)));
    }

    @Test
    void shouldGiveEveryRecordAnIdOfItsOwnEqualToItsKeyAndOneOutput() throws Exception {
        List<byte[]> bodies = List.of(Json.bytes(Map.of("text", "hello \"you\"")), Json.bytes(Map.of("values", new double[] {1, 2})));
        ClassifierTarget.ClassifierWorkload workload = new ClassifierTarget.ClassifierWorkload("text", bodies);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            BenchTarget.Input in = workload.next();
            JsonNode value = Json.MAPPER.readTree(in.value());
            assertThat(value.get("id").asText()).isEqualTo(in.key());
            assertThat(value.has("label")).as("unlabelled").isFalse();
            assertThat(in.outputs()).isEqualTo(1);
            ids.add(in.key());
            if (i % 2 == 0) {
                assertThat(value.get("text").asText()).isEqualTo("hello \"you\"");
            } else {
                assertThat(value.get("values")).hasSize(2);
            }
        }
        assertThat(ids).hasSize(5);
    }

    @Test
    void shouldDrawSmsLikeTextsOfVariedLengthThatTheTextPipelineAccepts() throws Exception {
        TextInputDecoder decoder = new TextInputDecoder(20_000);
        List<ClassifierTarget.Example> texts = examples(new SmsLikeTexts(), N);
        int[] tokens = new int[N];
        int spam = 0;
        for (int i = 0; i < N; i++) {
            String text = decoder.decode(record("text", texts.get(i).payload()));
            tokens[i] = Tokenizer.tokens(text, 10_000, false).size();
            spam += texts.get(i).label();
        }
        Arrays.sort(tokens);
        assertThat(spam).as("spam-like share").isBetween(N / 12, N / 6);
        assertThat(tokens[N / 2]).as("median tokens").isBetween(8, 25);
        assertThat(tokens[0]).isGreaterThanOrEqualTo(1);
        assertThat(tokens[N - 1]).as("some cut at max-tokens").isGreaterThan(TextClassifierConfig.defaults().maxTokens());
    }

    @Test
    void shouldDrawGunPointLikeSequencesOf150ValuesThatTheSequencePipelineAccepts() throws Exception {
        SequenceInputDecoder decoder = new SequenceInputDecoder(10_000, 1e15);
        List<ClassifierTarget.Example> sequences = examples(new GunPointLikeSequences(), 200);
        double[] meanByClass = new double[2];
        for (ClassifierTarget.Example e : sequences) {
            double[] values = decoder.decode(record("values", e.payload()));
            assertThat(values).hasSize(GunPointLikeSequences.LENGTH);
            assertThat(values[0]).as("at rest first").isLessThan(0);
            assertThat(Arrays.stream(values).max().orElseThrow()).as("raised").isGreaterThan(0.8);
            meanByClass[e.label()] += Arrays.stream(values).min().orElseThrow() / sequences.size();
        }
        assertThat(meanByClass[0]).as("the gun class dips lower than the point class").isLessThan(meanByClass[1]);
    }

    @Test
    void shouldDrawBase64PngsOf28By28GreyThatTheImagePipelineAccepts() throws Exception {
        ImageInputDecoder decoder = new ImageInputDecoder(new ImageDecoder(4_194_304L), ImageSpec.mnist());
        for (ClassifierTarget.Example e : examples(new ImageTarget.Shapes(), 20)) {
            assertThat((String) e.payload()).startsWith("iVBOR"); // a PNG's signature in base64
            PixelImage image = decoder.decode(record("image", e.payload()));
            assertThat(image.hasShape(ImageSpec.mnist())).isTrue();
            assertThat(e.label()).isBetween(0, 3);
        }
    }
}
