/**
 * Loads a benchmark in any supported format: {@link dev.mip.data.load.BenchmarkLoader} picks the
 * reader from a {@link dev.mip.data.load.BenchmarkLoader.Format} ({@code mip}, {@code mllmu-bench},
 * or {@code auto}: a {@code manifest.json} means the project's own format) and returns a
 * {@link dev.mip.data.Benchmark}.
 *
 * <p>Layer: data (its highest package). Uses the base layer, {@code dev.mip.data} and the readers in
 * {@code dev.mip.data.format} and {@code dev.mip.data.mllmu}; none of the data packages uses it.
 */
package dev.mip.data.load;
