"""PyTorch peer of the engine's training step (issue 16's side-by-side benchmark).

Trains on exactly the batches the engine trains on (`mip bench train-step --export DIR` writes
them: token ids, masks, answer-token targets, preprocessed pixels) with Hugging Face transformers'
LlavaForConditionalGeneration: forward, mean negative log-likelihood of the answer tokens (the
output head only at the positions that predict one), backward, global-norm clipping at 1.0 and
torch.optim.AdamW (lr 1e-4, weight decay 0.01, eps 1e-8; PyTorch's default multi-tensor foreach
implementation), as the engine does.

Run: V/bin/python train.py --model embedded/model --workload DIR [--warmup 5]
Prints one JSON line: ms per step (median, min, max) over the steps after the warm-up, the last
loss and the peak RSS. Used only for benchmarking; never a dependency of the project.
"""
import argparse
import json
import resource
import statistics
import time

import numpy as np
import torch
from transformers import LlavaForConditionalGeneration


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--workload", required=True)
    ap.add_argument("--warmup", type=int, default=5)
    args = ap.parse_args()
    model = LlavaForConditionalGeneration.from_pretrained(args.model, dtype=torch.float32).train()
    w = json.load(open(f"{args.workload}/train.json"))
    c, h, wd = w["imageShape"]
    pixels = torch.from_numpy(np.fromfile(f"{args.workload}/pixels.f32", dtype="<f4").reshape(w["images"], c, h, wd))
    batches = []
    for b in w["batches"]:
        n, t = b["size"], b["length"]
        imgs = [i for i in b["image"] if i >= 0]
        batches.append((torch.tensor(b["ids"]).view(n, t), torch.tensor(b["mask"]).view(n, t),
                        pixels[imgs] if imgs else None, torch.tensor(b["targetPos"]), torch.tensor(b["targetIds"])))
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)
    lm, head = model.model, model.lm_head
    image_token = model.config.image_token_index
    times, loss = [], None
    for i, (ids, mask, px, tpos, tids) in enumerate(batches):
        t0 = time.perf_counter()
        out = lm(input_ids=ids, attention_mask=mask, pixel_values=px) if px is not None else \
            lm(input_ids=torch.where(ids == image_token, 0, ids), attention_mask=mask)
        hid = out.last_hidden_state.reshape(-1, out.last_hidden_state.shape[-1])[tpos]
        loss = torch.nn.functional.cross_entropy(head(hid), tids)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        if i >= args.warmup:
            times.append((time.perf_counter() - t0) * 1000)
    print(json.dumps({"msPerStep": round(statistics.median(times), 1), "minMs": round(min(times), 1),
                      "maxMs": round(max(times), 1), "steps": len(times), "lastLoss": loss.item(),
                      "peakRssMiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}), flush=True)


if __name__ == "__main__":
    main()
