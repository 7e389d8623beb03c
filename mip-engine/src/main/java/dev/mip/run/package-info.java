/**
 * The pipeline for one configuration, as the Maven goals, the command line and the sweeps run it:
 * {@link dev.mip.run.Pipeline} runs locate, then unlearn, then verify (evaluate the unlearned and the
 * vanilla model, check the gate, write the reports). Each input is read and fingerprinted once
 * ({@link dev.mip.run.Inputs}); each stage records its inputs' and outputs' fingerprints in a
 * {@link dev.mip.run.RunState}, so an unchanged stage is not recomputed and verify replays its
 * recorded verdict. {@link dev.mip.run.Unlearner} is the unlearn stage as one call, saving the edited
 * checkpoint atomically with its manifest, and {@link dev.mip.run.UnlearnedModel} checks that manifest
 * before verify judges the model; {@link dev.mip.run.MetricsFile} caches metrics.
 *
 * <p>Layer: run. Uses every layer below it (base, model, data, stages, verdict, config); only the
 * tools (and the Maven plugin) use it.
 */
package dev.mip.run;
