package dev.mip.unlearn;

import dev.mip.locate.InfluentialPaths;

/**
 * The settings of one unlearning method, one record type per method: {@link MipSettings},
 * {@link GradientSettings} (GA_Diff, KL_Min, NPO) and {@link ManuSettings}. Each says which method
 * it configures, whether that method reads the located paths, and makes the method ready to run;
 * the configuration reader picks the record, and nothing else looks at the method's name.
 */
public sealed interface MethodSettings permits MipSettings, GradientSettings, ManuSettings {
    /** @return the method these settings configure */
    Method method();

    /** @return whether the method needs the influential paths of the locate stage */
    default boolean usesPaths() {
        return false;
    }

    /**
     * @param paths the located paths when {@link #usesPaths()}, else ignored (may be null)
     * @return the method, ready to {@link UnlearningMethod#apply apply}
     * @throws dev.mip.InvalidInputException when the method needs paths and none are given
     */
    UnlearningMethod create(InfluentialPaths paths);
}
