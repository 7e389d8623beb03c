package dev.mip;

/**
 * Base of every error the engine raises on purpose. The message is written for the user: it names
 * the file, the field (or tensor, or record) and the fix.
 */
public class MipException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, where, and how to fix it */
    public MipException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, where, and how to fix it
     * @param cause the underlying failure
     */
    public MipException(String message, Throwable cause) {
        super(message, cause);
    }
}
