package dev.mip.model;

import dev.mip.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds {@link Batch}es: prompt formatting, tokenisation, image placeholder expansion, padding,
 * and answer-only targets (prompt, image and padding positions never carry loss). The one place
 * where text becomes model input.
 */
public final class BatchBuilder {
    private final LlavaConfig config;
    private final TextTokenizer tokenizer;
    private final PromptFormat format;
    private final long padId;
    private final Long endId;

    /**
     * @param config model configuration
     * @param tokenizer the checkpoint's tokenizer
     * @param format the prompt format
     */
    public BatchBuilder(LlavaConfig config, TextTokenizer tokenizer, PromptFormat format) {
        this.config = config;
        this.tokenizer = tokenizer;
        this.format = format;
        TextConfig t = config.text();
        this.padId = t.padTokenId() != null ? t.padTokenId() : (t.eosTokenId() != null ? t.eosTokenId() : 0);
        Integer turnEnd = format.endOfTurnToken() == null ? null : tokenizer.addedTokenId(format.endOfTurnToken());
        this.endId = turnEnd != null ? Long.valueOf(turnEnd) : (t.eosTokenId() == null ? null : Long.valueOf(t.eosTokenId()));
    }

    /** @return the token id that ends an answer (EOS or end-of-turn), or null if the model has none */
    public Long endTokenId() {
        return endId;
    }

    /** @return the prompt format */
    public PromptFormat format() {
        return format;
    }

    /** One tokenised example before padding. */
    private record Encoded(long[] ids, int answerStart, int[] imageRowOffset) {}

    /**
     * Builds a right-padded batch for training and scoring.
     *
     * @param examples the inputs
     * @param appendEnd whether the end token follows each answer as a target (training: yes;
     *     scoring answer options: no)
     * @return the batch
     */
    public Batch build(List<Example> examples, boolean appendEnd) {
        return build(examples, appendEnd, false);
    }

    /**
     * Builds a left-padded batch of prompts for generation (answers, if any, are ignored).
     *
     * @param examples the inputs
     * @return the batch
     */
    public Batch buildPrompts(List<Example> examples) {
        List<Example> prompts = new ArrayList<>(examples.size());
        for (Example e : examples) {
            prompts.add(new Example(e.pixels(), e.question(), null));
        }
        return build(prompts, false, true);
    }

    /**
     * The answer options of multiple-choice questions, split where their sequences part: one
     * prompt per question (the tokens every option's sequence starts with, image included) and
     * each option's answer tokens, exactly the tokens {@link #build(List, boolean) build(..., false)}
     * makes targets of. The prompt is run once per question and the answers on top of it.
     *
     * @param prompts a left-padded batch of the prompts, one row per question, without targets
     * @param answers each option's answer token ids, questions in order, options in order
     * @param question for each option, its question's row in {@code prompts}
     */
    public record OptionBatch(Batch prompts, long[][] answers, int[] question) {
        /** @return number of options (answer rows) */
        public int options() {
            return answers.length;
        }
    }

    /**
     * Builds the options of multiple-choice questions as one prompt per question and the answer
     * tokens of each option ({@link OptionBatch}).
     *
     * @param questions one example per question (pixels and question; the answer is ignored)
     * @param options the answer options of each question, parallel to {@code questions}
     * @return the option batch, or null when the options of some question do not share every
     *     prompt token (a tokenizer that merges across the prompt's end, or an option without
     *     answer tokens): score those with {@link #build(List, boolean)}
     */
    public OptionBatch buildOptions(List<Example> questions, List<List<String>> options) {
        if (questions.isEmpty() || questions.size() != options.size()) {
            throw new IllegalArgumentException(questions.size() + " questions but " + options.size() + " option lists");
        }
        int perImage = config.imageTokensPerImage();
        List<Encoded> prompts = new ArrayList<>(questions.size());
        List<long[]> answers = new ArrayList<>();
        List<Integer> of = new ArrayList<>();
        for (int q = 0; q < questions.size(); q++) {
            Example e = questions.get(q);
            long[] prefix = null;
            for (String o : options.get(q)) {
                Encoded x = encode(new Example(e.pixels(), e.question(), o), false, perImage);
                if (x.answerStart <= 0 || x.answerStart >= x.ids.length) {
                    return null;
                }
                long[] p = Arrays.copyOf(x.ids, x.answerStart);
                if (prefix == null) {
                    prefix = p;
                    prompts.add(new Encoded(p, -1, Arrays.copyOf(x.imageRowOffset, x.answerStart)));
                } else if (!Arrays.equals(prefix, p)) {
                    return null;
                }
                answers.add(Arrays.copyOfRange(x.ids, x.answerStart, x.ids.length));
                of.add(q);
            }
            if (prefix == null) {
                return null;
            }
        }
        Batch batch = assemble(questions, prompts, true);
        return new OptionBatch(batch, answers.toArray(new long[0][]), of.stream().mapToInt(Integer::intValue).toArray());
    }

