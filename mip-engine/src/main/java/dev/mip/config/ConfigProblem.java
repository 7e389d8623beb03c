package dev.mip.config;

import dev.mip.config.YamlLocations.Position;

/**
 * One thing wrong with a configuration file.
 *
 * @param field dotted path of the offending key, e.g. {@code gate.rules[2].max}
 * @param problem what is wrong, e.g. {@code is 300 but must be between 1 and 256}
 * @param fix what the user should do
 * @param at where it is, or null to look the field up in the file
 */
record ConfigProblem(String field, String problem, String fix, Position at) {
}
