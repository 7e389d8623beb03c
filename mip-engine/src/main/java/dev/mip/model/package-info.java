/**
 * LLaVA-style multimodal models: a CLIP vision tower, a 2-layer projector and a LLaMA or Qwen2
 * decoder, in Hugging Face's checkpoint layout. {@link dev.mip.model.Checkpoint} loads and saves a
 * checkpoint directory; {@link dev.mip.model.Mllm} is the forward pass, reading its parameters
 * through {@link dev.mip.model.Weights} and scaling FFN neurons through
 * {@link dev.mip.model.ScaleHooks}; {@link dev.mip.model.BatchBuilder} turns
 * {@link dev.mip.model.Example}s into a {@link dev.mip.model.Batch} (prompt format, tokenizer, image
 * preprocessing by {@link dev.mip.model.ImageProcessor}); {@link dev.mip.model.Generator} decodes
 * greedily; {@link dev.mip.model.RandomCheckpoint} creates a new model to train from scratch.
 *
 * <p>Layer: model. Uses the base layer and {@code dev.mip.model.io}; never data or anything above.
 */
package dev.mip.model;
