"""How often can any configuration of the knowledge beat scikit-learn's default on a task?

A reference for the zero-shot target ("beats scikit-learn's default on at least 70% of
the non-tied datasets"): instead of meta-features, each task's *own* data chooses. For
every task of every table, from the build store's per-fold scores (the knowledge
protocol: at most 500 rows, 3 shuffled folds; ``benchmarks/default_knowledge_store``):

- on each fold, the configuration with the best mean on the two *other* folds is chosen,
  among all of the table's configurations (48 sampled, plus the designed ones for the
  tree families), and scored on that fold against scikit-learn's default on the same
  fold, as a nested CV would score a per-task tuner (``RandomizedSearchCV`` over the
  knowledge's configurations);
- with a margin ``m``, the tuner abstains (keeps the default) unless its choice beat the
  default by at least ``m`` (accuracy or R^2) on those other folds: a cautious tuner,
  which, like MetaDefault*'s safety check, trades departures for a higher win rate.

The mean over the three folds of (choice - default) is the task's difference; W/T/L and
the win rate of the non-tied follow ``bench_warmstart.py`` (ties: |difference| < 1e-4;
each group of near-duplicate tasks weighs one, so the counts are in groups). The real
single fits of ``bench_warmstart_search.py`` evaluate on these same rows and folds.

This is not an upper bound of zero-shot -- a zero-shot rule can be more cautious than any
margin here, and the knowledge pools many tasks where this tuner sees one -- but it says
how much a configuration of the knowledge can be *told* to beat the default with the
data of the task itself: where it stays near 50% at every margin, the differences
between the default and the best alternatives are within the noise of a 500-row,
3-fold evaluation, and 70% is out of reach of a rule that sees only meta-features.

Usage::

    python benchmarks/bench_attainable.py [--knowledge DIR] [--store DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import json

import numpy as np
from bench_warmstart import STORE, TIE, fold_scores

from skmeta.knowledge import KnowledgeBase
from skmeta.strategies._strategies import _default_index

MARGINS = (0.0, 0.005, 0.01, 0.02, 0.05)


def cautious_tuner(F: np.ndarray, default: int, margin: float) -> float:
    """Mean over folds of (the choice - the default) on each fold, the choice being the
    configuration with the best mean on the other folds, or the default unless that
    beat it there by at least ``margin`` (``F``: configurations x folds, larger is
    better; a failure is -inf)."""
    F = np.where(np.isfinite(F), F, -np.inf)
    diffs = []
    for k in range(F.shape[1]):
        other = np.delete(F, k, axis=1).mean(axis=1)
        j = int(np.argmax(other))
        if not other[j] - other[default] >= margin:
            j = default
        diffs.append(F[j, k] - F[default, k])
    return float(np.mean(diffs))


def evaluate(kb, key, store=STORE, margins=MARGINS):
    """Per margin, the group-weighted W/T/L of the cautious tuner against the default,
    and the mean difference (None when the table lacks the default)."""
    kind = key.split("/")[1]
    metric = "accuracy" if kind == "classification" else "r2"
    default = _default_index(kb, key)
    if default is None:
        return None
    sign = 1.0 if kb.metrics[metric] == "max" else -1.0
    S = kb.scores(key, metric)
    groups = kb.tasks["group"].astype(str).to_numpy()
    tasks = [t for t in range(kb.n_tasks) if np.isfinite(S[t, default])]
    counts = dict(zip(*np.unique(groups[tasks], return_counts=True), strict=True))
    weight = np.array([1.0 / counts[groups[t]] for t in tasks])
    diffs = np.empty((len(tasks), len(margins)))
    for row, t in enumerate(tasks):
        # [: S.shape[1]]: a store topped up with configurations the knowledge lacks
        F = sign * fold_scores(store, kb.task_names[t], key, metric)[: S.shape[1]]
        if not np.allclose(F.mean(axis=1), sign * S[t], equal_nan=True):
            raise RuntimeError(f"{store} does not match the knowledge ({kb.task_names[t]}).")
        diffs[row] = [cautious_tuner(F, default, m) for m in margins]
    out = {}
    for c, m in enumerate(margins):
        d = diffs[:, c]
        win, tie, loss = (float(weight[s].sum()) for s in (d > TIE, np.abs(d) <= TIE, d < -TIE))
        out[m] = {
            "wtl": [win, tie, loss],
            "win_rate_non_tied": win / (win + loss) if win + loss > 0 else None,
            "mean_diff": float(np.average(d, weights=weight)),
        }
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", default=None, help="directory (default: the shipped one)")
    parser.add_argument("--store", default=STORE, help="the knowledge's build store")
    parser.add_argument("--json", default=None, help="also write the figures to this file")
    args = parser.parse_args(argv)
    kb = KnowledgeBase.load(args.knowledge) if args.knowledge else KnowledgeBase.load_default()
    print(
        "the task's own 3-fold CV chooses among the knowledge's configurations, abstaining "
        "unless its choice beat the default by the margin on the other folds; W/T/L in "
        "groups, win rate of the non-tied, mean difference"
    )
    print(f"{'table':<38} " + " ".join(f"{f'margin {m:g}':>26}" for m in MARGINS))
    report = {}
    for key in kb.table_keys:
        res = evaluate(kb, key, args.store)
        if res is None:
            continue
        report[key] = {str(m): v for m, v in res.items()}
        cells = []
        for v in res.values():
            w, t, lo = v["wtl"]
            rate = v["win_rate_non_tied"]
            cells.append(
                f"{f'{w:.0f}/{t:.0f}/{lo:.0f}':>10} {'-' if rate is None else f'{rate:.0%}':>4} "
                f"{v['mean_diff']:+.4f}"
            )
        print(f"{key:<38} " + " ".join(f"{c:>26}" for c in cells), flush=True)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(report, fh, indent=1)
    return report


if __name__ == "__main__":
    main()