    private Batch build(List<Example> examples, boolean appendEnd, boolean left) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        int perImage = config.imageTokensPerImage();
        List<Encoded> enc = new ArrayList<>(examples.size());
        for (Example e : examples) {
            enc.add(encode(e, appendEnd, perImage));
        }
        return assemble(examples, enc, left);
    }

    /** Pads encoded examples into a batch ({@code examples} give the images, {@code enc} the tokens). */
    private Batch assemble(List<Example> examples, List<Encoded> enc, boolean left) {
        int n = examples.size();
        int perImage = config.imageTokensPerImage();
        int numImages = 0;
        int maxLen = 0;
        for (int i = 0; i < n; i++) {
            numImages += examples.get(i).hasImage() ? 1 : 0;
            maxLen = Math.max(maxLen, enc.get(i).ids.length);
        }
        if (maxLen > config.text().maxPositions()) {
            throw new InvalidInputException("A sequence of " + maxLen + " tokens exceeds the model's "
                    + "max_position_embeddings (" + config.text().maxPositions() + "). Shorten the question or answer");
        }
        int t = maxLen;
        long[] ids = new long[n * t];
        Arrays.fill(ids, padId);
        int[] mask = new int[n * t];
        int[] imageRow = new int[n * t];
        Arrays.fill(imageRow, -1);
        int imgSize = config.vision().numChannels() * config.vision().imageSize() * config.vision().imageSize();
        float[] pixels = new float[numImages * imgSize];
        int[] imageOfSample = new int[n];
        List<int[]> targets = new ArrayList<>();
        int img = 0;
        for (int b = 0; b < n; b++) {
            Encoded x = enc.get(b);
            Example e = examples.get(b);
            int off = left ? t - x.ids.length : 0;
            imageOfSample[b] = -1;
            if (e.hasImage()) {
                if (e.pixels().length != imgSize) {
                    throw new IllegalArgumentException("image has " + e.pixels().length + " values, expected " + imgSize);
                }
                System.arraycopy(e.pixels(), 0, pixels, img * imgSize, imgSize);
                imageOfSample[b] = img;
            }
            for (int i = 0; i < x.ids.length; i++) {
                int pos = b * t + off + i;
                ids[pos] = x.ids[i];
                mask[pos] = 1;
                if (x.imageRowOffset[i] >= 0) {
                    imageRow[pos] = img * perImage + x.imageRowOffset[i];
                }
                if (x.answerStart >= 0 && i >= x.answerStart && i > 0) {
                    targets.add(new int[] {pos - 1, (int) x.ids[i], b});
                }
            }
            if (e.hasImage()) {
                img++;
            }
        }
        int nt = targets.size();
        int[] targetPos = new int[nt];
        long[] targetIds = new long[nt];
        int[] targetSample = new int[nt];
        for (int i = 0; i < nt; i++) {
            targetPos[i] = targets.get(i)[0];
            targetIds[i] = targets.get(i)[1];
            targetSample[i] = targets.get(i)[2];
        }
        return new Batch(n, t, ids, mask, imageRow, numImages, pixels, imageOfSample, targetPos, targetIds,
                targetSample, left);
    }

    private Encoded encode(Example e, boolean appendEnd, int perImage) {
        String prompt = format.prompt(e.question(), e.hasImage());
        boolean hasAnswer = e.answer() != null;
        String text = hasAnswer ? prompt + format.answerPrefix() + e.answer() : prompt;
        TextTokenizer.Encoded tok = tokenizer.encode(text);
        long[] raw = tok.ids();
        int answerStartRaw = -1;
        if (hasAnswer) {
            for (int i = 0; i < raw.length; i++) {
                if (tok.charStarts()[i] >= prompt.length()) {
                    answerStartRaw = i;
                    break;
                }
            }
            if (answerStartRaw < 0 && !e.answer().isBlank()) {
                throw new InvalidInputException("The answer '" + e.answer() + "' produced no tokens of its own after the "
                        + "prompt (the tokenizer merged it into the prompt). Check the tokenizer and prompt format");
            }
            for (int i = Math.max(answerStartRaw, 0); answerStartRaw >= 0 && i < raw.length; i++) {
                if (tok.charStarts()[i] >= 0 && tok.charStarts()[i] < prompt.length()) {
                    throw new InvalidInputException("The tokenizer interleaves prompt and answer tokens for '"
                            + e.answer() + "'. Check the tokenizer and prompt format");
                }
            }
        }
        int imageTokens = 0;
        for (long id : raw) {
            if (id == config.imageTokenIndex()) {
                imageTokens++;
            }
        }
        if (e.hasImage() && imageTokens == 0) {
            throw new InvalidInputException("The prompt has no image placeholder token (id " + config.imageTokenIndex()
                    + ") although an image is attached: the tokenizer does not map '" + format.imageToken()
                    + "' to image_token_index. Fix tokenizer.json or config.json");
        }
        if (!e.hasImage() && imageTokens > 0) {
            throw new InvalidInputException("The question contains the image placeholder token but no image is attached: "
                    + "'" + e.question() + "'");
        }
        boolean expand = imageTokens == 1 && perImage > 1;
        if (imageTokens != 0 && imageTokens != 1 && imageTokens != perImage) {
            throw new InvalidInputException("The prompt holds " + imageTokens + " image tokens; expected 1 or "
                    + perImage + ". Use one image placeholder per question");
        }
        boolean end = hasAnswer && appendEnd && endId != null;
        int len = raw.length + (expand ? perImage - 1 : 0) + (end ? 1 : 0);
        long[] ids = new long[len];
        int[] rowOff = new int[len];
        Arrays.fill(rowOff, -1);
        int j = 0;
        int answerStart = -1;
        int patch = 0;
        for (int i = 0; i < raw.length; i++) {
            if (i == answerStartRaw) {
                answerStart = j;
            }
            if (raw[i] == config.imageTokenIndex()) {
                int copies = expand ? perImage : 1;
                for (int c = 0; c < copies; c++) {
                    ids[j] = raw[i];
                    rowOff[j] = patch++;
                    j++;
                }
            } else {
                ids[j++] = raw[i];
            }
        }
        if (end) {
            if (answerStart < 0) {
                answerStart = j;
            }
            ids[j++] = endId;
        }
        return new Encoded(ids, hasAnswer ? answerStart : -1, rowOff);
    }
}
