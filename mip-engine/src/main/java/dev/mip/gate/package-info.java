/**
 * The release gate of {@code mip:verify}: explicit bounds on named metrics of the unlearned model,
 * absolute or relative to the vanilla (original) model measured in the same run.
 *
 * <p>Entry point: {@link dev.mip.gate.Gate#check}, which checks every {@link dev.mip.gate.GateRule}
 * against every metric its glob matches and returns a {@link dev.mip.gate.GateResult}: every
 * {@link dev.mip.gate.GateCheck} (passes included), each with a one-line message, and one overall
 * {@link dev.mip.gate.Verdict}. Conventions follow JaCoCo {@code check}, maven-enforcer and MLflow
 * validation thresholds: {@code min}/{@code max} rather than a direction flag, every violation
 * listed, then one verdict, and "could not evaluate" is an error, never a pass. No Maven types
 * here: the plugin maps the verdict to its exceptions.
 *
 * <p>Layer: verdict (with report). Uses the layers below it (the metrics and their names from
 * eval); never report, config, run or the tools.
 */
package dev.mip.gate;
