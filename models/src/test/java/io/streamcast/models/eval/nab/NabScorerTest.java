package io.streamcast.models.eval.nab;

import static io.streamcast.models.eval.nab.NabFixtures.detectionsAt;
import static io.streamcast.models.eval.nab.NabFixtures.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The NAB rules on one 100-row file (rows 0–14 are its probation period) with one window on rows 40–49, unless a
 * test says otherwise.
 */
class NabScorerTest {

    private static final String KEY = "realTest/one_window.csv";
    private static final int ROWS = 100;
    private static final int[] WINDOW = {40, 49};
    private static final double EXACT = 1e-12;

    private final NabScorer scorer = new NabScorer(NabCorpus.of(List.of(file(KEY, ROWS, WINDOW))));

    /** {@code 2 / (1 + e^{5x}) − 1}, written out here independently of the code under test. */
    private static double sigmoidWeight(double position) {
        return 2 / (1 + Math.exp(5 * position)) - 1;
    }

    private NabScore best(double[] scores, NabProfile profile) {
        return scorer.score(Map.of(KEY, scores), profile);
    }

    private NabScore atHalf(double[] scores, NabProfile profile) {
        return scorer.score(Map.of(KEY, scores), profile, 0.5);
    }

    @Test
    void shouldRewardADetectionOnAWindowsFirstRowWithExactlyTheTpWeight() {
        NabScore score = best(detectionsAt(ROWS, 40), NabProfile.STANDARD);

        assertThat(score.rawScore()).isCloseTo(NabProfile.STANDARD.tpWeight(), within(EXACT));
        assertThat(score.normalisedScore()).isCloseTo(100, within(EXACT));
        assertThat(score.threshold()).isEqualTo(1.0);
        assertThat(score.windowsDetected()).isEqualTo(1);
        assertThat(score.tp()).isEqualTo(1);
    }

    @Test
    void shouldRewardLaterDetectionsInAWindowLess() {
        double middle = best(detectionsAt(ROWS, 45), NabProfile.STANDARD).rawScore();
        double last = best(detectionsAt(ROWS, 49), NabProfile.STANDARD).rawScore();

        // position of row i: -(lastRow - i + 1) / width, divided by the first row's weight
        assertThat(middle).isCloseTo(sigmoidWeight(-5 / 10.0) / sigmoidWeight(-1), within(EXACT));
        assertThat(last).isCloseTo(sigmoidWeight(-1 / 10.0) / sigmoidWeight(-1), within(EXACT));
        assertThat(last).isCloseTo(0.2482, within(1e-4)).isLessThan(middle);
        assertThat(middle).isLessThan(1.0);
    }

    @Test
    void shouldCostAFalsePositiveBeforeAnyWindowExactlyTheFpWeight() {
        NabScore score = atHalf(detectionsAt(ROWS, 40, 20), NabProfile.STANDARD);

        assertThat(score.rawScore()).isCloseTo(1.0 - 0.11, within(EXACT));
        assertThat(score.fp()).isEqualTo(1);
    }

    @Test
    void shouldCostAFalsePositiveMoreThreeWidthsAfterAWindowThanJustAfterIt() {
        double missed = -NabProfile.STANDARD.fnWeight();
        double justAfter = atHalf(detectionsAt(ROWS, 50), NabProfile.STANDARD).rawScore() - missed;
        double farAfter = atHalf(detectionsAt(ROWS, 49 + 3 * 9 + 1), NabProfile.STANDARD).rawScore() - missed;

        // position past the window: (i - lastRow) / (width - 1)
        assertThat(justAfter).isCloseTo(0.11 * sigmoidWeight(1 / 9.0), within(EXACT));
        assertThat(justAfter).isBetween(-0.11, 0.0);
        assertThat(farAfter).isCloseTo(-0.11, within(EXACT));
    }

