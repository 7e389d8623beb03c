/**
 * The configuration file {@code mip.yaml} that every goal reads: {@link dev.mip.config.MipConfig#load}
 * checks it against one schema of every key (kind, default, range, unit and meaning), reports every
 * problem at once, one line each with file, line, column and fix, and turns it into the settings
 * records of the layers below (locate, unlearn, eval and gate settings, the data format).
 * {@link dev.mip.config.MipConfig#referenceMarkdown()} generates the key reference published as
 * {@code docs/configuration.md} from the same schema.
 *
 * <p>Layer: config. Uses the base, model, data, stages and verdict layers; never run or the tools.
 */
package dev.mip.config;
