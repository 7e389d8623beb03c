"""PyTorch peer of the engine's locate stage (issue 16's side-by-side benchmark).

Locates on exactly the samples the engine locates on (`mip bench locate-step --export DIR` writes them:
token ids after prompt formatting and image-token expansion, attention masks, answer-token targets,
preprocessed pixels, every setting, and the neurons the engine chose) with Hugging Face transformers'
LlavaForConditionalGeneration, written the way a careful PyTorch engineer would: parameters frozen
(requires_grad False: only the scale tensors are differentiated), one forward pre-hook per FFN down
projection multiplying its input by a scale tensor (decoder mlp.down_proj: act(gate_proj x) * up_proj x;
vision mlp.fc2: act(fc1 x)), the m scaled copies of `samplesPerBatch` samples in one batch as the engine
batches them, torch.autograd.grad for dF/ds, the output head only where an answer token is predicted,
no KV cache, the vision tower only up to the feature layer, the text tower's passes without the vision
tower. Same algorithm as the engine (docs/method.md, stage 1): exact mode one pass per layer with the
sample's own greedy path of earlier layers scaled, joint mode one pass for all layers; IGI
(1/m) sum_k dF/ds for the decoder, IFI (1/m) sum_k (dF/ds)^2 for the vision tower; per-sample scores
normalised by their layer maximum and summed in fixed point; top-k per layer, ties to the lower index.

Run (venv from the machine's wheelhouse: pip install torch==2.13.0+cpu transformers==5.18.0):
  V/bin/python locate.py --model embedded/model --workload DIR [--repeats 3]
Prints one JSON line: per tower, the seconds per sample of exact and joint mode (median over the
repeats, each after one untimed warm-up run of the same samples in that mode, as the engine; a timed
run builds the batches' tensors, runs the passes, the top-k and the aggregation; unlike the engine's,
it leaves out tokenisation and image preprocessing, which the export did), the per-layer Jaccard
overlap of the neurons chosen with the engine's, the largest difference of the aggregated scores,
whether every sample's greedy path agrees (path counts equal), and the peak RSS. Used only for
benchmarking; never a dependency of the project.
"""
import argparse
import json
import resource
import statistics
import sys
import time

import numpy as np
import torch
from transformers import LlavaForConditionalGeneration


class Scales:
    """The scale tensor of each FFN layer of one tower ([rows, I]); a layer without one runs unscaled."""

    def __init__(self):
        self.by_layer = {}

    def hook(self, layer):
        def pre(module, args):
            s = self.by_layer.get(layer)
            return None if s is None else (args[0] * s[:, None, :],)  # [B, T, I] * [B, 1, I]
        return pre


class Peer:
    """The model with scale hooks on both towers' FFN down projections."""

    def __init__(self, model_dir):
        model = LlavaForConditionalGeneration.from_pretrained(model_dir, dtype=torch.float32).eval()
        model.requires_grad_(False)
        cfg = model.config
        self.lm = model.model.language_model
        self.vision = model.model.vision_tower
        self.projector = model.model.multi_modal_projector
        self.head = model.lm_head
        self.image_token = cfg.image_token_index
        self.strategy = cfg.vision_feature_select_strategy
        fl = cfg.vision_feature_layer
        if not isinstance(fl, int):
            sys.exit(f"{model_dir}: vision_feature_layer {fl} is a list; the engine supports one feature layer")
        layers = self.vision.encoder.layers
        used = fl if fl >= 0 else len(layers) + 1 + fl  # hidden_states[used] is the output of layer used - 1
        # Layers after the feature layer never reach the decoder: drop them (last_hidden_state is then
        # hidden_states[used]; CLIP applies post_layernorm only to the pooled output).
        self.vision.encoder.layers = layers[:used]
        self.scales = {"text": Scales(), "vision": Scales()}
        for l, layer in enumerate(self.lm.layers):
            layer.mlp.down_proj.register_forward_pre_hook(self.scales["text"].hook(l))
        for l, layer in enumerate(self.vision.encoder.layers):
            layer.mlp.fc2.register_forward_pre_hook(self.scales["vision"].hook(l))
        self.layers = {"text": len(self.lm.layers), "vision": used}
        self.neurons = {"text": cfg.text_config.intermediate_size, "vision": cfg.vision_config.intermediate_size}

    def objective(self, ids, mask, pixels, tpos, tids):
        """F: the summed log-probability of every answer token of the batch."""
        emb = self.lm.embed_tokens(torch.where(ids == self.image_token, 0, ids))
        if pixels is not None:
            feats = self.vision(pixel_values=pixels).last_hidden_state
            if self.strategy == "default":
                feats = feats[:, 1:]
            feats = self.projector(feats)  # [N, P, D]
            emb = emb.masked_scatter((ids == self.image_token)[..., None], feats.reshape(-1, feats.shape[-1]))
        h = self.lm(inputs_embeds=emb, attention_mask=mask, use_cache=False).last_hidden_state
        h = h.reshape(-1, h.shape[-1])[tpos]
        return self.head(h).log_softmax(-1).gather(1, tids[:, None]).sum()


