/**
 * The single door to DJL: {@link dev.mip.runtime.DjlRuntime} forces DJL's offline mode (no telemetry,
 * no downloads of native libraries or models) before any DJL class initialises, creates
 * {@code NDManager}s, and parses the device ({@code cpu}, {@code gpu:0}, ...) and dtype settings
 * with messages that name the setting at fault. Every entry point that touches DJL calls
 * {@link dev.mip.runtime.DjlRuntime#init()} first.
 *
 * <p>Layer: base. Uses only the root package {@code dev.mip}, the JDK and DJL.
 */
package dev.mip.runtime;
