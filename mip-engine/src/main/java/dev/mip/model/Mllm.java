package dev.mip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.mip.InvalidInputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A LLaVA-style multimodal LLM: CLIP vision tower, 2-layer projector, LLaMA/Qwen2 decoder. The
 * forward pass is written out here top to bottom with Hugging Face's weight names, so that every
 * tensor maps to a line of {@code modeling_clip.py} / {@code modeling_llama.py}.
 *
 * <p>Parameters are held in one map by canonical name and read through {@link Weights}, so
 * training code can substitute effective weights without copying the model. Temporaries are
 * created in the caller's {@link ai.djl.ndarray.NDScope}; the model owns only its parameters.
 *
 * <p>Shapes in comments: B batch, T sequence, D width, I FFN width (neurons), H heads, K kv heads,
 * E head dim, N images, P patches (+1 with the class token), V vocabulary.
 */
public final class Mllm implements AutoCloseable {
    private final LlavaConfig config;
    private final NDManager manager;
    private final DataType dtype;
    private final Map<String, NDArray> params;
    private final Weights weights;
    private final String source;

    /**
     * Wraps loaded parameters, checking that every tensor the architecture needs is present with
     * the right shape.
     *
     * @param config the configuration
     * @param manager owns the parameters; closed with this model
     * @param dtype compute dtype (FLOAT32, FLOAT64, or FLOAT16 on GPU)
     * @param params parameters by canonical name
     * @param source where they were read from (for error messages)
     */
    public Mllm(LlavaConfig config, NDManager manager, DataType dtype, Map<String, NDArray> params, String source) {
        this.config = config;
        this.manager = manager;
        this.dtype = dtype;
        this.source = source;
        for (ParamSpec s : ParamSpec.all(config)) {
            NDArray a = params.get(s.name());
            if (a == null) {
                throw new InvalidInputException(source + ": tensor '" + s.name() + "' is missing but config.json "
                        + "requires it. The weights do not match config.json: use the config that was saved with them");
            }
            if (!a.getShape().equals(new Shape(s.shape()))) {
                throw new InvalidInputException(source + ": tensor '" + s.name() + "' has shape " + a.getShape()
                        + " but config.json implies " + new Shape(s.shape()) + ". The weights do not match "
                        + "config.json: use the config that was saved with them");
            }
        }
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        this.weights = this::param;
    }

    /** @return the configuration */
    public LlavaConfig config() {
        return config;
    }

    /** @return where the parameters were read from (the checkpoint directory), for messages */
    public String source() {
        return source;
    }

    /** @return the compute dtype */
    public DataType dtype() {
        return dtype;
    }

    /** @return the manager owning the parameters */
    public NDManager manager() {
        return manager;
    }

    /** @return all parameters by canonical name (including tensors the architecture does not use) */
    public Map<String, NDArray> parameters() {
        return params;
    }

    /** @return the model's own parameters as a {@link Weights} view */
    public Weights weights() {
        return weights;
    }

    /**
     * @param name canonical name
     * @return the parameter
     */
    public NDArray param(String name) {
        NDArray a = params.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return a;
    }

    /** @return the output head (the embedding when tied) */
    private NDArray lmHead(Weights w) {
        return config.text().tieWordEmbeddings() ? w.get(ParamSpec.TEXT + "embed_tokens.weight") : w.get(ParamSpec.LM_HEAD);
    }

    /** Receives FFN intermediate activations (after scaling) during a forward pass. */
    @FunctionalInterface
    public interface FfnObserver {
        /**
         * @param tower the branch
         * @param layer the layer
         * @param activation {@code [B, T, I]} (vision: {@code [N, P, I]}); valid only during the call's scope
         */
        void onActivation(Tower tower, int layer, NDArray activation);
    }

