package io.streamcast.models.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class EnsembleTrainerTest {
    private static final TrainingSettings SETTINGS = new TrainingSettings(3, 60, 60, 16, 0.05, 0.2, 7L);

    /** Two Gaussian blobs in 2-D: a problem any small network separates. */
    private static final BatchEncoder<double[]> POINTS = xs -> {
        float[] f = new float[xs.size() * 2];
        for (int i = 0; i < xs.size(); i++) {
            f[2 * i] = (float) xs.get(i)[0];
            f[2 * i + 1] = (float) xs.get(i)[1];
        }
        return new EncodedBatch(Nd4j.create(f, new long[] {xs.size(), 2}, 'c'), null);
    };

    private static ComputationGraph mlp(int member, long seed, int classes) {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER).updater(new Adam(0.05)).graphBuilder().addInputs("x")
                .addLayer("h", new DenseLayer.Builder().nIn(2).nOut(8).activation(Activation.TANH).build(), "x")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(classes)
                        .activation(Activation.SOFTMAX).build(), "h")
                .setOutputs("out").build());
        net.init();
        return net;
    }

    private record Blobs(List<double[]> x, int[] y) {
        static Blobs of(int n, long seed) {
            Random r = new Random(seed);
            List<double[]> x = new ArrayList<>();
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = i % 4 == 0 ? 1 : 0; // 25 % minority
                double c = y[i] == 1 ? 2 : -2;
                x.add(new double[] {c + r.nextGaussian() * 0.5, c + r.nextGaussian() * 0.5});
            }
            return new Blobs(x, y);
        }
    }

    @Test
    void shouldDealEveryClassEvenlyOverTheFolds() {
        int[] labels = new int[40];
        for (int i = 0; i < 40; i++) {
            labels[i] = i < 10 ? 1 : 0;
        }

        int[] fold = new EnsembleTrainer<double[]>(SETTINGS.withMembers(5), POINTS, EnsembleTrainerTest::mlp).folds(labels, 2);

        for (int f = 0; f < 5; f++) {
            int ones = 0;
            int all = 0;
            for (int i = 0; i < 40; i++) {
                if (fold[i] == f) {
                    all++;
                    ones += labels[i];
                }
            }
            assertThat(all).as("fold " + f).isEqualTo(8);
            assertThat(ones).as("fold " + f).isEqualTo(2);
        }
    }

    @Test
    void shouldHoldBackTheValidationShareOfEachClassWithOneMember() {
        int[] labels = new int[50];
        for (int i = 0; i < 50; i++) {
            labels[i] = i < 10 ? 1 : 0;
        }

        int[] fold = new EnsembleTrainer<double[]>(SETTINGS.withMembers(1), POINTS, EnsembleTrainerTest::mlp).folds(labels, 2);

        assertThat(Arrays.stream(fold).filter(f -> f == 0).count()).isEqualTo(10); // 8 of 40 and 2 of 10
    }

    @Test
    void shouldLearnSeparableClassesAndScoreEveryExampleWhileHeldBack() {
        Blobs train = Blobs.of(80, 1);

        EnsembleTrainer.Result r = new EnsembleTrainer<>(SETTINGS, POINTS, EnsembleTrainerTest::mlp).train(train.x(), train.y(), 2);

        assertThat(r.ensemble().size()).isEqualTo(3);
        assertThat(r.heldBack()).doesNotContain(-1);
        assertThat(r.metrics().get("validation_accuracy")).isGreaterThanOrEqualTo(0.95);
        Blobs test = Blobs.of(40, 2);
        float[][] p = r.ensemble().probabilities(POINTS.encode(test.x()));
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            right += (p[i][1] > p[i][0] ? 1 : 0) == test.y()[i] ? 1 : 0;
        }
        assertThat(right).isGreaterThanOrEqualTo(38);
    }

    @Test
    void shouldGiveTheSameModelForTheSameSeed() {
        Blobs train = Blobs.of(40, 3);
        TrainingSettings s = SETTINGS.withMembers(2).withEpochs(5, 5);

        Ensemble a = new EnsembleTrainer<>(s, POINTS, EnsembleTrainerTest::mlp).train(train.x(), train.y(), 2).ensemble();
        Ensemble b = new EnsembleTrainer<>(s, POINTS, EnsembleTrainerTest::mlp).train(train.x(), train.y(), 2).ensemble();

        for (int m = 0; m < 2; m++) {
            assertThat(a.members().get(m).params()).isEqualTo(b.members().get(m).params());
        }
    }

    @Test
    void shouldStopWhenCancelled() {
        Blobs train = Blobs.of(40, 4);

        assertThatThrownBy(() -> new EnsembleTrainer<>(SETTINGS, POINTS, EnsembleTrainerTest::mlp).cancelWhen(() -> true)
                .train(train.x(), train.y(), 2)).isInstanceOf(CancellationException.class);
    }

    @Test
    void shouldRejectALabelOutOfRange() {
        assertThatThrownBy(() -> new EnsembleTrainer<>(SETTINGS, POINTS, EnsembleTrainerTest::mlp)
                .train(List.of(new double[2], new double[2]), new int[] {0, 2}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("example 1");
    }
}