    @Test
    void shouldIgnoreDetectionsDuringTheProbationPeriod() {
        NabScore score = atHalf(detectionsAt(ROWS, 5, 14), NabProfile.STANDARD);

        assertThat(score.rawScore()).isEqualTo(score.nullScore());
        assertThat(score.normalisedScore()).isZero();
        assertThat(score.fp()).isZero();
        assertThat(score.tn() + score.fn()).isEqualTo(ROWS - 15);
    }

    @Test
    void shouldNotScoreAWindowThatEndsInTheProbationPeriod() {
        NabScorer twoWindows = new NabScorer(NabCorpus.of(List.of(file(KEY, ROWS, new int[] {5, 10}, WINDOW))));

        NabScore score = twoWindows.score(Map.of(KEY, detectionsAt(ROWS, 5, 40)), NabProfile.STANDARD);

        assertThat(score.windows()).isEqualTo(1);
        assertThat(score.rawScore()).isCloseTo(1.0, within(EXACT));
    }

    @Test
    void shouldCountOnlyTheEarliestDetectionInAWindow() {
        NabScore startAndMiddle = best(detectionsAt(ROWS, 40, 45), NabProfile.STANDARD);
        double middle = best(detectionsAt(ROWS, 45), NabProfile.STANDARD).rawScore();
        double middleAndLast = best(detectionsAt(ROWS, 45, 49), NabProfile.STANDARD).rawScore();

        assertThat(startAndMiddle.rawScore()).isCloseTo(1.0, within(EXACT));
        assertThat(startAndMiddle.tp()).isEqualTo(2);
        assertThat(startAndMiddle.windowsDetected()).isEqualTo(1);
        assertThat(middleAndLast).isEqualTo(middle);
    }

    @Test
    void shouldCostAMissedWindowTheFnWeight() {
        NabScorer twoWindows = new NabScorer(NabCorpus.of(List.of(file(KEY, ROWS, WINDOW, new int[] {70, 79}))));
        Map<String, double[]> firstOnly = Map.of(KEY, detectionsAt(ROWS, 40));

        NabScore standard = twoWindows.score(firstOnly, NabProfile.STANDARD);
        NabScore lowFn = twoWindows.score(firstOnly, NabProfile.REWARD_LOW_FN_RATE);

        assertThat(standard.rawScore()).isCloseTo(1.0 - 1.0, within(EXACT));
        assertThat(lowFn.rawScore()).isCloseTo(1.0 - 2.0, within(EXACT));
        assertThat(standard.windowsDetected()).isEqualTo(1);
        assertThat(standard.windows()).isEqualTo(2);
    }

    @Test
    void shouldNormaliseNeverDetectingToZeroAndDetectingEachWindowStartToOneHundred() {
        NabScorer twoFiles = new NabScorer(NabCorpus.of(List.of(
                file("realTest/a.csv", ROWS, WINDOW, new int[] {70, 79}),
                file("realTest/b.csv", 200, new int[] {100, 119}))));
        Map<String, double[]> never = Map.of("realTest/a.csv", new double[ROWS], "realTest/b.csv", new double[200]);
        Map<String, double[]> perfect = Map.of("realTest/a.csv", detectionsAt(ROWS, 40, 70),
                "realTest/b.csv", detectionsAt(200, 100));

        for (NabProfile profile : NabProfile.PUBLISHED) {
            NabScore nothing = twoFiles.score(never, profile);
            NabScore all = twoFiles.score(perfect, profile);

            assertThat(nothing.normalisedScore()).as(profile.name()).isZero();
            assertThat(nothing.threshold()).isEqualTo(NabScorer.NO_DETECTION_THRESHOLD);
            assertThat(nothing.rawScore()).isEqualTo(-3 * profile.fnWeight());
            assertThat(all.normalisedScore()).as(profile.name()).isCloseTo(100, within(1e-9));
            assertThat(all.rawScore()).isCloseTo(3 * profile.tpWeight(), within(EXACT));
        }
    }