    /**
     * What a forward pass computes.
     *
     * @param lastLayer run decoder layers {@code 0..lastLayer} only (e.g. the steering layer); the
     *     final norm is applied only when all layers run
     * @param observer receives FFN activations, or null
     */
    public record Options(int lastLayer, FfnObserver observer) {
        /** Run the whole decoder. */
        public static final Options FULL = new Options(Integer.MAX_VALUE, null);

        /**
         * @param layer last decoder layer to run
         * @return options stopping after that layer
         */
        public static Options upTo(int layer) {
            return new Options(layer, null);
        }
    }

    /**
     * Result of a forward pass.
     *
     * @param lastHidden output of the last decoder layer that ran ({@link Options#lastLayer()}),
     *     {@code [B, T, D]}; the other layers' outputs are freed as the pass goes on
     * @param finalHidden the final-norm output {@code [B, T, D]}, or null if the pass stopped early
     */
    public record Output(NDArray lastHidden, NDArray finalHidden) {}

    /**
     * Runs the model over a batch.
     *
     * @param batch the batch
     * @param w weights to use (usually {@link #weights()})
     * @param hooks FFN scale hooks
     * @param opts what to compute
     * @return hidden states
     */
    public Output forward(Batch batch, Weights w, ScaleHooks hooks, Options opts) {
        NDManager m = manager;
        int b = batch.size();
        int t = batch.length();
        NDArray inputs = Tensors.scoped(() -> embed(batch, w, hooks, opts.observer())); // [B, T, D]; the vision tower's and projector's temporaries freed
        NDArray positions = Tensors.owned(m.create(batch.positionIds(), new Shape(b, t)));
        NDArray mask = attentionMask(batch.mask(), b, t, t, 0);
        return decoder(inputs, positions, mask, null, w, hooks, opts);
    }

    /**
     * Token embeddings with the projected image features placed at the image positions.
     *
     * @return {@code [B, T, D]}
     */
    NDArray embed(Batch batch, Weights w, ScaleHooks hooks, FfnObserver observer) {
        int b = batch.size();
        int t = batch.length();
        int d = config.text().hiddenSize();
        long[] ids = batch.ids().clone();
        for (int i = 0; i < ids.length; i++) {
            if (batch.imageRow()[i] >= 0) {
                ids[i] = 0; // placeholder id may lie outside a trained row; its embedding is replaced below
            }
        }
        NDArray tokens = embedTokens(ids, new Shape(b, t), w);
        if (batch.numImages() == 0) {
            return tokens;
        }
        NDArray features = imageFeatures(batch, w, hooks, observer); // [N*P, D]
        // One gather over [token embeddings ; image features] builds the merged sequence.
        NDArray table = tokens.reshape(b * (long) t, d).concat(features, 0);
        long[] idx = new long[b * t];
        for (int i = 0; i < idx.length; i++) {
            int row = batch.imageRow()[i];
            idx[i] = row >= 0 ? (long) b * t + row : i;
        }
        return rows(table, Tensors.owned(manager.create(idx, new Shape(b, t))));
    }

    /**
     * Token embeddings only (generation steps after the prompt).
     *
     * @param ids token ids
     * @param shape their shape, e.g. {@code [B, 1]}
     * @param w weights
     * @return {@code [shape..., D]}
     */
    NDArray embedTokens(long[] ids, Shape shape, Weights w) {
        return rows(w.get(ParamSpec.TEXT + "embed_tokens.weight"), Tensors.owned(manager.create(ids, shape)));
    }

    /** Index-select rows of a 2-D table (differentiable w.r.t. the table). */
    private static NDArray rows(NDArray table, NDArray index) {
        return table.getNDArrayInternal().embedding(index, table, ai.djl.ndarray.types.SparseFormat.DENSE).singletonOrThrow();
    }

