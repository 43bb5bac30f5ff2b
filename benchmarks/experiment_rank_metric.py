"""Experiment: rank by the metric you are scored on, or by accuracy?

``MetaDefaultClassifier(metric="roc_auc")`` (or ``scoring="roc_auc"``) ranks the
knowledge's configurations by their ROC AUC on similar tasks instead of their accuracy.
This reads off the shipped knowledge's tables, leave-group-out (10 folds of whole
groups, as ``bench_warmstart.py``), what that changes on the held-out tasks when they
are scored by ROC AUC or log loss: the zero-shot pick (the first configuration) and the
few-shot pick (the best of the first four by the task's own CV, scored on the fold left
out, :func:`chosen_on_other_folds`), each ranked by accuracy and by the metric itself,
with skmeta's default strategy (``hybrid``, ``min_advantage='auto'``).

Printed per table: W/T/L of ranking by the metric against ranking by accuracy (on the
metric; ties: |difference| < 1e-4), and the mean normalized score (0: the table's worst
sampled configuration on that task, 1: its best) of both, and of scikit-learn's default.

    python benchmarks/experiment_rank_metric.py [--metrics roc_auc,log_loss]
"""

from __future__ import annotations

import argparse

import numpy as np
from bench_warmstart import STORE, TIE, fold_scores, group_folds
from bench_warmstart_search import chosen_on_other_folds

from skmeta.knowledge import KnowledgeBase
from skmeta.strategies import Hybrid
from skmeta.strategies._strategies import _scaled_rows


def picks(kb, key, rank_metric, n_folds=10):
    """Held-out task -> (zero-shot index, first four indices) ranked by ``rank_metric``."""
    rows = np.flatnonzero((kb.tasks["kind"] == "classification").to_numpy())
    groups = kb.tasks["group"].astype(str).to_numpy()
    task_fold, n = group_folds(groups[rows], n_folds)
    out = {}
    for fold in range(n):
        held = rows[task_fold == fold]
        train = np.setdiff1d(rows, held)
        strategy = Hybrid(n_neighbors=20, min_advantage="auto").fit(
            kb.select([kb.task_names[i] for i in train]), key, rank_metric
        )
        for t in held:
            order = [int(i) for i in strategy.rank(kb.metafeatures.iloc[t].to_dict()).order]
            out[int(t)] = order
    return out


def compare(kb, key, metric, store):
    sign = 1.0 if kb.metrics[metric] == "max" else -1.0
    scores = sign * kb.scores(key, metric)
    n_sampled = kb.provenance.get("protocol", {}).get("n_configs", scores.shape[1])
    normalized = _scaled_rows(scores, scores[:, :n_sampled])
    by = {"accuracy": picks(kb, key, "accuracy"), metric: picks(kb, key, metric)}
    rows = []
    for t in sorted(by["accuracy"]):
        s, ns = scores[t], normalized[t]
        if not np.isfinite(s[0]) or not np.isfinite(s).any():
            continue
        F = sign * fold_scores(store, kb.task_names[t], key, metric)[: s.size]
        row = {"default": ns[0]}
        for name, ranked in by.items():
            order = [i for i in ranked[t] if np.isfinite(s[i])]
            lo, hi = np.nanmin(s[:n_sampled]), np.nanmax(s[:n_sampled])
            few = chosen_on_other_folds(F[order[:4]])
            row[f"zero_{name}"] = ns[order[0]]
            row[f"few_{name}"] = (few - lo) / (hi - lo) if hi > lo else 1.0
            row[f"raw_zero_{name}"], row[f"raw_few_{name}"] = s[order[0]], few
        rows.append(row)
    return rows


def wtl(a, b):
    d = np.asarray(a) - np.asarray(b)
    return int((d > TIE).sum()), int((np.abs(d) <= TIE).sum()), int((d < -TIE).sum())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--metrics", default="roc_auc,log_loss")
    parser.add_argument("--store", default=STORE)
    args = parser.parse_args(argv)
    kb = KnowledgeBase.load_default()
    keys = [k for k in kb.table_keys if k.endswith("/classification")]
    print(
        "ranked by the metric against ranked by accuracy, scored by the metric; "
        "normalized means (default / by accuracy / by the metric)"
    )
    for metric in args.metrics.split(","):
        for key in keys:
            if metric not in kb.measured_metrics(key):
                print(f"{key:<38} {metric:<9} (no scores)")
                continue
            rows = compare(kb, key, metric, args.store)
            col = {k: [r[k] for r in rows] for k in rows[0]}
            parts = []
            for stage in ("zero", "few"):
                w, t, lo = wtl(col[f"raw_{stage}_{metric}"], col[f"raw_{stage}_accuracy"])
                parts.append(
                    f"{stage} {w:>3}/{t:>3}/{lo:>3} "
                    f"{np.mean(col[f'{stage}_accuracy']):.3f}->{np.mean(col[f'{stage}_{metric}']):.3f}"
                )
            print(
                f"{key:<38} {metric:<9} n={len(rows):<4} default {np.mean(col['default']):.3f}  "
                + "   ".join(parts),
                flush=True,
            )


if __name__ == "__main__":
    main()
