package io.streamcast.models.image;

/**
 * Shape and training settings of the image classifier's CNN: conv → pool → conv → pool → dense → softmax.
 *
 * @param input              the image shape the network reads
 * @param kernel             side of the square convolution kernels (valid convolutions, stride 1)
 * @param conv1Filters       filters of the first convolution
 * @param conv2Filters       filters of the second convolution
 * @param denseUnits         units of the dense layer before the output
 * @param dropout            share of the dense layer's outputs dropped while training (0 = none)
 * @param batchNorm          batch normalisation after each convolution
 * @param learningRate       Adam's learning rate in the first epoch
 * @param learningRateDecay  the learning rate is multiplied by this after every epoch (1 = constant)
 * @param batchSize          images per training step
 * @param maxEpochs          passes over the training images at most
 * @param patience           epochs without a better validation accuracy before training stops
 * @param validationFraction share of the training images held back for early stopping
 * @param augmentShift       images are shifted by up to this many pixels in each direction while training (0 = no
 *                           augmentation)
 * @param seed               seeds the weights, the split, the batch order and the shifts
 */
public record CnnConfig(
        ImageSpec input,
        int kernel,
        int conv1Filters,
        int conv2Filters,
        int denseUnits,
        double dropout,
        boolean batchNorm,
        double learningRate,
        double learningRateDecay,
        int batchSize,
        int maxEpochs,
        int patience,
        double validationFraction,
        int augmentShift,
        long seed) {

    public CnnConfig {
        if (kernel < 1 || conv1Filters < 1 || conv2Filters < 1 || denseUnits < 1) {
            throw new IllegalArgumentException("kernel, filters and dense units must be positive");
        }
        int side = Math.min(input.width(), input.height());
        if (((side - kernel + 1) / 2 - kernel + 1) / 2 < 1) {
            throw new IllegalArgumentException("images of " + input + " are too small for two " + kernel + "x" + kernel
                    + " convolutions and 2x2 poolings (at least " + minSide(kernel) + " pixels a side)");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), was " + dropout);
        }
        if (!(learningRateDecay > 0 && learningRateDecay <= 1)) {
            throw new IllegalArgumentException("learning rate decay must be in (0, 1], was " + learningRateDecay);
        }
        if (!(learningRate > 0) || batchSize < 1 || maxEpochs < 0 || patience < 1) {
            throw new IllegalArgumentException("learning rate, batch size and patience must be positive, epochs not negative");
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), was " + validationFraction);
        }
        if (augmentShift < 0 || augmentShift >= side / 2) {
            throw new IllegalArgumentException("augment shift must be in [0, " + side / 2 + "), was " + augmentShift);
        }
    }

    /**
     * 28×28 grey; 32 and 64 3×3 filters, batch norm, dense 128 with half dropped; Adam from 1e-3, times 0.85 each
     * epoch; batches of 64.
     */
    public static CnnConfig defaults() {
        return new CnnConfig(ImageSpec.mnist(), 3, 32, 64, 128, 0.5, true, 1e-3, 0.85, 64, 15, 3, 0.1, 0, 42L);
    }

    /** Smallest image side the network takes with this kernel. */
    public static int minSide(int kernel) {
        return 2 * (2 + kernel - 1) + kernel - 1;
    }

    /** Whether a network of this config has the same layers and shapes as one of {@code other} (weights carry over). */
    public boolean sameNetwork(CnnConfig other) {
        return input.equals(other.input) && kernel == other.kernel && conv1Filters == other.conv1Filters
                && conv2Filters == other.conv2Filters && denseUnits == other.denseUnits && batchNorm == other.batchNorm;
    }

    public CnnConfig withInput(ImageSpec spec) {
        return new CnnConfig(spec, kernel, conv1Filters, conv2Filters, denseUnits, dropout, batchNorm, learningRate,
                learningRateDecay, batchSize, maxEpochs, patience, validationFraction, augmentShift, seed);
    }

    public CnnConfig withLayers(int kernel, int conv1Filters, int conv2Filters, int denseUnits) {
        return new CnnConfig(input, kernel, conv1Filters, conv2Filters, denseUnits, dropout, batchNorm, learningRate,
                learningRateDecay, batchSize, maxEpochs, patience, validationFraction, augmentShift, seed);
    }

    public CnnConfig withRegularisation(double dropout, boolean batchNorm) {
        return new CnnConfig(input, kernel, conv1Filters, conv2Filters, denseUnits, dropout, batchNorm, learningRate,
                learningRateDecay, batchSize, maxEpochs, patience, validationFraction, augmentShift, seed);
    }

    public CnnConfig withTraining(int maxEpochs, int batchSize, double learningRate) {
        return new CnnConfig(input, kernel, conv1Filters, conv2Filters, denseUnits, dropout, batchNorm, learningRate,
                learningRateDecay, batchSize, maxEpochs, patience, validationFraction, augmentShift, seed);
    }

    public CnnConfig withEarlyStopping(int patience, double validationFraction) {
        return new CnnConfig(input, kernel, conv1Filters, conv2Filters, denseUnits, dropout, batchNorm, learningRate,
                learningRateDecay, batchSize, maxEpochs, patience, validationFraction, augmentShift, seed);
    }

    public CnnConfig withLearningRateDecay(double decay) {
        return new CnnConfig(input, kernel, conv1Filters, conv2Filters, denseUnits, dropout, batchNorm, learningRate,
                decay, batchSize, maxEpochs, patience, validationFraction, augmentShift, seed);
    }

    public CnnConfig withAugmentShift(int pixels) {
        return new CnnConfig(input, kernel, conv1Filters, conv2Filters, denseUnits, dropout, batchNorm, learningRate,
                learningRateDecay, batchSize, maxEpochs, patience, validationFraction, pixels, seed);
    }

    public CnnConfig withSeed(long newSeed) {
        return new CnnConfig(input, kernel, conv1Filters, conv2Filters, denseUnits, dropout, batchNorm, learningRate,
                learningRateDecay, batchSize, maxEpochs, patience, validationFraction, augmentShift, newSeed);
    }
}