    /**
     * The vision tower and projector over the batch's images.
     *
     * @return projected features, flattened {@code [N * P', D_text]} in image order
     */
    NDArray imageFeatures(Batch batch, Weights w, ScaleHooks hooks, FfnObserver observer) {
        VisionConfig v = config.vision();
        int n = batch.numImages();
        int c = v.numChannels();
        int s = v.imageSize();
        int p = v.patchSize();
        int g = v.patchesPerSide();
        int d = v.hiddenSize();
        String pre = ParamSpec.VISION;
        NDArray pixels = Tensors.owned(manager.create(batch.pixels(), new Shape(n, c, s, s)), dtype);
        // Patch embedding: a stride-p convolution without bias == unfold into patches, then a matmul.
        NDArray patches = pixels.reshape(n, c, g, p, g, p).transpose(0, 2, 4, 1, 3, 5)
                .reshape(n, (long) g * g, (long) c * p * p); // [N, g*g, C*p*p]
        NDArray patchW = w.get(pre + "embeddings.patch_embedding.weight").reshape(d, (long) c * p * p);
        NDArray x = patches.matMul(patchW.transpose()); // [N, g*g, D]
        NDArray cls = w.get(pre + "embeddings.class_embedding").reshape(1, 1, d).broadcast(new Shape(n, 1, d));
        x = cls.concat(x, 1).add(w.get(pre + "embeddings.position_embedding.weight")); // [N, P, D]
        x = layerNorm(x, w, pre + "pre_layrnorm", v.layerNormEps());
        int last = config.lastVisionLayerUsed();
        int heads = v.numHeads();
        for (int l = 0; l <= last; l++) {
            String lp = ParamSpec.visionLayer(l);
            final NDArray in = x;
            final int layerIndex = l;
            try (NDScope layer = new NDScope()) { // the layer's intermediates freed with it (autograd keeps what it saved)
                // Each block in its own scope: only its output outlives it (see Tensors.scoped).
                NDArray y = x.add(Tensors.scoped(() -> {
                    NDArray h = layerNorm(in, w, lp + "layer_norm1", v.layerNormEps());
                    NDArray q = linear(h, w, lp + "self_attn.q_proj", true);
                    NDArray k = linear(h, w, lp + "self_attn.k_proj", true);
                    NDArray val = linear(h, w, lp + "self_attn.v_proj", true);
                    NDArray attn = attend(split(q, heads), split(k, heads), split(val, heads), null, 1); // [N, H, P, E]
                    return linear(merge(attn), w, lp + "self_attn.out_proj", true);
                }));
                x = y.add(Tensors.scoped(() -> {
                    NDArray h = layerNorm(y, w, lp + "layer_norm2", v.layerNormEps());
                    NDArray a = Tensors.scoped(() -> activation(linear(h, w, lp + "mlp.fc1", true), v.hiddenAct())); // [N, P, I]
                    a = hooks.apply(Tower.VISION, layerIndex, a);
                    if (observer != null) {
                        observer.onActivation(Tower.VISION, layerIndex, a);
                    }
                    return linear(a, w, lp + "mlp.fc2", true);
                }));
                NDScope.unregister(x);
            }
            NDScope.register(x);
            in.close(); // the previous layer's output (the first layer's input is the pre-norm's, made here)
        }
        if (config.selectStrategy().equals("default")) {
            x = x.get(":, 1:, :"); // drop the class token
        }
        NDArray proj = linear(x, w, ParamSpec.PROJECTOR + "linear_1", config.projectorBias());
        proj = activation(proj, config.projectorHiddenAct());
        proj = linear(proj, w, ParamSpec.PROJECTOR + "linear_2", config.projectorBias()); // [N, P', Dt]
        return proj.reshape(-1, config.text().hiddenSize());
    }

