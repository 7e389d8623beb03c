package dev.mip.data.synth;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A picture of general visual knowledge, unrelated to any person: one to four identical
 * coloured shapes on a plain background, for questions such as "What shape is shown?"
 * ({@code circle}), "What colour is the shape?" ({@code red}) and "How many shapes are there?"
 * ({@code two}). Four counts (rather than three) give every question at least four possible
 * answers, as four-option multiple choice needs.
 *
 * <p>The background is light grey behind dark or saturated colours and dark grey behind light
 * ones (white, yellow, orange), so every shape stands out. Rendering is deterministic and
 * bit-identical everywhere (see {@link Rasteriser}).
 *
 * @param shape the shape
 * @param colour its colour
 * @param count how many copies, 1..{@value #MAX_COUNT}
 */
public record ShapeScene(Shape shape, Colour colour, int count) {
    /** Smallest side at which four shapes are still recognisable. */
    public static final int MIN_SIZE = 16;

    /** Largest number of shapes in one picture. */
    public static final int MAX_COUNT = 4;

    private static final List<String> COUNT_WORDS = List.of("one", "two", "three", "four");
    private static final int LIGHT_BACKGROUND = 0xE6E6E1;
    private static final int DARK_BACKGROUND = 0x2D2D37;

    /** The five outer points of a star of radius 1 pointing up, alternating with inner points at 0.42. */
    private static final double[] STAR = starVertices();

    /** Validates the arguments. */
    public ShapeScene {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(colour, "colour");
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be 1.." + MAX_COUNT + ", got " + count);
        }
    }

    /** A shape, with its name. */
    public enum Shape {
        /** A filled disc. */ CIRCLE("circle", "circles"),
        /** A filled square. */ SQUARE("square", "squares"),
        /** A filled triangle pointing up. */ TRIANGLE("triangle", "triangles"),
        /** A five-pointed star. */ STAR("star", "stars"),
        /** A plus sign. */ CROSS("cross", "crosses"),
        /** A heart. */ HEART("heart", "hearts"),
        /** A square standing on a corner, taller than wide. */ DIAMOND("diamond", "diamonds"),
        /** A thick circle with a hole. */ RING("ring", "rings");

        private final String label;
        private final String plural;

        Shape(String label, String plural) {
            this.label = label;
            this.plural = plural;
        }

        /** @return the name, e.g. {@code "circle"} */
        public String label() {
            return label;
        }

        /** @return the plural name, e.g. {@code "crosses"} */
        public String plural() {
            return plural;
        }
    }

    /** A colour, with its name; saturated and far apart so each is unambiguous. */
    public enum Colour {
        /** Red. */ RED("red", 0xDC1E1E),
        /** Green. */ GREEN("green", 0x1EA032),
        /** Blue. */ BLUE("blue", 0x1E46DC),
        /** Yellow. */ YELLOW("yellow", 0xF5D71E),
        /** Orange. */ ORANGE("orange", 0xF58C14),
        /** Purple. */ PURPLE("purple", 0x8232B4),
        /** Black. */ BLACK("black", 0x141414),
        /** White. */ WHITE("white", 0xF5F5F5);

        private final String label;
        private final int rgb;

        Colour(String label, int rgb) {
            this.label = label;
            this.rgb = rgb;
        }

        /** @return the name, e.g. {@code "red"} */
        public String label() {
            return label;
        }

        /** @return the colour as {@code 0xRRGGBB} */
        public int rgb() {
            return rgb;
        }

        /** Light colours get a dark background (integer Rec. 601 luma above 150 of 255). */
        boolean isLight() {
            int luma = (299 * (rgb >> 16) + 587 * ((rgb >> 8) & 0xFF) + 114 * (rgb & 0xFF)) / 1000;
            return luma > 150;
        }
    }

    /**
     * Every scene: all shapes, colours and counts, in enum order (shape, then colour, then count).
     *
     * @return the {@code 8 * 8 * 4 = 256} scenes (unmodifiable)
     */
    public static List<ShapeScene> all() {
        List<ShapeScene> out = new ArrayList<>();
        for (Shape s : Shape.values()) {
            for (Colour c : Colour.values()) {
                for (int n = 1; n <= MAX_COUNT; n++) {
                    out.add(new ShapeScene(s, c, n));
                }
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** @return the count as an English word: {@code "one"}, {@code "two"}, {@code "three"} or {@code "four"} */
    public String countWord() {
        return COUNT_WORDS.get(count - 1);
    }

    /** @return a caption such as {@code "one red circle"} or {@code "three blue crosses"} */
    public String caption() {
        return countWord() + " " + colour.label + " " + (count == 1 ? shape.label : shape.plural);
    }

    /** @return the background colour as {@code 0xRRGGBB} */
    public int backgroundRgb() {
        return colour.isLight() ? DARK_BACKGROUND : LIGHT_BACKGROUND;
    }

    /**
     * Draws the scene: one large shape in the middle, two side by side, three in a triangle or
     * four in a square.
     *
     * @param size width and height in pixels, at least {@value #MIN_SIZE}
     * @return a new {@link BufferedImage#TYPE_INT_RGB} image
     * @throws IllegalArgumentException when {@code size} is below {@value #MIN_SIZE}
     */
    public BufferedImage paint(int size) {
        if (size < MIN_SIZE) {
            throw new IllegalArgumentException("size must be >= " + MIN_SIZE + ", got " + size);
        }
        double[][] places = switch (count) {
            case 1 -> new double[][] {{0.5, 0.5, 0.36}};
            case 2 -> new double[][] {{0.27, 0.5, 0.2}, {0.73, 0.5, 0.2}};
            case 3 -> new double[][] {{0.27, 0.28, 0.19}, {0.73, 0.28, 0.19}, {0.5, 0.73, 0.19}};
            default -> new double[][] {{0.27, 0.27, 0.19}, {0.73, 0.27, 0.19}, {0.27, 0.73, 0.19}, {0.73, 0.73, 0.19}};
        };
        Region all = Region.NONE;
        for (double[] p : places) {
            all = all.or(unitShape(shape, p[0], p[1], p[2]));
        }
        Region drawn = all;
        int fg = colour.rgb;
        int bg = backgroundRgb();
        return Rasteriser.render(size, size, (x, y) -> drawn.contains(x, y) ? fg : bg);
    }

    /** The shape centred at {@code (cx, cy)}, fitting in a square of half side {@code h}. */
    private static Region unitShape(Shape shape, double cx, double cy, double h) {
        Region unit = switch (shape) {
            case CIRCLE -> Region.circle(0, 0, 0.9);
            case SQUARE -> Region.box(-0.78, -0.78, 0.78, 0.78);
            case TRIANGLE -> Region.polygon(0, -0.92, 1, 0.82, -1, 0.82);
            case STAR -> Region.polygon(STAR);
            case CROSS -> Region.box(-0.3, -0.95, 0.3, 0.95).or(Region.box(-0.95, -0.3, 0.95, 0.3));
            case HEART -> (u, v) -> {
                // (x² + y² - 1)³ - x² y³ <= 0 with y pointing up; scaled and lifted to fill [-1, 1]².
                double x = u * 1.22;
                double y = -v * 1.22 + 0.17;
                double q = x * x + y * y - 1;
                return q * q * q - x * x * y * y * y <= 0;
            };
            case DIAMOND -> (u, v) -> Math.abs(u) / 0.75 + Math.abs(v) / 0.98 <= 1;
            case RING -> Region.ring(0, 0, 0.92, 0.5);
        };
        return (x, y) -> unit.contains((x - cx) / h, (y - cy) / h);
    }

    private static double[] starVertices() {
        double[] v = new double[20];
        for (int i = 0; i < 10; i++) {
            // StrictMath: the vertices, and so the pixels, are the same on every JVM.
            double angle = StrictMath.PI * i / 5;
            double r = i % 2 == 0 ? 1.0 : 0.42;
            v[2 * i] = r * StrictMath.sin(angle);
            v[2 * i + 1] = -r * StrictMath.cos(angle) + 0.1; // lowered a little: a star's mass sits low
        }
        return v;
    }
}
