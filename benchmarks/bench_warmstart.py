"""Leave-group-out evaluation of the warm-start strategies on the knowledge base's own tables.

For every table (family x kind) and every group of the corpus (near-duplicate datasets
share a group), the group's tasks are removed from the knowledge, each strategy is fitted
on the rest, and for each held-out task:

- zero-shot: the strategy's top configuration;
- few-shot: the best of its top 4 (the build's cross-validation plays the internal CV);
- default: scikit-learn's default configuration (column 0 of every table);
- random search: the best of 32 configurations drawn at random from the table's
  (Sobol-sampled) configurations, averaged over 50 draws;
- anytime: how many configurations, in the strategy's order, reach random search's
  best after 32.

Scores come from the tables, measured under one protocol, so no model is refitted here
(this is a proxy of ``RandomizedSearchCV`` over the same space, not a call to it).
Reported per table: win / tie / loss of zero-shot and few-shot against the default
(ties: |difference| < 1e-4 of the metric), mean difference, the fraction of random
search's gain over the default captured by zero-shot, and the median number of
evaluations warm-started search needs to reach random search's best-of-32.

Usage::

    python benchmarks/bench_warmstart.py [--knowledge DIR] [--strategies nearest,portfolio]
"""

from __future__ import annotations

import argparse
import json

import numpy as np

from skmeta.knowledge import KnowledgeBase
from skmeta.strategies import NearestTasks, Portfolio, Surrogate

STRATEGIES = {
    "nearest": lambda: NearestTasks(n_neighbors=10),
    "portfolio": lambda: Portfolio(),
    "surrogate": lambda: Surrogate(n_estimators=100),
}
TIE = 1e-4


def evaluate_table(kb, key, metric, strategy_name, n_random=50, budget=32, seed=0):
    kind = key.split("/")[1]
    rows = np.flatnonzero((kb.tasks["kind"] == kind).to_numpy())
    sign = 1.0 if kb.metrics[metric] == "max" else -1.0
    scores = sign * kb.scores(key, metric)
    groups = kb.tasks["group"].astype(str).to_numpy()
    rng = np.random.default_rng(seed)
    out = []
    for group in np.unique(groups[rows]):
        held = rows[groups[rows] == group]
        train = np.setdiff1d(rows, held)
        if train.size < 5:
            continue
        strategy = STRATEGIES[strategy_name]().fit(
            kb.select([kb.task_names[i] for i in train]), key, metric
        )
        for t in held:
            s = scores[t]
            if not np.isfinite(s[0]) or np.isfinite(s).sum() < budget:
                continue
            ranking = strategy.rank(kb.metafeatures.iloc[t].to_dict())
            order = [int(i) for i in ranking.order if np.isfinite(s[int(i)])]
            zero = s[order[0]]
            few = max(s[i] for i in order[:4])
            finite = np.flatnonzero(np.isfinite(s))
            draws = [s[rng.choice(finite, budget, replace=False)].max() for _ in range(n_random)]
            random_best = float(np.mean(draws))
            target = float(np.median(draws))
            reached = next((n + 1 for n, i in enumerate(order) if s[i] >= target), len(order))
            out.append(
                {
                    "task": kb.task_names[t],
                    "default": s[0],
                    "zero": zero,
                    "few": few,
                    "random32": random_best,
                    "evals_to_random32": reached,
                    "far": ranking.distance_ratio > strategy.max_distance_ratio,
                }
            )
    return out


def summarize(rows):
    d = np.array([r["zero"] - r["default"] for r in rows])
    f = np.array([r["few"] - r["default"] for r in rows])
    gain = np.array([r["random32"] - r["default"] for r in rows])
    captured = np.array([r["zero"] - r["default"] for r in rows])
    useful = gain > TIE

    def wtl(x):
        return int((x > TIE).sum()), int((np.abs(x) <= TIE).sum()), int((x < -TIE).sum())

    w, _, lo = wtl(d)
    return {
        "n_tasks": len(rows),
        "zero_shot_vs_default_wtl": wtl(d),
        "zero_shot_win_rate_non_tied": w / max(w + lo, 1),
        "zero_shot_mean_diff": float(d.mean()),
        "zero_shot_worst_diff": float(d.min()),
        "few_shot_vs_default_wtl": wtl(f),
        "few_shot_mean_diff": float(f.mean()),
        "random32_mean_gain": float(gain.mean()),
        "fraction_of_random32_gain_captured_zero_shot": float(
            captured[useful].sum() / gain[useful].sum()
        )
        if useful.any()
        else None,
        "median_evals_to_random32": float(np.median([r["evals_to_random32"] for r in rows])),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", default=None, help="directory (default: the shipped one)")
    parser.add_argument("--strategies", default="nearest,portfolio,surrogate")
    args = parser.parse_args(argv)
    kb = KnowledgeBase.load(args.knowledge) if args.knowledge else KnowledgeBase.load_default()
    report = {}
    for key in kb.table_keys:
        metric = "accuracy" if key.endswith("classification") else "r2"
        for name in args.strategies.split(","):
            rows = evaluate_table(kb, key, metric, name)
            if not rows:
                continue
            summary = summarize(rows)
            report[f"{key}|{name}"] = summary
            w, t, lo = summary["zero_shot_vs_default_wtl"]
            cap = summary["fraction_of_random32_gain_captured_zero_shot"]
            print(
                f"{key:<40} {name:<9} n={summary['n_tasks']:<3} zero-shot W/T/L {w}/{t}/{lo} "
                f"(win {summary['zero_shot_win_rate_non_tied']:.0%}) "
                f"mean {summary['zero_shot_mean_diff']:+.4f} worst "
                f"{summary['zero_shot_worst_diff']:+.3f}  few-shot mean "
                f"{summary['few_shot_mean_diff']:+.4f}  captured "
                f"{'-' if cap is None else f'{cap:.0%}'}  evals->rs32 "
                f"{summary['median_evals_to_random32']:.0f}"
            )
    print(json.dumps(report))


if __name__ == "__main__":
    main()
