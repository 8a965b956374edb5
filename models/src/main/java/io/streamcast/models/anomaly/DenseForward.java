package io.streamcast.models.anomaly;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A stack of dense layers (tanh or identity) for inference only, as plain loops over weights copied out of the DL4J
 * graph. The autoencoder is tiny (W 32 → 16 → 4 → 16 → 32: about 1,300 multiply-adds a window), so ND4J's fixed cost
 * per op (30–45 µs, and the graph runs several a call) was nearly all of its time: the graph scored about 550 windows
 * a second one at a time and 77,000 in batches of 256 (both on 2 shared cores), and the stream scores in
 * sub-batches of at most one point per series, often small. Here a window costs the same alone or in a batch.
 * Equal to the graph within float rounding (DenseForwardTest). Immutable, so threads may share it.
 */
final class DenseForward {
    private final int[] widths; // widths[0]: inputs; widths[l + 1]: units of layer l
    private final float[][] weights; // layer l: [widths[l] × widths[l + 1]], row-major (input i, unit j)
    private final float[][] biases;
    private final boolean[] tanh;

    private DenseForward(int[] widths, float[][] weights, float[][] biases, boolean[] tanh) {
        this.widths = widths;
        this.weights = weights;
        this.biases = biases;
        this.tanh = tanh;
    }

    /**
     * The layers of {@code net} named in {@code layers}, in order, each a dense layer (DenseLayer or OutputLayer)
     * with a tanh or identity activation.
     *
     * @throws IllegalArgumentException when a layer is of another kind or activation
     */
    static DenseForward of(ComputationGraph net, List<String> layers) {
        int n = layers.size();
        int[] widths = new int[n + 1];
        float[][] weights = new float[n][];
        float[][] biases = new float[n][];
        boolean[] tanh = new boolean[n];
        for (int l = 0; l < n; l++) {
            String name = layers.get(l);
            org.deeplearning4j.nn.conf.layers.Layer conf = net.getLayer(name).conf().getLayer();
            if (!(conf instanceof BaseLayer base)) {
                throw new IllegalArgumentException(name + " is a " + conf.getClass().getSimpleName() + ", not a dense layer");
            }
            IActivation activation = base.getActivationFn();
            if (!(activation instanceof ActivationTanH) && !(activation instanceof ActivationIdentity)) {
                throw new IllegalArgumentException(name + " has activation " + activation + "; only tanh and identity are supported");
            }
            tanh[l] = activation instanceof ActivationTanH;
            INDArray w = net.getLayer(name).getParam("W");
            INDArray b = net.getLayer(name).getParam("b");
            if (w == null || b == null || w.rank() != 2 || (l > 0 && w.size(0) != widths[l])) {
                throw new IllegalArgumentException(name + " does not have the weights of a dense layer after the previous one");
            }
            widths[l] = (int) w.size(0);
            widths[l + 1] = (int) w.size(1);
            float[][] matrix = w.toFloatMatrix();
            weights[l] = new float[widths[l] * widths[l + 1]];
            for (int i = 0; i < widths[l]; i++) {
                System.arraycopy(matrix[i], 0, weights[l], i * widths[l + 1], widths[l + 1]);
            }
            biases[l] = b.reshape(b.length()).toFloatVector();
        }
        return new DenseForward(widths, weights, biases, tanh);
    }

    /** The layers named encoder-0…, decoder-0…, reconstruction, in that order, as {@link AnomalyModel#newNetwork} names them. */
    static List<String> autoencoderLayers(AnomalyConfig config) {
        List<String> layers = new ArrayList<>();
        for (int i = 0; i < config.encoderSizes().size(); i++) {
            layers.add("encoder-" + i);
        }
        for (int j = 0; j < config.encoderSizes().size() - 1; j++) {
            layers.add("decoder-" + j);
        }
        layers.add("reconstruction");
        return layers;
    }

    int inputs() {
        return widths[0];
    }

    int outputs() {
        return widths[widths.length - 1];
    }

    /** The outputs for {@code rows} inputs given row-major [rows × inputs()], row-major [rows × outputs()]. */
    float[] apply(float[] input, int rows) {
        int widest = 0;
        for (int width : widths) {
            widest = Math.max(widest, width);
        }
        float[] out = new float[rows * outputs()];
        float[] a = new float[widest];
        float[] z = new float[widest];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(input, r * widths[0], a, 0, widths[0]);
            for (int l = 0; l < weights.length; l++) {
                int in = widths[l];
                int units = widths[l + 1];
                float[] w = weights[l];
                System.arraycopy(biases[l], 0, z, 0, units);
                for (int i = 0; i < in; i++) {
                    float ai = a[i];
                    int row = i * units;
                    for (int j = 0; j < units; j++) {
                        z[j] += ai * w[row + j];
                    }
                }
                if (tanh[l]) {
                    for (int j = 0; j < units; j++) {
                        a[j] = (float) Math.tanh(z[j]);
                    }
                } else {
                    System.arraycopy(z, 0, a, 0, units);
                }
            }
            System.arraycopy(a, 0, out, r * outputs(), outputs());
        }
        return out;
    }
}
