package io.streamcast.models.anomaly;

import static io.streamcast.models.anomaly.AnomalyFixtures.SMALL;
import static io.streamcast.models.anomaly.AnomalyFixtures.seasonal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The per-series state on its own: fed synthetic reconstruction errors, so no network is needed. */
class SeriesStateTest {

    /** Adds the points and scores each with a seeded, log-normal "reconstruction error" once a window exists. */
    private static AnomalyScore[] feed(SeriesState state, double[] points, Random errors) {
        AnomalyScore[] scores = new AnomalyScore[points.length];
        for (int i = 0; i < points.length; i++) {
            state.add(points[i]);
            scores[i] = state.hasWindow() ? state.score(Math.exp(errors.nextGaussian())) : AnomalyScore.WARMING_UP;
        }
        return scores;
    }

    @Test
    void shouldScoreOnExactlyAsTheOriginalAfterARoundTripThroughBytes() {
        SeriesState original = new SeriesState(SMALL);
        double[] series = seasonal(21, 900);
        feed(original, Arrays.copyOf(series, 600), new Random(1));
        original.add(series[600]);
        original.score(1e6); // a flag, so a stretch and a training split are in the bytes too

        byte[] bytes = original.toBytes();
        SeriesState restored = SeriesState.fromBytes(bytes, SMALL);

        assertThat(restored.toBytes()).isEqualTo(bytes);
        assertThat(restored.count()).isEqualTo(601);
        assertThat(restored.latestWindow()).containsExactly(original.latestWindow());
        double[] rest = Arrays.copyOfRange(series, 601, 900);
        assertThat(feed(restored, rest, new Random(2))).containsExactly(feed(original, rest, new Random(2)));
        assertThat(restored.trainingSegments()).zipSatisfy(original.trainingSegments(),
                (a, b) -> assertThat(a).containsExactly(b));
        assertThat(bytes.length).as("bytes of a full state: %d points and %d errors", SMALL.trainingPoints(),
                SMALL.errorHistory()).isLessThan(SMALL.trainingPoints() * 9 + SMALL.errorHistory() * 5 + 64);
    }

    @Test
    void shouldKeepTheMostRecentPointsAndErrorsWhenRestoredWithSmallerCapacities() {
        SeriesState original = new SeriesState(SMALL);
        double[] series = seasonal(22, 500);
        feed(original, series, new Random(3));
        AnomalyConfig smaller = SMALL.withSchedule(100, 200, 150).withCalibration(120, 30, 0.999, 0.9);

        SeriesState restored = SeriesState.fromBytes(original.toBytes(), smaller);

        assertThat(restored.count()).isEqualTo(500);
        assertThat(restored.errorCount()).isEqualTo(120);
        assertThat(restored.recentValues(1_000)).containsExactly(Arrays.copyOfRange(series, 350, 500));
    }

    @Test
    void shouldRejectBytesThatAreNotASeriesState() {
        SeriesState state = new SeriesState(SMALL);
        feed(state, seasonal(23, 200), new Random(4));
        byte[] bytes = state.toBytes();

        assertThatThrownBy(() -> SeriesState.fromBytes(Arrays.copyOf(bytes, bytes.length - 3), SMALL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corrupt series state");
        byte[] otherFormat = bytes.clone();
        otherFormat[0] = 9;
        assertThatThrownBy(() -> SeriesState.fromBytes(otherFormat, SMALL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format 9");
        assertThatThrownBy(() -> SeriesState.fromBytes(new byte[0], SMALL))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldScoreARecordFarBeyondThePastNearOneAndATypicalErrorNearAHalf() {
        SeriesState state = new SeriesState(SMALL);
        AnomalyScore[] scores = feed(state, seasonal(24, 300), new Random(5));

        state.add(100);
        AnomalyScore typical = state.score(1.0); // the median of the fed errors
        state.add(100);
        AnomalyScore record = state.score(Math.exp(4.5)); // beyond every past one (they are below e^3.5 or so)
        state.add(100);
        AnomalyScore farRecord = state.score(Math.exp(9));

        assertThat(Arrays.stream(scores).filter(AnomalyScore::anomaly)).as("flags among ordinary errors").hasSizeLessThan(3);
        assertThat(typical.score()).isBetween(0.4, 0.6);
        assertThat(record.score()).isGreaterThan(1 - 1.0 / SMALL.errorHistory()).isLessThan(farRecord.score());
        assertThat(farRecord.score()).isGreaterThan(0.99999);
        assertThat(farRecord.anomaly()).isTrue();
    }

    @Test
    void shouldRefuseToScoreAPointTwice() {
        SeriesState state = new SeriesState(SMALL);
        feed(state, seasonal(25, 50), new Random(6));

        assertThatThrownBy(() -> state.score(1.0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("point 50");
    }

    @Test
    void shouldSplitTrainingSegmentsAtAFlaggedPointAndEndTheStretchWhenErrorsAreOrdinaryAgain() {
        SeriesState state = new SeriesState(SMALL);
        feed(state, seasonal(26, 300), new Random(7));
        state.add(500);
        assertThat(state.score(1e6).anomaly()).isTrue();
        state.add(100);
        state.score(Math.exp(3.0)); // still beyond 90% of the ordinary errors: the stretch goes on
        state.add(100);
        state.score(1.0); // an ordinary error: the stretch is over
        feed(state, seasonal(27, 98), new Random(8));

        List<double[]> segments = state.trainingSegments();

        // 400 points kept: 299 before the flag, the flag and the point after it, then 99 from the ordinary one on
        assertThat(segments).extracting(s -> s.length).containsExactly(299, 99);
    }

    /**
     * The layout, written here the way format 1 was first written (a DataOutputStream, field by field), so a change to
     * toBytes that still round-trips but writes other bytes fails: changelogs hold states written by older versions.
     */
    @Test
    void shouldWriteTheFirstFormatByteForByte() throws Exception {
        SeriesState state = new SeriesState(SMALL);
        feed(state, seasonal(29, 700), new Random(6)); // past both rings' capacities, so they wrap

        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(expected)) {
            out.writeByte(1);
            out.writeLong(state.count());
            java.nio.ByteBuffer actual = java.nio.ByteBuffer.wrap(state.toBytes());
            actual.position(9);
            out.writeLong(actual.getLong()); // scoredAt and nextRefresh are private; the rest is derived below
            out.writeLong(actual.getLong());
            out.writeBoolean(actual.get() != 0);
            boolean normaliser = actual.get() != 0;
            out.writeBoolean(normaliser);
            if (normaliser) {
                out.writeDouble(actual.getDouble());
                out.writeDouble(actual.getDouble());
            }
            double[] recent = state.recentValues(SMALL.trainingPoints());
            out.writeInt(recent.length);
            for (double v : recent) {
                out.writeDouble(v);
            }
            byte[] marks = new byte[(recent.length + 7) / 8];
            actual.position(actual.position() + 4 + recent.length * 8);
            actual.get(marks);
            out.write(marks);
            out.writeInt(state.errorCount());
        }
        byte[] bytes = state.toBytes();
        assertThat(Arrays.copyOf(bytes, expected.size())).containsExactly(expected.toByteArray());
        assertThat(SeriesState.fromBytes(bytes, SMALL).toBytes()).containsExactly(bytes);
    }
}
