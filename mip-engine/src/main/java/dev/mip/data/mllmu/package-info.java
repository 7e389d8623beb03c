/**
 * Reads MLLMU-Bench's published Parquet layout into a {@link dev.mip.data.Benchmark}: entry point
 * {@link dev.mip.data.mllmu.MllmuBenchReader}. Parquet is read with parquet-java (no Hadoop file
 * system, no native code); the rest of the package turns rows into plain values, checks them and
 * maps them to profiles, questions, training pairs and profile sets.
 *
 * <p>Layer: data (a reader, above {@code dev.mip.data}). Uses the base layer and
 * {@code dev.mip.data}; never {@code dev.mip.data.load}.
 */
package dev.mip.data.mllmu;
