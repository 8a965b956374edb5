package io.streamcast.models.forecast;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.streamcast.models.artifact.InvalidArtifactException;
import io.streamcast.models.artifact.ModelArtifact;
import io.streamcast.models.artifact.ModelCard;
import io.streamcast.models.artifact.NetworkEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.deeplearning4j.nn.api.OptimizationAlgorithm;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The global LSTM forecaster: scaled window (W×1) → stacked LSTM → last step → dense H outputs, all horizon
 * steps at once, plus a linear "highway" from the W inputs to the H outputs (as in LSTNet, Lai et al. 2018):
 * an LSTM is slow to learn exact lags, the highway learns them at once, and the LSTM adds what is non-linear.
 * The network predicts the correction to a seasonal-naive base in per-window units ({@link WindowScaling});
 * the interval half-widths per step are quantiles of the held-back residuals.
 */
public final class LstmForecaster implements ForecastModel {
    /** The model card's {@code kind}. */
    public static final String KIND = "lstm-forecaster";
    static final String NETWORK_ENTRY = "network.dl4j";
    static final String PREPROCESSING_ENTRY = "preprocessing.json";
    static final String INPUT_WINDOW = "window";
    static final String INPUT_FLAT = "flat";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final ModelCard card;
    private final ForecasterConfig config;
    private final ComputationGraph network;
    /** Interval half-width per horizon step, in per-window scaled units. */
    private final double[] intervalHalfWidths;
    /** The inference path, built on first use; not shared between copies (it reuses its arrays). */
    private FusedLstmForecaster fused;

    LstmForecaster(ModelCard card, ForecasterConfig config, ComputationGraph network, double[] intervalHalfWidths) {
        this.card = card;
        this.config = config;
        this.network = network;
        this.intervalHalfWidths = intervalHalfWidths.clone();
    }