    /**
     * The decoder layers (and final norm) over input embeddings.
     *
     * @param x {@code [B, T, D]}
     * @param positions position ids {@code [B, T]}
     * @param mask additive attention mask {@code [B, 1, T, T_keys]}
     * @param cache KV cache to read and extend, or null
     */
    Output decoder(NDArray x, NDArray positions, NDArray mask, KvCache cache, Weights w, ScaleHooks hooks, Options opts) {
        TextConfig tc = config.text();
        NDArray[] rope = rope(positions); // cos, sin: [B, 1, T, E]
        int last = Math.min(opts.lastLayer(), tc.numLayers() - 1);
        for (int l = 0; l <= last; l++) {
            String lp = ParamSpec.textLayer(l);
            final int layerIndex = l;
            final NDArray in = x;
            // The layer's intermediates are freed with it (autograd keeps what it saved for the backward);
            // only its output and the keys/values it cached outlive it, and within it each step keeps only
            // its output (Tensors.scoped): the rotary embedding's temporaries, the attention scores and the
            // FFN's activations die as soon as they are used. Without the layer scope a forward kept every
            // layer's intermediates until the caller's scope closed; without the step scopes a layer held
            // all of its own at once (at LLaVA-1.5-7B's widths, 16 sequences of 591 tokens: 8 GB).
            NDArray[] kept = new NDArray[2];
            try (NDScope layer = new NDScope()) {
                NDArray h = Tensors.scoped(() -> rmsNorm(in, w.get(lp + "input_layernorm.weight"), tc.rmsNormEps()));
                NDArray q = Tensors.scoped(() -> rotate(split(linear(h, w, lp + "self_attn.q_proj", tc.qkvBias()), tc.numHeads()), rope));
                NDArray k = Tensors.scoped(() -> rotate(split(linear(h, w, lp + "self_attn.k_proj", tc.qkvBias()), tc.numKvHeads()), rope));
                NDArray v = split(linear(h, w, lp + "self_attn.v_proj", tc.qkvBias()), tc.numKvHeads());
                h.close();
                if (cache != null) {
                    NDArray[] kv = cache.append(l, k, v);
                    k = kv[0];
                    v = kv[1];
                    kept = kv;
                    NDScope.unregister(kv);
                }
                NDArray keys = k;
                NDArray values = v;
                NDArray y = in.add(Tensors.scoped(() ->
                        linear(merge(attend(q, keys, values, mask, tc.groupSize())), w, lp + "self_attn.o_proj", tc.outputBias())));
                x = y.add(Tensors.scoped(() -> {
                    NDArray hf = Tensors.scoped(() -> rmsNorm(y, w.get(lp + "post_attention_layernorm.weight"), tc.rmsNormEps()));
                    NDArray gate = Tensors.scoped(() -> activation(linear(hf, w, lp + "mlp.gate_proj", tc.mlpBias()), tc.hiddenAct()));
                    NDArray a = Tensors.scoped(() -> gate.mul(linear(hf, w, lp + "mlp.up_proj", tc.mlpBias()))); // [B, T, I]
                    gate.close();
                    hf.close();
                    a = hooks.apply(Tower.TEXT, layerIndex, a);
                    if (opts.observer() != null) {
                        opts.observer().onActivation(Tower.TEXT, layerIndex, a);
                    }
                    return linear(a, w, lp + "mlp.down_proj", tc.mlpBias());
                }));
                NDScope.unregister(x);
            }
            NDScope.register(x);
            if (cache != null) {
                NDScope.register(kept[0]);
                NDScope.register(kept[1]);
            }
            if (l > 0) {
                in.close(); // the previous layer's output (the decoder's input belongs to the caller)
            }
        }
        NDArray out = x;
        NDArray fin = last == tc.numLayers() - 1
                ? Tensors.scoped(() -> rmsNorm(out, w.get(ParamSpec.TEXT + "norm.weight"), tc.rmsNormEps())) : null;
        return new Output(x, fin);
    }

    /**
     * Logits of the output head.
     *
     * @param hidden final-norm hidden states {@code [..., D]}
     * @param w weights
     * @return {@code [..., V]}
     */
    public NDArray logits(NDArray hidden, Weights w) {
        return hidden.matMul(lmHead(w).transpose());
    }

