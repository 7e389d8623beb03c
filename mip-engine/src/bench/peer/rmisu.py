"""PyTorch peer of the engine's RMisU step (issue 16's side-by-side benchmark).

Runs exactly the steps the engine runs (`mip bench rmisu-step --export DIR` writes them: per step a
forget batch with each sample's identity start and direction, a retain batch, token ids after prompt
formatting and image-token expansion, preprocessed pixels; the trained path neurons; the settings)
with Hugging Face transformers' LlavaForConditionalGeneration, written the way a careful PyTorch
engineer would: every model parameter frozen; the frozen layer-l states computed once, in inference
mode, from the original weights; the path neurons pruned (their output columns zeroed) and trained
as small separate tensors (rows P of gate/up_proj and fc1 with its bias, columns Q of down_proj and
fc2) added by forward hooks (`out.index_add(-1, idx, x @ P.T)`, `out + x[..., idx] @ Q.T`), so that
no gradient of a whole weight matrix is ever computed; the forward stops being used at layer l (a
hook captures its output); loss as the engine's (forget positions pushed to lambda * ||h0|| * u,
retain positions held at h0, each position's squared error over ||h0||^2, means over positions,
retain term times gamma); global-norm clipping at 1 and torch.optim.Adam (foreach).

Run: V/bin/python rmisu.py --model embedded/model --workload DIR [--warmup 5]
Prints one JSON line: ms per step (median, min, max) after the warm-up, the last loss, the trained
parameter count and the peak RSS. Used only for benchmarking; never a dependency of the project.
"""
import argparse
import json
import resource
import statistics
import time

import numpy as np
import torch
from transformers import LlavaForConditionalGeneration


def batch(b, pixels):
    n, t = b["size"], b["length"]
    imgs = [i for i in b["image"] if i >= 0]
    mask = torch.tensor(b["mask"]).view(n, t)
    return torch.tensor(b["ids"]).view(n, t), mask, (pixels[imgs] if imgs else None), mask.sum(1).tolist()


class Steered:
    """Runs the language model and keeps the output of decoder layer l."""

    def __init__(self, model, layer):
        self.lm = model.model
        self.image_token = model.config.image_token_index
        self.out = None
        model.model.language_model.layers[layer].register_forward_hook(self._keep)

    def _keep(self, module, args, output):
        self.out = output[0] if isinstance(output, tuple) else output

    def __call__(self, ids, mask, px):
        if px is None:
            self.lm(input_ids=torch.where(ids == self.image_token, 0, ids), attention_mask=mask)
        else:
            self.lm(input_ids=ids, attention_mask=mask, pixel_values=px)
        return self.out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--workload", required=True)
    ap.add_argument("--warmup", type=int, default=5)
    args = ap.parse_args()
    torch.manual_seed(0)
    model = LlavaForConditionalGeneration.from_pretrained(args.model, dtype=torch.float32).eval()
    for p in model.parameters():
        p.requires_grad_(False)
    w = json.load(open(f"{args.workload}/rmisu.json"))
    c, h, wd = w["imageShape"]
    pixels = torch.from_numpy(np.fromfile(f"{args.workload}/pixels.f32", dtype="<f4").reshape(w["images"], c, h, wd))
    layer, lam, gamma = w["steeringLayer"], w["lambda"], w["gamma"]
    u = torch.tensor(w["directions"], dtype=torch.float32)
    steered = Steered(model, layer)
    steps = []
    with torch.inference_mode():  # frozen states from the original weights
        for s in w["steps"]:
            f, r = batch(s["forget"], pixels), batch(s["retain"], pixels)
            steps.append((f, steered(*f[:3]).clone(), r, steered(*r[:3]).clone(), s["forgetIndex"], s["identityStart"]))
    # Per-position targets and weights, as the engine builds them.
    prepared = []
    for f, h0f, r, h0r, fidx, starts in steps:
        nf = h0f.double().norm(dim=-1)
        wf = torch.zeros(nf.shape, dtype=torch.float64)
        tf = torch.zeros(h0f.shape)
        count = sum(max(0, ln - st) for ln, st in zip(f[3], starts))
        for i, (ln, st) in enumerate(zip(f[3], starts)):
            wf[i, st:ln] = 1.0 / (nf[i, st:ln] ** 2 + 1e-12) / max(1, count)
            tf[i, st:ln] = (lam * nf[i, st:ln, None] * u[fidx[i]][None, :].double()).float()
        nr = h0r.double().norm(dim=-1)
        wr = torch.zeros(nr.shape, dtype=torch.float64)
        count = sum(r[3])
        for i, ln in enumerate(r[3]):
            wr[i, :ln] = 1.0 / (nr[i, :ln] ** 2 + 1e-12) / count
        prepared.append((f, tf, wf.float(), r, h0r, wr.float()))
    # Prune the path neurons and attach their trainable rows and columns.
    trained = []
    lm_layers = model.model.language_model.layers
    vt_layers = model.model.vision_tower.encoder.layers
    for tower, layers in w["neurons"].items():
        for l, idx in layers.items():
            idx = torch.tensor(idx)
            mlp = lm_layers[int(l)].mlp if tower == "text" else vt_layers[int(l)].mlp
            ins = [mlp.gate_proj, mlp.up_proj] if tower == "text" else [mlp.fc1]
            out = mlp.down_proj if tower == "text" else mlp.fc2
            for lin in ins:
                rows = lin.weight[idx].clone().requires_grad_(True)
                bias = lin.bias[idx].clone().requires_grad_(True) if lin.bias is not None else None
                lin.weight[idx] = 0
                if bias is not None:
                    lin.bias[idx] = 0
                trained += [rows] + ([bias] if bias is not None else [])

                def rows_hook(m, a, o, rows=rows, bias=bias, idx=idx):
                    extra = a[0] @ rows.T
                    return o.index_add(-1, idx, extra + bias if bias is not None else extra)
                lin.register_forward_hook(rows_hook)
            out.weight[:, idx] = 0
            cols = torch.zeros(out.weight.shape[0], len(idx), requires_grad=True)
            trained.append(cols)

            def cols_hook(m, a, o, cols=cols, idx=idx):
                return o + a[0][..., idx] @ cols.T
            out.register_forward_hook(cols_hook)
    opt = torch.optim.Adam(trained, lr=w["learningRate"], betas=(0.9, 0.999), eps=1e-8)
    times, loss = [], None
    for i, (f, tf, wf, r, h0r, wr) in enumerate(prepared):
        t0 = time.perf_counter()
        hf = steered(*f[:3])
        lf = (((hf - tf) ** 2).sum(-1) * wf).sum()
        hr = steered(*r[:3])
        lr = (((hr - h0r) ** 2).sum(-1) * wr).sum()
        loss = lf + gamma * lr
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trained, w["clipNorm"])
        opt.step()
        opt.zero_grad(set_to_none=True)
        if i >= args.warmup:
            times.append((time.perf_counter() - t0) * 1000)
    print(json.dumps({"msPerStep": round(statistics.median(times), 1), "minMs": round(min(times), 1),
                      "maxMs": round(max(times), 1), "steps": len(times), "lastLoss": loss.item(),
                      "trainedParameters": sum(t.numel() for t in trained),
                      "peakRssMiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}), flush=True)


if __name__ == "__main__":
    main()
