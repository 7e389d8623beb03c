#!/bin/bash
# Side-by-side benchmark of the engine and its PyTorch peer (issue 16), run alternately, nothing else
# on the machine. From the repository root, after `mvn -q -o install -DskipTests`:
#   mip-engine/src/bench/peer/run.sh [runs] [model dir]      (default: 5 runs, embedded/model)
# Needs a venv with the peer's packages in $PEER_VENV (default /tmp/V):
#   python3 -m venv /tmp/V && /tmp/V/bin/pip install torch==2.13.0+cpu transformers==5.18.0
# Each run is one process per side evaluating the whole workload twice; the second (warm) pass is
# recorded. Prints the Markdown table for docs/benchmarks.md and fails if the two sides' accuracies
# differ on any slice.
set -euo pipefail
RUNS=${1:-5}
MODEL=${2:-embedded/model}
V=${PEER_VENV:-/tmp/V}
JAR=mip-engine/target/mip-engine-0.1.0-SNAPSHOT.jar
OUT=target/peer
# Tags a run's JSON record with its side: reads one or more JSON values (a bench command's pretty-printed
# records, a peer's JSON lines), keeps the last (the warm repeat) and prints it as one line.
tag() {
  python3 -c '
import json, sys
d = json.JSONDecoder(); s = sys.stdin.read().strip(); recs = []
while s:
    r, n = d.raw_decode(s); recs.append(r); s = s[n:].strip()
r = recs[-1]; r["side"] = sys.argv[1]; print(json.dumps(r))' "$1"
}
mkdir -p "$OUT"
java -jar "$JAR" bench mcq "$MODEL" --data embedded/data --export "$OUT/workload" >&2
java -jar "$JAR" bench generate "$MODEL" --data embedded/data --export "$OUT/gen" >&2
java -jar "$JAR" bench train-step "$MODEL" --data embedded/data --export "$OUT/train" >&2
# The example project's paths (joint mode, m = 8, 128 neurons per layer) for the RMisU steps.
java -jar "$JAR" locate "$MODEL" --data embedded/data --forget forget_5 --mode joint --steps 8 --out "$OUT/paths.json" >&2
java -jar "$JAR" bench rmisu-step "$MODEL" --data embedded/data --paths "$OUT/paths.json" --export "$OUT/rmisu" >&2
java -jar "$JAR" bench locate-step "$MODEL" --data embedded/data --export "$OUT/locate" >&2
: > "$OUT/mcq.jsonl"
: > "$OUT/gen.jsonl"
: > "$OUT/train.jsonl"
: > "$OUT/rmisu.jsonl"
: > "$OUT/locate.jsonl"
for i in $(seq "$RUNS"); do
  java -jar "$JAR" bench mcq "$MODEL" --data embedded/data --repeats 2 2>/dev/null | tag MIP >> "$OUT/mcq.jsonl"
  "$V/bin/python" mip-engine/src/bench/peer/mcq.py --model "$MODEL" --workload "$OUT/workload" --repeats 2 2>/dev/null \
    | tail -1 | tag peer >> "$OUT/mcq.jsonl"
  java -jar "$JAR" bench generate "$MODEL" --data embedded/data --repeats 2 2>/dev/null | tag MIP >> "$OUT/gen.jsonl"
  "$V/bin/python" mip-engine/src/bench/peer/gen.py --model "$MODEL" --workload "$OUT/gen" --repeats 2 2>/dev/null \
    | tail -1 | tag peer >> "$OUT/gen.jsonl"
  java -jar "$JAR" bench train-step "$MODEL" --data embedded/data 2>/dev/null \
    | tag MIP >> "$OUT/train.jsonl"
  "$V/bin/python" mip-engine/src/bench/peer/train.py --model "$MODEL" --workload "$OUT/train" 2>/dev/null \
    | tail -1 | tag peer >> "$OUT/train.jsonl"
  java -jar "$JAR" bench rmisu-step "$MODEL" --data embedded/data --paths "$OUT/paths.json" 2>/dev/null \
    | tag MIP >> "$OUT/rmisu.jsonl"
  "$V/bin/python" mip-engine/src/bench/peer/rmisu.py --model "$MODEL" --workload "$OUT/rmisu" 2>/dev/null \
    | tail -1 | tag peer >> "$OUT/rmisu.jsonl"
  java -jar "$JAR" bench locate-step "$MODEL" --data embedded/data 2>/dev/null \
    | tag MIP >> "$OUT/locate.jsonl"
  "$V/bin/python" mip-engine/src/bench/peer/locate.py --model "$MODEL" --workload "$OUT/locate" 2>/dev/null \
    | tail -1 | tag peer >> "$OUT/locate.jsonl"
  echo "run $i of $RUNS done" >&2
done
python3 - "$OUT/mcq.jsonl" "$OUT/train.jsonl" "$OUT/rmisu.jsonl" "$OUT/locate.jsonl" "$OUT/gen.jsonl" <<'PY'
import json, statistics, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
train = [json.loads(l) for l in open(sys.argv[2])]
side = {s: [r for r in recs if r["side"] == s] for s in ("MIP", "peer")}
acc = {s: side[s][0]["accuracy"] for s in side}
if acc["MIP"] != acc["peer"]:
    sys.exit(f"accuracies differ: {acc}")
def fmt(v):
    return f"{statistics.median(v):.0f} [{min(v):.0f}–{max(v):.0f}]"
