package io.streamcast.models.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.streamcast.models.artifact.InvalidArtifactException;
import io.streamcast.models.artifact.LibraryVersions;
import io.streamcast.models.artifact.ModelArtifact;
import io.streamcast.models.artifact.ModelCard;
import io.streamcast.models.artifact.NetworkEntry;
import io.streamcast.models.classify.Classifier;
import io.streamcast.models.runtime.OffHeapGarbage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A CNN image classifier: image → conv → (batch norm) → ReLU → max-pool → conv → (batch norm) → ReLU → max-pool →
 * dense ReLU → (dropout) → softmax over the classes. Any {@link PixelImage} is first brought to the network's
 * {@link ImageSpec} by the {@link ImagePreprocessor}, so training, evaluation and the stream share one path.
 *
 * <p>The class names are part of the model: on the model card (hyper-parameter {@code classes}) and in the
 * artifact's pre-processing entry. Threads: predict with a {@link #copy()} per thread.
 *
 * <h2>Why this design</h2>
 * <ul>
 *   <li><b>ComputationGraph</b>, as the other models here (one artifact writer, {@link NetworkEntry}). The same
 *       network as a MultiLayerNetwork trained at the same speed on the 2-core development machine (batch 64 and
 *       128, interleaved rounds: within the round-to-round noise of a shared machine; see the README).</li>
 *   <li><b>Valid (unpadded) 3×3 convolutions</b>: on 28×28 input 2.6 M multiply-adds per image against 4.3 M with
 *       padding, for the same accuracy on Fashion-MNIST; training time is what bounds this model on two cores.</li>
 *   <li><b>Batch normalisation</b> lets Adam run at 1e-3 from the first epoch; <b>dropout</b> on the dense
 *       layer's output keeps the 10k-image MNIST training from over-fitting.</li>
 * </ul>
 */
public final class ImageClassifier implements Classifier<PixelImage> {
    /** The model card's {@code kind}. */
    public static final String KIND = "cnn-image-classifier";
    /** Hyper-parameter on the card that lists the class names. */
    public static final String CLASSES = "classes";
    static final String NETWORK_ENTRY = "network.dl4j";
    static final String PREPROCESSING_ENTRY = "preprocessing.json";
    static final String INPUT = "image";
    static final String OUTPUT = "output";
    /** Images per network call when many are predicted at once: bounds the activations' memory. */
    private static final int CHUNK = 512;
    /** Chunks of one call between garbage collections (see {@link OffHeapGarbage}). */
    private static final int GC_EVERY_CHUNKS = 8;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final ModelCard card;
    private final CnnConfig config;
    private final List<String> classes;
    private final ComputationGraph network;
    private final ImagePreprocessor preprocessor;

    ImageClassifier(ModelCard card, CnnConfig config, List<String> classes, ComputationGraph network) {
        this.card = card;
        this.config = config;
        this.classes = List.copyOf(classes);
        this.network = network;
        this.preprocessor = new ImagePreprocessor(config.input());
    }

