package io.streamcast.app.messages;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A record on a classes topic ({@code image-classes}, …): one for every accepted input, keyed by its id.
 *
 * @param id         the input's id
 * @param label      the most probable class
 * @param confidence its probability
 * @param top        the most probable classes, most probable first ({@code streamcast.<kind>.top-k} of them)
 * @param model      which model made the prediction
 * @param actual     the input's own label, when it had one (the prediction was made before the model saw it)
 * @param correct    whether {@code label} equals {@code actual}; only with {@code actual}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClassificationMessage(String id, String label, double confidence, List<ClassProbability> top,
                                    ForecastMessage.ModelRef model, String actual, Boolean correct) {

    /** A class and its probability. */
    public record ClassProbability(String label, double probability) {
    }
}
