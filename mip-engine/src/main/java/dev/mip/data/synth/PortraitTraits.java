package dev.mip.data.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The visual identity of a fictitious person: ten discrete attributes that {@link PortraitPainter}
 * turns into a portrait.
 *
 * <p>The values are chosen for a 32x32 image seen through 8x8 patches: each one changes a coarse
 * region (a silhouette, a colour over dozens of pixels, a dark-on-light mark) rather than a fine
 * detail, and attributes are drawn so that none hides another (the hat sits above the hair,
 * sunglasses are tinted rather than opaque, eyebrows show the hair colour of bald people). There
 * are {@value #COMBINATIONS} combinations.
 *
 * @param background colour behind the person
 * @param faceShape silhouette of the face
 * @param skinTone colour of face, ears and neck
 * @param hairColour colour of hair, eyebrows, beard and mustache
 * @param hairStyle shape of the hair
 * @param eyeColour colour of the irises
 * @param glasses frames over the eyes
 * @param shirtColour colour of the shoulders
 * @param accessory one extra distinguishing mark
 * @param mouth expression
 */
public record PortraitTraits(Background background, FaceShape faceShape, SkinTone skinTone, HairColour hairColour,
        HairStyle hairStyle, EyeColour eyeColour, Glasses glasses, ShirtColour shirtColour, Accessory accessory,
        Mouth mouth) {

    /** Number of attributes, the largest possible {@link #distance}. */
    public static final int ATTRIBUTES = 10;

    /** Number of distinct trait sets: 8 * 5 * 6 * 7 * 8 * 4 * 4 * 8 * 8 * 3. */
    public static final long COMBINATIONS = 41_287_680L;

    /** Value counts per attribute, in record component order. */
    private static final int[] SIZES = {
        Background.values().length, FaceShape.values().length, SkinTone.values().length,
        HairColour.values().length, HairStyle.values().length, EyeColour.values().length,
        Glasses.values().length, ShirtColour.values().length, Accessory.values().length, Mouth.values().length,
    };

    /** Attribute names used by {@link #describe()}, in record component order. */
    private static final List<String> ATTRIBUTE_NAMES = List.of("background", "face shape", "skin tone",
            "hair colour", "hair style", "eye colour", "glasses", "shirt colour", "accessory", "mouth");

    /** Rejects null attributes. */
    public PortraitTraits {
        Objects.requireNonNull(background, "background");
        Objects.requireNonNull(faceShape, "faceShape");
        Objects.requireNonNull(skinTone, "skinTone");
        Objects.requireNonNull(hairColour, "hairColour");
        Objects.requireNonNull(hairStyle, "hairStyle");
        Objects.requireNonNull(eyeColour, "eyeColour");
        Objects.requireNonNull(glasses, "glasses");
        Objects.requireNonNull(shirtColour, "shirtColour");
        Objects.requireNonNull(accessory, "accessory");
        Objects.requireNonNull(mouth, "mouth");
    }

    /** A value of an attribute, with the name used in descriptions and questions. */
    public interface Named {
        /** @return the lower-case English name, e.g. {@code "sky blue"} */
        String label();
    }

    /** Background colour: light pastels plus two dark ones, so light hair also has contrast somewhere. */
    public enum Background implements Named {
        /** Light blue. */ SKY_BLUE("sky blue", 0x78B9F0),
        /** Light green. */ MINT("mint", 0x8CE196),
        /** Light yellow. */ LEMON("lemon", 0xF5EB6E),
        /** Light pink. */ PINK("pink", 0xFAA5C8),
        /** Light violet. */ LAVENDER("lavender", 0xB996F0),
        /** Light orange. */ PEACH("peach", 0xFAAF69),
        /** Dark blue. */ NAVY("navy", 0x232D64),
        /** Dark blue-green. */ TEAL("teal", 0x1E8282);

        private final String label;
        final int rgb;

        Background(String label, int rgb) {
            this.label = label;
            this.rgb = rgb;
        }

        @Override
        public String label() {
            return label;
        }
    }

    /** Face silhouette; each differs from the others along the face outline by one or more pixels at 32x32. */
    public enum FaceShape implements Named {
        /** A disc. */ ROUND("round"),
        /** Narrow and tall. */ OVAL("oval"),
        /** Square with rounded corners. */ SQUARE("square"),
        /** Wide forehead narrowing to a pointed chin. */ POINTED("pointed"),
        /** Wider than tall. */ WIDE("wide");

        private final String label;

        FaceShape(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }
    }

    /** Skin tone, from pale to dark, spaced roughly evenly in brightness. */
    public enum SkinTone implements Named {
        /** Very light. */ PALE("pale", 0xFFE3C8),
        /** Light. */ LIGHT("light", 0xF0C096),
        /** Medium. */ MEDIUM("medium", 0xD7A064),
        /** Tan. */ TAN("tan", 0xB47840),
        /** Brown. */ BROWN("brown", 0x8C5528),
        /** Dark brown. */ DARK("dark brown", 0x553520);

        private final String label;
        final int rgb;

        SkinTone(String label, int rgb) {
            this.label = label;
            this.rgb = rgb;
        }

        @Override
        public String label() {
            return label;
        }
    }

    /** Hair colour, including two dyed colours that occur in no skin tone or background. */
    public enum HairColour implements Named {
        /** Black. */ BLACK("black", 0x1E1E1E),
        /** Brown. */ BROWN("brown", 0x73431E),
        /** Blonde. */ BLONDE("blonde", 0xF0CD50),
        /** Ginger. */ GINGER("ginger", 0xD2501E),
        /** White. */ WHITE("white", 0xF0F0F0),
        /** Dyed blue. */ BLUE("blue", 0x2850DC),
        /** Dyed pink. */ PINK("pink", 0xF05AB4);

        private final String label;
        final int rgb;

        HairColour(String label, int rgb) {
            this.label = label;
            this.rgb = rgb;
        }

        @Override
        public String label() {
            return label;
        }
    }

    /** Hair style: each one a different silhouette around the head. */
    public enum HairStyle implements Named {
        /** No hair on the head (eyebrows and any beard still show the hair colour). */ BALD("bald"),
        /** A cap of hair with a fringe swept to one side. */ SHORT("short"),
        /** Like short, with hair falling past the shoulders. */ LONG("long"),
        /** Straight fringe and straight sides ending at the chin. */ BOB("bob"),
        /** A large round volume of hair around the head. */ AFRO("afro"),
        /** Pointed spikes standing up from the head. */ SPIKY("spiky"),
        /** Tight hair with a round bun on top. */ BUN("bun"),
        /** A single upright strip along the middle of the head. */ MOHAWK("mohawk");

        private final String label;

        HairStyle(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }
    }

    /** Iris colour. */
    public enum EyeColour implements Named {
        /** Dark brown. */ BROWN("brown", 0x50280F),
        /** Blue. */ BLUE("blue", 0x1E6EF0),
        /** Green. */ GREEN("green", 0x1EAA3C),
        /** Amber. */ AMBER("amber", 0xE6A014);

        private final String label;
        final int rgb;

        EyeColour(String label, int rgb) {
            this.label = label;
            this.rgb = rgb;
        }

        @Override
        public String label() {
            return label;
        }
    }

    /** Glasses. */
    public enum Glasses implements Named {
        /** No glasses. */ NONE("none"),
        /** Round black frames. */ ROUND("round glasses"),
        /** Square black frames. */ SQUARE("square glasses"),
        /** Dark tinted lenses (the eyes still show through). */ SUNGLASSES("sunglasses");

        private final String label;

        Glasses(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }
    }

    /** Shirt colour: saturated, so the shoulders stand out from the pastel backgrounds. */
    public enum ShirtColour implements Named {
        /** Red. */ RED("red", 0xC81E1E),
        /** Green. */ GREEN("green", 0x289632),
        /** Blue. */ BLUE("blue", 0x2846C8),
        /** Yellow. */ YELLOW("yellow", 0xF0C814),
        /** Purple. */ PURPLE("purple", 0x7832A0),
        /** Orange. */ ORANGE("orange", 0xF08214),
        /** White. */ WHITE("white", 0xF0F0F0),
        /** Black. */ BLACK("black", 0x191919);

        private final String label;
        final int rgb;

        ShirtColour(String label, int rgb) {
            this.label = label;
            this.rgb = rgb;
        }

        @Override
        public String label() {
            return label;
        }
    }

    /** One extra distinguishing feature. */
    public enum Accessory implements Named {
        /** Nothing. */ NONE("none"),
        /** A maroon hat sitting on top of the hair. */ HAT("hat"),
        /** A magenta bow on one side of the head. */ BOW("bow"),
        /** Large turquoise hoop earrings. */ EARRINGS("earrings"),
        /** A scar across one eye (dark on light skin, pale on dark skin). */ SCAR("scar"),
        /** A full beard in the hair colour. */ BEARD("beard"),
        /** A thick mustache in the hair colour. */ MUSTACHE("mustache"),
        /** A green band across the forehead. */ HEADBAND("headband");

        private final String label;

        Accessory(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }
    }

    /** Expression of the mouth. */
    public enum Mouth implements Named {
        /** An upward curve. */ SMILE("smile"),
        /** A straight line. */ FLAT("flat"),
        /** An open round mouth. */ OPEN("open");

        private final String label;

        Mouth(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }
    }

    /**
     * Draws every attribute uniformly and independently, consuming exactly ten {@code nextInt} calls
     * (in record component order), so a seeded generator gives the same traits everywhere.
     *
     * @param r the source of randomness
     * @return a random trait set
     */
    public static PortraitTraits random(SplittableRandom r) {
        int[] v = new int[ATTRIBUTES];
        for (int i = 0; i < ATTRIBUTES; i++) {
            v[i] = r.nextInt(SIZES[i]);
        }
        return of(v);
    }

    private static PortraitTraits of(int[] v) {
        return new PortraitTraits(Background.values()[v[0]], FaceShape.values()[v[1]], SkinTone.values()[v[2]],
                HairColour.values()[v[3]], HairStyle.values()[v[4]], EyeColour.values()[v[5]],
                Glasses.values()[v[6]], ShirtColour.values()[v[7]], Accessory.values()[v[8]], Mouth.values()[v[9]]);
    }

    private Enum<?>[] values() {
        return new Enum<?>[] {background, faceShape, skinTone, hairColour, hairStyle, eyeColour, glasses,
            shirtColour, accessory, mouth};
    }

    private int[] ordinals() {
        Enum<?>[] v = values();
        int[] o = new int[ATTRIBUTES];
        for (int i = 0; i < ATTRIBUTES; i++) {
            o[i] = v[i].ordinal();
        }
        return o;
    }

    /**
     * @param other another trait set
     * @return how many of the ten attributes differ (a Hamming distance), 0..{@value #ATTRIBUTES}
     */
    public int distance(PortraitTraits other) {
        return hamming(ordinals(), other.ordinals());
    }

    private static int hamming(int[] a, int[] b) {
        int d = 0;
        for (int i = 0; i < ATTRIBUTES; i++) {
            if (a[i] != b[i]) {
                d++;
            }
        }
        return d;
    }

    /**
     * @return attribute name to value name in a fixed order, e.g. {@code "hair style" -> "afro"}
     *     (unmodifiable)
     */
    public Map<String, String> describe() {
        Enum<?>[] v = values();
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < ATTRIBUTES; i++) {
            m.put(ATTRIBUTE_NAMES.get(i), ((Named) v[i]).label());
        }
        return Collections.unmodifiableMap(m);
    }

    /**
     * Draws {@code n} trait sets that pairwise differ in at least {@code minDistance} attributes:
     * random candidates from {@code new SplittableRandom(seed)}, each kept when it is far enough
     * from all kept so far. The result depends only on the arguments.
     *
     * <p>Requests beyond the Singleton bound (after deleting {@code minDistance - 1} attributes,
     * the rest must still tell all sets apart, so {@code n} cannot exceed the product of the
     * {@code 11 - minDistance} smallest value counts) are rejected at once; requests below it that
     * random greedy drawing cannot satisfy within {@code 100000 + 1000 n} candidates are rejected
     * when the budget runs out.
     *
     * @param n how many trait sets, {@code >= 0}
     * @param minDistance minimum pairwise {@link #distance}, 0..{@value #ATTRIBUTES}
     * @param seed the seed
     * @return the trait sets, in drawing order (unmodifiable)
     * @throws IllegalArgumentException when the arguments are out of range or the request cannot be met
     */
    public static List<PortraitTraits> distinct(int n, int minDistance, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        if (minDistance < 0 || minDistance > ATTRIBUTES) {
            throw new IllegalArgumentException("minDistance must be in 0.." + ATTRIBUTES + ", got " + minDistance);
        }
        long bound = singletonBound(minDistance);
        if (n > bound) {
            throw new IllegalArgumentException("at most " + bound + " trait sets can pairwise differ in "
                    + minDistance + " of " + ATTRIBUTES + " attributes, asked for " + n);
        }
        SplittableRandom r = new SplittableRandom(seed);
        List<PortraitTraits> out = new ArrayList<>(n);
        List<int[]> kept = new ArrayList<>(n);
        long budget = 100_000L + 1000L * n;
        for (long attempt = 0; out.size() < n; attempt++) {
            if (attempt >= budget) {
                throw new IllegalArgumentException("found only " + out.size() + " of " + n
                        + " trait sets pairwise differing in " + minDistance + " attributes after " + budget
                        + " candidates; ask for fewer or a smaller minDistance");
            }
            PortraitTraits candidate = random(r);
            int[] c = candidate.ordinals();
            boolean farEnough = true;
            for (int[] k : kept) {
                if (hamming(c, k) < minDistance) {
                    farEnough = false;
                    break;
                }
            }
            if (farEnough) {
                out.add(candidate);
                kept.add(c);
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static long singletonBound(int minDistance) {
        if (minDistance <= 1) {
            return minDistance == 0 ? Long.MAX_VALUE : COMBINATIONS;
        }
        int[] sorted = SIZES.clone();
        Arrays.sort(sorted);
        long bound = 1;
        for (int i = 0; i < ATTRIBUTES - minDistance + 1; i++) {
            bound *= sorted[i];
        }
        return bound;
    }
}