qps = {s: [r["questionsPerSecond"] for r in side[s]] for s in side}
rss = {s: [r["peakRssMiB"] for r in side[s]] for s in side}
ratio = statistics.median(qps["MIP"]) / statistics.median(qps["peer"])
n = side["MIP"][0]["questions"]
print("| workload (medians, [min–max] over %d runs) | MIP | PyTorch peer | MIP relative to the peer |" % len(qps["MIP"]))
print("|---|---|---|---|")
print(f"| MCQ likelihood evaluation ({n:,} questions), questions/s | {fmt(qps['MIP'])} | {fmt(qps['peer'])} | {ratio:.2f}× |")
gen = [json.loads(l) for l in open(sys.argv[5])]
gside = {s: [r for r in gen if r["side"] == s] for s in ("MIP", "peer")}
gq = {s: [r["questionsPerSecond"] for r in gside[s]] for s in gside}
gn = gside["MIP"][0]["questions"]
print(f"| greedy answers to generation and cloze questions ({gn:,} questions, up to 32 new tokens), questions/s | {fmt(gq['MIP'])} | {fmt(gq['peer'])} | {statistics.median(gq['MIP']) / statistics.median(gq['peer']):.2f}× |")
# The whole evaluation of `mip eval` (without its JVM start and model load): MCQ + answers, per run.
whole = {s: [(a["questions"] + b["questions"]) / (a["seconds"] + b["seconds"]) for a, b in zip(side[s], gside[s])] for s in side}
print(f"| whole evaluation (MCQ + generation + cloze, {n + gn:,} questions), questions/s | {fmt(whole['MIP'])} | {fmt(whole['peer'])} | {statistics.median(whole['MIP']) / statistics.median(whole['peer']):.2f}× |")
if any(r["sameAnswers"] != r["questions"] for r in gside["peer"]):
    sys.exit("the peer's answers differ from the engine's: " + str([r["sameAnswers"] for r in gside["peer"]]))
ms = {s: [r["msPerStep"] for r in train if r["side"] == s] for s in ("MIP", "peer")}
trss = {s: [r["peakRssMiB"] for r in train if r["side"] == s] for s in ("MIP", "peer")}
tr = statistics.median(ms["peer"]) / statistics.median(ms["MIP"])
print(f"| training step (batch 32, AdamW, answer-only loss), ms per step (median of 35 steps per run) | {fmt(ms['MIP'])} | {fmt(ms['peer'])} | {tr:.2f}× |")
rm = [json.loads(l) for l in open(sys.argv[3])]
rms = {s: [r["msPerStep"] for r in rm if r["side"] == s] for s in ("MIP", "peer")}
rrss = {s: [r["peakRssMiB"] for r in rm if r["side"] == s] for s in ("MIP", "peer")}
rr = statistics.median(rms["peer"]) / statistics.median(rms["MIP"])
params = rm[0]["trainedParameters"]
print(f"| RMisU step (8 forget + 8 retain pairs, {params:,} trained parameters), ms per step (median of 35 steps per run) | {fmt(rms['MIP'])} | {fmt(rms['peer'])} | {rr:.2f}× |")
loc = [json.loads(l) for l in open(sys.argv[4])]
lside = {s: [r for r in loc if r["side"] == s] for s in ("MIP", "peer")}
def fmt3(v):
    return f"{statistics.median(v):.3f} [{min(v):.3f}–{max(v):.3f}]"
names = {"text": "text tower (IGI, decoder FFN)", "vision": "vision tower (IFI, vision FFN)"}
worst = {}
for tower in ("text", "vision"):
    n = lside["MIP"][0][tower]["samples"]
    for mode in ("exact", "joint"):
        v = {s: [r[tower][mode + "SecondsPerSample"] for r in lside[s]] for s in lside}
        lr = statistics.median(v["peer"]) / statistics.median(v["MIP"])
        print(f"| locate, {mode} mode, {names[tower]}, s per forget sample ({n} samples of forget_5, m = 8, k = 128; median of 3 runs per process) | {fmt3(v['MIP'])} | {fmt3(v['peer'])} | {lr:.2f}× |")
        worst[f"{tower} {mode}"] = min(min(r[tower][mode + "Jaccard"]) for r in lside["peer"])
lrss = {s: [r["peakRssMiB"] for r in lside[s]] for s in lside}
print(f"| peak resident memory, MiB: evaluation / training / RMisU / locate | {fmt(rss['MIP'])} / {fmt(trss['MIP'])} / {fmt(rrss['MIP'])} / {fmt(lrss['MIP'])} | {fmt(rss['peer'])} / {fmt(trss['peer'])} / {fmt(rrss['peer'])} / {fmt(lrss['peer'])} | |")
loss = {s: [r["lastLoss"] for r in train if r["side"] == s] for s in ("MIP", "peer")}
print(f"Last training loss (step 40): MIP {loss['MIP'][0]:.4g}, peer {loss['peer'][0]:.4g}.")
rloss = {s: [r["lastLoss"] for r in rm if r["side"] == s] for s in ("MIP", "peer")}
print(f"Last RMisU loss (step 40): MIP {rloss['MIP'][0]:.4g}, peer {rloss['peer'][0]:.4g}.")
print(f"\nAccuracies identical on all {len(acc['MIP'])} slices; the peer's {gn:,} greedy answers equal the engine's token for token.")
print("Locate: Jaccard overlap of the peer's top-128 neurons per layer with the engine's (lowest layer): "
      + ", ".join(f"{k} {v:.3f}" for k, v in worst.items()) + ".")
if min(worst.values()) < 0.95:
    sys.exit(f"the peer chose other neurons than the engine: {worst}")
PY
