package io.streamcast.models.sequence;

import io.streamcast.models.classify.TrainingSettings;
import java.util.List;

/**
 * Pre-processing, network shape and training settings of the sequence classifier.
 *
 * @param maxLength     longer sequences are shortened to this many points by averaging consecutive points
 *                      (piecewise aggregate approximation), so cost stays bounded whatever arrives
 * @param convFilters   filters of each 1-D convolution block of the front (empty: the LSTM reads the values)
 * @param kernelSizes   kernel width of each block, one per filter count
 * @param lstmSize      units of the LSTM
 * @param lstmMaxSteps  the convolution features are max-pooled so that the LSTM reads at most about this many steps
 *                      of the longest training sequence
 * @param dropout       dropout before the softmax layer (0 = none)
 * @param training      ensemble size, epochs, early stopping, batch size, learning rate, seed
 */
public record SequenceClassifierConfig(
        int maxLength,
        List<Integer> convFilters,
        List<Integer> kernelSizes,
        int lstmSize,
        int lstmMaxSteps,
        double dropout,
        TrainingSettings training) {

    public SequenceClassifierConfig {
        convFilters = List.copyOf(convFilters);
        kernelSizes = List.copyOf(kernelSizes);
        require(maxLength >= 2, "max length must be at least 2, was " + maxLength);
        require(convFilters.size() == kernelSizes.size(), "one kernel size per convolution block: "
                + convFilters + " filters, " + kernelSizes + " kernels");
        require(convFilters.stream().allMatch(f -> f > 0) && kernelSizes.stream().allMatch(k -> k > 0),
                "filters and kernel sizes must be positive");
        require(lstmSize >= 1, "lstm size must be at least 1, was " + lstmSize);
        require(lstmMaxSteps >= 1, "lstm max steps must be at least 1, was " + lstmMaxSteps);
        require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), was " + dropout);
    }

    /** The default recipe (see the README's measured figures). */
    public static SequenceClassifierConfig defaults() {
        return new SequenceClassifierConfig(512, List.of(64, 128, 64), List.of(8, 5, 3), 32, 24, 0.2,
                new TrainingSettings(5, 300, 40, 16, 1e-3, 0.2, 42L));
    }

    public SequenceClassifierConfig withTraining(TrainingSettings t) {
        return new SequenceClassifierConfig(maxLength, convFilters, kernelSizes, lstmSize, lstmMaxSteps, dropout, t);
    }

    public SequenceClassifierConfig withMaxLength(int max) {
        return new SequenceClassifierConfig(max, convFilters, kernelSizes, lstmSize, lstmMaxSteps, dropout, training);
    }

    public SequenceClassifierConfig withLstmMaxSteps(int steps) {
        return new SequenceClassifierConfig(maxLength, convFilters, kernelSizes, lstmSize, steps, dropout, training);
    }

    public SequenceClassifierConfig withNetwork(List<Integer> filters, List<Integer> kernels, int lstm, double drop) {
        return new SequenceClassifierConfig(maxLength, filters, kernels, lstm, lstmMaxSteps, drop, training);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
