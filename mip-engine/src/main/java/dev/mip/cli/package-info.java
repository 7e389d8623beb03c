/**
 * The engine's command line, {@code java -jar mip-engine.jar <command> ...}, built with picocli:
 * {@link dev.mip.cli.Main} lists the commands (inspect, generate, score, synth, train, eval, locate,
 * merge-paths, unlearn, verify, bench) and maps outcomes to exit codes: 0 success, 1 a gate or check
 * failed, 2 bad input or a resource problem, 3 internal error. The commands mirror the Maven goals
 * ({@code verify} runs the same {@link dev.mip.run.Pipeline} from the same {@code mip.yaml}) and add
 * tools to sanity-check a checkpoint without Maven.
 *
 * <p>Layer: tools (with bench). May use every layer below it, and bench; no package uses it.
 */
package dev.mip.cli;
