package io.streamcast.models.classify;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Views channels over steps [n, C, T] as a one-pixel-wide image [n, C, T, 1], so that layers which work on images
 * but not on sequences in DL4J 1.0.0-M2.1 can run on sequences: its {@code BatchNormalization} rejects [n, C, T]
 * (it reshapes it to [1, n, C, T]) but normalises [n, C, T, 1] per channel as batch normalisation over a
 * sequence should. {@link ImageToSequencePreProcessor} turns the result back. The step mask passes unchanged.
 */
public final class SequenceToImagePreProcessor implements InputPreProcessor {
    private static final long serialVersionUID = 1L;

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        INDArray in = input.ordering() == 'c' ? input : input.dup('c');
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, in.reshape('c', in.size(0), in.size(1), in.size(2), 1));
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        INDArray out = output.ordering() == 'c' ? output : output.dup('c');
        return workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, out.reshape('c', out.size(0), out.size(1), out.size(2)));
    }

    @Override
    public InputPreProcessor clone() {
        return new SequenceToImagePreProcessor();
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeRecurrent r)) {
            throw new IllegalStateException("expected sequence input, got " + inputType);
        }
        long steps = r.getTimeSeriesLength() > 0 ? r.getTimeSeriesLength() : 1;
        return InputType.convolutional(steps, 1, r.getSize());
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
        return new Pair<>(maskArray, currentMaskState);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequenceToImagePreProcessor;
    }

    @Override
    public int hashCode() {
        return SequenceToImagePreProcessor.class.hashCode();
    }
}
