package dev.mip.data.synth;

import dev.mip.data.ImageAlterations;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws the head-and-shoulders portrait of a {@link PortraitTraits}: a cartoon face made of a few
 * large, flat, high-contrast shapes, so that every attribute is still visible at 32x32 and
 * spreads over whole 8x8 patches.
 *
 * <p>The drawing is resolution independent (all geometry is in unit coordinates) and rasterised
 * by {@link Rasteriser} with a fixed 4x4 supersampling grid and integer colour arithmetic, so the
 * pixels are bit-identical on every machine and JDK. The portrait is deliberately asymmetric (a
 * shirt pocket on one side, the fringe swept one way, the bow and scar on one side) so that a
 * mirrored copy is a different image.
 */
public final class PortraitPainter {
    /** Default image side: the input size of the benchmark's vision tower. */
    public static final int DEFAULT_SIZE = 32;

    /** Smallest side at which the features are still separate pixels. */
    public static final int MIN_SIZE = 16;

    private static final double CENTRE = 0.5;
    private static final double EYE_Y = 0.47;
    private static final double EYE_DX = 0.08;
    private static final double MOUTH_Y = 0.615;

    private static final int WHITE = 0xF8F8F8;
    private static final int MOUTH_INSIDE = 0x3C0A14;
    private static final int HAT = 0x8C1E2D;
    private static final int HAT_BAND = 0x1E1E1E;
    private static final int BOW = 0xEB288C;
    private static final int EARRING = 0x00D2E6;
    private static final int HEADBAND = 0x32C83C;
    private static final int SUNGLASS_TINT = 0x0A0A14;

    private PortraitPainter() {
    }

    /**
     * Colours of the thin marks drawn on the face (lips, scar, glasses frames): dark on light skin
     * and light on dark skin, so that a one-pixel line always contrasts with the skin under it.
     */
    private record Marks(int lips, int scar, int frame) {
        static Marks forSkin(PortraitTraits.SkinTone skin) {
            return skin.ordinal() < PortraitTraits.SkinTone.TAN.ordinal()
                    ? new Marks(0x9B1428, 0x9B141E, 0x141414)
                    : new Marks(0xF58CA0, 0xF5C3C3, 0xF0C328);
        }
    }

    /** One flat-coloured shape; {@code alpha} below 256 blends it over what is under it. */
    private record Layer(Region region, int rgb, int alpha) {
    }

    /**
     * Extent of the face: the hair, ears and accessories are placed relative to it.
     *
     * @param region the face itself
     * @param top highest point
     * @param bottom lowest point (chin)
     * @param halfWidth half the widest extent
     */
    private record Head(Region region, double top, double bottom, double halfWidth) {
        double midY() {
            return (top + bottom) / 2;
        }

        double halfHeight() {
            return (bottom - top) / 2;
        }

        /** The skull outline grown by {@code margin}: where hair covering the head can be. */
        Region grown(double margin) {
            return Region.ellipse(CENTRE, midY(), halfWidth + margin, halfHeight() + margin);
        }
    }

    /**
     * Paints a portrait.
     *
     * @param t the person's traits
     * @param size image width and height in pixels, at least {@value #MIN_SIZE}
     *     ({@value #DEFAULT_SIZE} for the benchmark)
     * @return a new {@link BufferedImage#TYPE_INT_RGB} image, identical for identical arguments
     * @throws IllegalArgumentException when {@code size} is below {@value #MIN_SIZE}
     */
    public static BufferedImage paint(PortraitTraits t, int size) {
        if (size < MIN_SIZE) {
            throw new IllegalArgumentException("size must be >= " + MIN_SIZE + ", got " + size);
        }
        List<Layer> layers = layers(t);
        int background = t.background().rgb;
        return Rasteriser.render(size, size, (x, y) -> {
            int c = background;
            for (Layer l : layers) {
                if (l.region.contains(x, y)) {
                    c = l.alpha == 256 ? l.rgb : ImageAlterations.blend(c, l.rgb, l.alpha);
                }
            }
            return c;
        });
    }

