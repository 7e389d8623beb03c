/**
 * The project's own dataset format, {@code mip-dataset} version 1 (documented in
 * {@code docs/dataset-format.md}): a directory of {@code manifest.json}, JSON Lines files of
 * profiles, training pairs and questions, and PNG/JPEG images.
 * {@link dev.mip.data.format.MipDatasetReader} reads one into a {@link dev.mip.data.Benchmark},
 * validating every file, record, field and image at load time and naming the file, line and field
 * of the first problem; {@link dev.mip.data.format.MipDatasetWriter} writes one deterministically
 * and atomically, and reads it back before moving it into place.
 *
 * <p>Layer: data (a reader and writer, above {@code dev.mip.data}). Uses the base and model layers
 * and {@code dev.mip.data}; never {@code dev.mip.data.load}.
 */
package dev.mip.data.format;
