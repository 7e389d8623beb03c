package dev.mip.model.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mip.InvalidInputException;
import dev.mip.ResourceException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The weights of a model directory, as Hugging Face lays them out, read only from safetensors.
 *
 * <p>Resolution order: {@code model.safetensors.index.json} (sharded: every shard it names is
 * opened and cross-checked against it); else {@code model.safetensors}; else the directory's only
 * {@code *.safetensors} file. Pickle checkpoints ({@code *.bin}, {@code *.pt}, {@code *.pth},
 * {@code *.ckpt}, {@code *.pkl}) are refused without being opened, because unpickling can execute
 * arbitrary code; the error explains how to convert them.
 *
 * <p>Shard names in an index are checked lexically (no absolute paths, no {@code ..}), so a
 * directory of symbolic links, as in the Hugging Face cache, still works.
 */
public final class CheckpointWeights implements AutoCloseable {
    /** The Hugging Face index of a sharded safetensors checkpoint. */
    public static final String INDEX_FILE = "model.safetensors.index.json";
    /** The Hugging Face name of a single-file safetensors checkpoint. */
    public static final String SINGLE_FILE = "model.safetensors";

    private static final long MAX_INDEX_BYTES = 100L * 1024 * 1024;
    private static final List<String> PICKLE_SUFFIXES = List.of(".bin", ".pt", ".pth", ".ckpt", ".pkl");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final String CONVERT_FIX = "Convert the checkpoint to safetensors in a trusted Python"
            + " environment, e.g. `python -c \"import torch; from safetensors.torch import save_file;"
            + " save_file(torch.load('pytorch_model.bin', weights_only=True), 'model.safetensors')\"`,"
            + " or load it with transformers and call save_pretrained(dir, safe_serialization=True)";

    private final Path directory;
    private final boolean sharded;
    private final Map<String, String> metadata;
    private final Map<String, String> shardOf;
    private final Map<String, SafetensorsFile> fileOf;
    private final SortedSet<String> names;
    private final List<SafetensorsFile> files;

    private CheckpointWeights(Path directory, boolean sharded, Map<String, String> metadata,
            Map<String, String> shardOf, Map<String, SafetensorsFile> fileOf, List<SafetensorsFile> files) {
        this.directory = directory;
        this.sharded = sharded;
        this.metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
        this.shardOf = Collections.unmodifiableMap(new TreeMap<>(shardOf));
        this.fileOf = Map.copyOf(fileOf);
        this.names = Collections.unmodifiableSortedSet(new TreeSet<>(shardOf.keySet()));
        this.files = List.copyOf(files);
    }

    /**
     * Opens and validates a model directory's weights. All files stay open until {@link #close()}.
     *
     * @param directory the model directory
     * @return the weights
     * @throws InvalidInputException if the directory is missing, holds no safetensors weights,
     *     holds only pickle weights, or any weights file or the index is malformed
     */
    public static CheckpointWeights open(Path directory) {
        Objects.requireNonNull(directory, "directory");
        if (!Files.exists(directory)) {
            throw InvalidInputException.of(directory, null, "model directory not found",
                    "check the path; it should be a directory holding model.safetensors or sharded safetensors");
        }
        if (!Files.isDirectory(directory)) {
            throw InvalidInputException.of(directory, null, "not a directory",
                    "point to the model directory (the one holding config.json and the weights), not a file in it");
        }
        Path index = directory.resolve(INDEX_FILE);
        if (Files.exists(index)) {
            return ShardedLoader.load(directory, index);
        }
        Path single = directory.resolve(SINGLE_FILE);
        if (!Files.exists(single)) {
            single = onlySafetensorsFile(directory);
        }
        SafetensorsFile file = SafetensorsFile.open(single);
        Map<String, String> shardOf = new LinkedHashMap<>();
        Map<String, SafetensorsFile> fileOf = new LinkedHashMap<>();
        for (TensorInfo t : file.tensors()) {
            shardOf.put(t.name(), single.getFileName().toString());
            fileOf.put(t.name(), file);
        }
        return new CheckpointWeights(directory, false, file.metadata(), shardOf, fileOf, List.of(file));
    }

