package io.streamcast.models.classify;

import io.streamcast.models.artifact.InvalidArtifactException;
import io.streamcast.models.artifact.ModelArtifact;
import io.streamcast.models.artifact.NetworkEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Softmax networks whose class probabilities are averaged. Not thread-safe (DL4J networks are not): give each thread
 * its own {@link #copy()}.
 */
public final class Ensemble {
    private static final String ENTRY_PREFIX = "network-";
    private static final String ENTRY_SUFFIX = ".dl4j";

    private final List<ComputationGraph> members;
    private final int classes;

    public Ensemble(List<ComputationGraph> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one network");
        }
        this.members = List.copyOf(members);
        this.classes = outputs(this.members.get(0));
    }

    private static int outputs(ComputationGraph net) {
        return (int) net.getOutputLayer(0).getParam("W").size(1);
    }

    public int size() {
        return members.size();
    }

    public int classes() {
        return classes;
    }

    /** The mean class probabilities of the members, one row per example of the batch. */
    public float[][] probabilities(EncodedBatch batch) {
        int n = batch.size();
        float[][] mean = new float[n][classes];
        INDArray[] masks = batch.mask() == null ? null : new INDArray[] {batch.mask()};
        for (ComputationGraph net : members) {
            INDArray out = net.output(false, new INDArray[] {batch.features()}, masks)[0];
            float[] flat = out.castTo(DataType.FLOAT).dup('c').data().asFloat();
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < classes; c++) {
                    mean[i][c] += flat[i * classes + c] / members.size();
                }
            }
        }
        return mean;
    }

    /** The member networks (shared, not copies). */
    public List<ComputationGraph> members() {
        return members;
    }

    /** An independent copy for another thread. */
    public Ensemble copy() {
        List<ComputationGraph> clones = new ArrayList<>(members.size());
        for (ComputationGraph net : members) {
            clones.add(net.clone());
        }
        return new Ensemble(clones);
    }

    /** The members as artifact entries {@code network-0.dl4j}, {@code network-1.dl4j}, … */
    public Map<String, byte[]> entries() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < members.size(); i++) {
            entries.put(ENTRY_PREFIX + i + ENTRY_SUFFIX, NetworkEntry.write(members.get(i)));
        }
        return entries;
    }

    /** Reads the {@code count} members {@link #entries()} wrote. */
    public static Ensemble fromArtifact(ModelArtifact artifact, int count) throws InvalidArtifactException {
        if (count < 1) {
            throw new InvalidArtifactException("artifact names " + count + " ensemble members");
        }
        List<ComputationGraph> nets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = ENTRY_PREFIX + i + ENTRY_SUFFIX;
            try {
                nets.add(NetworkEntry.readComputationGraph(artifact.entry(name)));
            } catch (IOException | RuntimeException e) {
                throw new InvalidArtifactException("unreadable network entry '" + name + "': " + e.getMessage(), e);
            }
        }
        return new Ensemble(nets);
    }
}
