/**
 * The release gate of {@code mip:verify}: explicit bounds on named metrics of the unlearned model,
 * absolute or relative to the vanilla (original) model measured in the same run. Conventions
 * follow JaCoCo {@code check}, maven-enforcer and MLflow validation thresholds: {@code min}/{@code max}
 * rather than a direction flag, every violation listed, then one verdict, and "could not evaluate"
 * is an error, never a pass. No Maven types here: the plugin maps the verdict to its exceptions.
 */
package dev.mip.gate;
