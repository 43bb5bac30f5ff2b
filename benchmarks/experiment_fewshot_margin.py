"""Experiment: should few-shot keep its first candidate unless another clearly beats it?

``MetaDefault*(n_candidates=4)`` cross-validates its four top-ranked configurations and
keeps the best CV mean, as ``GridSearchCV`` would. On 500-row tasks with three folds the
best of four means is partly luck, and the first candidate is the safe zero-shot pick
(scikit-learn's default when the knowledge does not clearly favour another). This
script measures, leave-group-out on the knowledge's tables (``hybrid`` with the
``auto`` threshold, the shipped strategy, fitted without the held-out fold's groups),
rules that keep the first candidate unless another's CV mean exceeds it by

- ``margin d``: at least ``d`` (accuracy or R²);
- ``rel d``: at least ``d`` times the standard deviation of the first candidate's fold
  scores.

Each rule is scored honestly from the build store's per-fold scores: for each fold, the
candidate the rule picks on the other folds is scored on that fold (as
``bench_warmstart.py`` scores its few-shot). Win / tie / loss against scikit-learn's
default are group-weighted (each group of near-duplicates counts once), ``norm`` is the
mean normalized score (0 the task's worst sampled configuration, 1 its best).

Results: ``benchmarks/results/experiment_fewshot_margin.txt``. Not shipped (see there).

Usage::

    python benchmarks/experiment_fewshot_margin.py
"""

from __future__ import annotations

import numpy as np
from bench_warmstart import STORE, STRATEGIES, TIE, fold_scores, group_folds

from skmeta.knowledge import KnowledgeBase

RULES = (
    ("argmax", 0.0),
    ("margin", 0.0025),
    ("margin", 0.005),
    ("margin", 0.01),
    ("margin", 0.02),
    ("rel", 0.25),
    ("rel", 0.5),
    ("rel", 1.0),
)


def pick(splits, k, rule, d):
    """The candidate (row of ``splits``, candidates x folds) ``rule`` keeps, chosen on
    the folds other than ``k``."""
    rest = np.delete(splits, k, axis=1)
    means = np.where(np.isfinite(rest).all(axis=1), rest.mean(axis=1), -np.inf)
    best = int(np.argmax(means))
    if rule == "argmax":
        return best
    if rule == "margin":
        threshold = d
    else:  # "rel"
        threshold = d * float(np.std(rest[0])) if np.isfinite(rest[0]).all() else 0.0
    return best if means[best] - means[0] > threshold else 0


def evaluate(kb, key, metric, n_folds=10):
    """Per rule: [weighted wins, ties, losses, weighted normalized score, total weight]."""
    kind = key.split("/")[1]
    rows = np.flatnonzero((kb.tasks["kind"] == kind).to_numpy())
    scores = kb.scores(key, metric)
    n_sampled = kb.provenance.get("protocol", {}).get("n_configs", scores.shape[1])
    groups = kb.tasks["group"].astype(str).to_numpy()
    _, inverse, counts = np.unique(groups[rows], return_inverse=True, return_counts=True)
    weight = dict(zip(rows.tolist(), (1.0 / counts[inverse]).tolist(), strict=True))
    task_fold, n = group_folds(groups[rows], n_folds, 0)
    out = {rule: np.zeros(5) for rule in RULES}
    for fold in range(n):
        held = rows[task_fold == fold]
        train = np.setdiff1d(rows, held)
        strategy = STRATEGIES["hybrid_auto"]().fit(
            kb.select([kb.task_names[i] for i in train]), key, metric
        )
        for t in held:
            s = scores[t]
            if not np.isfinite(s[0]):
                continue
            F = fold_scores(STORE, kb.task_names[t], key, metric)[: s.size]
            ranking = strategy.rank(kb.metafeatures.iloc[t].to_dict())
            candidates = [int(i) for i in ranking.order if np.isfinite(s[int(i)])][:4]
            lo, hi = np.nanmin(s[:n_sampled]), np.nanmax(s[:n_sampled])
            w = weight[int(t)]
            for rule in RULES:
                value = np.mean(
                    [F[candidates[pick(F[candidates], k, *rule)], k] for k in range(F.shape[1])]
                )
                diff = value - s[0]
                normalized = (value - lo) / (hi - lo) if hi > lo else 1.0
                out[rule] += w * np.array(
                    [diff > TIE, abs(diff) <= TIE, diff < -TIE, normalized, 1.0]
                )
    return out


def main():
    kb = KnowledgeBase.load_default()
    overall = {rule: np.zeros(4) for rule in RULES}
    for key in kb.table_keys:
        metric = "accuracy" if key.endswith("classification") else "r2"
        result = evaluate(kb, key, metric)
        print(key)
        for rule, (w, t, loss, norm, total) in result.items():
            rate = w / (w + loss) if w + loss else float("nan")
            print(
                f"  {rule[0]:7s} {rule[1]:<6} W/T/L {w:5.1f}/{t:5.1f}/{loss:5.1f}"
                f"  win {rate:4.0%}  norm {norm / total:.3f}"
            )
            overall[rule] += [w, t, loss, norm / total]
    print("overall (W/T/L summed over the 14 tables, norm their mean)")
    for rule, (w, t, loss, norm) in overall.items():
        print(
            f"  {rule[0]:7s} {rule[1]:<6} W/T/L {w:6.1f}/{t:6.1f}/{loss:6.1f}"
            f"  win {w / (w + loss):.1%}  loss rate {loss / (w + t + loss):.3f}"
            f"  norm {norm / len(kb.table_keys):.4f}"
        )


if __name__ == "__main__":
    main()
