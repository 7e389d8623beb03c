"""PyTorch peer of the engine's multiple-choice evaluation (issue 16's side-by-side benchmark).

Scores exactly the inputs the engine scores (`mip bench mcq --export DIR` writes them: token ids
after prompt formatting and image-token expansion, preprocessed pixels) with Hugging Face
transformers' LlavaForConditionalGeneration, written the way a careful PyTorch engineer would:
inference mode, the vision tower once per distinct image of a batch, one prompt pass per question
whose keys/values the options share (DynamicCache.reorder_cache), the output head only where an
answer token is predicted, left-padded prompts with position ids from the mask.

Run (venv from the machine's wheelhouse: pip install torch==2.13.0+cpu transformers==5.18.0):
  V/bin/python mcq.py --model embedded/model --workload DIR [--batch 64] [--repeats 1]
Prints one JSON line per repeat: seconds, questions, questions/s, accuracy per slice, peak RSS.
Used only for benchmarking; never a dependency of the project.
"""
import argparse
import json
import resource
import time

import numpy as np
import torch
from transformers import DynamicCache, LlavaForConditionalGeneration


def chunks(questions, rows):
    """Consecutive questions with at most `rows` option rows (at least one question), as the engine."""
    out, cur, n = [], [], 0
    for q in questions:
        k = len(q["options"])
        if cur and n + k > rows:
            out.append(cur)
            cur, n = [], 0
        cur.append(q)
        n += k
    if cur:
        out.append(cur)
    return out


@torch.inference_mode()
def score(model, qs, pixels, image_token):
    lm = model.model.language_model
    embed = model.get_input_embeddings()
    q = len(qs)
    tp = max(len(x["prompt"]) for x in qs)
    ids = torch.zeros(q, tp, dtype=torch.long)
    mask = torch.zeros(q, tp, dtype=torch.long)
    for i, x in enumerate(qs):  # left-padded
        p = x["prompt"]
        ids[i, tp - len(p):] = torch.tensor(p)
        mask[i, tp - len(p):] = 1
    x_emb = embed(torch.where(ids == image_token, 0, ids))
    imgs = [x["image"] for x in qs if x["image"] >= 0]
    if imgs:
        distinct = sorted(set(imgs))
        vt = model.model.vision_tower(pixel_values=pixels[distinct]).last_hidden_state[:, 1:]
        feats = model.model.multi_modal_projector(vt)  # [n_distinct, P, D]
        where = {img: k for k, img in enumerate(distinct)}
        per_q = feats[[where[i] for i in imgs]].reshape(-1, feats.shape[-1])
        x_emb[ids == image_token] = per_q
    pos = (mask.cumsum(1) - 1).clamp(min=0)
    cache = DynamicCache()
    out = lm(inputs_embeds=x_emb, attention_mask=mask, position_ids=pos, past_key_values=cache, use_cache=True)
    first_logp = model.lm_head(out.last_hidden_state[:, -1]).log_softmax(-1)  # [Q, V]
    rows = [(i, o) for i, x in enumerate(qs) for o in x["options"]]
    r = len(rows)
    a = max(len(o) for _, o in rows)
    row_of = torch.tensor([i for i, _ in rows])
    ans = torch.zeros(r, a, dtype=torch.long)
    amask = torch.zeros(r, a, dtype=torch.long)
    for k, (_, o) in enumerate(rows):
        ans[k, :len(o)] = torch.tensor(o)
        amask[k, :len(o)] = 1
    cache.reorder_cache(row_of)
    plen = mask.sum(1)[row_of]
    apos = plen[:, None] + torch.arange(a)[None, :]
    full_mask = torch.cat([mask[row_of], amask], 1)
    aout = lm(inputs_embeds=embed(ans), attention_mask=full_mask, position_ids=apos, past_key_values=cache, use_cache=True)
    lp = first_logp[row_of].gather(1, ans[:, :1]).squeeze(1)
    sums = lp.double()
    if a > 1:
        sel = amask[:, 1:].bool()
        h = aout.last_hidden_state[:, :-1][sel]  # positions predicting answer tokens 1..
        later = model.lm_head(h).log_softmax(-1).gather(1, ans[:, 1:][sel][:, None]).squeeze(1).double()
        rix = torch.arange(r)[:, None].expand(r, a - 1)[sel]
        sums = sums.index_add(0, rix, later)
    means = sums / amask.sum(1)
    correct, k = [], 0
    for x in qs:
        n = len(x["options"])
        best = int(torch.argmax(means[k:k + n]))  # first maximum, as the engine
        correct.append(best == x["correct"])
        k += n
    return correct


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--workload", required=True)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=1)
    args = ap.parse_args()
    model = LlavaForConditionalGeneration.from_pretrained(args.model, dtype=torch.float32).eval()
    w = json.load(open(f"{args.workload}/workload.json"))
    c, h, wd = w["imageShape"]
    pixels = torch.from_numpy(np.fromfile(f"{args.workload}/pixels.f32", dtype="<f4").reshape(w["images"], c, h, wd))
    qs = w["questions"]
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        right = {}
        for ch in chunks(qs, args.batch):
            for x, ok in zip(ch, score(model, ch, pixels, model.config.image_token_index)):
                right.setdefault(x["slice"], []).append(ok)
        s = time.perf_counter() - t0
        acc = {k + ".accuracy": sum(v) / len(v) for k, v in right.items()}
        print(json.dumps({"seconds": round(s, 3), "questions": len(qs), "questionsPerSecond": round(len(qs) / s, 1),
                          "accuracy": acc,
                          "peakRssMiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}), flush=True)


if __name__ == "__main__":
    main()
