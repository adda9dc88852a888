#!/usr/bin/env python3
"""Fit aidledger's attribution model and cross-validate it. Standard library only, deterministic.

The Swift code computes every feature (`aidledger extract --format features`, one implementation
for extraction and training); this script only turns annotated articles into labels and fits one
maximum-entropy (multinomial logistic) model per decision: `flow` (yes/no), `repeat` (same/new),
`status`, `category` (fitted, left to the rules when shipped: RULES_DECIDE), and the rankings
`donor` and `recipient` over candidate parties. Same data, same weights.

  train.py fit --bin AIDLEDGER --set NAME=DIR ... --out WEIGHTS.tsv
      features of every set's articles (DIR holds NAME.txt + NAME.gold.json), one model on all.
  train.py cv --bin AIDLEDGER --set NAME=DIR ... --score SCORE.py [--weights SHIPPED.tsv]
      5-fold cross-validation of each set: fold k holds the articles whose number = k (mod 5); its
      model trains on the other four folds plus every other set; the five folds' predictions are
      pooled and scored once with score.py. With --weights, also scores that (shipped) model on
      each set, labelled as its own training data.
"""
import argparse
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

LABELS = {
    "flow": ["yes", "no"],
    "repeat": ["same", "new"],
    "status": ["pledged", "committed", "disbursed"],
    "category": ["military", "financial", "humanitarian", "development", "other"],
}
EPOCHS = int(os.environ.get("TRAIN_EPOCHS", "20"))
MIN_COUNT = int(os.environ.get("TRAIN_MIN", "2"))  # features seen fewer times in training are dropped


def load_score(score_py):
    import importlib.util
    spec = importlib.util.spec_from_file_location("score", score_py)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def article_number(name):
    digits = re.findall(r"\d+", name)
    return int(digits[-1]) if digits else 0


def articles(directory):
    d = Path(directory)
    return sorted(p.stem for p in d.glob("*.txt") if (d / f"{p.stem}.gold.json").exists())


def features_of(binary, paths):
    out = subprocess.run([binary, "extract", "--format", "features", *map(str, paths)],
                         check=True, capture_output=True).stdout.decode("utf-8")
    rows = {}
    for line in out.splitlines():
        if line.strip():
            r = json.loads(line)
            rows.setdefault(Path(r["file"]).stem, []).append(r)
    return rows


def examples(score, directory, names, feats):
    """(decision, features or candidates, label) triples of every article in `names`."""
    d = Path(directory)
    out = {"flow": [], "repeat": [], "status": [], "category": [], "donor": [], "recipient": []}
    for name in names:
        text = (d / f"{name}.txt").read_text(encoding="utf-8")
        gold = json.loads((d / f"{name}.gold.json").read_text(encoding="utf-8"))
        golds = score.gold_in_text_order(text, gold.get("figures", []))
        mentions = sorted(feats.get(name, []), key=lambda r: r["start"])
        matched = {}  # mention index -> gold figure
        used_pos = {}
        next_from = {}  # a text listed again is its next occurrence (as score.py orders gold)
        for g in golds:
            t = g.get("text") or ""
            pos = text.find(t, next_from.get(t, 0)) if t else -1
            if pos < 0 and t:
                pos = text.find(t)  # no later occurrence: the same span again ("X and Y each")
            elif pos >= 0:
                next_from[t] = pos + max(len(t), 1)
            # a span listed twice ("X and Y each pledged") is the same mention
            if pos in used_pos and pos >= 0:
                continue
            best = None
            for i, m in enumerate(mentions):
                if i in matched or m["currency"] != g.get("currency") or not score.amounts_equal(m["amount"], g.get("amount")):
                    continue
                if best is None:
                    best = i
                if pos >= 0 and m["start"] <= pos + len(t) and pos <= m["end"]:
                    best = i
                    break
            if best is not None:
                matched[best] = g
                used_pos[pos] = best
        # a mention whose amount and currency are a gold figure's is money of a flow; the one at
        # the figure's position (else the first) is the flow's own mention, the others repeat it
        def gold_of(m):
            for g in golds:
                if m["currency"] == g.get("currency") and score.amounts_equal(m["amount"], g.get("amount")):
                    return g
            return None
        seen_keys = set()
        for i, m in enumerate(mentions):
            g = matched.get(i) or gold_of(m)
            out["flow"].append((m["features"], "yes" if g else "no"))
            key = (m["currency"], str(score.to_decimal(m["amount"]).normalize()))
            if m.get("repeat") is not None and key in seen_keys and g is not None:
                out["repeat"].append((m["repeat"], "new" if i in matched else "same"))
            if g is not None:
                seen_keys.add(key)
            if not g:
                continue
            if g.get("status") in LABELS["status"]:
                out["status"].append((m["features"], g["status"]))
            if g.get("category") in LABELS["category"]:
                out["category"].append((m["category"], g["category"]))
            for role, key in (("donor", "donors"), ("recipient", "recipients")):
                cands = m[key]
                right = [k for k, c in enumerate(cands) if score.party_right(c["name"], g.get(role) or [])]
                if right:
                    out[role].append(([c["features"] for c in cands], right))
    return out


