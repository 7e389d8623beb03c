package dev.mip.io;

import dev.mip.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a run's outputs out of its inputs: an output (a file, a directory, a cache) that is, lies
 * inside or contains an input directory (the model, the dataset) would write into what the user
 * asked us only to read — the unlearned model replacing the original, which verify would then
 * compare with itself, or caches and reports landing in the dataset. Paths are compared after
 * resolving symbolic links (of the longest prefix that exists), so a link cannot hide an overlap.
 */
public final class OutputOverlap {
    private OutputOverlap() {}

    /**
     * A path the user named, with the key (or command-line option) that names it.
     *
     * @param key the configuration key or option, e.g. {@code model.path} or {@code --out}
     * @param path the path
     */
    public record Named(String key, Path path) {}

    /**
     * One overlap found.
     *
     * @param output the output
     * @param input the input it overlaps
     * @param relation {@code "is"}, {@code "lies inside"} or {@code "contains"}
     */
    public record Overlap(Named output, Named input, String relation) {
        /** @return e.g. {@code resolves to /p/model, which is model.path (/p/model)} */
        public String describe() {
            return "resolves to " + canonical(output.path()) + ", which " + relation + " " + input.key() + " ("
                    + canonical(input.path()) + ")";
        }
    }

    /**
     * @param outputs paths a run writes
     * @param inputs paths a run only reads
     * @return every output/input pair that overlaps, in the order given
     */
    public static List<Overlap> find(List<Named> outputs, List<Named> inputs) {
        List<Overlap> out = new ArrayList<>();
        for (Named o : outputs) {
            Path op = canonical(o.path());
            for (Named i : inputs) {
                Path ip = canonical(i.path());
                String rel = op.equals(ip) ? "is" : op.startsWith(ip) ? "lies inside" : ip.startsWith(op) ? "contains" : null;
                if (rel != null) {
                    out.add(new Overlap(o, i, rel));
                }
            }
        }
        return out;
    }

    /**
     * Fails on the first overlap (for the command line, where each option is one path).
     *
     * @param outputs paths the command writes
     * @param inputs paths the command only reads
     * @throws InvalidInputException naming both options and the fix
     */
    public static void require(List<Named> outputs, List<Named> inputs) {
        for (Overlap o : find(outputs, inputs)) {
            throw InvalidInputException.of(o.output().path(), o.output().key(), o.describe() + ": the command would write into "
                    + "an input it must only read", "Choose a " + o.output().key() + " outside " + o.input().key());
        }
    }

    /**
     * The absolute, normalised path with symbolic links resolved: the longest prefix that exists is
     * resolved with {@link Path#toRealPath}, the rest appended as written.
     *
     * @param p a path
     * @return its canonical form
     */
    public static Path canonical(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        Path rest = null;
        while (existing != null && !Files.exists(existing)) {
            Path name = existing.getFileName();
            rest = rest == null ? name : name.resolve(rest);
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            Path real = existing.toRealPath();
            return rest == null ? real : real.resolve(rest).normalize();
        } catch (IOException e) {
            return abs;
        }
    }
}