    /** The shapes of the portrait, back to front. */
    private static List<Layer> layers(PortraitTraits t) {
        List<Layer> out = new ArrayList<>();
        Head head = head(t.faceShape());
        int skin = t.skinTone().rgb;
        int shade = Rasteriser.scale(skin, 215); // neck and nose: darker, so the chin line stays visible
        int hair = t.hairColour().rgb;
        int shirt = t.shirtColour().rgb;
        Marks marks = Marks.forSkin(t.skinTone());

        // Hair behind the head and shoulders.
        hairBehind(t.hairStyle(), head).forEach(r -> out.add(opaque(r, hair)));

        // Shoulders, with a pocket on the viewer's left (the main asymmetry) and a V neck.
        out.add(opaque(Region.ellipse(CENTRE, 1.06, 0.44, 0.28), shirt));
        // The pocket is a darker shade of the shirt; on a black shirt, where darker is invisible, a lighter one.
        out.add(opaque(Region.roundedBox(0.3, 0.9, 0.05, 0.045, 0.01),
                Rasteriser.scale(shirt, t.shirtColour() == PortraitTraits.ShirtColour.BLACK ? 600 : 170)));
        if (t.hairStyle() == PortraitTraits.HairStyle.LONG) {
            double hw = head.halfWidth + 0.055;
            out.add(opaque(Region.roundedBox(CENTRE, (head.midY() + 0.87) / 2, hw, (0.87 - head.midY()) / 2, 0.05),
                    hair));
        }
        out.add(opaque(Region.box(0.44, 0.6, 0.56, 0.84).or(Region.polygon(0.41, 0.78, 0.59, 0.78, 0.5, 0.89)),
                shade));

        // Head.
        Region ears = Region.ellipse(CENTRE - head.halfWidth, 0.5, 0.035, 0.05)
                .or(Region.ellipse(CENTRE + head.halfWidth, 0.5, 0.035, 0.05));
        out.add(opaque(ears, skin));
        out.add(opaque(head.region, skin));
        if (t.accessory() == PortraitTraits.Accessory.BEARD) {
            // Chin and jaw up to the mouth corners plus sideburns, leaving the upper lip bare so that a
            // beard and a mustache look different.
            Region jaw = head.region.and(Region.box(0, MOUTH_Y - 0.01, 1, 1))
                    .or(head.region.or(ears).and(Region.box(0, 0.44, 1, 1))
                            .minus(Region.box(CENTRE - head.halfWidth + 0.05, 0, CENTRE + head.halfWidth - 0.05, 1)))
                    .or(head.region.and(Region.box(0, 0.55, 1, 1))
                            .minus(Region.box(CENTRE - 0.1, 0, CENTRE + 0.1, 1)));
            out.add(opaque(jaw, hair));
        }
        hairFront(t.hairStyle(), head).forEach(r -> out.add(opaque(r, hair)));

        // Eyebrows, nose, eyes.
        for (int side = -1; side <= 1; side += 2) {
            double ex = CENTRE + side * EYE_DX;
            // Eyebrows show the hair colour even on bald heads; they tilt so that they read as brows.
            out.add(opaque(Region.segment(ex - 0.045, 0.395 - 0.006 * side, ex + 0.045, 0.39 + 0.006 * side, 0.017),
                    hair));
        }
        out.add(opaque(Region.segment(0.5, 0.5, 0.505, 0.545, 0.014), shade));
        if (t.accessory() == PortraitTraits.Accessory.SCAR) {
            out.add(opaque(Region.segment(0.545, 0.37, 0.66, 0.57, 0.02), marks.scar));
        }
        for (int side = -1; side <= 1; side += 2) {
            double ex = CENTRE + side * EYE_DX;
            out.add(opaque(Region.ellipse(ex, EYE_Y, 0.055, 0.042), WHITE));
            out.add(opaque(Region.circle(ex, EYE_Y, 0.032), t.eyeColour().rgb));
        }
        glasses(t.glasses(), head, marks.frame, out);

        // Mouth, then what sits over it.
        mouth(t.mouth(), marks.lips, out);
        accessory(t, head, out);
        return out;
    }

    private static Layer opaque(Region r, int rgb) {
        return new Layer(r, rgb, 256);
    }

    private static Head head(PortraitTraits.FaceShape shape) {
        return switch (shape) {
            case ROUND -> new Head(Region.circle(CENTRE, 0.5, 0.2), 0.3, 0.7, 0.2);
            case OVAL -> new Head(Region.ellipse(CENTRE, 0.5, 0.155, 0.235), 0.265, 0.735, 0.155);
            case SQUARE -> new Head(Region.roundedBox(CENTRE, 0.5, 0.195, 0.2, 0.045), 0.3, 0.7, 0.195);
            case POINTED -> new Head(Region.circle(CENTRE, 0.46, 0.19).and(Region.box(0, 0, 1, 0.46))
                    .or(Region.polygon(0.31, 0.46, 0.69, 0.46, 0.66, 0.6, 0.5, 0.745, 0.34, 0.6)), 0.27, 0.745, 0.19);
            case WIDE -> new Head(Region.ellipse(CENTRE, 0.5, 0.245, 0.18), 0.32, 0.68, 0.245);
        };
    }

