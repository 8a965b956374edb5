package io.streamcast.models.image;

import io.streamcast.models.classify.TopClasses;
import io.streamcast.models.eval.ConfusionMatrix;
import io.streamcast.models.runtime.OffHeapGarbage;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores an image classifier on a labelled set through the prediction code the stream uses
 * ({@link ImageClassifier#probabilities(List)}: fit, normalise, one batched call per chunk).
 */
public final class ImageEvaluation {
    /** Images per prediction call. */
    public static final int BATCH = 256;

    private ImageEvaluation() {
    }

    /**
     * The result.
     *
     * @param confusion      actual against predicted class
     * @param seconds        time spent predicting
     * @param imagesPerSecond images predicted per second
     */
    public record Result(ConfusionMatrix confusion, double seconds, double imagesPerSecond) {
    }

    /**
     * Predicts every image of {@code data} in batches of {@value #BATCH}. The data set's labels index
     * {@code data.classes()}; each is matched to the model's class of the same name, so a folder whose class
     * folders are a subset of the model's classes is scored correctly.
     *
     * @throws IllegalArgumentException when a class of the data is not one of the model's
     */
    public static Result evaluate(ImageClassifier model, ImageDataset data) {
        int[] toModel = new int[data.classes().size()];
        for (int c = 0; c < toModel.length; c++) {
            toModel[c] = model.classes().indexOf(data.classes().get(c));
            if (toModel[c] < 0) {
                throw new IllegalArgumentException("class '" + data.classes().get(c) + "' of the data is not one of the model's "
                        + model.classes());
            }
        }
        ConfusionMatrix cm = new ConfusionMatrix(model.classes());
        long nanos = 0;
        OffHeapGarbage garbage = new OffHeapGarbage(8);
        for (int from = 0; from < data.size(); from += BATCH) {
            garbage.step();
            int n = Math.min(BATCH, data.size() - from);
            List<PixelImage> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                batch.add(data.image(from + i));
            }
            long started = System.nanoTime();
            float[][] p = model.probabilities(batch);
            nanos += System.nanoTime() - started;
            for (int i = 0; i < n; i++) {
                cm.add(toModel[data.label(from + i)], TopClasses.argMax(p[i]));
            }
        }
        double seconds = nanos / 1e9;
        return new Result(cm, seconds, seconds > 0 ? data.size() / seconds : Double.NaN);
    }

    /** The confusion matrix of a model on images already normalised into {@code features}, labels as the model's. */
    static ConfusionMatrix confusion(ImageClassifier model, float[] features, ImageDataset data) {
        ConfusionMatrix cm = new ConfusionMatrix(model.classes());
        float[][] p = model.probabilities(features, data.size());
        for (int i = 0; i < p.length; i++) {
            cm.add(data.label(i), TopClasses.argMax(p[i]));
        }
        return cm;
    }
}
