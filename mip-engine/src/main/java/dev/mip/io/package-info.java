/**
 * Files and fingerprints: how runs write their outputs and tie them to their inputs.
 * {@link dev.mip.io.AtomicFiles} writes files and directories under a temporary name and moves them
 * into place in one rename; {@link dev.mip.io.Sha256} and {@link dev.mip.io.Fingerprints} hash
 * files, models and directories; {@link dev.mip.io.OutputOverlap} keeps a run's outputs out of its
 * inputs; {@link dev.mip.io.OutputLock} is the lock across processes on a run's output directories.
 *
 * <p>Layer: base. Uses only the root package {@code dev.mip} and the JDK.
 */
package dev.mip.io;
