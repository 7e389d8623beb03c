package dev.mip.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mip.InvalidInputException;
import dev.mip.io.AtomicFiles;
import dev.mip.io.Sha256;
import dev.mip.model.io.CheckpointWeights;
import dev.mip.model.io.SafetensorsWriter;
import dev.mip.model.io.TensorDType;
import dev.mip.model.io.TensorInfo;
import dev.mip.runtime.DjlRuntime;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Hugging Face LLaVA checkpoint directory, loaded: {@code config.json}, safetensors weights
 * (single or sharded), {@code tokenizer.json}, {@code preprocessor_config.json} and the prompt
 * format. Saving writes the same layout (weight names, stored dtypes, tokenizer and processor
 * files verbatim) so that other HF-format tools can serve the result, atomically and with a
 * {@code manifest.json} of SHA-256 hashes.
 */
public final class Checkpoint implements AutoCloseable {
    /** Manifest file written beside the weights. */
    public static final String MANIFEST = "manifest.json";
    /** Files copied verbatim from the source directory when present. */
    static final List<String> SIDE_FILES = List.of("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
            "preprocessor_config.json", "processor_config.json", "chat_template.json", "chat_template.jinja",
            "generation_config.json", "added_tokens.json");
    private static final long DEFAULT_SHARD_BYTES = 5L << 30;

    private final LlavaConfig config;
    private final Mllm model;
    private final TextTokenizer tokenizer;
    private final ImageProcessor images;
    private final PromptFormat prompt;
    private final WeightLayout layout;
    private final Map<String, TensorDType> storedTypes;
    private final Map<String, RawTensor> opaque;
    private final Map<String, byte[]> sideFiles;

    /** A tensor kept as stored bytes because it is not a float (e.g. CLIP's int64 position_ids buffer). */
    private record RawTensor(TensorDType dtype, long[] shape, byte[] data) {}

    private Checkpoint(LlavaConfig config, Mllm model, TextTokenizer tokenizer, ImageProcessor images, PromptFormat prompt,
            WeightLayout layout, Map<String, TensorDType> storedTypes, Map<String, RawTensor> opaque,
            Map<String, byte[]> sideFiles) {
        this.config = config;
        this.model = model;
        this.tokenizer = tokenizer;
        this.images = images;
        this.prompt = prompt;
        this.layout = layout;
        this.storedTypes = storedTypes;
        this.opaque = opaque;
        this.sideFiles = sideFiles;
    }

