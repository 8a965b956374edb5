package io.streamcast.models.image;

import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Training and inference speed of the same CNN (ImageClassifier's layers) as a MultiLayerNetwork and as a
 * ComputationGraph, in images/s, alternating the two in rounds so both see the same machine load; printed as
 * {@code key=value} lines. Not a test: run by hand, e.g. with arguments {@code 64 40 true Truncate} (batch,
 * iterations per round, batch norm, convolution mode).
 */
final class CnnTrainingSpeed {
    private static ConvolutionMode MODE = ConvolutionMode.Truncate;

    private CnnTrainingSpeed() {
    }

    private static Layer[] layers(boolean bn) {
        return new Layer[] {
            new ConvolutionLayer.Builder(3, 3).nOut(32).convolutionMode(MODE).activation(bn ? Activation.IDENTITY : Activation.RELU).build(),
            bn ? new BatchNormalization.Builder().build() : null,
            bn ? new ActivationLayer.Builder().activation(Activation.RELU).build() : null,
            new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(),
            new ConvolutionLayer.Builder(3, 3).nOut(64).convolutionMode(MODE).activation(bn ? Activation.IDENTITY : Activation.RELU).build(),
            bn ? new BatchNormalization.Builder().build() : null,
            bn ? new ActivationLayer.Builder().activation(Activation.RELU).build() : null,
            new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(),
            new DenseLayer.Builder().nOut(128).activation(Activation.RELU).dropOut(0.5).build(),
            new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build()};
    }

    private static NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).weightInit(WeightInit.RELU).updater(new Adam(1e-3));
    }

    public static void main(String[] args) {
        int batch = Integer.parseInt(args[0]);
        int iterations = Integer.parseInt(args[1]);
        boolean bn = Boolean.parseBoolean(args[2]);
        MODE = ConvolutionMode.valueOf(args[3]);
        Random r = new Random(1);
        float[] x = new float[batch * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        INDArray features = Nd4j.create(x, new long[] {batch, 1, 28, 28}, 'c');
        INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, 10);
        for (int i = 0; i < batch; i++) {
            labels.putScalar(i, r.nextInt(10), 1f);
        }
        NeuralNetConfiguration.ListBuilder list = base().list();
        for (Layer l : layers(bn)) {
            if (l != null) {
                list.layer(l);
            }
        }
        MultiLayerConfiguration mlc = list.setInputType(InputType.convolutional(28, 28, 1)).build();
        MultiLayerNetwork mln = new MultiLayerNetwork(mlc);
        mln.init();
        ComputationGraphConfiguration.GraphBuilder g = base().graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(28, 28, 1));
        String prev = "in";
        int i = 0;
        for (Layer l : layers(bn)) {
            if (l != null) {
                g.addLayer("l" + i, l, prev);
                prev = "l" + i++;
            }
        }
        g.setOutputs(prev);
        ComputationGraph cg = new ComputationGraph(g.build());
        cg.init();
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (int k = 0; k < iterations; k++) {
                mln.fit(features, labels);
            }
            double mlnRate = batch * (double) iterations / ((System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            for (int k = 0; k < iterations; k++) {
                cg.fit(new INDArray[] {features}, new INDArray[] {labels});
            }
            double cgRate = batch * (double) iterations / ((System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            for (int k = 0; k < iterations; k++) {
                mln.output(features, false);
            }
            double mlnInf = batch * (double) iterations / ((System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            for (int k = 0; k < iterations; k++) {
                cg.output(false, features);
            }
            double cgInf = batch * (double) iterations / ((System.nanoTime() - t0) / 1e9);
            System.out.printf("mode=" + MODE + " round=%d batch=%d bn=%s mln_train_img_s=%.0f cg_train_img_s=%.0f mln_infer_img_s=%.0f cg_infer_img_s=%.0f%n",
                    round, batch, bn, mlnRate, cgRate, mlnInf, cgInf);
        }
    }
}
