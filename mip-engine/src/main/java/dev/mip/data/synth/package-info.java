/**
 * Generates the embedded synthetic benchmark, in the shape of MLLMU-Bench and deterministic from a
 * seed: {@link dev.mip.data.synth.SyntheticBenchmark} makes fictitious profiles with training pairs
 * in both modalities, evaluation questions, a paraphrased test split on altered portraits, holdout
 * profiles and a "world" split of general knowledge. Portraits are drawn from
 * {@link dev.mip.data.synth.PortraitTraits} by {@link dev.mip.data.synth.PortraitPainter}, world
 * pictures are {@link dev.mip.data.synth.ShapeScene}s, and {@link dev.mip.data.synth.DeterministicPng}
 * writes PNG files whose bytes are the same on every machine and JDK.
 *
 * <p>Layer: data (the generator, above {@code dev.mip.data}). Uses the base and model layers and
 * {@code dev.mip.data}; never {@code dev.mip.data.load}.
 */
package dev.mip.data.synth;