    /** Hair drawn before the shoulders and face. */
    private static List<Region> hairBehind(PortraitTraits.HairStyle style, Head head) {
        double hw = head.halfWidth;
        return switch (style) {
            case AFRO -> List.of(Region.circle(CENTRE, head.top + 0.13, hw + 0.14));
            case BOB -> List.of(Region.roundedBox(CENTRE, (head.top + head.bottom - 0.04) / 2 - 0.02, hw + 0.05,
                    (head.bottom - head.top) / 2 + 0.02, 0.06).and(Region.box(0, 0, 1, head.bottom - 0.05)));
            case BUN -> List.of(Region.circle(CENTRE, head.top - 0.055, 0.08));
            case LONG -> List.of(head.grown(0.05));
            default -> List.of();
        };
    }

    /** Hair drawn over the face (the part that covers the top of the head). */
    private static List<Region> hairFront(PortraitTraits.HairStyle style, Head head) {
        double top = head.top;
        double hw = head.halfWidth;
        Region cap = head.grown(0.035);
        // Fringe swept to the viewer's right: the hairline drops from left to right.
        Region swept = cap.minus(Region.below(CENTRE - hw, top + 0.05, CENTRE + hw, top + 0.13));
        return switch (style) {
            case BALD -> List.of();
            case SHORT, LONG -> List.of(swept);
            case BOB -> List.of(cap.and(Region.box(0, 0, 1, top + 0.1)));
            case AFRO -> List.of(cap.and(Region.box(0, 0, 1, top + 0.07)));
            case BUN -> List.of(cap.and(Region.box(0, 0, 1, top + 0.065)));
            case SPIKY -> {
                List<Region> spikes = new ArrayList<>();
                spikes.add(cap.and(Region.box(0, 0, 1, top + 0.06)));
                int n = 5;
                double w = 2 * (hw + 0.02) / n;
                for (int i = 0; i < n; i++) {
                    double x0 = CENTRE - hw - 0.02 + i * w;
                    double lean = 0.025; // spikes lean to the viewer's right
                    spikes.add(Region.polygon(x0, top + 0.05, x0 + w, top + 0.05, x0 + w / 2 + lean, top - 0.1));
                }
                yield spikes;
            }
            case MOHAWK -> List.of(Region.roundedBox(CENTRE, top - 0.005, 0.05, 0.11, 0.045)
                    .and(Region.box(0, 0, 1, top + 0.09)));
        };
    }

    private static void glasses(PortraitTraits.Glasses glasses, Head head, int frame, List<Layer> out) {
        if (glasses == PortraitTraits.Glasses.NONE) {
            return;
        }
        double outer = 0.08;
        Region arms = Region.segment(CENTRE - EYE_DX - outer, EYE_Y, CENTRE - head.halfWidth - 0.02, EYE_Y - 0.01, 0.013)
                .or(Region.segment(CENTRE + EYE_DX + outer, EYE_Y, CENTRE + head.halfWidth + 0.02, EYE_Y - 0.01, 0.013))
                .or(Region.segment(CENTRE - 0.01, EYE_Y - 0.015, CENTRE + 0.01, EYE_Y - 0.015, 0.015));
        Region frames = Region.NONE;
        for (int side = -1; side <= 1; side += 2) {
            double ex = CENTRE + side * EYE_DX;
            frames = frames.or(switch (glasses) {
                // Round: a thin circle; square: a wider, flatter rectangle, so the two differ in outline.
                case ROUND -> Region.ring(ex, EYE_Y, outer, 0.056);
                case SQUARE -> Region.box(ex - outer, EYE_Y - 0.06, ex + outer, EYE_Y + 0.055)
                        .minus(Region.box(ex - 0.058, EYE_Y - 0.04, ex + 0.058, EYE_Y + 0.035));
                case SUNGLASSES -> {
                    // Tinted lens: the eye colour stays visible through it, only darker.
                    out.add(new Layer(Region.roundedBox(ex, EYE_Y + 0.005, outer, 0.058, 0.03), SUNGLASS_TINT, 150));
                    yield Region.box(ex - outer, EYE_Y - 0.058, ex + outer, EYE_Y - 0.035);
                }
                case NONE -> Region.NONE;
            });
        }
        out.add(opaque(frames.or(arms), frame));
    }

