package dev.mip.io;

import dev.mip.ResourceException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Writes outputs so that an interrupted run never leaves a file (or directory) that looks
 * complete: everything is written under a temporary name in the same directory, then moved into
 * place in one rename.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes the body of a file. */
    @FunctionalInterface
    public interface Body {
        /**
         * @param out the stream to write to; closed by the caller
         * @throws IOException on write failure
         */
        void write(OutputStream out) throws IOException;
    }

    /** Fills a directory. */
    @FunctionalInterface
    public interface DirectoryBody {
        /**
         * @param dir an empty temporary directory to fill
         * @throws IOException on write failure
         */
        void fill(Path dir) throws IOException;
    }

    /**
     * Writes {@code target} atomically.
     *
     * @param target final path
     * @param body writes the content
     */
    public static void write(Path target, Body body) {
        Path abs = target.toAbsolutePath();
        Path parent = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(parent);
            tmp = Files.createTempFile(parent, "." + abs.getFileName() + ".", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                body.write(out);
            }
            move(tmp, abs);
            tmp = null;
        } catch (IOException e) {
            throw ResourceException.io("Could not write " + target, e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * Writes a UTF-8 string to {@code target} atomically.
     *
     * @param target final path
     * @param text content
     */
    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Builds a whole directory under a temporary name, then moves it to {@code target}, replacing
     * an existing directory only after the new one is complete.
     *
     * @param target final directory
     * @param body fills the temporary directory
     */
    public static void writeDirectory(Path target, DirectoryBody body) {
        Path abs = target.toAbsolutePath();
        Path parent = abs.getParent();
        Path tmp = null;
        Path old = null;
        try {
            Files.createDirectories(parent);
            tmp = Files.createTempDirectory(parent, "." + abs.getFileName() + ".");
            body.fill(tmp);
            if (Files.exists(abs)) {
                old = Files.createTempDirectory(parent, "." + abs.getFileName() + ".old.");
                Files.delete(old);
                move(abs, old);
            }
            move(tmp, abs);
            tmp = null;
        } catch (IOException e) {
            throw ResourceException.io("Could not write directory " + target, e);
        } finally {
            deleteRecursively(tmp);
            deleteRecursively(old);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException | DirectoryNotEmptyException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort clean-up of our own temporary file
            }
        }
    }

    /**
     * Deletes a file tree (no-op for null or absent paths).
     *
     * @param root the tree to delete
     */
    public static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw ResourceException.io("Could not delete " + root, e);
        }
    }
}
