"""Leave-group-out evaluation of the warm-start strategies on the knowledge base's own tables.

For every table (family x kind), the corpus's groups (near-duplicate datasets share a
group) are dealt into ``--folds`` folds; each fold's tasks are removed from the knowledge,
each strategy is fitted on the rest, and for each held-out task:

- zero-shot: the strategy's top configuration;
- few-shot: the best of its top 4, chosen honestly (below);
- default: scikit-learn's default configuration (column 0 of every table);
- random search: the best of 32 configurations drawn at random from the table's
  (Sobol-sampled) configurations, averaged over 50 draws;
- anytime: how many configurations, in the strategy's order (``evals``) and in the
  order of MetaSearchCV's adaptive rounds (``adapt``, :func:`search_order`), reach
  random search's best after 32, both read off the same CV means as ``cv_results_``
  would show them; and honestly (``h-evals``, plain / adaptive): how many until the
  nested-CV score of the best so far reaches random search's honest score.

Scores come from the tables, measured under one protocol, so no model is refitted here
(this is a proxy of ``RandomizedSearchCV`` over the same space, not a call to it).

Honest selection. A search that picks the best of 32 CV means and reports that mean is
optimistic: on 500-row tasks with 3 folds, much of its "gain" is the luck of the
maximum. Selections (random search's best of 32, few-shot's best of 4) are therefore
scored as a nested CV would score them, from the build store's per-fold scores
(``benchmarks/default_knowledge_store``): for each fold, the configuration with the best
mean on the *other* folds is chosen and scored on that fold. The optimistic random search
is reported too (``rs32 in-sample``).

Group weights. Near-duplicate tasks share a group (62 of the 98 regression tasks are
Friedman's synthetic ``fri_*`` family), so every summary weights a task by 1 / (its
group's number of tasks in the table): each group counts once. Win / tie / loss are
these weighted counts (ties: |difference| < 1e-4 of the metric). The fraction of random
search's gain captured is mean(zero-shot - default) / mean(random search - default), in
normalized scores (0 the task's worst configuration, 1 its best), so that no single
task's R^2 dominates.

Strategies: ``nearest`` (auto-sklearn's warm start), ``portfolio`` (greedy, FLAML /
auto-sklearn 2.0), each also ``_safe`` (the ``min_advantage=0.5`` check towards
scikit-learn's default; ``_safe25`` / ``_safe75`` the looser and stricter thresholds,
``_auto`` the threshold chosen per table by the strategy itself, leave-one-group-out on
the knowledge it is given, so the evaluation stays nested), ``hybrid`` (nearest_safe's
first pick, then the portfolio; session 4's default) and ``hybrid_auto`` (the same with
``min_advantage='auto'``: the library's default), ``per_table`` (the best of the first
four per table, chosen nested on the other folds), and on request ``surrogate`` /
``surrogate_safe``. All look at 20 neighbours. The default strategy is, among those that
lose to scikit-learn's default on at most 15% of tasks, the one with the most zero-shot
net wins against it (ties: the better few-shot score).

Usage::

    python benchmarks/bench_warmstart.py [--knowledge DIR] [--strategies nearest,hybrid]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from bench_warmstart_search import chosen_on_other_folds

from skmeta.knowledge import METRICS, KnowledgeBase
from skmeta.knowledge._store import _file_key
from skmeta.strategies import (
    Hybrid,
    NearestTasks,
    Portfolio,
    Surrogate,
    rank_by_observed,
)
from skmeta.strategies._strategies import _scaled_rows

# every variant looks at the 20 nearest tasks (MetaDefault*'s default); "_safe" adds the
# check towards scikit-learn's default (min_advantage=0.5, MetaDefault*'s default)
STRATEGIES = {
    "nearest": lambda: NearestTasks(n_neighbors=20),
    "portfolio": lambda: Portfolio(n_neighbors=20),
    "nearest_safe": lambda: NearestTasks(n_neighbors=20, min_advantage=0.5),
    "portfolio_safe": lambda: Portfolio(n_neighbors=20, min_advantage=0.5),
    # skmeta's default: nearest_safe's first pick, then the portfolio's order
    "hybrid": lambda: Hybrid(n_neighbors=20, min_advantage=0.5),
    # the check's threshold: looser (0.25) and stricter (0.75)
    "nearest_safe25": lambda: NearestTasks(n_neighbors=20, min_advantage=0.25),
    "portfolio_safe25": lambda: Portfolio(n_neighbors=20, min_advantage=0.25),
    "nearest_safe75": lambda: NearestTasks(n_neighbors=20, min_advantage=0.75),
    "portfolio_safe75": lambda: Portfolio(n_neighbors=20, min_advantage=0.75),
    # the threshold chosen per table, leave-one-group-out on the knowledge at hand
    "nearest_auto": lambda: NearestTasks(n_neighbors=20, min_advantage="auto"),
    "portfolio_auto": lambda: Portfolio(n_neighbors=20, min_advantage="auto"),
    "hybrid_auto": lambda: Hybrid(n_neighbors=20, min_advantage="auto"),
    "surrogate": lambda: Surrogate(n_estimators=100, n_neighbors=20),
    "surrogate_safe": lambda: Surrogate(n_estimators=100, n_neighbors=20, min_advantage=0.5),
}

# 'per_table' (a choice per table, evaluated nested: each fold's choice made on the other
# folds) chooses among these; the surrogate costs seconds per fit, so it is not a default
PER_TABLE_CANDIDATES = ("nearest", "portfolio", "nearest_safe", "portfolio_safe")
DEFAULT_STRATEGIES = (*PER_TABLE_CANDIDATES, "hybrid", "hybrid_auto")
TIE = 1e-4
MAX_LOSS_RATE = 0.15


STORE = Path(__file__).resolve().parent / "default_knowledge_store"


def fold_scores(store, task, key, metric):
    """Configurations x folds scores of ``metric`` for one task and table, from a build
    store (the knowledge itself keeps only the means)."""
    family, kind = key.split("/")
    path = Path(store) / "units" / _file_key(task) / f"{_file_key(family)}.npz"
    with np.load(path, allow_pickle=False) as data:
        return data["scores"][:, :, list(METRICS[kind]).index(metric)]


def evaluate_table(
    kb,
    key,
    metric,
    strategy_name,
    n_random=50,
    budget=32,
    seed=0,
    n_folds=10,
    store=STORE,
    shapes=(),
):
    """One row per held-out task of table ``key``. ``shapes``: more shapes of
    MetaSearchCV's adaptive rounds to read off the same scores, each ``(n_warm,
    batch_size)`` or ``(n_warm, batch_size, n_tasks)`` (:func:`search_order`; fields
    ``evals_to_random32_adaptive_{n_warm}_{batch_size}[_{n_tasks}]`` and
    ``honest_...``)."""
    kind = key.split("/")[1]
    rows = np.flatnonzero((kb.tasks["kind"] == kind).to_numpy())
    sign = 1.0 if kb.metrics[metric] == "max" else -1.0
    scores = sign * kb.scores(key, metric)
    # the sampled configurations (default and random design) come first; designed ones
    # (build_knowledge(designed=True)) follow. Random search draws from the sampled ones
    # only, and scores are normalized on them, so that knowledge with and without
    # designed configurations is measured on one scale (a designed pick may exceed 1).
    n_sampled = kb.provenance.get("protocol", {}).get("n_configs", scores.shape[1])
    normalized = _scaled_rows(scores, scores[:, :n_sampled])
    groups = kb.tasks["group"].astype(str).to_numpy()
    rng = np.random.default_rng(seed)
    out = []
    task_fold, n = group_folds(groups[rows], n_folds, seed)
    for fold in range(n):
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
            if not np.isfinite(s[0]) or np.isfinite(s[:n_sampled]).sum() < budget:
                continue
            # [: s.size]: a store topped up with configurations the knowledge lacks
            F = sign * fold_scores(store, kb.task_names[t], key, metric)[: s.size]
            if not np.allclose(np.where(np.isfinite(s), F.mean(axis=1), np.nan), s, equal_nan=True):
                raise RuntimeError(f"{store} does not match the knowledge ({kb.task_names[t]}).")
            finite = np.flatnonzero(np.isfinite(s[:n_sampled]))
            lo, hi = np.nanmin(s[:n_sampled]), np.nanmax(s[:n_sampled])

            def norm(x, lo=lo, span=hi - lo):
                return (x - lo) / span if span > 0 else 1.0

            ranking = strategy.rank(kb.metafeatures.iloc[t].to_dict())
            order = [int(i) for i in ranking.order if np.isfinite(s[int(i)])]
            few = chosen_on_other_folds(F[order[:4]])
            # the same random subsets give the in-sample and the honest random search
            subsets = [rng.choice(finite, budget, replace=False) for _ in range(n_random)]
            draws = [s[i].max() for i in subsets]
            honest = float(np.mean([chosen_on_other_folds(F[i]) for i in subsets]))
            target = float(np.median(draws))
            reached = evals_until(order, s, target)
            active = search_order(strategy, order, s)
            reached_active = evals_until(active, s, target)
            out.append(
                {
                    "task": kb.task_names[t],
                    "group": groups[t],
                    "fold": fold,
                    "n_default": ns[0],
                    "n_zero": ns[order[0]],
                    "n_few": norm(few),
                    "n_random32": norm(honest),
                    "n_random32_in_sample": float(np.mean([ns[i].max() for i in subsets])),
                    "default": s[0],
                    "zero": s[order[0]],
                    "few": few,
                    "random32": honest,
                    "random32_in_sample": float(np.mean(draws)),
                    "evals_to_random32": reached,
                    "evals_to_random32_adaptive": reached_active,
                    "honest_evals_to_random32": honest_evals(F, order, honest),
                    "honest_evals_to_random32_adaptive": honest_evals(F, active, honest),
                    "far": ranking.distance_ratio > strategy.max_distance_ratio,
                }
            )
            for shape in shapes:
                other = search_order(strategy, order, s, *shape)
                name = "_".join(map(str, shape))
                out[-1][f"evals_to_random32_adaptive_{name}"] = evals_until(other, s, target)
                out[-1][f"honest_evals_to_random32_adaptive_{name}"] = honest_evals(
                    F, other, honest
                )
    return out


def search_order(strategy, order, s, n_warm=2, batch_size=1, n_tasks=10):
    """The order in which ``MetaSearchCV`` (its defaults: 2 warm-start candidates, then
    rounds of 1 ranked by the known tasks that respond alike) would try the
    configurations of ``order``, reading each round's scores off ``s``. After its 16
    knowledge configurations MetaSearchCV draws from the prior, which a table cannot
    score; here the adaptive rounds go on instead."""
    tried = list(order[:n_warm])
    while len(tried) < len(order):
        rest = rank_by_observed(strategy.normalized_, tried, s[tried], order, n_tasks=n_tasks)
        tried += [int(i) for i in rest[:batch_size]]
    return tried


def evals_until(order, s, target):
    """Evaluations, in ``order``, until a configuration's score in ``s`` reaches
    ``target`` (``len(order)`` if never)."""
    return next((n + 1 for n, i in enumerate(order) if s[i] >= target), len(order))


def honest_evals(F, order, target):
    """Evaluations, in ``order``, until the configuration a nested CV would pick among
    those tried so far (:func:`chosen_on_other_folds`) scores at least ``target``
    (``len(order)`` if never)."""
    return next(
        (n for n in range(1, len(order) + 1) if chosen_on_other_folds(F[order[:n]]) >= target),
        len(order),
    )


def group_folds(groups, n_folds, seed=0):
    """Each task's fold when whole groups are held out together (``n_folds`` folds of
    the groups, in a fixed permutation), and the number of folds."""
    unique = np.unique(groups)
    fold_of = dict(
        zip(
            np.random.default_rng(seed).permutation(unique),
            np.arange(unique.size) % n_folds,
            strict=True,
        )
    )
    return np.array([fold_of[g] for g in groups]), min(n_folds, unique.size)


def group_weights(rows):
    """1 / (number of the rows' tasks in the same group): each group counts once."""
    count = {}
    for r in rows:
        count[r["group"]] = count.get(r["group"], 0) + 1
    return np.array([1.0 / count[r["group"]] for r in rows])


def summarize(rows):
    w = group_weights(rows)

    def diff(field, base="default"):
        return np.array([r[field] - r[base] for r in rows])

    def wtl(x):
        return (
            float(w[x > TIE].sum()),
            float(w[np.abs(x) <= TIE].sum()),
            float(w[x < -TIE].sum()),
        )

    def mean(x):
        return float(np.average(x, weights=w))

    d, f = diff("zero"), diff("few")
    win, _, loss = wtl(d)
    nd, ngain = diff("n_zero", "n_default"), diff("n_random32", "n_default")
    ngain_in = diff("n_random32_in_sample", "n_default")

    def nmean(k):
        return mean(np.array([r[k] for r in rows]))

    return {
        "n_tasks": len(rows),
        "n_groups": len({r["group"] for r in rows}),
        "normalized_default": nmean("n_default"),
        "normalized_zero_shot": nmean("n_zero"),
        "normalized_few_shot": nmean("n_few"),
        "normalized_random32": nmean("n_random32"),
        "normalized_random32_in_sample": nmean("n_random32_in_sample"),
        "zero_shot_loss_rate": loss / w.sum(),
        "zero_shot_net_wins": (win - loss) / w.sum(),
        "zero_shot_normalized_worst": float(nd.min()),
        "zero_shot_vs_default_wtl": wtl(d),
        "zero_shot_win_rate_non_tied": win / (win + loss) if win + loss > 0 else None,
        "zero_shot_mean_diff": mean(d),
        "zero_shot_worst_diff": float(d.min()),
        "few_shot_vs_default_wtl": wtl(f),
        "few_shot_mean_diff": mean(f),
        "random32_mean_gain": mean(diff("random32")),
        "random32_in_sample_mean_gain": mean(diff("random32_in_sample")),
        "fraction_of_random32_gain_captured_zero_shot": mean(nd) / mean(ngain)
        if mean(ngain) > 0
        else None,
        "fraction_of_in_sample_random32_gain_captured_zero_shot": mean(nd) / mean(ngain_in)
        if mean(ngain_in) > 0
        else None,
        "median_evals_to_random32": float(np.median([r["evals_to_random32"] for r in rows])),
        **{
            f"median_{f}": float(np.median([r[f] for r in rows]))
            for f in (
                "evals_to_random32_adaptive",
                "honest_evals_to_random32",
                "honest_evals_to_random32_adaptive",
            )
        },
    }


def net_wins(rows, field="zero"):
    if not rows:
        return -np.inf
    d = np.array([r[field] - r["default"] for r in rows])
    w = group_weights(rows)
    return float((w[d > TIE].sum() - w[d < -TIE].sum()) / w.sum())


def few_quality(rows):
    if not rows:
        return -np.inf
    return float(np.average([r["n_few"] for r in rows], weights=group_weights(rows)))


def choose(by_strategy, exclude_fold=None):
    """The candidates with the most zero-shot net wins and the best few-shot normalized
    score, on the rows outside ``exclude_fold``."""

    def outside(name):
        return [r for r in by_strategy[name] if r["fold"] != exclude_fold]

    names = [n for n in PER_TABLE_CANDIDATES if n in by_strategy]
    zero = max(names, key=lambda n: net_wins(outside(n)))
    few = max(names, key=lambda n: few_quality(outside(n)))
    return zero, few


def nested_per_table(by_strategy):
    """Rows of 'per_table' evaluated honestly: each fold's choice is made on the other folds."""
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
    parser.add_argument("--store", default=STORE, help="the knowledge's build store")
    args = parser.parse_args(argv)
    kb = KnowledgeBase.load(args.knowledge) if args.knowledge else KnowledgeBase.load_default()
    names = args.strategies.split(",")
    report = {}
    print(
        f"{'table':<38} {'strategy':<14} {'n/groups':>8} {'W/T/L':>10} {'win':>4} "
        f"{'norm d/0/4/rs':>19} {'captured':>8} {'in-smpl':>7} {'worst':>6} {'evals':>5} "
        f"{'adapt':>5} {'h-evals':>7}"
    )
    choice = {}
    for key in kb.table_keys:
        metric = "accuracy" if key.endswith("classification") else "r2"
        by_strategy = {}
        for name in names:
            by_strategy[name] = evaluate_table(
                kb, key, metric, name, n_folds=args.folds, store=args.store
            )
        if any(n in by_strategy for n in PER_TABLE_CANDIDATES):
            by_strategy["per_table"] = nested_per_table(by_strategy)
            zero, few = choose(by_strategy)
            choice[key] = {"zero_shot": zero, "few_shot": few}
        for name, rows in by_strategy.items():
            if not rows:
                continue
            sm = summarize(rows)
            report[f"{key}|{name}"] = sm
            w, t, lo = sm["zero_shot_vs_default_wtl"]
            win = sm["zero_shot_win_rate_non_tied"]
            cap = sm["fraction_of_random32_gain_captured_zero_shot"]
            cap_in = sm["fraction_of_in_sample_random32_gain_captured_zero_shot"]
            print(
                f"{key:<38} {name:<14} {sm['n_tasks']:>4}/{sm['n_groups']:<3} "
                f"{f'{w:.0f}/{t:.0f}/{lo:.0f}':>10} {'-' if win is None else f'{win:.0%}':>4} "
                f"{sm['normalized_default']:.2f}/{sm['normalized_zero_shot']:.2f}/"
                f"{sm['normalized_few_shot']:.2f}/{sm['normalized_random32']:.2f} "
                f"{'-' if cap is None else f'{cap:.0%}':>8} "
                f"{'-' if cap_in is None else f'{cap_in:.0%}':>7} "
                f"{sm['zero_shot_normalized_worst']:>+6.2f} {sm['median_evals_to_random32']:>5.0f} "
                f"{sm['median_evals_to_random32_adaptive']:>5.0f} "
                f"{sm['median_honest_evals_to_random32']:>3.0f}/"
                f"{sm['median_honest_evals_to_random32_adaptive']:<3.0f}",
                flush=True,
            )
    print(
        "\nmean over tables (the default strategy: among those losing to scikit-learn's "
        f"default on at most {MAX_LOSS_RATE:.0%} of tasks, the most zero-shot net wins -- win "
        "share minus loss share -- then the best few-shot normalized score):"
    )
    overall = {}
    for name in [*names, "per_table"]:
        tables = [v for k, v in report.items() if k.endswith(f"|{name}")]
        if not tables:
            continue
        overall[name] = {
            f: float(np.nanmean([np.nan if v[f] is None else v[f] for v in tables]))
            for f in (
                "normalized_zero_shot",
                "normalized_few_shot",
                "zero_shot_win_rate_non_tied",
                "zero_shot_loss_rate",
                "zero_shot_net_wins",
                "median_evals_to_random32",
                "median_evals_to_random32_adaptive",
                "median_honest_evals_to_random32",
                "median_honest_evals_to_random32_adaptive",
            )
        }
        print(f"  {name:<9} " + "  ".join(f"{f} {v:.3f}" for f, v in overall[name].items()))
    # a learned default must rarely lose against scikit-learn's: at most 15% of tasks
    eligible = [n for n in overall if overall[n]["zero_shot_loss_rate"] <= MAX_LOSS_RATE]
    best = max(
        eligible or overall,
        key=lambda n: (overall[n]["zero_shot_net_wins"], overall[n]["normalized_few_shot"]),
    )
    print(f"chosen: {best}; 'per_table' (nested): {choice}")
    print(json.dumps({"tables": report, "overall": overall, "best": best, "choice": choice}))


if __name__ == "__main__":
    main()
