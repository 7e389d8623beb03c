/**
 * The benchmark records every reader, the generator and the stages share: a
 * {@link dev.mip.data.Benchmark} of {@link dev.mip.data.Profile}s, training
 * {@link dev.mip.data.QaPair}s, evaluation {@link dev.mip.data.Question}s and named profile sets,
 * with images as {@link dev.mip.data.ImageRef}s and questions classified by
 * {@link dev.mip.data.EvalSplit}, {@link dev.mip.data.Modality}, {@link dev.mip.data.Task} and
 * {@link dev.mip.data.Variant}. {@link dev.mip.data.PixelCache} preprocesses each image once for a
 * model, and {@link dev.mip.data.ImageAlterations} makes the altered test images and the training
 * augmentation.
 *
 * <p>Layer: data (its lowest package). Uses the base and model layers; never its subpackages
 * {@code format}, {@code mllmu}, {@code synth} or {@code load}, which build these records.
 */
package dev.mip.data;