    /**
     * Loads a checkpoint directory.
     *
     * @param dir the directory
     * @param device where the weights live
     * @param dtype compute dtype (FLOAT32; FLOAT64 for exact checks; FLOAT16 on GPU)
     * @return the checkpoint; close it when done
     */
    public static Checkpoint load(Path dir, Device device, DataType dtype) {
        if (!Files.isDirectory(dir)) {
            throw InvalidInputException.of(dir, null, Files.exists(dir) ? "is not a directory" : "does not exist",
                    "Point model.path at a Hugging Face LLaVA checkpoint directory");
        }
        LlavaConfig config = LlavaConfig.load(dir);
        Map<String, byte[]> side = readSideFiles(dir);
        ImageProcessor images = ImageProcessor.fromModelDirectory(dir);
        if (images.outputHeight() != config.vision().imageSize() || images.outputWidth() != config.vision().imageSize()) {
            throw InvalidInputException.of(dir.resolve("preprocessor_config.json"), "crop_size",
                    "produces " + images.outputHeight() + "x" + images.outputWidth() + " images but vision_config.image_size is "
                            + config.vision().imageSize(), "Make crop_size match config.json's vision_config.image_size");
        }
        TextTokenizer tokenizer = TextTokenizer.load(dir);
        try {
            String imageToken = tokenizer.addedToken(config.imageTokenIndex());
            if (imageToken == null) {
                throw InvalidInputException.of(dir.resolve(TextTokenizer.FILE), "added_tokens",
                        "no added token has id " + config.imageTokenIndex() + " (config.json image_token_index)",
                        "Add the image placeholder token (e.g. <image>) to the tokenizer with that id");
            }
            PromptFormat prompt = PromptFormat.detect(dir, imageToken);
            NDManager manager = DjlRuntime.newManager(device);
            try (CheckpointWeights w = CheckpointWeights.open(dir)) {
                WeightLayout layout = WeightLayout.detect(w.names());
                Map<String, NDArray> params = new LinkedHashMap<>();
                Map<String, TensorDType> stored = new LinkedHashMap<>();
                Map<String, RawTensor> opaque = new LinkedHashMap<>();
                for (String name : w.names()) {
                    TensorInfo info = w.info(name);
                    String canonical = layout.toCanonical(name);
                    if (!info.dtype().isFloatingPoint()) {
                        opaque.put(canonical, new RawTensor(info.dtype(), info.shape(), w.readRaw(name)));
                        continue;
                    }
                    stored.put(canonical, info.dtype());
                    params.put(canonical, toDevice(manager, w, name, info, dtype));
                }
                checkAgainstConfig(dir, config, params.keySet(), opaque);
                Mllm model = new Mllm(config, manager, dtype, params, dir.toString());
                return new Checkpoint(config, model, tokenizer, images, prompt, layout, stored, opaque, side);
            } catch (RuntimeException e) {
                manager.close();
                throw e;
            }
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    private static final java.util.regex.Pattern LAYER = java.util.regex.Pattern.compile(
            "(" + java.util.regex.Pattern.quote(ParamSpec.TEXT + "layers.") + "|"
                    + java.util.regex.Pattern.quote(ParamSpec.VISION + "encoder.layers.") + ")(\\d+)\\..*");

    /**
     * What {@link Mllm} cannot tell from the parameters it receives: a tensor the architecture
     * needs that is stored with an integer dtype (it would otherwise look missing), and layers the
     * weights hold beyond config.json's {@code num_hidden_layers} (they would be silently ignored,
     * then written back beside a config that does not mention them).
     */
    private static void checkAgainstConfig(Path dir, LlavaConfig config, java.util.Set<String> floats,
            Map<String, RawTensor> opaque) {
        for (ParamSpec s : ParamSpec.all(config)) {
            RawTensor r = opaque.get(s.name());
            if (r != null && !floats.contains(s.name())) {
                throw InvalidInputException.of(dir, "tensor '" + s.name() + "'", "is stored as " + r.dtype()
                        + " but the model needs floating point weights (F32, F16 or BF16)",
                        "Re-export the checkpoint with this tensor as a float tensor");
            }
        }
        for (String name : floats) {
            java.util.regex.Matcher m = LAYER.matcher(name);
            if (!m.matches()) {
                continue;
            }
            boolean text = m.group(1).startsWith(ParamSpec.TEXT);
            int layers = text ? config.text().numLayers() : config.vision().numLayers();
            long index = Long.parseLong(m.group(2));
            if (index >= layers) {
                String key = text ? "text_config.num_hidden_layers" : "vision_config.num_hidden_layers";
                throw InvalidInputException.of(dir.resolve(LlavaConfig.FILE), key, "is " + layers + " but the weights hold layer "
                        + index + " (tensor '" + name + "'): the weights have more layers than config.json declares",
                        "Use the config.json that was saved with these weights (set " + key + " to the number of layers stored)");
            }
        }
    }

    private static NDArray toDevice(NDManager manager, CheckpointWeights w, String name, TensorInfo info, DataType dtype) {
        Shape shape = new Shape(info.shape());
        if (dtype == DataType.FLOAT64) {
            return manager.create(w.readDoubles(name), shape);
        }
        ByteBuffer f32 = w.readAsF32(name);
        NDArray a = manager.create(f32, shape, DataType.FLOAT32);
        // A copy libtorch owns; the direct buffer is freed at once. Kept as the tensor's storage, the
        // weights would count against the JVM's direct-memory limit (a 7B float32 model: 28 GB) and the
        // float16 path's widened buffers would linger until a GC.
        NDArray c = dtype == DataType.FLOAT32 ? a.duplicate() : a.toType(dtype, true);
        a.close();
        dev.mip.runtime.DirectBuffers.free(f32);
        return c;
    }

    /**
     * Creates a checkpoint for a new model (e.g. training from scratch).
     *
     * @param config architecture
     * @param params parameters by canonical name (ownership passes to the checkpoint's manager)
     * @param manager the manager owning {@code params}
     * @param dtype their dtype
     * @param tokenizerJson content of tokenizer.json
     * @param images image preprocessing
     * @param storeAs dtype of the saved weights
     * @return the checkpoint
     */
    public static Checkpoint create(LlavaConfig config, Map<String, NDArray> params, NDManager manager, DataType dtype,
            String tokenizerJson, ImageProcessor images, TensorDType storeAs) {
        Map<String, byte[]> side = new TreeMap<>();
        side.put("tokenizer.json", tokenizerJson.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        side.put("preprocessor_config.json", images.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Map<String, TensorDType> stored = new LinkedHashMap<>();
        params.keySet().forEach(n -> stored.put(n, storeAs));
        Path tmp = null;
        try {
            // Load the tokenizer through the same code path as a saved checkpoint.
            tmp = Files.createTempDirectory("mip-tokenizer");
            Files.write(tmp.resolve(TextTokenizer.FILE), side.get("tokenizer.json"));
            TextTokenizer tokenizer = TextTokenizer.load(tmp);
            String imageToken = tokenizer.addedToken(config.imageTokenIndex());
            if (imageToken == null) {
                tokenizer.close();
                throw new IllegalArgumentException("tokenizer has no token with id image_token_index " + config.imageTokenIndex());
            }
            Mllm model = new Mllm(config, manager, dtype, params, "new model");
            return new Checkpoint(config, model, tokenizer, images, new PromptFormat(PromptFormat.Kind.LLAVA_1_5, imageToken),
                    WeightLayout.LEGACY, stored, new LinkedHashMap<>(), side);
        } catch (IOException e) {
            throw new dev.mip.MipException("Could not create a temporary directory: " + e.getMessage(), e);
        } finally {
            AtomicFiles.deleteRecursively(tmp);
        }
    }

    private static Map<String, byte[]> readSideFiles(Path dir) {
        Map<String, byte[]> side = new TreeMap<>();
        for (String name : SIDE_FILES) {
            Path f = dir.resolve(name);
            if (Files.isRegularFile(f)) {
                try {
                    side.put(name, Files.readAllBytes(f));
                } catch (IOException e) {
                    throw InvalidInputException.of(f, null, "cannot be read (" + e.getMessage() + ")", "Check file permissions");
                }
            }
        }
        return side;
    }

    /**
     * Saving options.
     *
     * @param storeAs dtype for all saved float tensors, or null to keep each tensor's stored dtype
     * @param maxShardBytes split weights into shards of at most this many bytes (default 5 GiB, as HF)
     * @param manifestExtras extra fields for {@code manifest.json} (settings, provenance), or null
     */
    public record SaveOptions(TensorDType storeAs, long maxShardBytes, ObjectNode manifestExtras) {
        /** Keep dtypes, 5 GiB shards, no extras. */
        public static final SaveOptions DEFAULT = new SaveOptions(null, DEFAULT_SHARD_BYTES, null);
    }

    /**
     * Saves the checkpoint into {@code dir} atomically: written under a temporary name, then moved
     * into place, so an interrupted save never leaves a directory that looks complete.
     *
     * @param dir target directory (replaced if it exists)
     * @param opts options
     */
    public void save(Path dir, SaveOptions opts) {
        AtomicFiles.writeDirectory(dir, tmp -> writeInto(tmp, opts));
    }

    /**
     * Saves with default options.
     *
     * @param dir target directory
     */
    public void save(Path dir) {
        save(dir, SaveOptions.DEFAULT);
    }

    private void writeInto(Path dir, SaveOptions opts) throws IOException {
        Files.writeString(dir.resolve(LlavaConfig.FILE), config.toJsonString());
        for (Map.Entry<String, byte[]> e : sideFiles.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
        List<SafetensorsWriter.Entry> entries = new ArrayList<>();
        for (Map.Entry<String, NDArray> p : model.parameters().entrySet()) {
            String canonical = p.getKey();
            TensorDType as = opts.storeAs() != null ? opts.storeAs() : storedTypes.getOrDefault(canonical, TensorDType.F32);
            NDArray a = p.getValue();
            float[] values = a.getDataType() == DataType.FLOAT32 ? a.toFloatArray() : toFloats(a);
            entries.add(SafetensorsWriter.f32(layout.toStored(canonical), a.getShape().getShape(), values, as));
        }
        for (Map.Entry<String, RawTensor> o : opaque.entrySet()) {
            RawTensor r = o.getValue();
            entries.add(new SafetensorsWriter.Entry(layout.toStored(o.getKey()), r.dtype(), r.shape(), r.data()));
        }
        entries.sort((x, y) -> x.name().compareTo(y.name()));
        Map<String, String> meta = Map.of("format", "pt");
        List<List<SafetensorsWriter.Entry>> shards = shard(entries, opts.maxShardBytes());
        if (shards.size() == 1) {
            SafetensorsWriter.write(dir.resolve(CheckpointWeights.SINGLE_FILE), meta, entries);
        } else {
            ObjectNode index = JsonNodeFactory.instance.objectNode();
            long total = 0;
            ObjectNode map = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < shards.size(); i++) {
                String file = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
                SafetensorsWriter.write(dir.resolve(file), meta, shards.get(i));
                for (SafetensorsWriter.Entry e : shards.get(i)) {
                    map.put(e.name(), file);
                    total += e.data().length;
                }
            }
            index.putObject("metadata").put("total_size", total);
            index.set("weight_map", map);
            Files.writeString(dir.resolve(CheckpointWeights.INDEX_FILE), json(index));
        }
        writeManifest(dir, opts.manifestExtras());
    }

    private static float[] toFloats(NDArray a) {
        try (NDArray f = a.toType(DataType.FLOAT32, true)) {
            return f.toFloatArray();
        }
    }

    private static List<List<SafetensorsWriter.Entry>> shard(List<SafetensorsWriter.Entry> entries, long max) {
        List<List<SafetensorsWriter.Entry>> shards = new ArrayList<>();
        List<SafetensorsWriter.Entry> cur = new ArrayList<>();
        long size = 0;
        for (SafetensorsWriter.Entry e : entries) {
            if (!cur.isEmpty() && size + e.data().length > max) {
                shards.add(cur);
                cur = new ArrayList<>();
                size = 0;
            }
            cur.add(e);
            size += e.data().length;
        }
        shards.add(cur);
        return shards;
    }

    private static void writeManifest(Path dir, ObjectNode extras) throws IOException {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("schema", 1);
        ObjectNode files = m.putObject("files");
        List<Path> all = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.filter(Files::isRegularFile).forEach(all::add);
        }
        Collections.sort(all);
        for (Path f : all) {
            files.put(f.getFileName().toString(), Sha256.of(f));
        }
        if (extras != null) {
            m.setAll(extras);
        }
        Files.writeString(dir.resolve(MANIFEST), json(m));
    }

    private static String json(ObjectNode n) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(n) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the configuration */
    public LlavaConfig config() {
        return config;
    }

    /** @return the model */
    public Mllm model() {
        return model;
    }

    /** @return the tokenizer */
    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    /** @return image preprocessing */
    public ImageProcessor images() {
        return images;
    }

    /** @return the prompt format */
    public PromptFormat promptFormat() {
        return prompt;
    }

    /** @return the stored weight layout */
    public WeightLayout layout() {
        return layout;
    }

    /** @return a batch builder for this checkpoint */
    public BatchBuilder batches() {
        return new BatchBuilder(config, tokenizer, prompt);
    }

    @Override
    public void close() {
        try {
            model.close();
        } finally {
            tokenizer.close();
        }
    }
}
