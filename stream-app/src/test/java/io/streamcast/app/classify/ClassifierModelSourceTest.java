package io.streamcast.app.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.app.metrics.ClassifierMetrics;
import io.streamcast.models.artifact.ModelCard;
import io.streamcast.models.classify.Classifier;
import io.streamcast.models.classify.ClassifierTrainer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/** Refit policy, promotion and failure handling, with integer "inputs" whose class is the input modulo 3. */
class ClassifierModelSourceTest {
    private static final List<String> CLASSES = List.of("a", "b", "c");

    /** Predicts {@code rule(input)} with certainty. */
    private record RuleModel(long version, IntUnaryOperator rule) implements Classifier<Integer> {
        @Override
        public ModelCard card() {
            return new ModelCard("rule", version, "test", Instant.EPOCH, List.of(), Map.of(), Map.of(), Map.of());
        }

        @Override
        public List<String> classes() {
            return CLASSES;
        }

        @Override
        public float[][] probabilities(List<Integer> inputs) {
            float[][] p = new float[inputs.size()][3];
            for (int i = 0; i < p.length; i++) {
                p[i][rule.applyAsInt(inputs.get(i))] = 1f;
            }
            return p;
        }

        @Override
        public Classifier<Integer> copy() {
            return this;
        }
    }

    private static final IntUnaryOperator ALWAYS_A = x -> 0;
    private static final IntUnaryOperator RIGHT = x -> x % 3;

    /** A trainer whose challengers follow the given rules in turn, recording what each refit was given. */
    private static final class ScriptedTrainer implements ClassifierTrainer<Integer> {
        final List<IntUnaryOperator> rules;
        final List<Integer> trainingSizes = new ArrayList<>();
        final List<Integer> firstInputs = new ArrayList<>();

        ScriptedTrainer(IntUnaryOperator... rules) {
            this.rules = java.util.Arrays.asList(rules); // a null rule: that refit fails
        }

        @Override
        public Classifier<Integer> refit(Classifier<Integer> start, long version, List<Integer> inputs, int[] labels,
                                         int maxEpochs, List<ModelCard.DataRange> provenance) {
            trainingSizes.add(inputs.size());
            firstInputs.add(inputs.get(0));
            for (int i = 0; i < inputs.size(); i++) {
                assertThat(labels[i]).isEqualTo(inputs.get(i) % 3);
            }
            IntUnaryOperator rule = rules.get(trainingSizes.size() - 1);
            if (rule == null) {
                throw new IllegalStateException("training failed");
            }
            return new RuleModel(version, rule);
        }
    }

    private static ClassifierModelSource<Integer> source(ScriptedTrainer trainer, int interval, int buffer) {
        ClassifierModelSource<Integer> s = new ClassifierModelSource<>(new RuleModel(0, ALWAYS_A), trainer,
                new ClassifierModelSource.RefitPolicy(interval, buffer, 1, 0.2), "test", Runnable::run);
        s.bind(new ClassifierMetrics(new SimpleMeterRegistry(), "test", () -> s.current().card()));
        return s;
    }

    private static void observe(ClassifierModelSource<Integer> s, int from, int to) {
        for (int x = from; x < to; x++) {
            s.observe(x, x % 3);
        }
    }

    @Test
    void shouldRefitAfterEveryIntervalOnTheMostRecentBufferHoldingBackTheNewest() {
        ScriptedTrainer trainer = new ScriptedTrainer(RIGHT, RIGHT, RIGHT);
        ClassifierModelSource<Integer> s = source(trainer, 10, 25);
        observe(s, 0, 9);
        assertThat(trainer.trainingSizes).as("not before the interval").isEmpty();
        observe(s, 9, 30);
        // buffers of 10, 20 and 25 (bounded: the oldest 5 dropped), the newest fifth held back each time
        assertThat(trainer.trainingSizes).containsExactly(8, 16, 20);
        assertThat(trainer.firstInputs).containsExactly(0, 0, 5);
        assertThat(s.labelledCount()).isEqualTo(30);
    }

    @Test
    void shouldPromoteABetterChallengerAndKeepTheChampionAgainstAWorseOne() {
        ScriptedTrainer trainer = new ScriptedTrainer(RIGHT, ALWAYS_A);
        ClassifierModelSource<Integer> s = source(trainer, 30, 100);
        ClassifierMetrics metrics = new ClassifierMetrics(new SimpleMeterRegistry(), "test", () -> s.current().card());
        s.bind(metrics);
        observe(s, 0, 30);
        assertThat(s.current().card().version()).isEqualTo(1);
        assertThat(s.current().probabilities(List.of(4))[0][1]).isEqualTo(1f);

        observe(s, 30, 60);
        assertThat(s.current().card().version()).as("the worse challenger (v2) was not served").isEqualTo(1);
        assertThat(metrics.promotedCount()).isEqualTo(1);
        assertThat(metrics.rejectedCount()).isEqualTo(1);
    }

    @Test
    void shouldKeepServingWhenARefitFailsAndTryAgainAtTheNextInterval() {
        ScriptedTrainer trainer = new ScriptedTrainer(null, RIGHT);
        ClassifierModelSource<Integer> s = source(trainer, 10, 100);
        observe(s, 0, 10);
        assertThat(s.current().card().version()).isZero();
        assertThat(s.fitting()).isFalse();
        observe(s, 10, 20);
        assertThat(trainer.trainingSizes).hasSize(2);
        assertThat(s.current().card().version()).isEqualTo(1);
    }

    @Test
    void shouldNeverRefitWithIntervalZero() {
        ScriptedTrainer trainer = new ScriptedTrainer();
        ClassifierModelSource<Integer> s = new ClassifierModelSource<>(new RuleModel(0, ALWAYS_A), trainer,
                ClassifierModelSource.RefitPolicy.never(), "test", Runnable::run);
        observe(s, 0, 100);
        assertThat(trainer.trainingSizes).isEmpty();
        assertThat(s.current().card().version()).isZero();
    }
}
