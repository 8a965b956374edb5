package io.streamcast.models.classify;

/**
 * A classifier's answer for one example.
 *
 * @param index         the predicted class index
 * @param label         the predicted class name
 * @param confidence    the predicted class's probability
 * @param probabilities the probability of every class, in the model's class order
 */
public record ClassPrediction(int index, String label, double confidence, double[] probabilities) {
    public ClassPrediction {
        probabilities = probabilities.clone();
    }

    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }
}
