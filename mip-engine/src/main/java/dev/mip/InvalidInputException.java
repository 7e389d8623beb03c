package dev.mip;

import java.nio.file.Path;

/**
 * A user-facing input (configuration, model directory, dataset, path, number) is wrong. Distinct
 * from a failure of the computation itself so that callers (the Maven plugin, the command line)
 * can report "fix your input" rather than "the tool broke".
 */
public class InvalidInputException extends MipException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, where (file, field) and the fix */
    public InvalidInputException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, where (file, field) and the fix
     * @param cause the underlying failure
     */
    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Builds the standard message shape {@code <file>: <field>: <problem>. <fix>}.
     *
     * @param file the offending file (may be null)
     * @param field the offending field, tensor or record (may be null)
     * @param problem what is wrong
     * @param fix what the user should do
     * @return the exception
     */
    public static InvalidInputException of(Path file, String field, String problem, String fix) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file).append(": ");
        }
        if (field != null && !field.isEmpty()) {
            sb.append(field).append(": ");
        }
        sb.append(problem);
        if (fix != null && !fix.isEmpty()) {
            sb.append(". ").append(fix);
        }
        return new InvalidInputException(sb.toString());
    }
}