    /**
     * A seeded, untrained network for the given classes: input {@code image} ([n, channels, height, width]), layers
     * {@code conv-1}, {@code bn-1}, {@code relu-1}, {@code pool-1}, the same with {@code -2}, {@code dense},
     * {@code output}.
     */
    public static ComputationGraph newNetwork(CnnConfig config, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        ImageSpec in = config.input();
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(config.seed())
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.RELU)
                .updater(new Adam(config.learningRate()))
                .convolutionMode(ConvolutionMode.Truncate)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(in.height(), in.width(), in.channels()));
        String previous = INPUT;
        int[] filters = {config.conv1Filters(), config.conv2Filters()};
        for (int i = 1; i <= 2; i++) {
            boolean bn = config.batchNorm();
            g.addLayer("conv-" + i, new ConvolutionLayer.Builder(config.kernel(), config.kernel()).nOut(filters[i - 1])
                    .hasBias(!bn).activation(bn ? Activation.IDENTITY : Activation.RELU).build(), previous);
            previous = "conv-" + i;
            if (bn) {
                g.addLayer("bn-" + i, new BatchNormalization.Builder().build(), previous);
                g.addLayer("relu-" + i, new ActivationLayer.Builder().activation(Activation.RELU).build(), "bn-" + i);
                previous = "relu-" + i;
            }
            g.addLayer("pool-" + i, new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
                    .stride(2, 2).build(), previous);
            previous = "pool-" + i;
        }
        g.addLayer("dense", new DenseLayer.Builder().nOut(config.denseUnits()).activation(Activation.RELU).build(), previous);
        OutputLayer.Builder out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER);
        if (config.dropout() > 0) {
            out.dropOut(1 - config.dropout()); // DL4J takes the share kept, applied to this layer's input
        }
        g.addLayer(OUTPUT, out.build(), "dense");
        g.setOutputs(OUTPUT);
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    /** A model that has learned nothing yet (version 0), to be trained on the stream. */
    public static ImageClassifier untrained(String name, CnnConfig config, List<String> classes) {
        ModelCard card = new ModelCard(name, 0, KIND, Instant.now(), List.of(), hyperParameters(config, classes),
                Map.of(), LibraryVersions.current());
        return new ImageClassifier(card, config, classes, newNetwork(config, classes.size()));
    }

    /** The card's hyper-parameters: the network's settings and the class names. */
    static Map<String, Object> hyperParameters(CnnConfig config, List<String> classes) {
        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put("input", config.input().toString());
        hp.put("kernel", config.kernel());
        hp.put("conv_filters", List.of(config.conv1Filters(), config.conv2Filters()));
        hp.put("dense_units", config.denseUnits());
        hp.put("dropout", config.dropout());
        hp.put("batch_norm", config.batchNorm());
        hp.put("learning_rate", config.learningRate());
        hp.put("learning_rate_decay", config.learningRateDecay());
        hp.put("batch_size", config.batchSize());
        hp.put("max_epochs", config.maxEpochs());
        hp.put("patience", config.patience());
        hp.put("validation_fraction", config.validationFraction());
        hp.put("augment_shift", config.augmentShift());
        hp.put("seed", config.seed());
        hp.put(CLASSES, List.copyOf(classes));
        return hp;
    }

    @Override
    public ModelCard card() {
        return card;
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    public CnnConfig config() {
        return config;
    }

    public ImageSpec spec() {
        return config.input();
    }

    public ImagePreprocessor preprocessor() {
        return preprocessor;
    }

    ComputationGraph network() {
        return network;
    }

    /** Each image fitted to the network's shape and normalised, then all of them in one call per 512. */
    @Override
    public float[][] probabilities(List<PixelImage> images) {
        return probabilities(preprocessor.features(images), images.size());
    }

    /** Probabilities for {@code n} images already normalised into {@code features} (see {@link ImagePreprocessor}). */
    public float[][] probabilities(float[] features, int n) {
        return output(network, config.input(), classes.size(), features, n);
    }

    /** The network's softmax output for {@code n} normalised images, one call per {@value #CHUNK}. */
    static float[][] output(ComputationGraph network, ImageSpec s, int classes, float[] features, int n) {
        int size = s.size();
        if (features.length != n * size) {
            throw new IllegalArgumentException(n + " images of " + s + " need " + n * size + " values, got " + features.length);
        }
        float[][] out = new float[n][];
        OffHeapGarbage garbage = new OffHeapGarbage(GC_EVERY_CHUNKS);
        for (int from = 0; from < n; from += CHUNK) {
            if (from > 0) {
                garbage.step(); // a chunk's activations, tens of MB off-heap, are garbage once it is done
            }
            int rows = Math.min(CHUNK, n - from);
            float[] part = from == 0 && rows == n ? features : Arrays.copyOfRange(features, from * size, (from + rows) * size);
            INDArray input = Nd4j.create(part, new long[] {rows, s.channels(), s.height(), s.width()}, 'c');
            float[] p = network.output(false, input)[0].castTo(DataType.FLOAT).data().asFloat();
            for (int i = 0; i < rows; i++) {
                out[from + i] = Arrays.copyOfRange(p, i * classes, (i + 1) * classes);
            }
        }
        return out;
    }

    @Override
    public ImageClassifier copy() {
        return new ImageClassifier(card, config, classes, network.clone());
    }

    /** The same model under another card (e.g. a registry-assigned version). */
    public ImageClassifier withCard(ModelCard newCard) {
        return new ImageClassifier(newCard, config, classes, network);
    }

    /** Network, pre-processing state (input shape, classes) and model card in one artifact. */
    public ModelArtifact toArtifact() {
        try {
            byte[] prep = JSON.writeValueAsBytes(new Preprocessing(config, classes));
            return new ModelArtifact(card, Map.of(NETWORK_ENTRY, NetworkEntry.write(network), PREPROCESSING_ENTRY, prep));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads a classifier from a verified artifact. */
    public static ImageClassifier fromArtifact(ModelArtifact artifact) throws InvalidArtifactException {
        if (!KIND.equals(artifact.card().kind())) {
            throw new InvalidArtifactException("artifact is a '" + artifact.card().kind() + "', not a " + KIND);
        }
        try {
            Preprocessing prep = JSON.readValue(artifact.entry(PREPROCESSING_ENTRY), Preprocessing.class);
            ComputationGraph net = NetworkEntry.readComputationGraph(artifact.entry(NETWORK_ENTRY));
            if (!prep.classes().equals(artifact.card().hyperParameters().get(CLASSES))) {
                throw new InvalidArtifactException("the classes of the model card and of " + PREPROCESSING_ENTRY + " differ");
            }
            long outputs = net.getLayer(OUTPUT).getParam("W").size(1);
            if (outputs != prep.classes().size()) {
                throw new InvalidArtifactException("the network has " + outputs + " outputs for " + prep.classes().size() + " classes");
            }
            return new ImageClassifier(artifact.card(), prep.config(), prep.classes(), net);
        } catch (InvalidArtifactException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InvalidArtifactException("incompatible " + KIND + " artifact: " + e.getMessage(), e);
        }
    }

    /** The pre-processing state saved beside the network. */
    record Preprocessing(CnnConfig config, List<String> classes) {
    }
}
