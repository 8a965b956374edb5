package io.streamcast.models.forecast;

import io.streamcast.models.artifact.ModelCard;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The {@link LstmForecaster}'s network for inference only, run as ND4J's native {@code lstmLayer} op per LSTM
 * layer and two matrix products for the heads, on arrays and op contexts made once per batch size and reused. The
 * DL4J graph runs each time step as several ops on fresh arrays; on the oneDNN backend this path was measured 6-50x
 * faster (figures beside {@code nd4j.classifier} in the parent pom) and gives the same outputs within float
 * rounding (FusedLstmForecasterTest).
 *
 * <p>Built from a trained forecaster by copying its weights; training and artifacts stay with the DL4J graph.
 * Not thread-safe (the reused arrays): each thread takes its own {@link #copy()}, which shares the read-only
 * weights.
 */
public final class FusedLstmForecaster implements ForecastModel {
    /** Batch sizes (buckets, see {@link #bucket}) whose arrays are kept; more evict the least recently used. */
    static final int CACHED_BATCH_SIZES = 24;
    /**
     * Bound on the gate activations of one lstmLayer call (time steps × rows × 4 units × 4 bytes); larger batches
     * run in chunks. Past it the op's temporaries crossed glibc's mmap threshold and were mapped and unmapped on
     * every call: W=64, LSTM 64×64 ran 15,900 samples/s at 128 rows (8 MB) and 5,100 at 256 (16 MB); LSTM 32 ran
     * 64,000 at 256 rows (8 MB) and 24,000 at 512.
     */
    static final long MAX_GATE_BYTES_PER_CALL = 8L << 20;

    // lstmLayer's integer arguments (libnd4j lstmLayer.cpp)
    private static final int TNS = 0; // [time, batch, features]: NTS gave wrong values for batch > 1 on oneDNN
    private static final int FORWARD = 0;
    private static final int TANH = 0;
    private static final int SIGMOID = 2;

    /*
     * Executed on op contexts built once per batch size (the ops themselves are only names): Nd4j.gemm builds a
     * native context per call, and resident memory grew by ~0.5 KB per call through it; reused contexts stay flat.
     */
    private static final CustomOp LSTM_LAYER = DynamicCustomOp.builder("lstmLayer").build();
    private static final CustomOp MATMUL = DynamicCustomOp.builder("matmul").build();

    private final ModelCard card;
    private final ForecasterConfig config;
    private final double[] intervalHalfWidths;
    private final Weights weights;
    private final Map<Integer, Buffers> buffers = new LinkedHashMap<>(CACHED_BATCH_SIZES, 0.75f, true);
    private final int maxRowsPerCall;

    private FusedLstmForecaster(ModelCard card, ForecasterConfig config, double[] intervalHalfWidths, Weights weights) {
        this.card = card;
        this.config = config;
        this.intervalHalfWidths = intervalHalfWidths;
        this.weights = weights;
        long widest = config.lstmSizes().stream().mapToLong(Integer::longValue).max().orElseThrow();
        this.maxRowsPerCall = (int) Math.max(1, MAX_GATE_BYTES_PER_CALL / (config.window() * 4 * widest * Float.BYTES));
    }

    /**
     * Whether the loaded ND4J backend runs {@code lstmLayer} on oneDNN (the {@code linux-x86_64-onednn} classifier,
     * the build's default). Without it lstmLayer falls back to a generic kernel that was measured several times
     * slower and leaking about 6 KB of native memory per call, so {@link LstmForecaster} then keeps to its graph.
     */
    public static boolean isAvailable() {
        return OneDnn.AVAILABLE;
    }

    private static final class OneDnn {
        static final boolean AVAILABLE = Nd4j.getEnvironment().helpersAllowed()
                && NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN");
    }

    /** The same model as {@code source}, its weights copied out of the DL4J graph. */
    public static FusedLstmForecaster of(LstmForecaster source) {
        return new FusedLstmForecaster(source.card(), source.config(), source.intervalHalfWidths(),
                Weights.of(source.network(), source.config()));
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

    @Override
    public Forecast[] predict(double[][] windows) {
        if (windows.length == 0) {
            return new Forecast[0];
        }
        ScaledBatch batch = ScaledBatch.of(windows, config.window());
        return batch.forecasts(forward(batch.features(), batch.size()), config.horizon(), config.season(), intervalHalfWidths);
    }

    /** The network's outputs, row-major [n × H], for scaled windows given row-major [n × W]. */
    float[] forward(float[] scaledWindows, int n) {
        if (n <= maxRowsPerCall) {
            return forward(scaledWindows, 0, n);
        }
        int h = config.horizon();
        float[] outputs = new float[n * h];
        for (int from = 0; from < n; from += maxRowsPerCall) {
            int rows = Math.min(maxRowsPerCall, n - from);
            System.arraycopy(forward(scaledWindows, from, rows), 0, outputs, from * h, rows * h);
        }
        return outputs;
    }

    /**
     * Outputs for rows [from, from + n) of the scaled windows: the reused output array when n fills its bucket, else
     * a copy of its first n rows (the rest are padding).
     */
    private float[] forward(float[] scaledWindows, int from, int n) {
        int rows = bucket(n);
        Buffers b = buffers(rows);
        b.load(scaledWindows, from, n);
        for (OpContext layer : b.lstmContexts) {
            Nd4j.exec(LSTM_LAYER, layer);
        }
        Nd4j.exec(MATMUL, b.highwayContext);
        Nd4j.exec(MATMUL, b.denseContext);
        b.out.data().asNioFloat().get(b.outHost);
        return rows == n ? b.outHost : java.util.Arrays.copyOf(b.outHost, n * config.horizon());
    }

    /**
     * The row count a call of n rows runs with: 1, 2, 4, 8, then multiples of 8 up to 64 and of 32 above, at most
     * {@link #maxRowsPerCall}. A stream's micro-batches come in every size (a batch that runs on the clock holds
     * whatever arrived), and each new size built new arrays and op contexts and evicted others: batches of 20–60
     * rows cost 1.4–1.7 times as much per row as batches of a steady 40. Padding wastes at most an eighth of a call
     * between 8 and 64 rows and a third above, and a stream needs 17 sizes at most.
     */
    int bucket(int n) {
        int b;
        if (n <= 8) {
            b = Integer.highestOneBit(Math.max(1, n - 1)) << (n <= 1 ? 0 : 1);
        } else if (n <= 64) {
            b = (n + 7) / 8 * 8;
        } else {
            b = (n + 31) / 32 * 32;
        }
        return Math.max(n, Math.min(b, maxRowsPerCall));
    }

    /** Rows one native call takes at most (for tests). */
    int maxRowsPerCall() {
        return maxRowsPerCall;
    }

    @Override
    public FusedLstmForecaster copy() {
        return new FusedLstmForecaster(card, config, intervalHalfWidths, weights);
    }

    private Buffers buffers(int n) {
        Buffers b = buffers.get(n);
        if (b == null) {
            if (buffers.size() >= CACHED_BATCH_SIZES) {
                Integer eldest = buffers.keySet().iterator().next();
                buffers.remove(eldest).close();
            }
            b = new Buffers(weights, config, n);
            buffers.put(n, b);
        }
        return b;
    }

    /** Batch sizes that currently hold arrays (for tests). */
    int cachedBatchSizes() {
        return buffers.size();
    }

    /**
     * The graph's parameters in the layouts the native ops want. DL4J's LSTM keeps its four gate blocks as
     * [block input, forget, output, input gate]; lstmLayer wants [input gate, forget, block input, output].
     */
    private record Weights(List<INDArray[]> lstm, INDArray dense, INDArray highway) {

        static Weights of(ComputationGraph net, ForecasterConfig config) {
            List<INDArray[]> lstm = new ArrayList<>();
            int layers = config.lstmSizes().size();
            long nIn = 1;
            for (int i = 0; i < layers; i++) {
                String name = "lstm-" + i;
                LSTM conf = lstmConf(net, name);
                long h = config.lstmSizes().get(i);
                INDArray w = param(net, name, "W", nIn, 4 * h);
                INDArray rw = param(net, name, "RW", h, 4 * h); // no peephole columns: a plain LSTM has none
                INDArray b = param(net, name, "b", 1, 4 * h);
                lstm.add(new INDArray[] {gatesReordered(w, h), gatesReordered(rw, h), gatesReordered(b, h).reshape(4 * h)});
                require(conf.getNOut() == h, name + " has " + conf.getNOut() + " units, the config says " + h);
                nIn = h;
            }
            long w = config.window();
            long out = config.horizon();
            denseConf(net, "lstm-dense");
            denseConf(net, "highway");
            INDArray dense = param(net, "lstm-dense", "W", nIn, out).dup('c');
            INDArray highway = Nd4j.vstack(param(net, "highway", "W", w, out),
                    param(net, "lstm-dense", "b", 1, out).add(param(net, "highway", "b", 1, out))).dup('c');
            return new Weights(lstm, dense, highway);
        }

        private static INDArray gatesReordered(INDArray dl4j, long h) {
            INDArray blockInput = dl4j.get(NDArrayIndex.all(), NDArrayIndex.interval(0, h));
            INDArray forget = dl4j.get(NDArrayIndex.all(), NDArrayIndex.interval(h, 2 * h));
            INDArray output = dl4j.get(NDArrayIndex.all(), NDArrayIndex.interval(2 * h, 3 * h));
            INDArray inputGate = dl4j.get(NDArrayIndex.all(), NDArrayIndex.interval(3 * h, 4 * h));
            return Nd4j.hstack(inputGate, forget, blockInput, output).castTo(DataType.FLOAT).dup('c');
        }

        private static INDArray param(ComputationGraph net, String layer, String key, long rows, long cols) {
            INDArray p = net.getLayer(layer).getParam(key);
            if (p != null && p.rank() == 1 && rows == 1) {
                p = p.reshape(1, p.length()); // biases are vectors in M2.1
            }
            require(p != null && p.rank() == 2 && p.size(0) == rows && p.size(1) == cols,
                    layer + "." + key + " should be [" + rows + ", " + cols + "], is " + (p == null ? "missing" : p.shapeInfoToString()));
            return p.castTo(DataType.FLOAT);
        }

        /** The fused op computes sigmoid gates and tanh cell and output activations, without peepholes. */
        private static LSTM lstmConf(ComputationGraph net, String name) {
            org.deeplearning4j.nn.conf.layers.Layer conf = net.getLayer(name).conf().getLayer();
            if (conf instanceof LastTimeStep last) {
                conf = last.getUnderlying();
            }
            require(conf instanceof LSTM, name + " is a " + conf.getClass().getSimpleName() + ", not an LSTM");
            LSTM lstm = (LSTM) conf;
            require(lstm.getGateActivationFn() instanceof ActivationSigmoid, name + " gates are not sigmoid");
            require(lstm.getActivationFn() instanceof ActivationTanH, name + " activation is not tanh");
            return lstm;
        }

        private static void denseConf(ComputationGraph net, String name) {
            org.deeplearning4j.nn.conf.layers.Layer conf = net.getLayer(name).conf().getLayer();
            require(conf instanceof DenseLayer dense && dense.getActivationFn() instanceof ActivationIdentity,
                    name + " is not an identity dense layer");
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException("cannot fuse this network: " + message);
            }
        }
    }

    /** The arrays and op contexts for one batch size, allocated once. */
    private static final class Buffers implements AutoCloseable {
        final int n;
        final int w;
        final INDArray x;          // [W, n, 1], TNS
        final INDArray flat;       // [n, W + 1]: the window and a constant 1 for the biases
        final INDArray out;        // [n, horizon]
        final float[] xHost;
        final float[] flatHost;
        final float[] outHost;
        final List<OpContext> lstmContexts = new ArrayList<>();
        final OpContext highwayContext;
        final OpContext denseContext;
        private final List<INDArray> owned = new ArrayList<>();

        Buffers(Weights weights, ForecasterConfig config, int n) {
            this.n = n;
            this.w = config.window();
            this.xHost = new float[w * n];
            this.flatHost = new float[n * (w + 1)];
            for (int i = 0; i < n; i++) {
                flatHost[i * (w + 1) + w] = 1f;
            }
            this.outHost = new float[n * config.horizon()];
            x = own(Nd4j.create(DataType.FLOAT, new long[] {w, n, 1}, 'c'));
            flat = own(Nd4j.create(DataType.FLOAT, new long[] {n, w + 1}, 'c'));
            out = own(Nd4j.create(DataType.FLOAT, new long[] {n, config.horizon()}, 'c'));
            INDArray input = x;
            INDArray h = null;
            int layers = config.lstmSizes().size();
            for (int i = 0; i < layers; i++) {
                INDArray[] p = weights.lstm().get(i);
                long units = config.lstmSizes().get(i);
                h = own(Nd4j.create(DataType.FLOAT, new long[] {n, units}, 'c'));
                INDArray c = own(Nd4j.create(DataType.FLOAT, new long[] {n, units}, 'c'));
                // oneDNN runs lstmLayer only when the full sequence and both last states are requested; the
                // generic kernel it otherwise falls back to was several times slower and leaked native memory
                INDArray sequence = own(Nd4j.create(DataType.FLOAT, new long[] {w, n, units}, 'c'));
                OpContext ctx = Nd4j.getExecutioner().buildContext();
                ctx.setIArguments(TNS, FORWARD, SIGMOID, TANH, TANH);
                ctx.setTArguments(0.0); // no cell clipping
                // biases; no seqLen, initial h, initial c or peepholes; full sequence, last h, last c
                ctx.setBArguments(true, false, false, false, false, true, true, true);
                ctx.setInputArrays(input, p[0], p[1], p[2]);
                ctx.setOutputArrays(sequence, h, c);
                lstmContexts.add(ctx);
                input = sequence;
            }
            // heads: out = [window | 1] · [highway; both biases], then out += hLast · lstm-dense
            highwayContext = matmul(flat, weights.highway(), out, 0.0);
            denseContext = matmul(h, weights.dense(), out, 1.0);
        }

        /** z = x · y + beta · z */
        private static OpContext matmul(INDArray x, INDArray y, INDArray z, double beta) {
            OpContext ctx = Nd4j.getExecutioner().buildContext();
            ctx.setIArguments(0, 0, 0); // no transposes
            ctx.setTArguments(1.0, beta);
            ctx.setInputArrays(x, y);
            ctx.setOutputArrays(z);
            return ctx;
        }

        private INDArray own(INDArray a) {
            owned.add(a);
            return a;
        }

        /**
         * Copies {@code rows} (at most n) scaled windows from row {@code from} of a row-major [· × W] array into the two
         * inputs; the padding rows keep what they held (finite values whose outputs nobody reads).
         */
        void load(float[] scaled, int from, int rows) {
            for (int i = 0; i < rows; i++) {
                int row = (from + i) * w;
                int flatRow = i * (w + 1);
                for (int t = 0; t < w; t++) {
                    float v = scaled[row + t];
                    xHost[t * n + i] = v;
                    flatHost[flatRow + t] = v;
                }
            }
            x.data().asNioFloat().put(xHost);
            flat.data().asNioFloat().put(flatHost);
        }

        @Override
        public void close() {
            List<OpContext> contexts = new ArrayList<>(lstmContexts);
            contexts.add(highwayContext);
            contexts.add(denseContext);
            for (OpContext ctx : contexts) {
                try {
                    ctx.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing an op context", e);
                }
            }
            owned.forEach(INDArray::close);
        }
    }
}
