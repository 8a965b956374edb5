package io.streamcast.models.classify;

/**
 * How a classifier ensemble is trained.
 *
 * @param members            networks in the ensemble. With 2 or more, the training data is split into that many
 *                           stratified folds and member i is early-stopped on fold i, trained on the others: together
 *                           the members learn from every example, and the out-of-fold predictions are an honest
 *                           validation score. With 1, {@code validationFraction} is held back.
 * @param maxEpochs          passes over the training examples at most, per member
 * @param patience           epochs without a lower validation loss before a member stops
 * @param batchSize          training mini-batch size
 * @param learningRate       Adam's step size
 * @param validationFraction share held back for early stopping when there is one member
 * @param seed               seeds folds, weights, shuffling and augmentation: same data and settings, same model
 */
public record TrainingSettings(int members, int maxEpochs, int patience, int batchSize, double learningRate,
        double validationFraction, long seed) {

    public TrainingSettings {
        require(members >= 1 && members <= 20, "members must be between 1 and 20, was " + members);
        require(maxEpochs >= 1, "epochs must be at least 1, was " + maxEpochs);
        require(patience >= 1, "patience must be at least 1, was " + patience);
        require(batchSize >= 1, "batch size must be at least 1, was " + batchSize);
        require(learningRate > 0 && learningRate < 1, "learning rate must be in (0, 1), was " + learningRate);
        require(validationFraction > 0 && validationFraction < 1, "validation fraction must be in (0, 1), was " + validationFraction);
    }

    /** The settings for a model card's hyper-parameters. */
    public java.util.Map<String, Object> toMap() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("members", members);
        m.put("max_epochs", maxEpochs);
        m.put("patience", patience);
        m.put("batch_size", batchSize);
        m.put("learning_rate", learningRate);
        m.put("validation_fraction", validationFraction);
        m.put("seed", seed);
        return m;
    }

    public TrainingSettings withMembers(int n) {
        return new TrainingSettings(n, maxEpochs, patience, batchSize, learningRate, validationFraction, seed);
    }

    public TrainingSettings withEpochs(int epochs, int newPatience) {
        return new TrainingSettings(members, epochs, newPatience, batchSize, learningRate, validationFraction, seed);
    }

    public TrainingSettings withSeed(long newSeed) {
        return new TrainingSettings(members, maxEpochs, patience, batchSize, learningRate, validationFraction, newSeed);
    }

    public TrainingSettings withBatch(int size, double rate) {
        return new TrainingSettings(members, maxEpochs, patience, size, rate, validationFraction, seed);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