    /**
     * The model directory.
     *
     * @return the path as given to {@link #open(Path)}
     */
    public Path directory() {
        return directory;
    }

    /**
     * Whether the weights come from a sharded index.
     *
     * @return true if {@code model.safetensors.index.json} was used
     */
    public boolean sharded() {
        return sharded;
    }

    /**
     * Every tensor name.
     *
     * @return an unmodifiable sorted set
     */
    public SortedSet<String> names() {
        return names;
    }

    /**
     * Which file holds each tensor.
     *
     * @return an unmodifiable map, sorted by tensor, from tensor name to file name in the directory
     */
    public Map<String, String> shardOf() {
        return shardOf;
    }

    /**
     * The checkpoint's metadata: the single file's {@code __metadata__}, or for a sharded
     * checkpoint the index's {@code metadata} object (non-string values, such as
     * {@code total_size}, rendered as JSON text).
     *
     * @return an unmodifiable map sorted by key
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Whether the checkpoint holds a tensor of this name.
     *
     * @param name the tensor name
     * @return true if present
     */
    public boolean contains(String name) {
        return fileOf.containsKey(name);
    }

    /**
     * The description of one tensor; its offsets are absolute within its own file.
     *
     * @param name the tensor name
     * @return its dtype, shape and byte range
     * @throws InvalidInputException naming the directory and tensor if there is no such tensor
     */
    public TensorInfo info(String name) {
        return file(name).info(name);
    }

    /**
     * The tensor as F32; see {@link SafetensorsFile#readAsF32(String)}.
     *
     * @param name the tensor name
     * @return a new direct buffer in native byte order
     */
    public ByteBuffer readAsF32(String name) {
        return file(name).readAsF32(name);
    }

    /**
     * The tensor as floats; see {@link SafetensorsFile#readFloats(String)}.
     *
     * @param name the tensor name
     * @return a fresh array
     */
    public float[] readFloats(String name) {
        return file(name).readFloats(name);
    }

    /**
     * The tensor as doubles; see {@link SafetensorsFile#readDoubles(String)}.
     *
     * @param name the tensor name
     * @return a fresh array
     */
    public double[] readDoubles(String name) {
        return file(name).readDoubles(name);
    }

    /**
     * The tensor's stored bytes; see {@link SafetensorsFile#readRaw(String)}.
     *
     * @param name the tensor name
     * @return a fresh array
     */
    public byte[] readRaw(String name) {
        return file(name).readRaw(name);
    }

    /** Closes every weights file. */
    @Override
    public void close() {
        closeAll(files, null);
    }

    private SafetensorsFile file(String name) {
        SafetensorsFile file = fileOf.get(name);
        if (file == null) {
            throw InvalidInputException.of(directory, name, "no tensor of this name in the checkpoint ("
                    + SafetensorsFile.describeNames(names) + ")", "check the tensor name against the checkpoint");
        }
        return file;
    }

