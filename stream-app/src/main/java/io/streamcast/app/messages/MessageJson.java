package io.streamcast.app.messages;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The JSON of the messages the stream threads write per input point (forecasts, scored forecasts, anomalies), byte
 * for byte what {@link Json#bytes} writes for them, without Jackson's bean machinery: fixed field names as constant
 * bytes, numbers through {@link DoubleText}, times through {@link IsoInstant}, into a buffer each thread reuses.
 * A message with a string that needs escaping (outside printable ASCII, or a quote or backslash) or a non-finite
 * number is handed to {@link Json#bytes} whole, so the text never differs; {@code MessageJsonTest} checks both ways.
 *
 * <p>Why: with live scoring on, each point is answered with a forecast (36 numbers, 13 times) and completes a scored
 * forecast (75 numbers, 13 times), and Jackson writing them was 37% of the stream threads' time in a profile of the
 * forecaster bench (each double became a {@code String} copied char by char, each record field a reflective call).
 */
public final class MessageJson {
    private static final ThreadLocal<Out> OUT = ThreadLocal.withInitial(Out::new);

    private static final byte[] SERIES = ascii("{\"series\":\"");
    private static final byte[] TS = ascii("\",\"ts\":\"");
    private static final byte[] MODEL_NAME = ascii("\"model\":{\"name\":\"");
    private static final byte[] VERSION = ascii("\",\"version\":");
    private static final byte[] FORECAST_HORIZON = ascii("\",\"horizon\":[");
    private static final byte[] FORECAST_STEP = ascii("{\"step\":");
    private static final byte[] STEP_TS = ascii(",\"ts\":\"");
    private static final byte[] VALUE = ascii("\",\"value\":");
    private static final byte[] LOWER = ascii(",\"lower\":");
    private static final byte[] UPPER = ascii(",\"upper\":");
    private static final byte[] SCORES_MODEL = ascii("\",\"model\":{\"name\":\"");
    private static final byte[] SCORES_STEPS = ascii("},\"steps\":[");
    private static final byte[] ACTUAL = ascii("\",\"actual\":");
    private static final byte[] PREDICTED = ascii(",\"predicted\":");
    private static final byte[] ABS_ERROR = ascii(",\"abs_error\":");
    private static final byte[] SMAPE = ascii(",\"smape\":");
    private static final byte[] INSIDE_TRUE = ascii(",\"inside\":true}");
    private static final byte[] INSIDE_FALSE = ascii(",\"inside\":false}");
    private static final byte[] MAE = ascii("],\"mae\":");
    private static final byte[] COVERAGE = ascii(",\"coverage\":");
    private static final byte[] SCORE = ascii(",\"score\":");
    private static final byte[] ANOMALY_TRUE = ascii(",\"anomaly\":true");
    private static final byte[] ANOMALY_FALSE = ascii(",\"anomaly\":false");
    private static final byte[] WARMING_UP_TRUE = ascii(",\"warming_up\":true,");
    private static final byte[] WARMING_UP_FALSE = ascii(",\"warming_up\":false,");

    private MessageJson() {
    }

    /** A {@code forecasts} record. */
    public static byte[] forecast(ForecastMessage m) {
        Out o = OUT.get().start();
        o.bytes(SERIES).string(m.series()).bytes(TS).instant(m.ts()).bytes(FORECAST_HORIZON);
        List<ForecastMessage.Step> steps = m.horizon();
        for (int i = 0; i < steps.size(); i++) {
            ForecastMessage.Step s = steps.get(i);
            if (i > 0) {
                o.ascii(',');
            }
            o.bytes(FORECAST_STEP).number(s.step()).bytes(STEP_TS).instant(s.ts()).bytes(VALUE).number(s.value())
                    .bytes(LOWER).number(s.lower()).bytes(UPPER).number(s.upper()).ascii('}');
        }
        o.ascii(']').ascii(',').bytes(MODEL_NAME).string(m.model().name()).bytes(VERSION).number(m.model().version())
                .ascii('}').ascii('}');
        return o.done() ? o.toByteArray() : Json.bytes(m);
    }

    /** A {@code forecast-scores} record. */
    public static byte[] scores(ForecastScoreMessage m) {
        Out o = OUT.get().start();
        o.bytes(SERIES).string(m.series()).bytes(TS).instant(m.ts()).bytes(SCORES_MODEL).string(m.model().name())
                .bytes(VERSION).number(m.model().version()).bytes(SCORES_STEPS);
        List<ForecastScoreMessage.Step> steps = m.steps();
        for (int i = 0; i < steps.size(); i++) {
            ForecastScoreMessage.Step s = steps.get(i);
            if (i > 0) {
                o.ascii(',');
            }
            o.bytes(FORECAST_STEP).number(s.step()).bytes(STEP_TS).instant(s.ts()).bytes(ACTUAL).number(s.actual())
                    .bytes(PREDICTED).number(s.predicted()).bytes(LOWER).number(s.lower()).bytes(UPPER)
                    .number(s.upper()).bytes(ABS_ERROR).number(s.absError()).bytes(SMAPE).number(s.smape())
                    .bytes(s.inside() ? INSIDE_TRUE : INSIDE_FALSE);
        }
        o.bytes(MAE).number(m.mae()).bytes(SMAPE).number(m.smape()).bytes(COVERAGE).number(m.coverage()).ascii('}');
        return o.done() ? o.toByteArray() : Json.bytes(m);
    }

    /** An {@code anomalies} record. */
    public static byte[] anomaly(AnomalyMessage m) {
        Out o = OUT.get().start();
        o.bytes(SERIES).string(m.series()).bytes(TS).instant(m.ts()).bytes(VALUE).number(m.value()).bytes(SCORE)
                .number(m.score()).bytes(m.anomaly() ? ANOMALY_TRUE : ANOMALY_FALSE)
                .bytes(m.warmingUp() ? WARMING_UP_TRUE : WARMING_UP_FALSE).bytes(MODEL_NAME).string(m.model().name())
                .bytes(VERSION).number(m.model().version()).ascii('}').ascii('}');
        return o.done() ? o.toByteArray() : Json.bytes(m);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A growing byte buffer, one per thread. Writes that the fast path cannot do exactly as Jackson would (a string
     * to escape, a non-finite number, a year beyond 9999) mark it failed, and the caller falls back to Jackson.
     */
    private static final class Out {
        private byte[] buf = new byte[4096];
        private int n;
        private boolean failed;

        Out start() {
            n = 0;
            failed = false;
            return this;
        }

        boolean done() {
            return !failed;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, n);
        }

        private void room(int more) {
            if (n + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(2 * buf.length, n + more));
            }
        }

        Out bytes(byte[] b) {
            room(b.length);
            System.arraycopy(b, 0, buf, n, b.length);
            n += b.length;
            return this;
        }

        Out ascii(char c) {
            room(1);
            buf[n++] = (byte) c;
            return this;
        }

        /** A string's characters, which must be printable ASCII other than a quote or a backslash. */
        Out string(String s) {
            int len = s.length();
            room(len);
            for (int i = 0; i < len; i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                    failed = true;
                    return this;
                }
                buf[n + i] = (byte) c;
            }
            n += len;
            return this;
        }

        Out number(long v) {
            if (v < 0 || v >= 1_000_000_000_000_000_000L) {
                return bytes(MessageJson.ascii(Long.toString(v)));
            }
            room(19);
            int digits = 1;
            for (long p = 10; digits < 19 && v >= p; p *= 10) {
                digits++;
            }
            for (int i = n + digits - 1; i >= n; i--) {
                buf[i] = (byte) ('0' + v % 10);
                v /= 10;
            }
            n += digits;
            return this;
        }

        Out number(double v) {
            if (!Double.isFinite(v)) {
                failed = true;
                return this;
            }
            room(DoubleText.MAX_LENGTH);
            n = DoubleText.write(v, buf, n);
            return this;
        }

        Out instant(Instant t) {
            room(IsoInstant.MAX_LENGTH);
            int end = IsoInstant.write(t, buf, n);
            if (end < 0) {
                failed = true;
            } else {
                n = end;
            }
            return this;
        }
    }
}
