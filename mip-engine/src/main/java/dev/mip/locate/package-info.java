/**
 * Stage 1 of MIP (see {@code docs/method.md}): the forget set's influential neuron paths.
 * {@link dev.mip.locate.PathLocator} scores the FFN neurons of the decoder by integrated gradients
 * (IGI) and of the vision tower by squared gradients (IFI), configured by
 * {@link dev.mip.locate.LocateSettings}; {@link dev.mip.locate.PathScores} aggregates the scores in
 * fixed point, so shards merge into exactly the single-run result; {@link dev.mip.locate.InfluentialPaths}
 * is the artifact of {@code locate}, a versioned JSON file with the scores, the chosen neurons and the
 * fingerprints of the model and forget data.
 *
 * <p>Layer: stages (above train). Uses the base, model and data layers (and may use train); never
 * unlearn or eval.
 */
package dev.mip.locate;
