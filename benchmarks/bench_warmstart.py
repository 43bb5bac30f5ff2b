"""Leave-group-out evaluation of the warm-start strategies on the knowledge base's own tables.

For every table (family x kind), the corpus's groups (near-duplicate datasets share a
group) are dealt into ``--folds`` folds; each fold's tasks are removed from the knowledge,
each strategy is fitted on the rest, and for each held-out task:

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

Strategies: ``nearest`` (auto-sklearn's warm start), ``portfolio`` (greedy, FLAML /
auto-sklearn 2.0), each also ``_safe`` (the ``min_advantage=0.5`` check towards
scikit-learn's default), ``hybrid`` (nearest_safe's first pick, then the portfolio: the
library's default), ``auto`` (the best of the first four per table, chosen nested on the
other folds), and on request ``surrogate`` / ``surrogate_safe``. All look at 20 neighbours.
The default strategy is, among those that lose to scikit-learn's default on at most 15%
of tasks, the one with the most zero-shot net wins against it (ties: the better
few-shot score).

Usage::

    python benchmarks/bench_warmstart.py [--knowledge DIR] [--strategies nearest,hybrid]
"""

from __future__ import annotations

import argparse
import json

import numpy as np

from skmeta.knowledge import KnowledgeBase
from skmeta.strategies import Hybrid, NearestTasks, Portfolio, Surrogate, normalized_scores

# every variant looks at the 20 nearest tasks (MetaDefault*'s default); "_safe" adds the
# check towards scikit-learn's default (min_advantage=0.5, MetaDefault*'s default)
STRATEGIES = {
    "nearest": lambda: NearestTasks(n_neighbors=20),
    "portfolio": lambda: Portfolio(n_neighbors=20),
    "nearest_safe": lambda: NearestTasks(n_neighbors=20, min_advantage=0.5),
    "portfolio_safe": lambda: Portfolio(n_neighbors=20, min_advantage=0.5),
    # skmeta's default: nearest_safe's first pick, then the portfolio's order
    "hybrid": lambda: Hybrid(n_neighbors=20, min_advantage=0.5),
    "surrogate": lambda: Surrogate(n_estimators=100, n_neighbors=20),
    "surrogate_safe": lambda: Surrogate(n_estimators=100, n_neighbors=20, min_advantage=0.5),
}

# 'auto' (a per-table choice, evaluated nested: each fold's choice made on the other
# folds) chooses among these; the surrogate costs seconds per fit, so it is not a default
AUTO_CANDIDATES = ("nearest", "portfolio", "nearest_safe", "portfolio_safe")
DEFAULT_STRATEGIES = (*AUTO_CANDIDATES, "hybrid")
TIE = 1e-4
MAX_LOSS_RATE = 0.15