    /**
     * Log-probability of every answer token of the batch.
     *
     * @param out a full forward pass over {@code batch}
     * @param batch the batch
     * @param w weights
     * @return {@code [numTargets]} log p(target token), in the batch's target order
     */
    public NDArray targetLogProbs(Output out, Batch batch, Weights w) {
        int nt = batch.numTargets();
        if (nt == 0) {
            return manager.zeros(new Shape(0), dtype);
        }
        return answerLogSoftmax(out, batch, w).gather(targetIds(batch), 1).reshape(nt);
    }

    /** Log-softmax of the output head at the positions that predict an answer token: {@code [numTargets, V]}. */
    private NDArray answerLogSoftmax(Output out, Batch batch, Weights w) {
        if (out.finalHidden() == null) {
            throw new IllegalArgumentException("forward pass stopped early; no logits");
        }
        int nt = batch.numTargets();
        long d = config.text().hiddenSize();
        long[] pos = new long[nt];
        for (int i = 0; i < nt; i++) {
            pos[i] = batch.targetPos()[i];
        }
        // Only positions that predict an answer token go through the output head.
        NDArray h = rows(out.finalHidden().reshape(-1, d), Tensors.owned(manager.create(pos)));
        return logits(h, w).logSoftmax(-1);
    }

    private NDArray targetIds(Batch batch) {
        return Tensors.owned(manager.create(batch.targetIds(), new Shape(batch.numTargets(), 1)));
    }

    /**
     * Per answer token: its log-probability and the mean and variance of the log-probability under
     * the model's own next-token distribution at that position (what Min-K%++ normalises with).
     *
     * @param out a full forward pass over {@code batch}
     * @param batch the batch
     * @param w weights
     * @return {@code [numTargets, 3]}: log p(target), mu = sum_z p(z) log p(z), var = sum_z p(z) (log p(z))^2 - mu^2
     */
    public NDArray targetTokenStats(Output out, Batch batch, Weights w) {
        if (batch.numTargets() == 0) {
            return manager.zeros(new Shape(0, 3), dtype);
        }
        NDArray logp = answerLogSoftmax(out, batch, w); // [Nt, V]
        NDArray lp = logp.gather(targetIds(batch), 1); // [Nt, 1]
        NDArray p = logp.exp();
        NDArray mu = p.mul(logp).sum(new int[] {1}, true);
        NDArray var = p.mul(logp.square()).sum(new int[] {1}, true).sub(mu.square());
        return lp.concat(mu, 1).concat(var, 1);
    }

    /**
     * Sums per-target values into per-sample totals.
     *
     * @param perTarget {@code [numTargets]}
     * @param batch the batch
     * @return {@code [B]}
     */
    public NDArray sumPerSample(NDArray perTarget, Batch batch) {
        int nt = batch.numTargets();
        float[] onehot = new float[batch.size() * nt];
        for (int i = 0; i < nt; i++) {
            onehot[batch.targetSample()[i] * nt + i] = 1f;
        }
        NDArray sel = Tensors.owned(manager.create(onehot, new Shape(batch.size(), nt)), perTarget.getDataType());
        return sel.matMul(perTarget.reshape(nt, 1)).reshape(batch.size());
    }

    // ---- building blocks -------------------------------------------------------------------

    private NDArray linear(NDArray x, Weights w, String name, boolean bias) {
        NDArray y = x.matMul(w.get(name + ".weight").transpose());
        return w.linearOutput(name, x, bias ? y.add(w.get(name + ".bias")) : y);
    }

    private static NDArray layerNorm(NDArray x, Weights w, String name, double eps) {
        NDArray gamma = w.get(name + ".weight");
        NDList out = x.getNDArrayInternal().layerNorm(x, new Shape(gamma.getShape().get(0)), gamma,
                w.get(name + ".bias"), (float) eps);
        return out.singletonOrThrow();
    }