    private static Path onlySafetensorsFile(Path directory) {
        List<Path> safetensors = new ArrayList<>();
        List<String> pickles = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.endsWith(".safetensors") && Files.isRegularFile(p)) {
                    safetensors.add(p);
                } else if (PICKLE_SUFFIXES.stream().anyMatch(lower::endsWith)
                        || name.equals("pytorch_model.bin.index.json")) {
                    pickles.add(name);
                }
            }
        } catch (IOException e) {
            throw ResourceException.io(directory + ": could not list the directory", e);
        }
        Collections.sort(safetensors);
        Collections.sort(pickles);
        if (safetensors.size() == 1) {
            return safetensors.get(0);
        }
        if (safetensors.size() > 1) {
            throw InvalidInputException.of(directory, null, "holds " + safetensors.size() + " .safetensors files "
                    + fileNames(safetensors) + " but no " + SINGLE_FILE + " and no " + INDEX_FILE,
                    "add the " + INDEX_FILE + " that came with the shards, or keep only the one weights file");
        }
        if (!pickles.isEmpty()) {
            throw InvalidInputException.of(directory, null, "holds only pickle checkpoints " + pickles
                    + ", which are not loaded for safety: unpickling can execute arbitrary code", CONVERT_FIX);
        }
        throw InvalidInputException.of(directory, null, "holds no model weights (no " + SINGLE_FILE + ", no "
                + INDEX_FILE + ", no *.safetensors file)",
                "point to the model directory that holds the safetensors weights, or save them there with"
                        + " save_pretrained(dir, safe_serialization=True)");
    }

    private static List<String> fileNames(List<Path> paths) {
        return paths.stream().map(p -> p.getFileName().toString()).toList();
    }

    private static void closeAll(List<SafetensorsFile> files, Throwable primary) {
        RuntimeException failure = null;
        for (SafetensorsFile f : files) {
            try {
                f.close();
            } catch (RuntimeException e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                } else if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Reads and cross-checks {@code model.safetensors.index.json} and its shards. */
    private static final class ShardedLoader {
        private final Path directory;
        private final Path index;
        private final List<SafetensorsFile> opened = new ArrayList<>();

        private ShardedLoader(Path directory, Path index) {
            this.directory = directory;
            this.index = index;
        }

        static CheckpointWeights load(Path directory, Path index) {
            ShardedLoader loader = new ShardedLoader(directory, index);
            try {
                return loader.load();
            } catch (RuntimeException | Error e) {
                closeAll(loader.opened, e);
                throw e;
            }
        }

        private CheckpointWeights load() {
            JsonNode root = readIndex();
            Map<String, String> metadata = indexMetadata(root.get("metadata"));
            TreeMap<String, String> weightMap = weightMap(root.get("weight_map"));
            // shard name -> one tensor that needs it (the first by name), for error messages
            TreeMap<String, String> shards = new TreeMap<>();
            weightMap.forEach((tensor, shard) -> shards.putIfAbsent(shard, tensor));
            Map<String, SafetensorsFile> byShard = new LinkedHashMap<>();
            for (Map.Entry<String, String> s : shards.entrySet()) {
                byShard.put(s.getKey(), openShard(s.getKey(), s.getValue()));
            }
            Map<String, String> holder = new TreeMap<>();
            for (Map.Entry<String, SafetensorsFile> s : byShard.entrySet()) {
                for (TensorInfo t : s.getValue().tensors()) {
                    String other = holder.putIfAbsent(t.name(), s.getKey());
                    if (other != null) {
                        throw InvalidInputException.of(index, t.name(), "tensor is stored in two shards, \"" + other
                                + "\" and \"" + s.getKey() + "\"", "the checkpoint is inconsistent: re-download or"
                                + " re-export it");
                    }
                    if (!weightMap.containsKey(t.name())) {
                        throw InvalidInputException.of(index, t.name(), "tensor is stored in shard \"" + s.getKey()
                                + "\" but not listed in the weight_map", "the index is stale: re-download or"
                                + " re-export the checkpoint");
                    }
                }
            }
            Map<String, SafetensorsFile> fileOf = new LinkedHashMap<>();
            for (Map.Entry<String, String> w : weightMap.entrySet()) {
                SafetensorsFile shard = byShard.get(w.getValue());
                if (!shard.contains(w.getKey())) {
                    throw InvalidInputException.of(index, w.getKey(), "the weight_map places this tensor in shard \""
                            + w.getValue() + "\" but that shard does not hold it",
                            "the checkpoint is incomplete or the index is stale: re-download or re-export it");
                }
                fileOf.put(w.getKey(), shard);
            }
            return new CheckpointWeights(directory, true, metadata, weightMap, fileOf, opened);
        }

        private JsonNode readIndex() {
            byte[] bytes;
            try {
                if (!Files.isRegularFile(index)) {
                    throw InvalidInputException.of(index, null, "not a regular file", "remove it or replace it with"
                            + " the checkpoint's index file");
                }
                if (Files.size(index) > MAX_INDEX_BYTES) {
                    throw InvalidInputException.of(index, null, "the index is " + Files.size(index)
                            + " bytes, over the " + MAX_INDEX_BYTES + "-byte limit", "this is not a model index or it"
                            + " is corrupt: re-download it");
                }
                bytes = Files.readAllBytes(index);
            } catch (IOException e) {
                throw ResourceException.io(index + ": could not read the index", e);
            }
            JsonNode root;
            try {
                root = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
            } catch (JsonProcessingException e) {
                throw InvalidInputException.of(index, null, "not valid JSON: " + e.getOriginalMessage(),
                        "the index is corrupt: re-download it");
            }
            if (root == null || !root.isObject()) {
                throw InvalidInputException.of(index, null, "must be a JSON object with a \"weight_map\"",
                        "the index is corrupt: re-download it");
            }
            return root;
        }

        private Map<String, String> indexMetadata(JsonNode node) {
            Map<String, String> out = new TreeMap<>();
            if (node == null || node.isNull()) {
                return out;
            }
            if (!node.isObject()) {
                throw InvalidInputException.of(index, "metadata", "must be a JSON object but is a "
                        + node.getNodeType(), "the index is corrupt: re-download it");
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString());
            }
            return out;
        }

        private TreeMap<String, String> weightMap(JsonNode node) {
            if (node == null || !node.isObject()) {
                throw InvalidInputException.of(index, "weight_map", node == null ? "is missing"
                        : "must be a JSON object of tensor name to shard file but is a " + node.getNodeType(),
                        "the index is corrupt: re-download it");
            }
            TreeMap<String, String> out = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!e.getValue().isTextual()) {
                    throw InvalidInputException.of(index, e.getKey(), "the weight_map value must be a shard file name"
                            + " but is " + e.getValue(), "the index is corrupt: re-download it");
                }
                out.put(e.getKey(), e.getValue().textValue());
            }
            if (out.isEmpty()) {
                throw InvalidInputException.of(index, "weight_map", "lists no tensors",
                        "the index is corrupt: re-download it");
            }
            return out;
        }

        private SafetensorsFile openShard(String shard, String tensor) {
            Path resolved = resolveShard(shard, tensor);
            if (!Files.isRegularFile(resolved)) {
                throw InvalidInputException.of(index, tensor, "shard \"" + shard + "\" named in the weight_map for this"
                        + " tensor does not exist in " + directory, "download the missing shard, or re-export the"
                        + " checkpoint");
            }
            SafetensorsFile file = SafetensorsFile.open(resolved);
            opened.add(file);
            return file;
        }

        /** Shard names must stay inside the directory: checked on the name, not on link targets. */
        private Path resolveShard(String shard, String tensor) {
            String problem = null;
            Path resolved = null;
            if (shard.isEmpty()) {
                problem = "the shard file name is empty";
            } else if (shard.startsWith("/") || shard.startsWith("\\")) {
                problem = "shard file name \"" + shard + "\" is an absolute path";
            } else if (Arrays.asList(shard.split("[/\\\\]")).contains("..")) {
                problem = "shard file name \"" + shard + "\" escapes the model directory with \"..\"";
            } else {
                try {
                    resolved = directory.resolve(shard).normalize();
                    if (Path.of(shard).isAbsolute() || !resolved.startsWith(directory.normalize())) {
                        problem = "shard file name \"" + shard + "\" points outside the model directory";
                    }
                } catch (InvalidPathException e) {
                    problem = "shard file name \"" + shard + "\" is not a valid path: " + e.getReason();
                }
            }
            if (problem != null) {
                throw InvalidInputException.of(index, tensor, problem,
                        "shard names must be plain file names inside the model directory: fix or re-download the index");
            }
            return resolved;
        }
    }
}
