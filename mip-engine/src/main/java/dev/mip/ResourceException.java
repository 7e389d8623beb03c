package dev.mip;

/**
 * The machine, not the input or the engine, stopped the run: the disk is full, a file cannot be
 * read or written (permissions), or another run holds the output directory's lock. The message
 * names the file and what to do. The command line exits with 2 on it, as on bad input; the Maven
 * goals fail with {@code MojoExecutionException}.
 */
public class ResourceException extends MipException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, where, and what to do */
    public ResourceException(String message) {
        super(message);
    }

    /**
     * @param message what failed, where, and what to do
     * @param cause the underlying failure
     */
    public ResourceException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * An I/O failure on a file as the user should read it: a full disk is said so, with its fix.
     *
     * @param action what was being done, e.g. {@code "Could not write target/mip/report.json"}
     * @param e the failure
     * @return the exception to throw
     */
    public static ResourceException io(String action, java.io.IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            reason = f.getReason() + (f.getFile() != null ? " (" + f.getFile() + ")" : "");
        }
        String fix = diskFull(e) ? "The disk is full: free space on it (or point the output elsewhere) and run again"
                : "Check that the path exists, is writable and the disk is not full";
        return new ResourceException(action + ": " + reason + ". " + fix, e);
    }

    /**
     * @param e an I/O failure
     * @return whether it reports a full disk or an exceeded quota (ENOSPC, EDQUOT)
     */
    public static boolean diskFull(java.io.IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded")
                    || m.contains("There is not enough space on the disk"))) {
                return true;
            }
        }
        return false;
    }
}
