/**
 * The single door to DJL: {@link dev.mip.runtime.DjlRuntime}. Loading it forces DJL's offline mode
 * (no telemetry, no downloads of native libraries or models) before any DJL class initialises, and
 * every entry point that touches DJL calls {@link dev.mip.runtime.DjlRuntime#init()} first. It also
 * creates {@code NDManager}s and parses the device ({@code cpu}, {@code gpu}, {@code gpu:N}) and
 * compute dtype ({@code float32}, {@code float64}, {@code float16}) settings, naming the file and
 * field at fault when a value is wrong.
 *
 * <p>Layer: base. Uses only the root package {@code dev.mip}, the JDK and DJL.
 */
package dev.mip.runtime;
