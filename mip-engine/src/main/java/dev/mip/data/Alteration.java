package dev.mip.data;

/**
 * A change to a picture that keeps the person recognisable, used to build test images that differ
 * from the training portrait (see {@link ImageAlterations}).
 */
public enum Alteration {
    /** Move the picture by 1 to 3 pixels (at 32x32) in x and/or y, replicating the edge pixels. */
    SHIFT,
    /** Mirror left to right. */
    MIRROR,
    /** Change brightness and contrast. */
    RELIGHT,
    /** Add small random noise to every channel of every pixel. */
    NOISE,
    /** Zoom into the centre by 1.1x, 1.125x or 1.15x (bilinear). */
    ZOOM,
    /** Blend the background (the flat area connected to the top corners) towards another colour. */
    BACKGROUND_TINT
}
