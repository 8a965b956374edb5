package io.streamcast.app.classify.sequence;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.app.classify.InputDecoder;
import io.streamcast.app.messages.BadRecordException;
import io.streamcast.app.messages.ErrorCode;
import java.nio.ByteBuffer;

/**
 * The input field of a {@code sequences} record: {@code "values"}, a non-empty array of at most {@code maxValues}
 * JSON numbers, each finite and of magnitude at most {@code maxAbsValue}. Any length is fine: the model normalises
 * every sequence on its own and reads sequences of different lengths side by side.
 */
public final class SequenceInputDecoder implements InputDecoder<double[]> {
    private final int maxValues;
    private final double maxAbsValue;

    public SequenceInputDecoder(int maxValues, double maxAbsValue) {
        this.maxValues = maxValues;
        this.maxAbsValue = maxAbsValue;
    }

    @Override
    public double[] decode(JsonNode record) {
        JsonNode field = record.get("values");
        if (field == null || field.isNull()) {
            throw new BadRecordException(ErrorCode.MISSING_FIELD, "no 'values' field");
        }
        if (!field.isArray()) {
            throw new BadRecordException(ErrorCode.WRONG_TYPE, "field 'values' must be an array of numbers, was "
                    + field.getNodeType());
        }
        if (field.isEmpty()) {
            throw new BadRecordException(ErrorCode.EMPTY_SEQUENCE, "field 'values' is an empty array");
        }
        if (field.size() > maxValues) {
            throw new BadRecordException(ErrorCode.SEQUENCE_TOO_LONG, "sequence has " + field.size()
                    + " values, more than streamcast.sequence.max-values (" + maxValues + ")");
        }
        double[] values = new double[field.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = field.get(i);
            if (!v.isNumber()) {
                throw new BadRecordException(ErrorCode.NOT_A_NUMBER, "value " + i + " is not a number: "
                        + abbreviate(v.toString()));
            }
            double d = v.doubleValue();
            if (!Double.isFinite(d)) {
                throw new BadRecordException(ErrorCode.NOT_FINITE, "value " + i + " is not finite: " + abbreviate(v.toString()));
            }
            if (Math.abs(d) > maxAbsValue) {
                throw new BadRecordException(ErrorCode.ABSURD_VALUE, "value " + i + " (" + d
                        + ") is beyond streamcast.sequence.max-abs-value (" + maxAbsValue + ")");
            }
            values[i] = d;
        }
        return values;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    @Override
    public byte[] toBytes(double[] input) {
        ByteBuffer b = ByteBuffer.allocate(Double.BYTES * input.length);
        for (double v : input) {
            b.putDouble(v);
        }
        return b.array();
    }

    @Override
    public double[] fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        double[] out = new double[bytes.length / Double.BYTES];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getDouble();
        }
        return out;
    }
}