def copies(b, m, pixels):
    """The engine's pass over a batch: each row repeated m times in place (row s*m + k - 1 is copy k)."""
    n, t = b["size"], b["length"]
    ids = torch.tensor(b["ids"]).view(n, t).repeat_interleave(m, 0)
    mask = torch.tensor(b["mask"]).view(n, t).repeat_interleave(m, 0)
    imgs = [i for i in b["image"] if i >= 0]
    px = pixels[imgs].repeat_interleave(m, 0) if imgs else None
    tp = torch.tensor(b["targetPos"])
    row, col = tp // t, tp % t
    tpos = ((row[:, None] * m + torch.arange(m)[None, :]) * t + col[:, None]).reshape(-1)
    tids = torch.tensor(b["targetIds"])[:, None].expand(-1, m).reshape(-1)
    return n, (ids, mask, px, tpos, tids)


def top(scores, k):
    """Indices of the k highest scores, highest first, ties to the lower index (the engine's TopK)."""
    return np.argsort(-scores, kind="stable")[:k]


class Aggregate:
    """The engine's PathScores: per-sample scores over their layer maximum, summed in fixed point."""

    def __init__(self, layers, neurons, unit):
        self.sums = np.zeros((layers, neurons), dtype=np.int64)
        self.counts = np.zeros((layers, neurons), dtype=np.int64)
        self.unit = unit

    def add(self, layer, scores, path):
        mx = np.abs(scores).max()
        if mx > 0:
            self.sums[layer] += np.floor(scores / mx * self.unit + 0.5).astype(np.int64)
        self.counts[layer, path] += 1

    def chosen(self, layer, k):
        return top(self.sums[layer], k)


def locate_batch(peer, tower, mode, b, pixels, st, acc):
    """Scores one batch of samples in one mode (docs/method.md, stage 1) and adds them to acc."""
    m, width, fisher = st["steps"], st["pathWidth"], tower == "vision"
    layers, scales = peer.layers[tower], peer.scales[tower]
    s, inputs = copies(b, m, pixels)
    rows = s * m
    alpha = torch.tensor(st["alphas"], dtype=torch.float32)
    neurons = peer.neurons[tower]
    grid = alpha.repeat(s)[:, None].expand(rows, neurons)  # row r scaled by alpha[r % m]

    def reduce(g):
        g = g.double().view(s, m, neurons)
        return ((g * g) if fisher else g).sum(1).div_(m).numpy()  # [s, I]

    try:
        if mode == "joint":
            ts = [grid.clone().requires_grad_() for _ in range(layers)]
            scales.by_layer = dict(enumerate(ts))
            grads = torch.autograd.grad(peer.objective(*inputs), ts)
            for l, g in enumerate(grads):
                for sc in reduce(g):
                    acc.add(l, sc, top(sc, width))
            return
        path = [[None] * layers for _ in range(s)]
        for l in range(layers):
            by_layer = {}
            for j in range(l):
                v = torch.ones(rows, neurons)
                for si in range(s):
                    v[si * m:(si + 1) * m, torch.from_numpy(path[si][j])] = alpha[:, None]
                by_layer[j] = v
            t = grid.clone().requires_grad_()
            by_layer[l] = t
            scales.by_layer = by_layer
            (g,) = torch.autograd.grad(peer.objective(*inputs), [t])
            for si, sc in enumerate(reduce(g)):
                path[si][l] = top(sc, width)
                acc.add(l, sc, path[si][l])
    finally:
        scales.by_layer = {}