    private static NDArray rmsNorm(NDArray x, NDArray gain, double eps) {
        if (x.getDataType() == DataType.FLOAT16) {
            return rmsNormHalf(x, gain, eps);
        }
        NDArray var = x.square().mean(new int[] {-1}, true);
        return x.div(var.add(Tensors.scalar(var, eps)).sqrt()).mul(gain);
    }

    /**
     * RMSNorm in float16 without overflow: x² overflows float16 (largest 65,504) once |x| > 256, which
     * the image tokens' hidden states reach (about 500 in the embedded model), and the norm then
     * zeroes them. Hugging Face computes the norm in float32; a cast inside an autograd graph drops the
     * gradient in DJL, so each row is divided by its largest magnitude m first:
     * {@code x / sqrt(mean(x²) + eps) = y / sqrt(mean(y²) + (sqrt(eps) / m)²)} with {@code y = x / m}.
     * float32 and float64 keep the plain formula.
     */
    private static NDArray rmsNormHalf(NDArray x, NDArray gain, double eps) {
        NDArray m = x.abs().max(new int[] {-1}, true).maximum(6.104e-5f); // not below float16's smallest normal
        NDArray y = x.div(m);
        NDArray var = y.square().mean(new int[] {-1}, true);
        NDArray tiny = Tensors.scalar(m, Math.sqrt(eps)).div(m).square();
        return y.div(var.add(tiny).sqrt()).mul(gain);
    }

    /** Activations by Hugging Face name ({@code ACT2FN}). */
    static NDArray activation(NDArray x, String name) {
        switch (name) {
            case "silu":
                return x.mul(Activation.sigmoid(x));
            case "gelu":
                return Activation.gelu(x); // exact (erf) GELU, as torch's default
            case "quick_gelu":
                return x.mul(Activation.sigmoid(x.mul(Tensors.scalar(x, 1.702))));
            case "gelu_new":
            case "gelu_pytorch_tanh": {
                NDArray cube = x.mul(x).mul(x);
                NDArray inner = x.add(cube.mul(Tensors.scalar(x, 0.044715))).mul(Tensors.scalar(x, Math.sqrt(2.0 / Math.PI)));
                return x.mul(Tensors.scalar(x, 0.5)).mul(inner.tanh().add(Tensors.scalar(x, 1.0)));
            }
            case "relu":
                return Activation.relu(x);
            default:
                throw new IllegalArgumentException("unsupported activation " + name);
        }
    }

