package dev.mip.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mip.InvalidInputException;
import dev.mip.json.JsonFields;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads and validates a Hugging Face {@code preprocessor_config.json} into an
 * {@link ImageProcessor}. Absent fields (and {@code null} where {@code CLIPImageProcessor}
 * substitutes a default for {@code None}) take that class's defaults; keys it does not use, such
 * as {@code image_processor_type} or {@code processor_class}, are ignored as Hugging Face ignores
 * them. Anything else that is wrong fails with the file, the field and the fix.
 */
final class PreprocessorConfigReader {
    /** Largest accepted side: far beyond any CLIP-style tower, small enough that buffers fit. */
    static final int MAX_SIDE = 16384;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SIZE_FIX = "Use {\"shortest_edge\": 336} (keep aspect ratio) or"
            + " {\"height\": 336, \"width\": 336}";
    private static final String CROP_FIX = "Use {\"height\": 336, \"width\": 336} or a single whole number";

    private PreprocessorConfigReader() {}

    /**
     * @param file a {@code preprocessor_config.json}
     * @return the processor it describes
     */
    static ImageProcessor read(Path file) {
        if (!Files.exists(file)) {
            throw InvalidInputException.of(file, null, "does not exist",
                    "Pass the path of the model's preprocessor_config.json");
        }
        if (!Files.isRegularFile(file)) {
            throw InvalidInputException.of(file, null, "is not a regular file",
                    "Pass the path of the model's preprocessor_config.json");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new InvalidInputException(file + ": is not valid JSON" + where + " (" + e.getOriginalMessage()
                    + "). Fix the syntax, or copy the file again from the model repository", e);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": could not be read (" + e + "). Check that the file is"
                    + " accessible", e);
        }
        if (root == null || root.isMissingNode()) {
            throw InvalidInputException.of(file, null, "is empty",
                    "Copy the model's preprocessor_config.json from its repository");
        }
        JsonFields f = new JsonFields(file, "", root);
        // For these keys CLIPImageProcessor keeps a null as None, which then silently means
        // "off" (flags), "bilinear" (resample) or a crash (rescale_factor): refuse it instead.
        for (String key : new String[] {"do_resize", "do_center_crop", "do_rescale", "do_normalize",
                "do_convert_rgb", "resample", "rescale_factor"}) {
            if (root.has(key) && root.get(key).isNull()) {
                throw f.error(key, "is null", "Give it a value or remove the key to use the default");
            }
        }
        return new ImageProcessor(
                f.optBoolean("do_resize", true),
                resizeTarget(f),
                resample(f),
                f.optBoolean("do_center_crop", true),
                cropSize(f),
                f.optBoolean("do_rescale", true),
                rescaleFactor(f),
                f.optBoolean("do_normalize", true),
                triple(f, "image_mean", ImageProcessor.CLIP_MEAN, false),
                triple(f, "image_std", ImageProcessor.CLIP_STD, true),
                f.optBoolean("do_convert_rgb", true));
    }

    /**
     * {@code size}: an int is the shortest edge (CLIP converts with {@code default_to_square=False}),
     * a {@code [height, width]} list or a {@code {height, width}} object is an exact size, and
     * {@code shortest_edge} wins when both forms are present, as in {@code CLIPImageProcessor.resize}
     * (which also ignores {@code longest_edge}).
     */
    private static ImageProcessor.ResizeTarget resizeTarget(JsonFields f) {
        if (!f.has("size")) {
            return ImageProcessor.ResizeTarget.shortestEdge(224);
        }
        JsonNode v = f.node().get("size");
        if (v.isNumber()) {
            return ImageProcessor.ResizeTarget.shortestEdge(side(f, "size", v, SIZE_FIX));
        }
        if (v.isArray()) {
            int[] hw = pair(f, "size", v, SIZE_FIX);
            return ImageProcessor.ResizeTarget.exact(hw[0], hw[1]);
        }
        if (v.isObject()) {
            if (v.has("shortest_edge")) {
                return ImageProcessor.ResizeTarget.shortestEdge(
                        side(f, "size.shortest_edge", v.get("shortest_edge"), SIZE_FIX));
            }
            if (v.has("height") && v.has("width")) {
                return ImageProcessor.ResizeTarget.exact(side(f, "size.height", v.get("height"), SIZE_FIX),
                        side(f, "size.width", v.get("width"), SIZE_FIX));
            }
            throw f.error("size", "has neither shortest_edge nor height and width", SIZE_FIX);
        }
        throw f.error("size", "is " + shown(v) + " but must be an object, a whole number or [height, width]",
                SIZE_FIX);
    }

    /** {@code crop_size}: an int means a square (HF converts it with {@code default_to_square=True}). */
    private static int[] cropSize(JsonFields f) {
        if (!f.has("crop_size")) {
            return new int[] {224, 224};
        }
        JsonNode v = f.node().get("crop_size");
        if (v.isNumber()) {
            int s = side(f, "crop_size", v, CROP_FIX);
            return new int[] {s, s};
        }
        if (v.isArray()) {
            return pair(f, "crop_size", v, CROP_FIX);
        }
        if (v.isObject()) {
            if (!v.has("height") || !v.has("width")) {
                throw f.error("crop_size", "must have both height and width", CROP_FIX);
            }
            return new int[] {side(f, "crop_size.height", v.get("height"), CROP_FIX),
                side(f, "crop_size.width", v.get("width"), CROP_FIX)};
        }
        throw f.error("crop_size", "is " + shown(v) + " but must be an object or a whole number", CROP_FIX);
    }

    private static ResampleFilter resample(JsonFields f) {
        int code = f.optInt("resample", ResampleFilter.BICUBIC.pilCode());
        ResampleFilter filter = ResampleFilter.ofPilCode(code);
        if (filter == null) {
            throw f.error("resample", "is " + code + ", which is not a PIL resampling filter",
                    "Use 3 (bicubic, the CLIP default), 2 (bilinear) or 0 (nearest); 1 (lanczos), 4 (box) and"
                            + " 5 (hamming) are also supported");
        }
        return filter;
    }

    private static double rescaleFactor(JsonFields f) {
        double v = f.optDouble("rescale_factor", ImageProcessor.DEFAULT_RESCALE_FACTOR);
        if (!(v > 0) || Double.isInfinite(v)) {
            throw f.error("rescale_factor", "is " + v + " but must be a positive number",
                    "Use 0.00392156862745098 (1/255) to map pixels to [0, 1]");
        }
        return v;
    }

    /** One value per RGB channel; a single number is broadcast, as HF's {@code normalize} does. */
    private static double[] triple(JsonFields f, String key, double[] dflt, boolean positive) {
        if (!f.has(key)) {
            return dflt.clone();
        }
        String fix = "Give three numbers, one per RGB channel, e.g. " + Arrays.toString(dflt);
        JsonNode v = f.node().get(key);
        double[] out = new double[3];
        if (v.isNumber()) {
            Arrays.fill(out, v.doubleValue());
        } else if (v.isArray() && v.size() == 3) {
            for (int i = 0; i < 3; i++) {
                JsonNode e = v.get(i);
                if (!e.isNumber()) {
                    throw f.error(key + "[" + i + "]", "is " + shown(e) + " but must be a number", fix);
                }
                out[i] = e.doubleValue();
            }
        } else {
            String what = v.isArray() ? "has " + v.size() + " values" : "is " + shown(v);
            throw f.error(key, what + " but must be a list of 3 numbers (the model takes RGB)", fix);
        }
        for (int i = 0; i < 3; i++) {
            if (!Double.isFinite(out[i])) {
                throw f.error(key, "contains " + out[i], fix);
            }
            if (positive && !(out[i] > 0)) {
                throw f.error(key, "contains " + out[i] + "; a standard deviation must be positive (normalising"
                        + " divides by it)", fix);
            }
        }
        return out;
    }

    private static int[] pair(JsonFields f, String key, JsonNode v, String fix) {
        if (v.size() != 2) {
            throw f.error(key, "is a list of " + v.size() + " values but must be [height, width]", fix);
        }
        return new int[] {side(f, key + "[0]", v.get(0), fix), side(f, key + "[1]", v.get(1), fix)};
    }

    private static int side(JsonFields f, String path, JsonNode v, String fix) {
        if (v == null || !v.isIntegralNumber()) {
            throw f.error(path, "is " + shown(v) + " but must be a whole number of pixels", fix);
        }
        if (!v.canConvertToInt() || v.intValue() < 1 || v.intValue() > MAX_SIDE) {
            throw f.error(path, "is " + v.asText() + " but must be between 1 and " + MAX_SIDE + " pixels", fix);
        }
        return v.intValue();
    }

    private static String shown(JsonNode v) {
        String s = String.valueOf(v);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
