package dev.mip.data;

import dev.mip.io.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * One training example: the data a model was fine-tuned on, and what unlearning forgets or retains.
 *
 * @param subject profile id, or {@link Benchmark#WORLD}
 * @param modality image+text or text only
 * @param image the image for {@link Modality#IMAGE}, else null
 * @param question the question
 * @param answer the answer (the only tokens that carry loss)
 */
public record QaPair(String subject, Modality modality, ImageRef image, String question, String answer) {

    /**
     * The fingerprint of a list of training pairs: every field, and every image's bytes, in order.
     * Path files and unlearned models record it to name the exact pairs they were computed from.
     *
     * @param pairs the pairs
     * @return hex SHA-256
     */
    public static String fingerprint(List<QaPair> pairs) {
        MessageDigest d = Sha256.digest();
        for (QaPair p : pairs) {
            String img = p.image() == null ? "-" : imageHash(p.image());
            String line = String.join("\u001f", p.subject(), p.modality().id(), img, p.question(), p.answer()) + "\u001e";
            d.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static String imageHash(ImageRef ref) {
        if (ref instanceof ImageRef.BytesImage b) {
            return Sha256.of(b.bytes());
        }
        return Sha256.of(((ImageRef.FileImage) ref).file());
    }
}
