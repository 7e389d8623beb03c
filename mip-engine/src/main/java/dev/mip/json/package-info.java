/**
 * Typed, validated reads of JSON fields: {@link dev.mip.json.JsonFields} reads the fields of one
 * JSON object from one file, and every failure names the file, the dotted field path and the value
 * expected, so that a user can fix a hand-edited {@code config.json} or manifest.
 *
 * <p>Layer: base. Uses only the root package {@code dev.mip}, the JDK and Jackson.
 */
package dev.mip.json;