L2 = float(os.environ.get("TRAIN_L2", "0.003"))
RATE = float(os.environ.get("TRAIN_RATE", "0.1"))
# Category stays with the rules: cross-validated on the news set the learned category scored 0.652
# against the rules' 0.678 (the rules' category is among its features; 415 examples do not beat it).
RULES_DECIDE = os.environ.get("TRAIN_RULES_DECIDE", "category").split()
FLOW_SHIFT = float(os.environ.get("TRAIN_FLOW_SHIFT", "2.0"))
# Offset of the shuffling seeds (0 for the shipped weights): other values measure how much the
# cross-validated scores move with the order of the examples alone.
SEED_OFFSET = int(os.environ.get("TRAIN_SEED_OFFSET", "0"))


def _prune(examples_features):
    counts = {}
    for fs in examples_features:
        for f in set(fs):
            counts[f] = counts.get(f, 0) + 1
    return lambda fs: [f for f in fs if counts.get(f, 0) >= MIN_COUNT]


def _softmax(xs):
    top = max(xs)
    es = [math.exp(x - top) for x in xs]
    z = sum(es)
    return [e / z for e in es]


# Fits averaged per decision: the weights are the mean of BAGS fits that differ only in the order
# of the examples (seeded shuffles). One fit's cross-validated scores move by one to three points
# with the shuffle alone; the mean of five is steadier and no worse (docs/decisions.md).
BAGS = int(os.environ.get("TRAIN_BAGS", "5"))


def _sgd(groups, seed):
    """The mean of BAGS `_sgd_once` fits, seeds `seed`, `seed` + 101, ..."""
    total = {}
    for b in range(BAGS):
        for key, v in _sgd_once(groups, seed + 101 * b).items():
            total[key] = total.get(key, 0.0) + v
    return {key: v / BAGS for key, v in total.items()}


def _sgd_once(groups, seed):
    """Maximum-entropy fit by stochastic gradient ascent with L2 (AdaGrad steps, fixed order
    from a seeded shuffle). `groups`: (rows, right) where rows are feature lists, one per label or
    candidate, each entry (feature, label index); right: the indices that are correct."""
    w = {}
    g2 = {}
    rng = random.Random(seed)
    order = list(range(len(groups)))
    for _ in range(EPOCHS):
        rng.shuffle(order)
        for i in order:
            rows, right = groups[i]
            scores = []
            for row in rows:
                v = 0.0
                for key in row:
                    v += w.get(key, 0.0)
                scores.append(v)
            p = _softmax(scores)
            pr = sum(p[k] for k in right)
            grad = {}
            for k, row in enumerate(rows):
                target = (p[k] / pr) if k in right else 0.0
                g = target - p[k]
                if g == 0.0:
                    continue
                for key in row:
                    grad[key] = grad.get(key, 0.0) + g
            for key, g in grad.items():
                g -= L2 * w.get(key, 0.0)
                acc = g2.get(key, 0.0) + g * g
                g2[key] = acc
                w[key] = w.get(key, 0.0) + RATE * g / math.sqrt(acc + 1e-8)
    return w


