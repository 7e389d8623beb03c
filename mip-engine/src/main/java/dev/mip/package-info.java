/**
 * What every package of the engine shares: the errors it raises on purpose and the few helpers that
 * must behave the same everywhere. {@link dev.mip.MipException} is the base of those errors;
 * {@link dev.mip.InvalidInputException} means the user's input is wrong and
 * {@link dev.mip.ResourceException} that the machine stopped the run (disk full, permissions, a held
 * lock). Long work reports through {@link dev.mip.ProgressListener}, rate-limited by
 * {@link dev.mip.ProgressMeter}; {@link dev.mip.Shuffle}, {@link dev.mip.TopK} and
 * {@link dev.mip.Spelling} are the one seeded shuffle, the one top-k selection and the one
 * "did you mean ...?" matcher of the project.
 *
 * <p>Layer: base (its root). Uses only the JDK; every other package may use it.
 */
package dev.mip;
