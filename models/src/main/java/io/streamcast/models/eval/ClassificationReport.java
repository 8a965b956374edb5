package io.streamcast.models.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link ConfusionMatrix} as the fields of an {@code evaluate} JSON line: {@code n}, {@code accuracy},
 * {@code error}, {@code macro_f1}, and for two classes also {@code positive_class} with its {@code precision},
 * {@code recall} and {@code f1}. The positive class is the one with fewer actual examples (spam, the rare fault),
 * the one a user watches; on a tie, the second.
 */
public final class ClassificationReport {
    private ClassificationReport() {
    }

    /**
     * The positive class of a two-class matrix.
     *
     * @throws IllegalArgumentException when the matrix has not exactly two classes
     */
    public static int minorityClass(ConfusionMatrix cm) {
        if (cm.classes().size() != 2) {
            throw new IllegalArgumentException("a minority class needs two classes, there are " + cm.classes().size());
        }
        return cm.support(0) < cm.support(1) ? 0 : 1;
    }

    /** The fields, values rounded to 4 decimals (null when undefined, e.g. without examples). */
    public static Map<String, Object> toMap(ConfusionMatrix cm) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", cm.total());
        m.put("accuracy", round(cm.accuracy()));
        m.put("error", round(1 - cm.accuracy()));
        m.put("macro_f1", round(cm.macroF1()));
        if (cm.classes().size() == 2) {
            int positive = minorityClass(cm);
            m.put("positive_class", cm.classes().get(positive));
            m.put("precision", round(cm.precision(positive)));
            m.put("recall", round(cm.recall(positive)));
            m.put("f1", round(cm.f1(positive)));
        }
        return m;
    }

    private static Double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 10_000) / 10_000.0 : null;
    }
}
