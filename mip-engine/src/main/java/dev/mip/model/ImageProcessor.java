package dev.mip.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.InvalidInputException;
import dev.mip.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Turns images into the pixel tensor of a CLIP vision tower exactly as Hugging Face's
 * {@code CLIPImageProcessor} (the processor of LLaVA-1.5) does, configured by the model's
 * {@code preprocessor_config.json}.
 *
 * <p>The steps and their order are Hugging Face's: convert to RGB (PIL {@code convert("RGB")}:
 * grey replicated, palette expanded, alpha dropped without compositing); resize with PIL's
 * resampling, either so that the shortest edge has the configured length ({@code long} side
 * {@code int(shortest_edge * long / short)}, truncated) or to an exact size; center crop with the
 * top-left corner at {@code floor((size - crop) / 2)}, zero-padding where the image is smaller
 * than the crop; rescale ({@code uint8 * rescale_factor} in double, then float32); normalise
 * ({@code (x - mean) / std} in float32). Resizing reproduces Pillow bit for bit, so the output is
 * the float32 tensor that Python would compute from the same decoded pixels.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ImageProcessor {
    /** The file name Hugging Face uses for image processor settings. */
    public static final String FILE_NAME = "preprocessor_config.json";

    /** OpenAI CLIP's per-channel mean ({@code OPENAI_CLIP_MEAN}), the default of {@code image_mean}. */
    static final double[] CLIP_MEAN = {0.48145466, 0.4578275, 0.40821073};
    /** OpenAI CLIP's per-channel standard deviation ({@code OPENAI_CLIP_STD}). */
    static final double[] CLIP_STD = {0.26862954, 0.26130258, 0.27577711};
    /** Default of {@code rescale_factor}: Python's {@code 1 / 255}. */
    static final double DEFAULT_RESCALE_FACTOR = 1.0 / 255.0;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How {@code size} is interpreted: a shortest edge (aspect ratio kept) or an exact size.
     *
     * @param shortestEdge target length of the shorter side, or 0 for an exact size
     * @param height exact height (0 when {@code shortestEdge} is set)
     * @param width exact width (0 when {@code shortestEdge} is set)
     */
    record ResizeTarget(int shortestEdge, int height, int width) {
        static ResizeTarget shortestEdge(int edge) {
            return new ResizeTarget(edge, 0, 0);
        }

        static ResizeTarget exact(int height, int width) {
            return new ResizeTarget(0, height, width);
        }

        boolean keepsAspectRatio() {
            return shortestEdge > 0;
        }
    }

    private final boolean doResize;
    private final ResizeTarget size;
    private final ResampleFilter resample;
    private final boolean doCenterCrop;
    private final int cropHeight;
    private final int cropWidth;
    private final boolean doRescale;
    private final double rescaleFactor;
    private final boolean doNormalize;
    private final double[] imageMean;
    private final double[] imageStd;
    private final boolean doConvertRgb;
    /** Output value of each uint8 level per channel: every pixel goes through the same arithmetic. */
    private final float[][] levels;

    ImageProcessor(boolean doResize, ResizeTarget size, ResampleFilter resample, boolean doCenterCrop,
            int[] cropHeightWidth, boolean doRescale, double rescaleFactor, boolean doNormalize,
            double[] imageMean, double[] imageStd, boolean doConvertRgb) {
        this.doResize = doResize;
        this.size = Objects.requireNonNull(size, "size");
        this.resample = Objects.requireNonNull(resample, "resample");
        this.doCenterCrop = doCenterCrop;
        this.cropHeight = cropHeightWidth[0];
        this.cropWidth = cropHeightWidth[1];
        this.doRescale = doRescale;
        this.rescaleFactor = rescaleFactor;
        this.doNormalize = doNormalize;
        this.imageMean = imageMean.clone();
        this.imageStd = imageStd.clone();
        this.doConvertRgb = doConvertRgb;
        if (imageMean.length != 3 || imageStd.length != 3 || cropHeight < 1 || cropWidth < 1) {
            throw new IllegalArgumentException("mean/std need 3 values and the crop a positive size");
        }
        this.levels = levelTable();
    }

    /**
     * Reads {@code preprocessor_config.json} from a model directory.
     *
     * @param dir the model directory (as downloaded from Hugging Face)
     * @return the processor
     * @throws InvalidInputException when the directory or file is missing or the file is invalid
     */
    public static ImageProcessor fromModelDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw InvalidInputException.of(dir, null, Files.exists(dir) ? "is not a directory" : "does not exist",
                    "Pass the model directory that holds config.json and " + FILE_NAME);
        }
        Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            throw InvalidInputException.of(dir, FILE_NAME, "is missing, so the image preprocessing is unknown",
                    "Add the model's " + FILE_NAME + " (copy it from the model's Hugging Face repository;"
                            + " LLaVA-1.5 uses a CLIPImageProcessor with size {\"shortest_edge\": 336} and"
                            + " crop_size {\"height\": 336, \"width\": 336}), or write CLIP defaults with"
                            + " ImageProcessor.clipDefaults(336).save(dir)");
        }
        return fromFile(file);
    }

    /**
     * Reads a {@code preprocessor_config.json}. Absent fields take {@code CLIPImageProcessor}'s
     * defaults; keys it does not use are ignored.
     *
     * @param preprocessorConfigJson the file
     * @return the processor
     * @throws InvalidInputException naming the file, the field and the fix when a value is wrong
     */
    public static ImageProcessor fromFile(Path preprocessorConfigJson) {
        return PreprocessorConfigReader.read(preprocessorConfigJson);
    }

    /**
     * The OpenAI CLIP preprocessing at one resolution: shortest edge and square crop of
     * {@code imageSize}, bicubic, rescale by 1/255, CLIP mean and std, RGB conversion on.
     *
     * @param imageSize the vision tower's input side, e.g. 336 for LLaVA-1.5
     * @return the processor
     * @throws IllegalArgumentException when {@code imageSize} is not in 1..16384
     */
    public static ImageProcessor clipDefaults(int imageSize) {
        if (imageSize < 1 || imageSize > PreprocessorConfigReader.MAX_SIDE) {
            throw new IllegalArgumentException("imageSize must be in 1.." + PreprocessorConfigReader.MAX_SIDE
                    + ", got " + imageSize);
        }
        return new ImageProcessor(true, ResizeTarget.shortestEdge(imageSize), ResampleFilter.BICUBIC, true,
                new int[] {imageSize, imageSize}, true, DEFAULT_RESCALE_FACTOR, true, CLIP_MEAN, CLIP_STD, true);
    }

    /**
     * Serialises the settings as a Hugging Face {@code preprocessor_config.json}: every field
     * written explicitly, {@code image_processor_type} {@code CLIPImageProcessor}, keys sorted and
     * indented by two spaces as {@code transformers} writes them, ending with a newline.
     *
     * @return the JSON text
     */
    public String toJson() {
        JsonNodeFactory nf = JsonNodeFactory.instance;
        ObjectNode n = nf.objectNode();
        // Insertion order is the sorted order Hugging Face's to_json_string produces.
        ObjectNode crop = n.putObject("crop_size");
        crop.put("height", cropHeight);
        crop.put("width", cropWidth);
        n.put("do_center_crop", doCenterCrop);
        n.put("do_convert_rgb", doConvertRgb);
        n.put("do_normalize", doNormalize);
        n.put("do_rescale", doRescale);
        n.put("do_resize", doResize);
        n.set("image_mean", nf.arrayNode().add(imageMean[0]).add(imageMean[1]).add(imageMean[2]));
        n.put("image_processor_type", "CLIPImageProcessor");
        n.set("image_std", nf.arrayNode().add(imageStd[0]).add(imageStd[1]).add(imageStd[2]));
        n.put("resample", resample.pilCode());
        n.put("rescale_factor", rescaleFactor);
        ObjectNode s = n.putObject("size");
        if (size.keepsAspectRatio()) {
            s.put("shortest_edge", size.shortestEdge());
        } else {
            s.put("height", size.height());
            s.put("width", size.width());
        }
        DefaultIndenter indent = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(indent)
                .withArrayIndenter(indent);
        try {
            return JSON.writer(pretty).writeValueAsString(n) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // cannot happen for a tree of plain values
        }
    }

    /**
     * Writes {@link #toJson()} to {@code dir/preprocessor_config.json} atomically.
     *
     * @param dir the model directory (created if absent)
     */
    public void save(Path dir) {
        AtomicFiles.writeString(dir.resolve(FILE_NAME), toJson());
    }

    /**
     * @return whether every image yields the same output size (a center crop, or an exact resize)
     */
    public boolean hasFixedOutputSize() {
        return doCenterCrop || (doResize && !size.keepsAspectRatio());
    }

    /**
     * @return the height of every output, in pixels
     * @throws IllegalStateException when the height depends on the image (see
     *     {@link #hasFixedOutputSize()}; use {@link #outputShape(int, int)})
     */
    public int outputHeight() {
        return fixedShape()[1];
    }

    /**
     * @return the width of every output, in pixels
     * @throws IllegalStateException when the width depends on the image (see
     *     {@link #hasFixedOutputSize()}; use {@link #outputShape(int, int)})
     */
    public int outputWidth() {
        return fixedShape()[2];
    }

    /**
     * @param imageWidth width of an input image
     * @param imageHeight height of an input image
     * @return {@code {3, height, width}}, the shape {@link #process(BufferedImage)} produces for it
     * @throws IllegalArgumentException when a side is not positive
     * @throws InvalidInputException when resizing would produce an absurdly large image
     */
    public int[] outputShape(int imageWidth, int imageHeight) {
        if (imageWidth < 1 || imageHeight < 1) {
            throw new IllegalArgumentException("image size " + imageWidth + "x" + imageHeight);
        }
        if (doCenterCrop) {
            return new int[] {3, cropHeight, cropWidth};
        }
        if (!doResize) {
            return new int[] {3, imageHeight, imageWidth};
        }
        int[] hw = resizedHeightWidth(imageHeight, imageWidth, "The image");
        return new int[] {3, hw[0], hw[1]};
    }

    /**
     * Preprocesses one image.
     *
     * @param image the image as decoded (any {@code BufferedImage} type; 8- or 16-bit grey or RGB,
     *     with or without alpha, or a palette)
     * @return channel-first float32 pixels, {@code out[(c * H + y) * W + x]}, of shape
     *     {@link #outputShape(int, int)}
     * @throws InvalidInputException when the image cannot be represented as RGB (e.g. CMYK), or
     *     {@code do_convert_rgb} is false and the image is not already RGB
     */
    public float[] process(BufferedImage image) {
        return process(image, "The image");
    }

    /**
     * Reads and preprocesses one PNG or JPEG file.
     *
     * @param imageFile the file
     * @return as {@link #process(BufferedImage)}
     * @throws InvalidInputException naming the file when it cannot be read or processed
     */
    public float[] process(Path imageFile) {
        return process(readImage(imageFile), imageFile.toString());
    }

    /**
     * Decodes a PNG or JPEG file with {@code javax.imageio}. Like PIL (and so Hugging Face), no
     * EXIF rotation and no colour profile is applied.
     *
     * @param file the file
     * @return the decoded image
     * @throws InvalidInputException naming the file when it is missing, unreadable, empty,
     *     truncated, larger than Pillow accepts, or not a PNG or JPEG image
     */
    public static BufferedImage readImage(Path file) {
        return ImageDecoder.read(file);
    }

    /**
     * Decodes an in-memory PNG or JPEG image, as {@link #readImage(Path)}.
     *
     * @param bytes the encoded image
     * @param sourceName what to call the bytes in error messages (file name, URL, record id)
     * @return the decoded image
     * @throws InvalidInputException naming {@code sourceName} when the bytes are not a complete
     *     PNG or JPEG image
     */
    public static BufferedImage readImage(byte[] bytes, String sourceName) {
        return ImageDecoder.decode(Objects.requireNonNull(bytes, "bytes"), sourceName);
    }

    private float[] process(BufferedImage image, String source) {
        RgbPixels px;
        try {
            px = RgbPixels.fromImage(Objects.requireNonNull(image, "image"), doConvertRgb);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(source + ": " + e.getMessage());
        }
        if (doResize) {
            int[] hw = resizedHeightWidth(px.height, px.width, source);
            px = Resampler.resize(px, hw[1], hw[0], resample);
        }
        int outH = doCenterCrop ? cropHeight : px.height;
        int outW = doCenterCrop ? cropWidth : px.width;
        // HF's center_crop puts the crop's corner at (size - crop) // 2 (floor division); where
        // that lies outside the image the padded zeros come out, as from HF's zero-padded copy.
        int top = doCenterCrop ? Math.floorDiv(px.height - cropHeight, 2) : 0;
        int left = doCenterCrop ? Math.floorDiv(px.width - cropWidth, 2) : 0;
        float[] out = new float[3 * outH * outW];
        for (int c = 0; c < 3; c++) {
            float[] level = levels[c];
            for (int y = 0; y < outH; y++) {
                int sy = y + top;
                int o = (c * outH + y) * outW;
                for (int x = 0; x < outW; x++) {
                    int sx = x + left;
                    boolean inside = sy >= 0 && sy < px.height && sx >= 0 && sx < px.width;
                    out[o + x] = level[inside ? px.get(sx, sy, c) : 0];
                }
            }
        }
        return out;
    }

    /**
     * Float32 result for each uint8 level, computed with Hugging Face's arithmetic: rescale in
     * double then cast ({@code image.astype(float64) * scale}, {@code .astype(float32)}), then
     * {@code (x - mean) / std} with mean and std cast to float32 and float32 operations, which
     * Java's {@code float} arithmetic reproduces exactly.
     */
    private float[][] levelTable() {
        float[][] t = new float[3][256];
        for (int c = 0; c < 3; c++) {
            float mean = (float) imageMean[c];
            float std = (float) imageStd[c];
            for (int u = 0; u < 256; u++) {
                float v = doRescale ? (float) (u * rescaleFactor) : (float) u;
                t[c][u] = doNormalize ? (v - mean) / std : v;
            }
        }
        return t;
    }

    /** HF's {@code get_resize_output_image_size}, returning {height, width}. */
    private int[] resizedHeightWidth(int height, int width, String source) {
        if (!size.keepsAspectRatio()) {
            return new int[] {size.height(), size.width()};
        }
        int shortSide = Math.min(width, height);
        int longSide = Math.max(width, height);
        long edge = size.shortestEdge();
        // Python: int(requested_new_short * long / short): exact product, true division, truncation.
        long newLong = (long) ((double) (edge * longSide) / shortSide);
        if (newLong * edge > ImageDecoder.MAX_PIXELS) {
            throw new InvalidInputException(source + ": " + width + "x" + height + " pixels would be resized to "
                    + newLong + " pixels along its long side (shortest_edge " + edge + "), more than Pillow"
                    + " accepts. Crop the image to a less extreme aspect ratio");
        }
        return width <= height ? new int[] {(int) newLong, (int) edge} : new int[] {(int) edge, (int) newLong};
    }

    private int[] fixedShape() {
        if (!hasFixedOutputSize()) {
            throw new IllegalStateException("This preprocessor keeps the aspect ratio without a center crop, so the"
                    + " output size depends on the image; use outputShape(width, height)");
        }
        return doCenterCrop ? new int[] {3, cropHeight, cropWidth} : new int[] {3, size.height(), size.width()};
    }

    /**
     * @param o another object
     * @return whether {@code o} is a processor with the same settings
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof ImageProcessor p && doResize == p.doResize && size.equals(p.size)
                && resample == p.resample && doCenterCrop == p.doCenterCrop && cropHeight == p.cropHeight
                && cropWidth == p.cropWidth && doRescale == p.doRescale
                && Double.compare(rescaleFactor, p.rescaleFactor) == 0 && doNormalize == p.doNormalize
                && Arrays.equals(imageMean, p.imageMean) && Arrays.equals(imageStd, p.imageStd)
                && doConvertRgb == p.doConvertRgb;
    }

    /** @return a hash of the settings */
    @Override
    public int hashCode() {
        return Objects.hash(doResize, size, resample, doCenterCrop, cropHeight, cropWidth, doRescale, rescaleFactor,
                doNormalize, Arrays.hashCode(imageMean), Arrays.hashCode(imageStd), doConvertRgb);
    }

    /** @return the settings, as JSON on one line */
    @Override
    public String toString() {
        return "ImageProcessor" + toJson().replaceAll("\\s*\n\\s*", " ").strip();
    }
}
