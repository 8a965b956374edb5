package io.streamcast.models.eval.nab;

import java.util.List;
import java.util.Objects;

/**
 * A NAB application profile: the weights of a true positive, a false positive and a false negative.
 *
 * <p>The three published profiles are NAB's {@code config/profiles.json}. (NAB's files also carry a true-negative
 * weight of 1.0, which its scorer never uses.)
 */
public record NabProfile(String name, double tpWeight, double fpWeight, double fnWeight) {

    /** NAB's {@code standard}: A_TP = 1, A_FP = 0.11, A_FN = 1. */
    public static final NabProfile STANDARD = new NabProfile("standard", 1.0, 0.11, 1.0);

    /** NAB's {@code reward_low_FP_rate}: false positives cost twice as much as in the standard profile. */
    public static final NabProfile REWARD_LOW_FP_RATE = new NabProfile("reward_low_FP_rate", 1.0, 0.22, 1.0);

    /** NAB's {@code reward_low_FN_rate}: a missed window costs twice as much as in the standard profile. */
    public static final NabProfile REWARD_LOW_FN_RATE = new NabProfile("reward_low_FN_rate", 1.0, 0.11, 2.0);

    /** The profiles NAB publishes scores for, standard first. */
    public static final List<NabProfile> PUBLISHED = List.of(STANDARD, REWARD_LOW_FP_RATE, REWARD_LOW_FN_RATE);

    public NabProfile {
        Objects.requireNonNull(name, "name");
        if (!(tpWeight > 0) || !Double.isFinite(tpWeight)) {
            throw new IllegalArgumentException("profile " + name + ": tpWeight must be positive, was " + tpWeight);
        }
        if (!(fpWeight >= 0) || !Double.isFinite(fpWeight) || !(fnWeight >= 0) || !Double.isFinite(fnWeight)) {
            throw new IllegalArgumentException("profile " + name + ": fpWeight and fnWeight must be at least 0, were "
                    + fpWeight + " and " + fnWeight);
        }
    }
}