    /**
     * A fresh, seeded, untrained network for the given shape. Inputs {@code window} ([n, 1, W]) and
     * {@code flat} ([n, W], the same values); layers {@code lstm-0…}, {@code lstm-dense}, {@code highway}.
     */
    public static ComputationGraph newNetwork(ForecasterConfig config) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(config.seed())
                .dataType(DataType.FLOAT)
                .optimizationAlgo(OptimizationAlgorithm.STOCHASTIC_GRADIENT_DESCENT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(config.learningRate()))
                // recurrent nets explode now and then on regime shifts: clip rather than diverge
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                .gradientNormalizationThreshold(1.0)
                .graphBuilder()
                .addInputs(INPUT_WINDOW, INPUT_FLAT)
                .setInputTypes(InputType.recurrent(1, config.window()), InputType.feedForward(config.window()));
        int n = config.lstmSizes().size();
        String previous = INPUT_WINDOW;
        for (int i = 0; i < n; i++) {
            LSTM lstm = new LSTM.Builder().nOut(config.lstmSizes().get(i)).activation(Activation.TANH).build();
            g.addLayer("lstm-" + i, i == n - 1 ? new LastTimeStep(lstm) : lstm, previous);
            previous = "lstm-" + i;
        }
        // both output paths start at zero, so the untrained network is exactly the seasonal-naive forecast and
        // early stopping can only keep something at least as good on the held-back windows
        g.addLayer("lstm-dense", new DenseLayer.Builder().nOut(config.horizon()).activation(Activation.IDENTITY)
                .weightInit(WeightInit.ZERO).build(), previous);
        g.addLayer("highway", new DenseLayer.Builder().nOut(config.horizon()).activation(Activation.IDENTITY)
                .weightInit(WeightInit.ZERO).build(), INPUT_FLAT);
        g.addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "lstm-dense", "highway");
        g.addLayer("output", new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build(), "sum");
        g.setOutputs("output");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    /** The two network inputs for scaled windows given as one row-major [n × W] array. */
    static INDArray[] inputs(float[] scaled, int n, int w) {
        INDArray flat = Nd4j.create(scaled, new long[] {n, w}, 'c');
        return new INDArray[] {flat.reshape('c', n, 1, w), flat};
    }

    public ForecasterConfig config() {
        return config;
    }

    @Override
    public ModelCard card() {
        return card;
    }

    @Override
    public int window() {
        return config.window();
    }

    @Override
    public int horizon() {
        return config.horizon();
    }

    ComputationGraph network() {
        return network;
    }

    double[] intervalHalfWidths() {
        return intervalHalfWidths.clone();
    }

    /**
     * Forecasts on the fused native path ({@link FusedLstmForecaster}, built from this network on first use) when
     * the backend has oneDNN: the same network, measured many times faster than the DL4J graph. Otherwise through
     * the graph.
     */
    @Override
    public Forecast[] predict(double[][] windows) {
        if (!FusedLstmForecaster.isAvailable()) {
            return predictWithGraph(windows);
        }
        if (fused == null) {
            fused = FusedLstmForecaster.of(this);
        }
        return fused.predict(windows);
    }

    /** Forecasts through the DL4J graph itself: the reference the fused path is tested against. */
    Forecast[] predictWithGraph(double[][] windows) {
        if (windows.length == 0) {
            return new Forecast[0];
        }
        ScaledBatch batch = ScaledBatch.of(windows, config.window());
        INDArray out = network.output(false, inputs(batch.features(), batch.size(), config.window()))[0];
        return batch.forecasts(out.castTo(DataType.FLOAT).data().asFloat(), config.horizon(), config.season(),
                intervalHalfWidths);
    }

    @Override
    public LstmForecaster copy() {
        return new LstmForecaster(card, config, network.clone(), intervalHalfWidths);
    }

    /**
     * A forecaster that has not been trained: its output layers start at zero, so it forecasts exactly seasonal
     * naive, with zero-width intervals. For tests and benchmarks of the serving path (the network has its full
     * size and cost).
     */
    public static LstmForecaster untrained(String name, long version, ForecasterConfig config) {
        ModelCard card = new ModelCard(name, version, KIND, java.time.Instant.now(), java.util.List.of(),
                Map.of("lstm_sizes", config.lstmSizes().toString()), Map.of(), io.streamcast.models.artifact.LibraryVersions.current());
        return new LstmForecaster(card, config, newNetwork(config), new double[config.horizon()]);
    }

    /** The same model under another card (e.g. a registry-assigned version). */
    public LstmForecaster withCard(ModelCard newCard) {
        return new LstmForecaster(newCard, config, network, intervalHalfWidths);
    }

    /** Network, pre/post-processing state and model card in one artifact. */
    public ModelArtifact toArtifact() {
        try {
            byte[] prep = JSON.writeValueAsBytes(new Preprocessing(config, intervalHalfWidths));
            return new ModelArtifact(card, Map.of(NETWORK_ENTRY, NetworkEntry.write(network), PREPROCESSING_ENTRY, prep));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads a forecaster from a verified artifact. */
    public static LstmForecaster fromArtifact(ModelArtifact artifact) throws InvalidArtifactException {
        if (!KIND.equals(artifact.card().kind())) {
            throw new InvalidArtifactException("artifact is a '" + artifact.card().kind() + "', not a " + KIND);
        }
        try {
            Preprocessing prep = JSON.readValue(artifact.entry(PREPROCESSING_ENTRY), Preprocessing.class);
            ComputationGraph net = NetworkEntry.readComputationGraph(artifact.entry(NETWORK_ENTRY));
            if (prep.intervalHalfWidths().length != prep.config().horizon()) {
                throw new InvalidArtifactException("interval widths do not match the horizon");
            }
            return new LstmForecaster(artifact.card(), prep.config(), net, prep.intervalHalfWidths());
        } catch (InvalidArtifactException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InvalidArtifactException("incompatible " + KIND + " artifact: " + e.getMessage(), e);
        }
    }

    /** The pre/post-processing state saved beside the network. */
    record Preprocessing(ForecasterConfig config, double[] intervalHalfWidths) {
    }
}
