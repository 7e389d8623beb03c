package dev.mip.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.mip.model.io.TensorDType;
import dev.mip.runtime.DjlRuntime;
import java.util.List;
import java.util.Map;

/**
 * Creates a new, randomly initialised LLaVA checkpoint with a word-level tokenizer: the starting
 * point of training from scratch, and the tiny models the tests and benchmarks run on.
 */
public final class RandomCheckpoint {
    private RandomCheckpoint() {}

    /**
     * @param config architecture; its text vocabulary must equal the tokenizer's
     *     ({@link WordLevelTokenizerJson#vocabSize}) and its image token index must be 4
     * @param words tokenizer vocabulary (specials are added first)
     * @param seed random seed of the weights
     * @param initStd standard deviation of matrix entries
     * @param storeAs dtype the weights are saved in
     * @param device device
     * @param dtype compute dtype
     * @return the checkpoint (in memory; call {@link Checkpoint#save})
     */
    public static Checkpoint create(LlavaConfig config, List<String> words, long seed, double initStd, TensorDType storeAs,
            Device device, DataType dtype) {
        int vocab = WordLevelTokenizerJson.vocabSize(words);
        if (vocab != config.text().vocabSize()) {
            throw new IllegalArgumentException("vocab_size " + config.text().vocabSize() + " but the tokenizer has " + vocab);
        }
        if (config.imageTokenIndex() != WordLevelTokenizerJson.SPECIALS.indexOf(WordLevelTokenizerJson.IMAGE)) {
            throw new IllegalArgumentException("image_token_index must be the tokenizer's <image> id");
        }
        NDManager manager = DjlRuntime.newManager(device);
        try {
            Map<String, NDArray> params = ModelInit.random(config, seed, initStd, manager, dtype);
            return Checkpoint.create(config, params, manager, dtype, WordLevelTokenizerJson.build(words),
                    ImageProcessor.clipDefaults(config.vision().imageSize()), storeAs);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * A text configuration matching the word-level tokenizer's special token ids.
     *
     * @param type llama or qwen2
     * @param vocab vocabulary size
     * @param hidden width
     * @param intermediate FFN width
     * @param layers layers
     * @param heads query heads
     * @param kvHeads key/value heads
     * @param tie tie lm_head to the embeddings
     * @return the configuration
     */
    public static TextConfig textConfig(String type, int vocab, int hidden, int intermediate, int layers, int heads,
            int kvHeads, boolean tie) {
        boolean qwen = type.equals("qwen2");
        return new TextConfig(type, vocab, hidden, intermediate, layers, heads, kvHeads, hidden / heads, 1e-6, 10000.0,
                "silu", 512, qwen, false, false, tie,
                WordLevelTokenizerJson.SPECIALS.indexOf(WordLevelTokenizerJson.BOS),
                WordLevelTokenizerJson.SPECIALS.indexOf(WordLevelTokenizerJson.EOS),
                WordLevelTokenizerJson.SPECIALS.indexOf(WordLevelTokenizerJson.PAD));
    }
}
