package dev.mip.model;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.mip.model.io.TensorDType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;

/** Tiny random LLaVA checkpoints for tests: real HF layout, a few thousand parameters. */
public final class TinyModels {
    static final String CORPUS = "USER: ASSISTANT: What is this person's job ? What is the capital of France ? "
            + "Paris is the capital . The person works as a baker in Lyon . Who painted it ? Alice Bob Carol "
            + "red green blue one two three four five six seven eight nine ten";

    private TinyModels() {}

    public static List<String> words() {
        return new ArrayList<>(new LinkedHashSet<>(WordLevelTokenizerJson.words(CORPUS)));
    }

    public static LlavaConfig config(String textType) {
        int vocab = WordLevelTokenizerJson.vocabSize(words());
        boolean qwen = textType.equals("qwen2");
        VisionConfig v = new VisionConfig(16, 24, 3, 2, 3, 16, 8, "quick_gelu", 1e-5);
        TextConfig t = RandomCheckpoint.textConfig(textType, vocab, 32, 40, 3, 4, 2, qwen);
        return LlavaConfig.create(v, t, 4, -2);
    }

    public static Checkpoint create(String textType, long seed, DataType dtype) {
        return RandomCheckpoint.create(config(textType), words(), seed, 0.25, TensorDType.F32, Device.cpu(), dtype);
    }

    public static Path write(Path dir, String textType, long seed) {
        try (Checkpoint c = create(textType, seed, DataType.FLOAT32)) {
            c.save(dir);
        }
        return dir;
    }

    public static float[] image(long seed) {
        Random r = new Random(seed);
        float[] px = new float[3 * 16 * 16];
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) r.nextGaussian();
        }
        return px;
    }

    public static List<Example> examples() {
        return List.of(
                new Example(image(1), "What is this person's job ?", "The person works as a baker in Lyon ."),
                new Example(null, "What is the capital of France ?", "Paris"),
                new Example(image(2), "Who painted it ?", "Alice"),
                new Example(null, "What is Bob's job ?", "one two three four five six seven"));
    }
}
