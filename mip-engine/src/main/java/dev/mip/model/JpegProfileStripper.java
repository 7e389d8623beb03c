package dev.mip.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Removes embedded ICC colour profiles ({@code APP2 "ICC_PROFILE"} segments) from a JPEG stream.
 *
 * <p>Why: when a JPEG carries a profile, the JDK's JPEG reader converts the decoded pixels from
 * that profile to sRGB, and asking it for the profile's own colour space instead fails its type
 * check. Pillow, and so Hugging Face, never applies profiles. Decoding the stream without them
 * gives the samples exactly as stored, which is what the model was trained on.
 */
final class JpegProfileStripper {
    private static final byte[] ICC_TAG = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final int APP2 = 0xE2;
    private static final int SOS = 0xDA;

    private JpegProfileStripper() {}

    /**
     * @param jpeg a JPEG stream (starting with SOI)
     * @return the same stream without ICC profile segments; the input itself when it has none,
     *     or when its header is malformed (the decoder then reports the damage)
     */
    static byte[] strip(byte[] jpeg) {
        ByteArrayOutputStream out = null;
        int copiedUpTo = 0;
        int pos = 2; // after SOI
        while (pos + 4 <= jpeg.length) {
            if ((jpeg[pos] & 0xFF) != 0xFF) {
                break; // not at a marker: malformed header, leave it to the decoder
            }
            int marker = jpeg[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++; // fill byte before a marker
                continue;
            }
            if (marker == SOS || marker == 0xD9) {
                break; // entropy-coded data follows; profiles only live in the header
            }
            if (marker == 0x01 || marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7)) {
                pos += 2; // stand-alone markers carry no length
                continue;
            }
            int length = ((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF);
            int end = pos + 2 + length;
            if (length < 2 || end > jpeg.length) {
                break;
            }
            if (marker == APP2 && hasIccTag(jpeg, pos + 4, end)) {
                if (out == null) {
                    out = new ByteArrayOutputStream(jpeg.length);
                }
                out.write(jpeg, copiedUpTo, pos - copiedUpTo);
                copiedUpTo = end;
            }
            pos = end;
        }
        if (out == null) {
            return jpeg;
        }
        out.write(jpeg, copiedUpTo, jpeg.length - copiedUpTo);
        return out.toByteArray();
    }

    private static boolean hasIccTag(byte[] b, int from, int end) {
        if (end - from < ICC_TAG.length) {
            return false;
        }
        for (int i = 0; i < ICC_TAG.length; i++) {
            if (b[from + i] != ICC_TAG[i]) {
                return false;
            }
        }
        return true;
    }
}