def evaluate_table(kb, key, metric, strategy_name, n_random=50, budget=32, seed=0, n_folds=10):
    kind = key.split("/")[1]
    rows = np.flatnonzero((kb.tasks["kind"] == kind).to_numpy())
    sign = 1.0 if kb.metrics[metric] == "max" else -1.0
    scores = sign * kb.scores(key, metric)
    normalized = normalized_scores(scores, "max")
    groups = kb.tasks["group"].astype(str).to_numpy()
    rng = np.random.default_rng(seed)
    out = []
    # whole groups are held out together: n_folds folds of groups (a fixed permutation)
    unique = np.unique(groups[rows])
    fold_of = dict(
        zip(
            np.random.default_rng(seed).permutation(unique),
            np.arange(unique.size) % n_folds,
            strict=True,
        )
    )
    task_fold = np.array([fold_of[g] for g in groups[rows]])
    for fold in range(min(n_folds, unique.size)):
        held = rows[task_fold == fold]
        train = np.setdiff1d(rows, held)
        if train.size < 5:
            continue
        strategy = STRATEGIES[strategy_name]().fit(
            kb.select([kb.task_names[i] for i in train]), key, metric
        )
        for t in held:
            s = scores[t]
            ns = normalized[t]
            if not np.isfinite(s[0]) or np.isfinite(s).sum() < budget:
                continue
            ranking = strategy.rank(kb.metafeatures.iloc[t].to_dict())
            order = [int(i) for i in ranking.order if np.isfinite(s[int(i)])]
            zero = s[order[0]]
            few = max(s[i] for i in order[:4])
            finite = np.flatnonzero(np.isfinite(s))
            # the same random subsets score the raw and the normalized table
            subsets = [rng.choice(finite, budget, replace=False) for _ in range(n_random)]
            draws = [s[i].max() for i in subsets]
            random_best = float(np.mean(draws))
            target = float(np.median(draws))
            reached = next((n + 1 for n, i in enumerate(order) if s[i] >= target), len(order))
            out.append(
                {
                    "task": kb.task_names[t],
                    "fold": fold,
                    "n_default": ns[0],
                    "n_zero": ns[order[0]],
                    "n_few": max(ns[i] for i in order[:4]),
                    "n_random32": float(np.mean([ns[i].max() for i in subsets])),
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

    def nmean(k):
        return float(np.mean([r[k] for r in rows]))

    return {
        "n_tasks": len(rows),
        "normalized_default": nmean("n_default"),
        "normalized_zero_shot": nmean("n_zero"),
        "normalized_few_shot": nmean("n_few"),
        "normalized_random32": nmean("n_random32"),
        "zero_shot_loss_rate": float((d < -TIE).mean()),
        "zero_shot_net_wins": float((d > TIE).mean() - (d < -TIE).mean()),
        "zero_shot_normalized_worst": float(min(r["n_zero"] - r["n_default"] for r in rows)),
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


def net_wins(rows, field="zero"):
    d = np.array([r[field] - r["default"] for r in rows])
    return float((d > TIE).mean() - (d < -TIE).mean()) if d.size else -np.inf


def few_quality(rows):
    return float(np.mean([r["n_few"] for r in rows])) if rows else -np.inf


def choose(by_strategy, exclude_fold=None):
    """The candidates with the most zero-shot net wins and the best few-shot normalized
    score, on the rows outside ``exclude_fold``."""

    def outside(name):
        return [r for r in by_strategy[name] if r["fold"] != exclude_fold]

    names = [n for n in AUTO_CANDIDATES if n in by_strategy]
    zero = max(names, key=lambda n: net_wins(outside(n)))
    few = max(names, key=lambda n: few_quality(outside(n)))
    return zero, few


def nested_auto(by_strategy):
    """Rows of 'auto' evaluated honestly: each fold's choice is made on the other folds."""
    folds = sorted({r["fold"] for rows in by_strategy.values() for r in rows})
    out = []
    for f in folds:
        zero, few = choose(by_strategy, exclude_fold=f)
        zr = [r for r in by_strategy[zero] if r["fold"] == f]
        fr = {r["task"]: r for r in by_strategy[few] if r["fold"] == f}
        for r in zr:
            r = dict(r)
            r["few"], r["n_few"] = fr[r["task"]]["few"], fr[r["task"]]["n_few"]
            out.append(r)
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", default=None, help="directory (default: the shipped one)")
    parser.add_argument("--strategies", default=",".join(DEFAULT_STRATEGIES))
    parser.add_argument("--folds", type=int, default=10, help="folds of whole groups")
    args = parser.parse_args(argv)
    kb = KnowledgeBase.load(args.knowledge) if args.knowledge else KnowledgeBase.load_default()
    names = args.strategies.split(",")
    report = {}
    print(
        f"{'table':<36} {'strategy':<9} {'n':>3} {'W/T/L':>9} {'win':>4} {'norm d/0/4/rs':>19} "
        f"{'captured':>8} {'worst':>6} {'evals':>5}"
    )
    choice = {}
    for key in kb.table_keys:
        metric = "accuracy" if key.endswith("classification") else "r2"
        by_strategy = {}
        for name in names:
            by_strategy[name] = evaluate_table(kb, key, metric, name, n_folds=args.folds)
        if any(n in by_strategy for n in AUTO_CANDIDATES):
            by_strategy["auto"] = nested_auto(by_strategy)
            zero, few = choose(by_strategy)
            choice[key] = {"zero_shot": zero, "few_shot": few}
        for name, rows in by_strategy.items():
            if not rows:
                continue
            sm = summarize(rows)
            report[f"{key}|{name}"] = sm
            w, t, lo = sm["zero_shot_vs_default_wtl"]
            cap = sm["fraction_of_random32_gain_captured_zero_shot"]
            print(
                f"{key:<36} {name:<9} {sm['n_tasks']:>3} {f'{w}/{t}/{lo}':>9} "
                f"{sm['zero_shot_win_rate_non_tied']:>4.0%} "
                f"{sm['normalized_default']:.2f}/{sm['normalized_zero_shot']:.2f}/"
                f"{sm['normalized_few_shot']:.2f}/{sm['normalized_random32']:.2f} "
                f"{'-' if cap is None else f'{cap:.0%}':>8} "
                f"{sm['zero_shot_normalized_worst']:>+6.2f} {sm['median_evals_to_random32']:>5.0f}",
                flush=True,
            )
    print(
        "\nmean over tables (the default strategy: among those losing to scikit-learn's "
        f"default on at most {MAX_LOSS_RATE:.0%} of tasks, the most zero-shot net wins -- win "
        "share minus loss share -- then the best few-shot normalized score):"
    )
    overall = {}
    for name in [*names, "auto"]:
        tables = [v for k, v in report.items() if k.endswith(f"|{name}")]
        if not tables:
            continue
        overall[name] = {
            f: float(np.mean([v[f] for v in tables]))
            for f in (
                "normalized_zero_shot",
                "normalized_few_shot",
                "zero_shot_win_rate_non_tied",
                "zero_shot_loss_rate",
                "zero_shot_net_wins",
                "median_evals_to_random32",
            )
        }
        print(f"  {name:<9} " + "  ".join(f"{f} {v:.3f}" for f, v in overall[name].items()))
    # a learned default must rarely lose against scikit-learn's: at most 15% of tasks
    eligible = [n for n in overall if overall[n]["zero_shot_loss_rate"] <= MAX_LOSS_RATE]
    best = max(
        eligible or overall,
        key=lambda n: (overall[n]["zero_shot_net_wins"], overall[n]["normalized_few_shot"]),
    )
    print(f"chosen: {best}; 'auto' per table (nested): {choice}")
    print(json.dumps({"tables": report, "overall": overall, "best": best, "choice": choice}))


if __name__ == "__main__":
    main()
