/**
 * Vanilla fine-tuning, and the training pieces the unlearning methods reuse.
 * {@link dev.mip.train.Trainer} trains every parameter on question/answer pairs with the answer-only
 * next-token loss, configured by {@link dev.mip.train.TrainOptions}, deterministically for a seed on
 * CPU; {@link dev.mip.train.Adam} is the optimizer (AdamW with gradient clipping) and
 * {@link dev.mip.train.DivergenceGuard} stops a run whose loss becomes NaN, infinite or explodes.
 *
 * <p>Layer: stages (the lowest of them). Uses the base, model and data layers; never locate, unlearn
 * or eval.
 */
package dev.mip.train;
