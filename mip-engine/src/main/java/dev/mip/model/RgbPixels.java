package dev.mip.model;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * An 8-bit RGB image, interleaved row by row ({@code data[(y * width + x) * 3 + c]}): the form
 * the pixels have in PIL and numpy between Hugging Face's preprocessing steps, which all work on
 * {@code uint8} until the rescale.
 */
final class RgbPixels {
    final int width;
    final int height;
    final byte[] data;

    RgbPixels(int width, int height) {
        this(width, height, new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)]);
    }

    RgbPixels(int width, int height, byte[] data) {
        if (width < 1 || height < 1 || data.length != (long) width * height * 3) {
            throw new IllegalArgumentException("bad RGB buffer " + width + "x" + height + " / " + data.length);
        }
        this.width = width;
        this.height = height;
        this.data = data;
    }

    /**
     * @param x column
     * @param y row
     * @param c channel (0 red, 1 green, 2 blue)
     * @return the sample, 0..255
     */
    int get(int x, int y, int c) {
        return data[(y * width + x) * 3 + c] & 0xFF;
    }

    /**
     * Converts an image the way PIL's {@code Image.convert("RGB")} does, which is what Hugging
     * Face's {@code convert_to_rgb} calls: grey is replicated, palettes are looked up, and alpha
     * is dropped without compositing on any background. Samples are taken as stored: like PIL,
     * an embedded colour profile is ignored (no colour management), so the model sees the same
     * numbers as under Python.
     *
     * @param image the image
     * @param convertRgb the config's {@code do_convert_rgb}; when false only images that already
     *     are three-channel RGB without alpha are accepted, because Hugging Face would then feed
     *     a one- or four-channel array to normalisation and fail
     * @return the pixels
     * @throws IllegalArgumentException when the image cannot be represented (message for users)
     */
    static RgbPixels fromImage(BufferedImage image, boolean convertRgb) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int w = image.getWidth();
        int h = image.getHeight();
        RgbPixels out = new RgbPixels(w, h);
        if (cm instanceof IndexColorModel icm) {
            requireConvertible(convertRgb, "a palette image");
            fromPalette(icm, raster, out);
            return out;
        }
        int colors = cm.getNumColorComponents();
        int csType = cm.getColorSpace().getType();
        if (!(colors == 3 && csType == ColorSpace.TYPE_RGB) && !(colors == 1 && csType == ColorSpace.TYPE_GRAY)) {
            throw new IllegalArgumentException("has " + colors + " colour components (colour space type " + csType
                    + "), e.g. CMYK; only grey and RGB images are supported. Convert the image to RGB");
        }
        int transfer = raster.getTransferType();
        if (transfer == DataBuffer.TYPE_FLOAT || transfer == DataBuffer.TYPE_DOUBLE) {
            throw new IllegalArgumentException("has floating-point samples; only 8- and 16-bit images are supported."
                    + " Convert the image to 8-bit RGB");
        }
        if (colors == 1) {
            requireConvertible(convertRgb, "a greyscale image");
        }
        if (cm.hasAlpha()) {
            requireConvertible(convertRgb, "an image with an alpha channel");
        }
        int[] bits = cm.getComponentSize();
        int alphaBand = cm.hasAlpha() ? colors : -1;
        boolean premultiplied = cm.hasAlpha() && cm.isAlphaPremultiplied();
        int bands = raster.getNumBands();
        int[] row = new int[w * bands];
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int base = x * bands;
                int o = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) {
                    int band = colors == 1 ? 0 : c;
                    int v = to8Bit(row[base + band], bits[band], colors, cm.hasAlpha());
                    if (premultiplied) {
                        v = unpremultiply(v, to8Bit(row[base + alphaBand], bits[alphaBand], colors, true));
                    }
                    out.data[o + c] = (byte) v;
                }
            }
        }
        return out;
    }

    private static void requireConvertible(boolean convertRgb, String what) {
        if (!convertRgb) {
            throw new IllegalArgumentException("is " + what + " but do_convert_rgb is false, so it would reach"
                    + " normalisation without exactly three channels (Hugging Face fails there too)."
                    + " Set do_convert_rgb to true or convert the image to RGB");
        }
    }

    private static void fromPalette(IndexColorModel icm, Raster raster, RgbPixels out) {
        int w = out.width;
        int[] row = new int[w];
        int entries = icm.getMapSize();
        for (int y = 0; y < out.height; y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                // PIL pads short palettes with black; an index past the table gets black here too.
                int idx = row[x] < entries ? row[x] : -1;
                int o = (y * w + x) * 3;
                out.data[o] = (byte) (idx < 0 ? 0 : icm.getRed(idx));
                out.data[o + 1] = (byte) (idx < 0 ? 0 : icm.getGreen(idx));
                out.data[o + 2] = (byte) (idx < 0 ? 0 : icm.getBlue(idx));
            }
        }
    }

    /**
     * Maps a stored sample to 8 bits as PIL does when it opens and converts the PNG. PIL reads
     * 16-bit RGB(A) and grey+alpha by keeping the high byte, but 16-bit grey becomes a 32-bit
     * integer image whose conversion to RGB clips at 255 instead of scaling; that is surprising,
     * but it is what Hugging Face feeds the model, so it is reproduced. Other depths (e.g. 5- or
     * 6-bit packed fields of in-memory images) are scaled to 0..255.
     */
    private static int to8Bit(int v, int bits, int colors, boolean hasAlpha) {
        if (bits == 8) {
            return v;
        }
        if (bits == 16) {
            return colors == 1 && !hasAlpha ? Math.min(v, 255) : v >>> 8;
        }
        int max = (1 << bits) - 1;
        return (int) ((v * 255L + max / 2) / max);
    }

    private static int unpremultiply(int c, int alpha) {
        return alpha == 0 ? 0 : Math.min(255, (c * 255 + alpha / 2) / alpha);
    }
}
