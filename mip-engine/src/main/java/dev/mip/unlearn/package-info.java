/**
 * The unlearning methods, which edit a loaded checkpoint's weights in place so that it forgets the
 * forget pairs and keeps the retain pairs ({@link dev.mip.unlearn.UnlearnData}). Each is an
 * {@link dev.mip.unlearn.UnlearningMethod} made from its own {@link dev.mip.unlearn.MethodSettings}
 * record: {@link dev.mip.unlearn.MipEditor} (MIP's stages 2 and 3, see {@code docs/method.md}:
 * prune the located path neurons, then retrain only them), {@link dev.mip.unlearn.GradientBaseline}
 * (GA_Diff, KL_Min, NPO) and {@link dev.mip.unlearn.ManuPruning} (MANU). {@link dev.mip.unlearn.Method}
 * names them, and a run is described by an {@link dev.mip.unlearn.UnlearnReport}.
 *
 * <p>Layer: stages (above train and locate). Uses the base, model and data layers, train (the
 * optimizer and the divergence guard) and locate (the paths); locate and eval never use it.
 */
package dev.mip.unlearn;