    @Test
    void shouldSweepOneThresholdOverAllFilesTogether() {
        NabScorer twoFiles = new NabScorer(NabCorpus.of(List.of(
                file("realTest/windowed.csv", ROWS, WINDOW), file("realTest/quiet.csv", ROWS))));
        double[] windowed = new double[ROWS];
        windowed[40] = 0.6;
        double[] quiet = new double[ROWS];
        quiet[60] = 0.7;

        NabScore score = twoFiles.score(Map.of("realTest/windowed.csv", windowed, "realTest/quiet.csv", quiet),
                NabProfile.STANDARD);

        // each file on its own would take 0.6 and 1.1 (raw 1.0); together one threshold keeps the false positive
        assertThat(score.threshold()).isEqualTo(0.6);
        assertThat(score.rawScore()).isCloseTo(1.0 - 0.11, within(EXACT));
        assertThat(score.fp()).isEqualTo(1);
    }

    @Test
    void shouldTakeTheHighestOfThresholdsThatScoreTheSame() {
        double[] scores = new double[ROWS];
        scores[40] = 0.9;
        scores[45] = 0.5;

        NabScore score = best(scores, NabProfile.STANDARD);

        assertThat(score.threshold()).isEqualTo(0.9);
        assertThat(score.tp()).isEqualTo(1);
    }

    @Test
    void shouldScoreEachPublishedProfileAtItsOwnThreshold() {
        double[] scores = new double[ROWS];
        scores[40] = 0.8;
        for (int i = 20; i < 30; i++) {
            scores[i] = 0.9; // ten false positives above the window's detection
        }

        Map<NabProfile, NabScore> all = scorer.scoreAll(Map.of(KEY, scores));

        // detecting the window earns A_TP + A_FN and costs 10 × A_FP
        assertThat(all).containsOnlyKeys(NabProfile.PUBLISHED);
        assertThat(all.get(NabProfile.STANDARD).threshold()).isEqualTo(0.8);
        assertThat(all.get(NabProfile.STANDARD).rawScore()).isCloseTo(1 - 10 * 0.11, within(EXACT));
        assertThat(all.get(NabProfile.REWARD_LOW_FP_RATE).threshold()).isEqualTo(NabScorer.NO_DETECTION_THRESHOLD);
        assertThat(all.get(NabProfile.REWARD_LOW_FP_RATE).rawScore()).isEqualTo(-1.0);
        assertThat(all.get(NabProfile.REWARD_LOW_FN_RATE).threshold()).isEqualTo(0.8);
    }

    @Test
    void shouldComputeTheProbationPeriodAsNabDoes() {
        assertThat(NabScorer.probationRows(100)).isEqualTo(15);
        assertThat(NabScorer.probationRows(4032)).isEqualTo(604);
        assertThat(NabScorer.probationRows(1243)).isEqualTo(186);
        assertThat(NabScorer.probationRows(4999)).isEqualTo(749);
        assertThat(NabScorer.probationRows(5000)).isEqualTo(750);
        assertThat(NabScorer.probationRows(22695)).isEqualTo(750);
    }

    @Test
    void shouldRejectScoresOutsideZeroToOneOrNotAlignedToRows() {
        double[] tooHigh = new double[ROWS];
        tooHigh[3] = 1.5;

        assertThatThrownBy(() -> best(tooHigh, NabProfile.STANDARD))
                .hasMessageContaining("row 3").hasMessageContaining("not in [0, 1]");
        assertThatThrownBy(() -> best(new double[ROWS - 1], NabProfile.STANDARD))
                .hasMessageContaining("99 anomaly scores for 100 rows");
        assertThatThrownBy(() -> scorer.score(Map.of("realTest/other.csv", new double[ROWS]), NabProfile.STANDARD))
                .hasMessageContaining("no NAB file realTest/other.csv");
    }
}
