package io.streamcast.app.scoring;

import java.util.Objects;

/**
 * A model version as every prediction names it: {@code name} and {@code version} (the seasonal-naive baseline is
 * version 0). Live error, interval calibration and drift are all kept per model version.
 */
public record ModelId(String name, long version) {
    public ModelId {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return name + " v" + version;
    }
}