    /** {@code [B, T, H*E] -> [B, H, T, E]}. */
    private static NDArray split(NDArray x, int heads) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), heads, s.get(2) / heads).transpose(0, 2, 1, 3);
    }

    /** {@code [B, H, T, E] -> [B, T, H*E]}. */
    private static NDArray merge(NDArray x) {
        Shape s = x.getShape();
        return x.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), s.get(1) * s.get(3));
    }

    /**
     * Scaled dot-product attention with grouped-query heads.
     *
     * @param q {@code [B, H, T, E]}
     * @param k {@code [B, K, S, E]}
     * @param v {@code [B, K, S, E]}
     * @param mask additive {@code [B, 1, T, S]} or null
     * @param group query heads per kv head (H = K * group)
     * @return {@code [B, H, T, E]}
     */
    private static NDArray attend(NDArray q, NDArray k, NDArray v, NDArray mask, int group) {
        Shape qs = q.getShape();
        long b = qs.get(0);
        long h = qs.get(1);
        long t = qs.get(2);
        long e = qs.get(3);
        // The scores are scaled and masked in place and freed once the softmax exists: one [B, H, T, S]
        // buffer and the probabilities instead of four (in place is safe under autograd: the matmul keeps
        // its inputs for the backward, not its output).
        NDArray scale = Tensors.scalar(q, 1.0 / Math.sqrt(e));
        if (group > 1) {
            // Query head j*group + r reads kv head j (HF repeat_kv): group the queries instead of copying K/V.
            long kvh = h / group;
            NDArray qg = q.reshape(b, kvh, group * t, e);
            NDArray raw = qg.matMul(k.transpose(0, 1, 3, 2)).muli(scale);
            NDArray scores = raw.reshape(b, h, t, -1);
            if (mask != null) {
                scores.addi(mask);
            }
            NDArray probs = scores.softmax(-1).reshape(b, kvh, group * t, -1);
            scores.close(); // a view: the memory goes with the last handle
            raw.close();
            return probs.matMul(v).reshape(b, h, t, e);
        }
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).muli(scale);
        if (mask != null) {
            scores.addi(mask);
        }
        NDArray probs = scores.softmax(-1);
        scores.close();
        return probs.matMul(v);
    }

    /**
     * Additive attention mask: 0 where query {@code i} may see key {@code j} (causal and not
     * padding), the dtype's most negative finite value elsewhere (finite so that a fully masked
     * padding row stays finite instead of NaN).
     *
     * @param keyMask 1/0 per key position {@code [B*S]}
     * @param b batch
     * @param t queries
     * @param s keys ({@code past + t})
     * @param past number of cached positions before the queries
     * @return {@code [B, 1, T, S]}
     */
    NDArray attentionMask(int[] keyMask, int b, int t, int s, int past) {
        // float16: half its range, so that a score plus the mask stays finite (at -65,504 a score below -16
        // overflows to -infinity, and a padding row whose keys are all masked becomes NaN, which then
        // reaches the real rows through the values of the next layer).
        double neg = dtype == DataType.FLOAT16 ? -30000.0 : (dtype == DataType.FLOAT64 ? -Double.MAX_VALUE : -Float.MAX_VALUE);
        double[] m = new double[b * t * s];
        for (int bi = 0; bi < b; bi++) {
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < s; j++) {
                    boolean ok = j <= past + i && keyMask[bi * s + j] == 1;
                    m[(bi * t + i) * s + j] = ok ? 0.0 : neg;
                }
            }
        }
        return Tensors.owned(manager.create(m, new Shape(b, 1, t, s)), dtype);
    }

    /**
     * RoPE tables for the given positions, computed in double precision.
     *
     * @param positions {@code [B, T]}
     * @return cos and sin, {@code [B, 1, T, E]} each
     */
    private NDArray[] rope(NDArray positions) {
        TextConfig tc = config.text();
        int e = tc.headDim();
        long[] pos = positions.toLongArray();
        long bt = pos.length;
        double[] cos = new double[(int) bt * e];
        double[] sin = new double[(int) bt * e];
        int half = e / 2;
        for (int i = 0; i < bt; i++) {
            for (int j = 0; j < half; j++) {
                double invFreq = 1.0 / Math.pow(tc.ropeTheta(), (2.0 * j) / e);
                double angle = pos[i] * invFreq;
                double c = Math.cos(angle);
                double s = Math.sin(angle);
                cos[i * e + j] = c;
                cos[i * e + j + half] = c;
                sin[i * e + j] = s;
                sin[i * e + j + half] = s;
            }
        }
        Shape shape = positions.getShape();
        Shape out = new Shape(shape.get(0), 1, shape.get(1), e);
        return new NDArray[] {Tensors.owned(manager.create(cos, out), dtype), Tensors.owned(manager.create(sin, out), dtype)};
    }

    /** {@code x * cos + rotate_half(x) * sin} with {@code rotate_half(x) = [-x2, x1]}. */
    private static NDArray rotate(NDArray x, NDArray[] rope) {
        long e = x.getShape().get(3);
        NDList halves = x.split(new long[] {e / 2}, 3);
        NDArray rotated = halves.get(1).neg().concat(halves.get(0), 3);
        return x.mul(rope[0]).add(rotated.mul(rope[1]));
    }

    @Override
    public void close() {
        manager.close();
    }
}
