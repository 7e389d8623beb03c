package dev.mip.model;

import dev.mip.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes PNG and JPEG files with {@code javax.imageio}, turning every way a file can be wrong
 * (missing, empty, truncated, not an image, too large) into an {@link InvalidInputException} that
 * names the file and says what to do.
 *
 * <p>The format is recognised by its signature before any decoder runs. That keeps other
 * {@code ImageIO} readers out of the way: the WBMP reader in particular has no signature and would
 * otherwise "decode" arbitrary bytes into a picture.
 */
final class ImageDecoder {
    /**
     * Pillow's {@code DecompressionBombError} threshold (twice {@code MAX_IMAGE_PIXELS}): Hugging
     * Face refuses larger images, and the check runs before decoding so that a forged header
     * cannot make us allocate gigabytes.
     */
    static final long MAX_PIXELS = 2L * 89_478_485L;

    /** No PNG or JPEG within {@link #MAX_PIXELS} needs more; bigger files are not read into memory. */
    static final long MAX_FILE_BYTES = 1L << 30;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private ImageDecoder() {}

    /**
     * @param file an image file
     * @return the decoded image
     */
    static BufferedImage read(Path file) {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw failure(name, "is a directory, not an image file", "Pass the path of a PNG or JPEG file", null);
        }
        if (!Files.exists(file)) {
            throw failure(name, "image file does not exist", "Check the path", null);
        }
        if (!Files.isReadable(file)) {
            throw failure(name, "image file is not readable", "Check the file's permissions", null);
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw failure(name, "image file is " + size + " bytes, more than the " + MAX_FILE_BYTES
                        + " accepted", "Downscale or recompress the image", null);
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw failure(name, "image file could not be read: " + e, "Check that the file is accessible", e);
        }
        return decode(bytes, name);
    }

    /**
     * @param bytes the encoded image
     * @param source names the bytes in messages (a file name, URL or record id)
     * @return the decoded image
     */
    static BufferedImage decode(byte[] bytes, String source) {
        if (bytes.length == 0) {
            throw failure(source, "image is empty (0 bytes)", "Replace it with a PNG or JPEG image", null);
        }
        String format = formatOf(bytes);
        if (format == null) {
            throw failure(source, unsupportedContent(bytes), "Provide the image as a PNG or JPEG file", null);
        }
        // The JDK's JPEG reader would colour-convert from an embedded profile; PIL does not.
        byte[] data = format.equals("jpeg") ? JpegProfileStripper.strip(bytes) : bytes;
        ImageReader reader = readerFor(format);
        String kind = format.toUpperCase(Locale.ROOT);
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((r, message) -> warnings.add(message));
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(in, false, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if ((long) width * height > MAX_PIXELS) {
                throw failure(source, kind + " image is " + width + "x" + height + " pixels, more than the "
                        + MAX_PIXELS + " that Pillow (and so Hugging Face) accepts", "Downscale the image", null);
            }
            BufferedImage image;
            try {
                image = reader.read(0);
            } catch (OutOfMemoryError e) {
                // The only large allocation here is the one raster for the header's size, and it
                // failed as a whole, so the heap is intact: report it like any too-large input.
                throw failure(source, kind + " image of " + width + "x" + height + " pixels does not fit in the"
                        + " Java heap", "Downscale the image or give the JVM more memory (-Xmx)", e);
            }
            for (String w : warnings) {
                if (isTruncation(w)) {
                    throw failure(source, kind + " image is truncated (" + w + ")",
                            "The file was cut short, e.g. by an interrupted download; fetch or export it again", null);
                }
            }
            return image;
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Decoders report damage as IIOException, EOFException or, for some malformed
            // headers, as unchecked exceptions; to the user all of them mean "this file is broken".
            throw failure(source, "could not be decoded as " + kind + ": " + describe(e), "The file is damaged,"
                    + " truncated or not really a " + kind + "; re-export it as PNG or JPEG and check that it opens"
                    + " in an image viewer", e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * The JDK's JPEG reader only warns when the data ends early and then returns a partly grey
     * image; Pillow refuses such files ("image file is truncated"), even when only the final EOI
     * marker is missing. Other libjpeg warnings (e.g. extraneous bytes) are ignored, as by Pillow.
     */
    private static boolean isTruncation(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        return w.contains("truncated file") || w.contains("premature end of jpeg file");
    }

    private static ImageReader readerFor(String format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            throw new dev.mip.ResourceException("This Java runtime has no " + format + " image reader (javax.imageio)."
                    + " Use a full JDK/JRE that includes the java.desktop module");
        }
        return readers.next();
    }

    private static String formatOf(byte[] b) {
        if (startsWith(b, 0, PNG_SIGNATURE)) {
            return "png";
        }
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return "jpeg";
        }
        return null;
    }

    /** Says what the bytes look like, so that the user knows what to convert from. */
    private static String unsupportedContent(byte[] b) {
        String other = null;
        if (startsWith(b, 0, ascii("GIF8"))) {
            other = "a GIF image";
        } else if (startsWith(b, 0, ascii("RIFF")) && startsWith(b, 8, ascii("WEBP"))) {
            other = "a WebP image";
        } else if (startsWith(b, 0, ascii("II*\0")) || startsWith(b, 0, ascii("MM\0*"))) {
            other = "a TIFF image";
        } else if (startsWith(b, 4, ascii("ftyp"))) {
            other = "an HEIF/AVIF image";
        } else if (startsWith(b, 0, ascii("BM"))) {
            other = "probably a BMP image";
        }
        if (other != null) {
            return "is " + other + "; only PNG and JPEG are supported";
        }
        if (looksLikeText(b)) {
            return "is text, not an image";
        }
        return "is not a PNG or JPEG image (it starts with neither signature)";
    }

    private static boolean looksLikeText(byte[] b) {
        int n = Math.min(b.length, 512);
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xFF;
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean startsWith(byte[] b, int offset, byte[] prefix) {
        if (b.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 300; t = t.getCause()) {
            if (sb.length() > 0) {
                sb.append(": ");
            }
            sb.append(t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName());
        }
        return sb.toString();
    }

    private static InvalidInputException failure(String source, String problem, String fix, Throwable cause) {
        return new InvalidInputException(source + ": " + problem + ". " + fix, cause);
    }
}
