package io.streamcast.app.training;

/** Tells the retrainer whether the live error of a served model version has drifted from its baseline. */
@FunctionalInterface
public interface DriftSignal {
    /** No drift ever: retraining on the schedule only. */
    DriftSignal NONE = (model, version) -> false;

    boolean drifted(String model, long version);
}
