"""The shape of MetaSearchCV's adaptive rounds, read off the knowledge's tables.

For every table, leave-group-out as in ``bench_warmstart.py`` (the library's strategy,
``hybrid_auto``, over 20 neighbours; ``--n-neighbors 10`` for MetaSearchCV's own 10),
the median number of evaluations until MetaSearchCV's order reaches random search's
best after 32 -- in-sample (``in``) and honestly (``h``: the nested-CV score of the
best so far against random search's) -- for each shape ``NxB`` or ``NxBxT``:
``n_warm=N`` warm-start candidates first, then rounds of ``batch_size=B`` ranked by the
``T`` (default 10) known tasks that respond alike
(:func:`skmeta.strategies.rank_by_observed`). A smaller round uses each score sooner;
fewer warm candidates leave more evaluations to the rounds.

``--compare NEW OLD`` instead compares two real-fit runs of ``bench_warmstart_search.py``
(comma-separated JSON-lines files, e.g. MetaSearchCV with ``--meta-params`` of two
shapes on the same units): per table, the median evaluations to random-32's best (the
bench's definition: its best after 32; 33 when never reached), on how many tasks the
first run needs fewer / as many / more, and the mean difference of the best CV score
after 8, 16 and 32 evaluations.

``--table-reach FILES`` asks what the knowledge's configurations can reach in those
real-fit runs: per table, on how many held-out tasks random search's best of 32 beats
every configuration of the task's own row in the knowledge (measured under the same
protocol, so out of reach of MetaSearchCV's table candidates: only its prior's draws
can get there), and on how many MetaSearchCV has found that row's best after its 16
table candidates.

Usage::

    python benchmarks/experiment_search_shape.py [--shapes 4x4,2x1,2x1x20,...] [--strategy NAME]
    python benchmarks/experiment_search_shape.py --n-neighbors 10 --shapes 2x1x10,2x1x20
    python benchmarks/experiment_search_shape.py --compare NEW.jsonl,... OLD.jsonl,...
    python benchmarks/experiment_search_shape.py --table-reach RUN.jsonl,...
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from bench_warmstart import STRATEGIES, evaluate_table
from bench_warmstart_search import _reach

from skmeta.knowledge import KnowledgeBase
from skmeta.strategies import Hybrid


def _searches(files):
    out = {}
    for f in files.split(","):
        for line in Path(f).read_text().splitlines():
            r = json.loads(line) if line.strip() else {}
            if "meta" in r:
                out[(r["family"] + "/" + r["kind"], r["task"])] = r
    return out


def _evals(r):
    return _reach(np.asarray(r["meta"], float), r["random"][-1])


def compare(new_files, old_files):
    new, old = _searches(new_files), _searches(old_files)
    by_table = {}
    for unit in sorted(new.keys() & old.keys()):
        a, b = new[unit], old[unit]
        by_table.setdefault(unit[0], []).append(
            [_evals(a), _evals(b), *(a["meta"][n - 1] - b["meta"][n - 1] for n in (8, 16, 32))]
        )
    print(
        f"{'table':<38} {'n':>3} {'median new/old':>14} {'fewer/same/more':>16} "
        f"{'best after 8 / 16 / 32, new - old':>34}"
    )
    totals = np.zeros(3, int)
    for key, rows in by_table.items():
        v = np.array(rows)
        counts = np.array(
            [(v[:, 0] < v[:, 1]).sum(), (v[:, 0] == v[:, 1]).sum(), (v[:, 0] > v[:, 1]).sum()]
        )
        totals += counts
        print(
            f"{key:<38} {len(v):>3} {np.median(v[:, 0]):>6.1f}/{np.median(v[:, 1]):<7.1f} "
            f"{'/'.join(map(str, counts)):>16} "
            f"{v[:, 2].mean():>+11.4f} {v[:, 3].mean():>+10.4f} {v[:, 4].mean():>+10.4f}"
        )
    print(f"all tasks: fewer/same/more {'/'.join(map(str, totals))}")


def table_reach(files):
    kb = KnowledgeBase.load_default()
    row_of = {name: i for i, name in enumerate(kb.task_names)}
    scores, by_table = {}, {}
    for (key, task), r in sorted(_searches(files).items()):
        if key not in scores:  # one table read per key, not per task
            metric = "accuracy" if key.endswith("classification") else "r2"
            scores[key] = kb.scores(key, metric)
        best = np.nanmax(scores[key][row_of[task]])
        meta = np.asarray(r["meta"], float)
        by_table.setdefault(key, []).append(
            [
                r["random"][-1] > best + 1e-12,
                abs(meta[15] - best) <= 1e-9,
                meta[15] > best + 1e-9,
                _evals(r) <= len(meta),
            ]
        )
    print(
        f"{'table':<38} {'n':>3} {'rs32 beats the row':>18} {'row best found by 16':>20} "
        f"{'reached by 32':>13}"
    )
    for key, rows in by_table.items():
        v = np.array(rows, bool)
        if v[:, 2].any():  # MetaSearchCV's table candidates must score as the knowledge
            raise RuntimeError(f"{key}: a table candidate beat its knowledge row")
        print(
            f"{key:<38} {len(v):>3} {v[:, 0].mean():>18.0%} {v[:, 1].mean():>20.0%} "
            f"{v[:, 3].mean():>13.0%}"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", default="4x4,4x2,4x1,2x2,2x1,1x1,3x1")
    parser.add_argument("--strategy", default="hybrid_auto")
    parser.add_argument(
        "--n-neighbors", type=int, default=None, help="hybrid_auto with this many neighbours"
    )
    parser.add_argument("--compare", nargs=2, metavar=("NEW", "OLD"), default=None)
    parser.add_argument("--table-reach", metavar="FILES", default=None)
    args = parser.parse_args(argv)
    if args.table_reach:
        table_reach(args.table_reach)
        return
    if args.compare:
        compare(*args.compare)
        return
    shapes = [tuple(int(v) for v in s.split("x")) for s in args.shapes.split(",")]
    names = ["_".join(map(str, shape)) for shape in shapes]
    strategy = args.strategy
    if args.n_neighbors is not None:  # e.g. MetaSearchCV's own 10 (the tables' 20)
        strategy = f"hybrid_auto_{args.n_neighbors}"
        STRATEGIES[strategy] = lambda: Hybrid(n_neighbors=args.n_neighbors, min_advantage="auto")
    kb = KnowledgeBase.load_default()
    print(f"{'table':<38} " + " ".join(f"{'x'.join(n.split('_')) + ' in/h':>11}" for n in names))
    totals = {n: [] for n in names}
    for key in kb.table_keys:
        metric = "accuracy" if key.endswith("classification") else "r2"
        rows = evaluate_table(kb, key, metric, strategy, shapes=shapes)
        cells = []
        for n in names:
            med = float(np.median([r[f"evals_to_random32_adaptive_{n}"] for r in rows]))
            hon = float(np.median([r[f"honest_evals_to_random32_adaptive_{n}"] for r in rows]))
            totals[n].append((med, hon))
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
