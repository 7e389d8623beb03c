/**
 * Safetensors, read and written in plain Java (no DJL): {@link dev.mip.model.io.SafetensorsFile}
 * opens one file with its header fully validated, {@link dev.mip.model.io.SafetensorsWriter} writes
 * one deterministically, and {@link dev.mip.model.io.CheckpointWeights} finds and opens the weights
 * of a model directory (single or sharded; pickle checkpoints are refused unopened).
 * {@link dev.mip.model.io.TensorInfo} and {@link dev.mip.model.io.TensorDType} describe a stored
 * tensor; {@link dev.mip.model.io.HalfFloats} converts float16 and bfloat16 values exactly.
 *
 * <p>Layer: model (its lower part). Uses only the base layer; {@code dev.mip.model} builds on it,
 * never the reverse.
 */
package dev.mip.model.io;
