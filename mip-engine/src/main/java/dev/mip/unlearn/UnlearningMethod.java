package dev.mip.unlearn;

import dev.mip.model.Checkpoint;
import dev.mip.ProgressListener;

/**
 * An unlearning method: edits a loaded checkpoint's weights in place so that it forgets the forget
 * pairs and keeps the retain pairs. Implementations: {@link MipEditor} (the paper's method),
 * {@link GradientBaseline} (GA_Diff, KL_Min, NPO), {@link ManuPruning}; each is made from its
 * settings record by {@link MethodSettings#create}.
 */
public interface UnlearningMethod {
    /** @return the settings the method runs with (recorded in the unlearned model's manifest) */
    MethodSettings settings();

    /** @return the method's id ({@code mip}, {@code ga-diff}, {@code kl-min}, {@code npo}, {@code manu}) */
    default String id() {
        return settings().method().id();
    }

    /**
     * @param checkpoint the model to edit (in place)
     * @param data forget and retain pairs
     * @param progress progress reporting
     * @return what was done
     */
    UnlearnReport apply(Checkpoint checkpoint, UnlearnData data, ProgressListener progress);
}
