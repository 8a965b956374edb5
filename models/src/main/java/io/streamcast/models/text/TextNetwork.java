package io.streamcast.models.text;

import org.deeplearning4j.nn.api.OptimizationAlgorithm;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The text classifier's network: hashed feature ids [n, tokens × slots] → embedding → mean over each token's slots
 * (average pooling, kernel and stride = slots: the token vector) → (bidirectional) LSTM over the tokens,
 * max-pooled over time → together with the mean token vector (a fastText-like bag of words that learns fast) →
 * softmax. Padding tokens are masked out of the LSTM and both poolings.
 */
public final class TextNetwork {
    static final String INPUT = "features";

    private TextNetwork() {
    }

    public static ComputationGraph create(TextClassifierConfig config, long seed, int classes) {
        int slots = config.featuresPerToken();
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .optimizationAlgo(OptimizationAlgorithm.STOCHASTIC_GRADIENT_DESCENT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(config.training().learningRate()))
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                .gradientNormalizationThreshold(1.0)
                .graphBuilder()
                // no input types: DL4J would infer the embedding's nIn from them as 1
                .addInputs(INPUT);
        g.addLayer("embedding", new EmbeddingSequenceLayer.Builder()
                .nIn(config.buckets()).nOut(config.embeddingSize())
                .inferInputLength(true).hasBias(false)
                .weightInit(WeightInit.NORMAL)
                .build(), INPUT);
        String tokens = "embedding";
        if (slots > 1) {
            g.addLayer("token", new Subsampling1DLayer.Builder(PoolingType.AVG)
                    .kernelSize(slots).stride(slots).convolutionMode(ConvolutionMode.Truncate).build(), "embedding");
            tokens = "token";
        }
        LSTM lstm = new LSTM.Builder().nIn(config.embeddingSize()).nOut(config.lstmSize()).activation(Activation.TANH).build();
        g.addLayer("lstm", config.bidirectional() ? new Bidirectional(Bidirectional.Mode.CONCAT, lstm) : lstm, tokens);
        g.addLayer("lstm-max", new GlobalPoolingLayer.Builder(PoolingType.MAX).build(), "lstm");
        g.addLayer("bag", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), tokens);
        g.addVertex("heads", new MergeVertex(), "lstm-max", "bag");
        OutputLayer.Builder out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn((config.bidirectional() ? 2 : 1) * config.lstmSize() + config.embeddingSize())
                .nOut(classes).activation(Activation.SOFTMAX);
        if (config.dropout() > 0) {
            out.dropOut(1 - config.dropout()); // DL4J takes the probability of keeping an input
        }
        g.addLayer("output", out.build(), "heads");
        g.setOutputs("output");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }
}
