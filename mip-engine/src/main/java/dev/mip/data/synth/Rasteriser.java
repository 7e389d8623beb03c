package dev.mip.data.synth;

import java.awt.image.BufferedImage;

/**
 * Renders a colour field over the unit square into an RGB image by averaging a fixed grid of
 * sample points per pixel: anti-aliasing that does not depend on Java2D, whose rendering pipeline
 * (and therefore its edge pixels) differs between JDK versions and platforms.
 */
final class Rasteriser {
    /** Samples per pixel along each axis: 4 x 4 = 16 samples give 17 coverage levels per edge. */
    static final int SUPERSAMPLING = 4;

    private Rasteriser() {
    }

    /** The colour of the scene at a point. */
    @FunctionalInterface
    interface ColourField {
        /**
         * @param x horizontal unit coordinate
         * @param y vertical unit coordinate (downwards)
         * @return {@code 0xRRGGBB}
         */
        int rgbAt(double x, double y);
    }

    /**
     * @param width image width in pixels
     * @param height image height in pixels
     * @param field the scene; the image spans {@code [0, 1]} in both directions
     * @return a {@link BufferedImage#TYPE_INT_RGB} image; each channel is the rounded mean of the samples
     */
    static BufferedImage render(int width, int height, ColourField field) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int n = SUPERSAMPLING * SUPERSAMPLING;
        int[] row = new int[width];
        for (int py = 0; py < height; py++) {
            for (int px = 0; px < width; px++) {
                int r = 0;
                int g = 0;
                int b = 0;
                for (int j = 0; j < SUPERSAMPLING; j++) {
                    // (j + 0.5) / 4 is exact in binary, so the sample positions are the same everywhere.
                    double y = (py + (j + 0.5) / SUPERSAMPLING) / height;
                    for (int i = 0; i < SUPERSAMPLING; i++) {
                        double x = (px + (i + 0.5) / SUPERSAMPLING) / width;
                        int c = field.rgbAt(x, y);
                        r += (c >> 16) & 0xFF;
                        g += (c >> 8) & 0xFF;
                        b += c & 0xFF;
                    }
                }
                row[px] = ((r + n / 2) / n) << 16 | ((g + n / 2) / n) << 8 | (b + n / 2) / n;
            }
            img.setRGB(0, py, width, 1, row, 0, width);
        }
        return img;
    }

    /**
     * @param rgb a colour
     * @param factor256 brightness factor in 1/256 (256 = unchanged); results are clamped to 255
     * @return the scaled colour
     */
    static int scale(int rgb, int factor256) {
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int c = (((rgb >> shift) & 0xFF) * factor256 + 128) >> 8;
            out |= Math.min(255, c) << shift;
        }
        return out;
    }
}