def fit_classes(data, labels, seed):
    keep = _prune(fs for fs, _ in data)
    groups = []
    for fs, y in data:
        fs = keep(fs)
        rows = [[(f, k) for f in fs] for k in range(len(labels))]
        groups.append((rows, [labels.index(y)]))
    w = _sgd(groups, seed)
    out = {}
    for (f, k), v in w.items():
        out.setdefault(f, [0.0] * len(labels))[k] = v
    return {f: v for f, v in out.items() if any(abs(x) >= 5e-5 for x in v)}


def fit_ranking(data, seed):
    keep = _prune(f for cands, _ in data for f in [sum(cands, [])])
    groups = [([[(f, 0) for f in keep(c)] for c in cands], right) for cands, right in data]
    w = _sgd(groups, seed)
    return {f: [v] for (f, _), v in w.items() if abs(v) >= 5e-5}


# The feature families each decision learns from (by prefix, up to "="); the Swift side computes
# them all, and a feature a decision has no weight for does not count.
EXCLUDE = {
    "flow": set(os.environ.get("TRAIN_X_FLOW", "pst pst&nocue cum cum&cuest").split()),
    "repeat": set(),
    "status": set(os.environ.get("TRAIN_X_STATUS", "l r w+1 w+2 w+3 w-3 w-2 w-1w+1 cur m6 m7 m8 m9 m10 said sstatus smeasure sblock aaid srole").split()),
    "category": set(os.environ.get("TRAIN_X_CATEGORY", "l r w-1 w+1 w-2 w+2 w-3 w+3 w-1w+1").split()),
}


def family(f):
    return f.split("=", 1)[0] if "=" in f else f


def select(d, data):
    ex = EXCLUDE.get(d, set())
    if not ex:
        return data
    return [([f for f in fs if family(f) not in ex], y) for fs, y in data]


def fit(exs):
    """Every decision's weights from the pooled examples."""
    model = {}
    for d, labels in LABELS.items():
        model[d] = fit_classes(select(d, exs[d]), labels, seed=17 + SEED_OFFSET)
    # F1 weighs a missed flow as much as a wrong one, and the log-loss fit leans to "no" on
    # ambiguous money: the decision threshold moves by FLOW_SHIFT (log-odds) toward "yes"
    model["flow"].setdefault("bias", [0.0, 0.0])[0] += FLOW_SHIFT
    for d in ("donor", "recipient"):
        model[d] = fit_ranking(exs[d], seed=29 + SEED_OFFSET)
    # decisions left to the rules (cross-validation showed the rules doing better there)
    for d in RULES_DECIDE:
        model.pop(d, None)
    return model


def write_weights(model, path, note):
    lines = [
        "# aidledger attribution model: written by `make train` (tools/train.py); do not edit by hand.",
        "# Rows: decision<TAB>feature<TAB>one weight per label. Labels: flow yes,no; repeat same,new; status",
        "# pledged,committed,disbursed; category military,financial,humanitarian,development,other;",
        "# donor and recipient one score per candidate. An empty file leaves every decision to the rules.",
        f"# {note}",
    ]
    for d in ("flow", "repeat", "status", "category", "donor", "recipient"):
        for f in sorted(model.get(d, {})):
            ws = "\t".join(f"{w:.4f}" for w in model[d][f])
            lines.append(f"{d}\t{f}\t{ws}")
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def merge(*parts):
    out = {k: [] for k in ("flow", "repeat", "status", "category", "donor", "recipient")}
    for p in parts:
        for k in out:
            out[k].extend(p[k])
    return out


def parse_sets(specs):
    sets = []
    for s in specs:
        name, _, directory = s.partition("=")
        if not directory or not Path(directory).is_dir() or not articles(directory):
            sys.exit(f"error: set {name}: no annotated articles in {directory!r}")
        sets.append((name, directory))
    return sets


