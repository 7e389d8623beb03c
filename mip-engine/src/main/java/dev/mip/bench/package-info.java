/**
 * Benchmarks and method comparisons, run from the command line ({@code mip bench}).
 * {@link dev.mip.bench.EngineBenchmark} and {@link dev.mip.bench.LocateBenchmark} measure the model
 * runtime and {@code locate} against {@link dev.mip.bench.MatmulReference} and
 * {@link dev.mip.bench.NaiveLocator}, with {@link dev.mip.runtime.PeakMemory};
 * {@link dev.mip.bench.PathEvidence} checks that the located paths matter;
 * {@link dev.mip.bench.UnlearnSweep} runs a resumable sweep of unlearning runs and
 * {@link dev.mip.bench.SweepReport} turns its results into tables and a trade-off plot.
 *
 * <p>Layer: tools (with cli). May use every layer below it; never cli, which uses it.
 */
package dev.mip.bench;
