package dev.mip.data.format;

import dev.mip.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The rules for paths inside a dataset (image references and the manifest's {@code files} keys):
 * relative, {@code /}-separated, no {@code .} or {@code ..} segments, and, once symbolic links are
 * followed, inside the dataset directory.
 */
final class RelativePaths {
    private RelativePaths() {}

    /** Reports a problem at the place the path was written. */
    @FunctionalInterface
    interface Errors {
        /**
         * @param problem what is wrong
         * @param fix what to do
         * @return the exception to throw
         */
        InvalidInputException error(String problem, String fix);
    }

    /** The fix for every malformed path. */
    static final String FIX = "Write the path relative to the dataset directory, with / as separator and no"
            + " \".\" or \"..\" segments, e.g. \"images/p001.png\"";

    /**
     * @param p a path as written in the dataset
     * @return null when it is well-formed, else what is wrong with it
     */
    static String problem(String p) {
        String shown = "path \"" + p + "\"";
        if (p.isEmpty()) {
            return "path is empty";
        }
        if (p.startsWith("/") || p.startsWith("\\") || p.matches("^[A-Za-z]:.*")) {
            return shown + " is absolute";
        }
        if (p.indexOf('\\') >= 0) {
            return shown + " contains a backslash";
        }
        for (int i = 0; i < p.length(); i++) {
            if (Character.isISOControl(p.charAt(i))) {
                return shown + " contains a control character";
            }
        }
        for (String segment : p.split("/", -1)) {
            if (segment.equals("..")) {
                return shown + " contains \"..\"";
            }
            if (segment.equals(".")) {
                return shown + " contains a \".\" segment";
            }
            if (segment.isEmpty()) {
                return shown + " has an empty segment (\"//\" or a trailing \"/\")";
            }
        }
        return null;
    }

    /**
     * Checks a path written in the dataset and resolves it to an existing regular file inside the
     * dataset directory.
     *
     * @param root the dataset directory (absolute, normalised)
     * @param realRoot the dataset directory with symbolic links resolved
     * @param p the path as written
     * @param errors builds the exception, naming the place the path was written
     * @return the file ({@code root.resolve(p)}, links not resolved)
     */
    static Path existingFile(Path root, Path realRoot, String p, Errors errors) {
        String problem = problem(p);
        if (problem != null) {
            throw errors.error(problem, FIX);
        }
        Path file = root.resolve(p);
        Path real;
        try {
            real = file.toRealPath();
        } catch (NoSuchFileException e) {
            throw errors.error("file \"" + p + "\" does not exist (looked for " + file + ")",
                    "Add the file or correct the path; paths are relative to the dataset directory and case-sensitive");
        } catch (IOException e) {
            throw errors.error("file \"" + p + "\" cannot be accessed: " + e, "Check the file's permissions");
        }
        if (!real.startsWith(realRoot)) {
            throw errors.error("path \"" + p + "\" resolves to " + real + ", outside the dataset directory " + realRoot,
                    "Copy the file into the dataset directory instead of linking to a file outside it");
        }
        if (!Files.isRegularFile(real)) {
            throw errors.error("path \"" + p + "\" is a directory, not a file", "Point it at a file");
        }
        return file;
    }
}