def run_extract(binary, weights, paths, out_path):
    with open(out_path, "a", encoding="utf-8") as out:
        subprocess.run([binary, "extract", "--weights", weights, "--format", "jsonl", *map(str, paths)],
                       check=True, stdout=out)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["fit", "cv"])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--set", action="append", default=[], required=True)
    ap.add_argument("--out")
    ap.add_argument("--score")
    ap.add_argument("--weights")
    ap.add_argument("--folds", type=int, default=5)
    a = ap.parse_args(argv)
    score = load_score(a.score or str(Path(__file__).resolve().parents[1] / "../shared/eval/score.py"))
    sets = parse_sets(a.set)
    names = {n: articles(d) for n, d in sets}
    feats = {n: features_of(a.bin, [Path(d) / f"{x}.txt" for x in names[n]]) for n, d in sets}
    dirs = dict(sets)

    if a.command == "fit":
        if not a.out:
            sys.exit("error: fit needs --out")
        exs = merge(*(examples(score, dirs[n], names[n], feats[n]) for n, _ in sets))
        model = fit(exs)
        counts = ", ".join(f"{n} {len(names[n])} articles" for n, _ in sets)
        write_weights(model, a.out, f"trained on {counts}; {sum(len(v) for v in model.values())} weights")
        print(f"wrote {a.out}: {counts}; examples " +
              ", ".join(f"{k} {len(v)}" for k, v in exs.items()))
        return 0

    results = {}
    with tempfile.TemporaryDirectory(prefix="aidledger-cv-") as tmp:
        for n, d in sets:
            pred = Path(tmp) / f"{n}.cv.jsonl"
            pred.write_text("")
            others = merge(*(examples(score, dirs[o], names[o], feats[o]) for o, _ in sets if o != n))
            for k in range(a.folds):
                held = [x for x in names[n] if article_number(x) % a.folds == k]
                if not held:
                    continue
                train = [x for x in names[n] if article_number(x) % a.folds != k]
                model = fit(merge(others, examples(score, d, train, feats[n])))
                w = Path(tmp) / f"{n}.fold{k}.tsv"
                write_weights(model, w, f"fold {k} of {n}")
                if os.environ.get("TRAIN_KEEP"):  # the fold's weights too, for error analysis
                    Path(os.environ["TRAIN_KEEP"]).mkdir(parents=True, exist_ok=True)
                    (Path(os.environ["TRAIN_KEEP"]) / w.name).write_text(w.read_text())
                run_extract(a.bin, str(w), [Path(d) / f"{x}.txt" for x in held], pred)
            if os.environ.get("TRAIN_KEEP"):
                Path(os.environ["TRAIN_KEEP"]).mkdir(parents=True, exist_ok=True)
                (Path(os.environ["TRAIN_KEEP"]) / f"{n}.cv.jsonl").write_text(pred.read_text())
            with open(os.devnull, "w") as null:
                results[(n, "cv")] = score.score_articles(d, str(pred), as_json=True, out=null)
            if a.weights:
                own = Path(tmp) / f"{n}.own.jsonl"
                own.write_text("")
                run_extract(a.bin, a.weights, [Path(d) / f"{x}.txt" for x in names[n]], own)
                with open(os.devnull, "w") as null:
                    results[(n, "own")] = score.score_articles(d, str(own), as_json=True, out=null)
    cols = ["f1", "precision", "recall", "donor", "recipient", "mechanism", "category", "status", "approximate", "row_exact"]
    print(f"{'set':<8}{'what':<34}" + "".join(f"{c[:9]:>10}" for c in cols))
    for (n, what), s in results.items():
        label = f"{a.folds}-fold cross-validated" if what == "cv" else "shipped model on its training data"
        vals = []
        for c in cols:
            if c in s:
                v = s[c]
            else:
                v = s["attributes"][c]["accuracy"]
            vals.append(f"{v:>10.3f}" if v is not None else f"{'n/a':>10}")
        print(f"{n:<8}{label:<34}" + "".join(vals))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
