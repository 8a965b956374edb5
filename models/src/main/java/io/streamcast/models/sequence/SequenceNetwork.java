package io.streamcast.models.sequence;

import io.streamcast.models.classify.ImageToSequencePreProcessor;
import io.streamcast.models.classify.SequenceToImagePreProcessor;
import org.deeplearning4j.nn.api.OptimizationAlgorithm;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.util.MaskLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The sequence classifier's network: values [n, 1, T] → 1-D convolution blocks (convolution, batch normalisation,
 * ReLU, padding steps zeroed; as the fully convolutional network of Wang et al. 2017) → two heads read the features: the mean over all
 * steps, and an LSTM over the max-pooled steps (its last real step) → softmax. The heads follow LSTM-FCN (Karim
 * et al. 2017): the average sees which patterns occur, the LSTM in which order. Steps beyond a sequence's end are
 * zeros and masked out of both heads, so sequences of any length share a batch.
 */
public final class SequenceNetwork {
    static final String INPUT = "values";

    private SequenceNetwork() {
    }

    /** Pooling factor before the LSTM for a longest (shortened) training sequence of {@code length} points. */
    static int poolFactor(SequenceClassifierConfig config, int length) {
        return Math.max(1, (int) Math.ceil((double) length / config.lstmMaxSteps()));
    }

    /**
     * A fresh network; {@code pool} is {@link #poolFactor}, fixed when training starts. The pooling windows start at
     * step 0 and inputs are padded to a multiple of {@code pool} ({@link SequenceEncoder}): with "same" padding the
     * windows shifted with the batch's longest sequence, and a sequence's prediction with its batch.
     */
    public static ComputationGraph create(SequenceClassifierConfig config, int pool, long seed, int classes) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .optimizationAlgo(OptimizationAlgorithm.STOCHASTIC_GRADIENT_DESCENT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(config.training().learningRate()))
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                .gradientNormalizationThreshold(1.0)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.recurrent(1));
        String previous = INPUT;
        for (int i = 0; i < config.convFilters().size(); i++) {
            g.addLayer("conv-" + i, new Convolution1DLayer.Builder()
                    .kernelSize(config.kernelSizes().get(i))
                    .nOut(config.convFilters().get(i))
                    .convolutionMode(ConvolutionMode.Same)
                    .weightInit(WeightInit.RELU)
                    .activation(Activation.IDENTITY)
                    .build(), previous);
            g.addLayer("norm-" + i, new BatchNormalization.Builder().build(), new SequenceToImagePreProcessor(), "conv-" + i);
            g.addLayer("relu-" + i, new ActivationLayer.Builder().activation(Activation.RELU).build(),
                    new ImageToSequencePreProcessor(), "norm-" + i);
            // zero the steps past a sequence's end, as the convolution's own padding would be without a batch:
            // otherwise the next kernel reads features of the padding, and a prediction depends on its batch
            g.addLayer("masked-" + i, new MaskLayer(), "relu-" + i);
            previous = "masked-" + i;
        }
        String lstmInput = previous;
        if (pool > 1) {
            g.addLayer("pool", new Subsampling1DLayer.Builder(PoolingType.MAX)
                    .kernelSize(pool).stride(pool).convolutionMode(ConvolutionMode.Truncate).build(), previous);
            lstmInput = "pool";
        }
        g.addLayer("lstm", new LastTimeStep(new LSTM.Builder().nOut(config.lstmSize()).activation(Activation.TANH).build()), lstmInput);
        String head = "lstm";
        if (!config.convFilters().isEmpty()) {
            g.addLayer("mean", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), previous);
            g.addVertex("heads", new MergeVertex(), "mean", "lstm");
            head = "heads";
        }
        OutputLayer.Builder out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(classes).activation(Activation.SOFTMAX);
        if (config.dropout() > 0) {
            out.dropOut(1 - config.dropout()); // DL4J takes the probability of keeping an input
        }
        g.addLayer("output", out.build(), head);
        g.setOutputs("output");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }
}