def locate(peer, tower, mode, w, pixels, batches):
    """One locate run of a tower over the given batches: the aggregated scores (and paths) of its samples."""
    st, spec = w["settings"], w["towers"][tower]
    acc = Aggregate(spec["layers"], spec["neurons"], st["unit"])
    for b in batches:
        locate_batch(peer, tower, mode, b, pixels, st, acc)
    return acc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--workload", required=True)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    if args.repeats < 1:
        ap.error(f"--repeats is {args.repeats} but must be at least 1")
    w = json.load(open(f"{args.workload}/locate.json"))
    if w.get("format") != "mip-locate-workload" or w.get("version") != 1:
        sys.exit(f"{args.workload}/locate.json is not a version-1 locate workload: re-export it with "
                 "`mip bench locate-step MODEL_DIR --data DATA --export DIR`")
    st = w["settings"]
    if st["aggregation"] != "sum":
        sys.exit(f"{args.workload}/locate.json: aggregation {st['aggregation']} is not supported by the peer (sum only)")
    c, h, wd = w["imageShape"]
    pixels = torch.from_numpy(np.fromfile(f"{args.workload}/pixels.f32", dtype="<f4").reshape(w["images"], c, h, wd))
    peer = Peer(args.model)
    out = {}
    for tower, spec in w["towers"].items():
        if (spec["layers"], spec["neurons"]) != (peer.layers[tower], peer.neurons[tower]):
            sys.exit(f"{tower}: the workload scores {spec['layers']} layers of {spec['neurons']} neurons but the model "
                     f"has {peer.layers[tower]} of {peer.neurons[tower]}: export from the same model directory")
        batches = spec["batches"]
        n = spec["samples"]
        r = {"samples": n}
        for mode in ("exact", "joint"):
            locate(peer, tower, mode, w, pixels, batches)  # warm-up: the whole workload once, as the engine
        secs = {"exact": [], "joint": []}
        accs = {}
        for _ in range(args.repeats):
            for mode in ("exact", "joint"):
                t0 = time.perf_counter()
                acc = locate(peer, tower, mode, w, pixels, batches)
                chosen = [acc.chosen(l, st["neuronsPerLayer"]) for l in range(spec["layers"])]
                secs[mode].append(time.perf_counter() - t0)
                accs[mode] = (acc, chosen)
        for mode in ("exact", "joint"):
            r[mode + "SecondsPerSample"] = round(statistics.median(secs[mode]) / n, 4)
        for mode in ("exact", "joint"):
            acc, chosen = accs[mode]
            eng = spec["engine"][mode]
            jac = []
            for l in range(spec["layers"]):
                a, b = set(chosen[l].tolist()), set(eng["chosen"][l])
                jac.append(round(len(a & b) / len(a | b), 4) if a | b else 1.0)
            r[mode + "Jaccard"] = jac
            r[mode + "MaxScoreDiff"] = float(np.abs(acc.sums / st["unit"] - np.array(eng["sum"])).max())
            r[mode + "PathCountsEqual"] = bool((acc.counts == np.array(eng["count"])).all())
        out[tower] = r
        print(f"{tower}: {json.dumps(r)}", file=sys.stderr, flush=True)
    out["peakRssMiB"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
