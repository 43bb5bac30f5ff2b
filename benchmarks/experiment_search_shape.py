"""The shape of MetaSearchCV's adaptive rounds, read off the knowledge's tables.

For every table, leave-group-out as in ``bench_warmstart.py`` (the library's strategy,
``hybrid_auto``), the median number of evaluations until MetaSearchCV's order reaches
random search's best after 32 -- in-sample (``in``) and honestly (``h``: the nested-CV
score of the best so far against random search's) -- for each ``(n_warm, batch_size)``:
``n_warm`` warm-start candidates first, then rounds of ``batch_size`` ranked by the known
tasks that respond alike (:func:`skmeta.strategies.rank_by_observed`). A smaller round
uses each score sooner; fewer warm candidates leave more evaluations to the rounds.

Usage::

    python benchmarks/experiment_search_shape.py [--shapes 4x4,2x1,...] [--strategy NAME]
"""

from __future__ import annotations

import argparse

import numpy as np
from bench_warmstart import evaluate_table

from skmeta.knowledge import KnowledgeBase


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", default="4x4,4x2,4x1,2x2,2x1,1x1,3x1")
    parser.add_argument("--strategy", default="hybrid_auto")
    args = parser.parse_args(argv)
    shapes = [tuple(int(v) for v in s.split("x")) for s in args.shapes.split(",")]
    kb = KnowledgeBase.load_default()
    print(f"{'table':<38} " + " ".join(f"{f'{w}x{b} in/h':>11}" for w, b in shapes))
    totals = {s: [] for s in shapes}
    for key in kb.table_keys:
        metric = "accuracy" if key.endswith("classification") else "r2"
        rows = evaluate_table(kb, key, metric, args.strategy, shapes=shapes)
        cells = []
        for w, b in shapes:
            med = float(np.median([r[f"evals_to_random32_adaptive_{w}_{b}"] for r in rows]))
            hon = float(np.median([r[f"honest_evals_to_random32_adaptive_{w}_{b}"] for r in rows]))
            totals[(w, b)].append((med, hon))
            cells.append(f"{med:>5.1f}/{hon:<5.1f}")
        print(f"{key:<38} " + " ".join(cells), flush=True)
    print(f"\n{'mean of medians':<38} ", end="")
    print(
        " ".join(
            f"{np.mean([m for m, _ in t]):>5.2f}/{np.mean([h for _, h in t]):<5.2f}"
            for t in totals.values()
        )
    )
    print(f"{'tables at most 8 (in-sample)':<38} ", end="")
    print(" ".join(f"{sum(m <= 8 for m, _ in t):>11d}" for t in totals.values()))


if __name__ == "__main__":
    main()
