package io.streamcast.models.classify;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The inverse of {@link SequenceToImagePreProcessor}: [n, C, T, 1] back to [n, C, T]; the step mask passes unchanged. */
public final class ImageToSequencePreProcessor implements InputPreProcessor {
    private static final long serialVersionUID = 1L;

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        INDArray in = input.ordering() == 'c' ? input : input.dup('c');
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, in.reshape('c', in.size(0), in.size(1), in.size(2)));
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        INDArray out = output.ordering() == 'c' ? output : output.dup('c');
        return workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, out.reshape('c', out.size(0), out.size(1), out.size(2), 1));
    }

    @Override
    public InputPreProcessor clone() {
        return new ImageToSequencePreProcessor();
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeConvolutional c)) {
            throw new IllegalStateException("expected image input, got " + inputType);
        }
        return InputType.recurrent(c.getChannels(), c.getHeight());
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
        return new Pair<>(maskArray, currentMaskState);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageToSequencePreProcessor;
    }

    @Override
    public int hashCode() {
        return ImageToSequencePreProcessor.class.hashCode();
    }
}