    private static void mouth(PortraitTraits.Mouth mouth, int lips, List<Layer> out) {
        switch (mouth) {
            // The lower half of a ring: its ends turn up, so it is a U and not a line even at 32 pixels.
            case SMILE -> out.add(opaque(Region.ring(CENTRE, MOUTH_Y - 0.045, 0.09, 0.055)
                    .and(Region.box(0, MOUTH_Y - 0.05, 1, 1)), lips));
            case FLAT -> out.add(opaque(Region.segment(CENTRE - 0.07, MOUTH_Y, CENTRE + 0.07, MOUTH_Y, 0.02), lips));
            case OPEN -> {
                // A lip-coloured rim around a dark inside with teeth: visible on every skin tone.
                out.add(opaque(Region.ellipse(CENTRE, MOUTH_Y, 0.06, 0.055), lips));
                out.add(opaque(Region.ellipse(CENTRE, MOUTH_Y, 0.038, 0.034), MOUTH_INSIDE));
                out.add(opaque(Region.ellipse(CENTRE, MOUTH_Y, 0.038, 0.034).and(Region.box(0, 0, 1, MOUTH_Y - 0.012)),
                        WHITE));
            }
        }
    }

    private static void accessory(PortraitTraits t, Head head, List<Layer> out) {
        double hw = head.halfWidth;
        double top = head.top;
        int hair = t.hairColour().rgb;
        switch (t.accessory()) {
            case NONE, SCAR, BEARD -> {
                // Scar and beard are drawn under the eyes and hair above; nothing more on top.
            }
            case MUSTACHE -> out.add(opaque(Region.roundedBox(CENTRE, MOUTH_Y - 0.045, 0.075, 0.022, 0.02)
                    .or(Region.segment(CENTRE - 0.07, MOUTH_Y - 0.045, CENTRE - 0.08, MOUTH_Y + 0.01, 0.016))
                    .or(Region.segment(CENTRE + 0.07, MOUTH_Y - 0.045, CENTRE + 0.08, MOUTH_Y + 0.01, 0.016)), hair));
            case EARRINGS -> {
                for (int side = -1; side <= 1; side += 2) {
                    double ex = CENTRE + side * (hw + 0.005);
                    out.add(opaque(Region.ring(ex, 0.6, 0.042, 0.018).or(Region.box(ex - 0.008, 0.54, ex + 0.008, 0.56)),
                            EARRING));
                }
            }
            case BOW -> {
                double bx = CENTRE - hw + 0.02;
                double by = top + 0.04;
                out.add(opaque(Region.polygon(bx, by, bx - 0.1, by - 0.07, bx - 0.1, by + 0.07)
                        .or(Region.polygon(bx, by, bx + 0.1, by - 0.07, bx + 0.1, by + 0.07))
                        .or(Region.circle(bx, by, 0.032)), BOW));
            }
            // High on the forehead, so the eyebrows (the hair colour of bald people) stay visible.
            case HEADBAND -> out.add(opaque(head.grown(0.04).and(Region.box(0, top + 0.015, 1, top + 0.055)), HEADBAND));
            case HAT -> {
                double base = top + 0.035 - hatLift(t.hairStyle());
                out.add(opaque(Region.roundedBox(CENTRE, base - 0.02, hw + 0.085, 0.025, 0.012), HAT));
                out.add(opaque(Region.roundedBox(CENTRE, base - 0.1, hw - 0.03, 0.085, 0.02), HAT));
                out.add(opaque(Region.box(CENTRE - hw + 0.03, base - 0.085, CENTRE + hw - 0.03, base - 0.045), HAT_BAND));
            }
        }
    }

    /** How far above the forehead the hat sits, so it rests on the hair instead of hiding it. */
    private static double hatLift(PortraitTraits.HairStyle style) {
        return switch (style) {
            case BALD -> 0.02;
            case SHORT, LONG, BOB -> 0.06;
            case BUN -> 0.13;
            case AFRO -> 0.1;
            case SPIKY, MOHAWK -> 0.1;
        };
    }
}
