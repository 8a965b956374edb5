package io.streamcast.models.anomaly;

import static io.streamcast.models.anomaly.AnomalyFixtures.SMALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.models.artifact.ModelCard;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

class DenseForwardTest {

    private static AnomalyModel randomlyWeighted(AnomalyConfig config) {
        ComputationGraph net = AnomalyModel.newNetwork(config); // seeded Xavier weights, non-zero biases after a nudge
        net.getLayer("encoder-0").getParam("b").addi(0.1);
        net.getLayer("reconstruction").getParam("b").subi(0.05);
        return new AnomalyModel(new ModelCard("anomaly", 1, AnomalyModel.KIND, Instant.EPOCH, List.of(), Map.of(),
                Map.of(), Map.of()), config, net);
    }

    private static float[] windows(int rows, int w, long seed) {
        Random random = new Random(seed);
        float[] x = new float[rows * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * (i % 7 == 0 ? 6 : 1)); // some beyond tanh's linear range
        }
        return x;
    }

    @Test
    void shouldReconstructAsTheGraphDoesWithinFloatRounding() {
        for (AnomalyConfig config : List.of(SMALL, AnomalyConfig.defaults())) {
            AnomalyModel model = randomlyWeighted(config);
            for (int rows : new int[] {1, 3, 257}) {
                float[] in = windows(rows, config.window(), rows);
                float[] fast = model.reconstruct(in, rows);
                float[] graph = model.reconstructWithGraph(in, rows);
                assertThat(fast).hasSameSizeAs(graph);
                for (int i = 0; i < fast.length; i++) {
                    assertThat(fast[i]).as("output %d of %d rows, W=%d", i, rows, config.window()).isCloseTo(graph[i], within(2e-5f));
                }
            }
        }
    }

    @Test
    void shouldGiveEachRowTheSameOutputAloneAsInABatch() {
        AnomalyModel model = randomlyWeighted(SMALL);
        float[] batch = windows(5, SMALL.window(), 9);
        float[] together = model.reconstruct(batch, 5);
        float[] third = model.reconstruct(java.util.Arrays.copyOfRange(batch, 2 * SMALL.window(), 3 * SMALL.window()), 1);
        assertThat(java.util.Arrays.copyOfRange(together, 2 * SMALL.window(), 3 * SMALL.window())).containsExactly(third);
    }

    @Test
    void shouldRefuseALayerWithAnActivationItDoesNotCompute() {
        ComputationGraph net = new ComputationGraph(new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in").setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType.feedForward(4))
                .addLayer("relu", new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nOut(2)
                        .activation(org.nd4j.linalg.activations.Activation.RELU).build(), "in")
                .setOutputs("relu").build());
        net.init();
        assertThatThrownBy(() -> DenseForward.of(net, List.of("relu")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relu").hasMessageContaining("tanh");
    }
}
