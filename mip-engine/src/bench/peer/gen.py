"""PyTorch peer of the engine's greedy answers to generation and cloze questions (issue 16's
side-by-side benchmark; with mcq.py it covers the whole of `mip eval`).

Answers exactly the prompts the engine answers (`mip bench generate --export DIR` writes them: token
ids after prompt formatting and image-token expansion, preprocessed pixels, and the engine's own
answers) with Hugging Face transformers' LlavaForConditionalGeneration.generate, written the way a
careful PyTorch engineer would: inference mode, the engine's batches (per slice, 64 left-padded
prompts), greedy decoding with the KV cache, up to 32 new tokens, stopping a row at the end token,
the vision tower once per distinct image of a batch (its features merged into the prompt's
embeddings, then generate(inputs_embeds=...)).

Run: V/bin/python gen.py --model embedded/model --workload DIR [--repeats 1]
Prints one JSON line per repeat: seconds, questions, questions/s, how many answers equal the
engine's token for token, peak RSS. Used only for benchmarking; never a dependency of the project.
"""
import argparse
import json
import resource
import time

import numpy as np
import torch
from transformers import LlavaForConditionalGeneration


@torch.inference_mode()
def answer(model, qs, pixels, w):
    b = len(qs)
    t = max(len(q["prompt"]) for q in qs)
    ids = torch.zeros(b, t, dtype=torch.long)
    mask = torch.zeros(b, t, dtype=torch.long)
    for i, q in enumerate(qs):  # left-padded, as the engine
        p = q["prompt"]
        ids[i, t - len(p):] = torch.tensor(p)
        mask[i, t - len(p):] = 1
    image_token = model.config.image_token_index
    emb = model.get_input_embeddings()(torch.where(ids == image_token, 0, ids))
    imgs = [q["image"] for q in qs if q["image"] >= 0]
    if imgs:
        distinct = sorted(set(imgs))
        vt = model.model.vision_tower(pixel_values=pixels[distinct]).last_hidden_state[:, 1:]
        feats = model.model.multi_modal_projector(vt)  # [n_distinct, P, D], as mcq.py
        where = {img: k for k, img in enumerate(distinct)}
        emb[ids == image_token] = feats[[where[i] for i in imgs]].reshape(-1, emb.shape[-1])
    out = model.generate(inputs_embeds=emb, attention_mask=mask, max_new_tokens=w["maxNewTokens"], do_sample=False,
                         eos_token_id=w["endToken"], pad_token_id=w["endToken"])
    answers = []
    for row in out.tolist():
        a = []
        for tok in row:
            if tok == w["endToken"]:
                break
            a.append(tok)
        answers.append(a)
    return answers


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--workload", required=True)
    ap.add_argument("--repeats", type=int, default=1)
    args = ap.parse_args()
    model = LlavaForConditionalGeneration.from_pretrained(args.model, dtype=torch.float32).eval()
    w = json.load(open(f"{args.workload}/generation.json"))
    c, h, wd = w["imageShape"]
    pixels = torch.from_numpy(np.fromfile(f"{args.workload}/pixels.f32", dtype="<f4").reshape(w["images"], c, h, wd))
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        n = same = 0
        for qs in w["slices"].values():
            for start in range(0, len(qs), w["batch"]):
                chunk = qs[start:start + w["batch"]]
                for q, a in zip(chunk, answer(model, chunk, pixels, w)):
                    same += a == q["answer"]
                    n += 1
        s = time.perf_counter() - t0
        print(json.dumps({"seconds": round(s, 3), "questions": n, "questionsPerSecond": round(n / s, 1),
                          "sameAnswers": same,
                          "peakRssMiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}), flush=True)


if __name__ == "__main__":
    main()
