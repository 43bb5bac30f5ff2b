"""Knowledge-build speed: parallel scaling and the runner's overhead.

In one run, on the same tasks, families and configurations:

- ``build n_jobs=1`` and ``build n_jobs=2``: :func:`skmeta.knowledge.build_knowledge`
  (meta-features, subsampling, every metric, the atomic store) -> evaluations per second
  (one evaluation = one configuration fitted and scored on one fold). Target: n_jobs=2 at
  least 1.7x n_jobs=1 on 2 cores.
- ``bare loop``: the baseline, a plain Python loop of ``sklearn.model_selection.cross_validate``
  (default scoring, n_jobs=1, one BLAS thread) over the same configurations and folds.
  Target: the serial build within 10% of it.

Tasks: scikit-learn's bundled datasets plus, when the corpus is present, a few PMLB
datasets (rows capped as in the build).

Usage::

    python benchmarks/bench_build.py [--n-configs 8] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from pathlib import Path

import numpy as np
from sklearn.model_selection import cross_validate
from threadpoolctl import threadpool_limits

from skmeta.knowledge import build_knowledge
from skmeta.knowledge._build import _prepare
from skmeta.spaces import FAMILIES, get_space
from skmeta.tasks import load_folder, load_sklearn_dataset

CORPUS_TASKS = ("german", "biomed", "wine_quality_red", "analcatdata_authorship", "vehicle")


def load_tasks(corpus: Path):
    tasks = [
        load_sklearn_dataset(n) for n in ("iris", "wine", "breast_cancer", "diabetes", "digits")
    ]
    if corpus.exists():
        collection = load_folder(corpus)
        tasks += [collection[n] for n in CORPUS_TASKS if n in collection.names]
    return tasks


def bare_loop(tasks, families, n_configs, cv, max_rows, seed):
    n_evaluations = 0
    with threadpool_limits(1), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for task in tasks:
            X, y, kind, categorical, folds = _prepare(task, max_rows, cv, seed)
            for family in families:
                space = get_space(family, kind)
                for config in space.sample(n_configs, random_state=seed):
                    estimator = space.make_estimator(
                        config, random_state=seed, categorical=categorical
                    )
                    cross_validate(estimator, X, y, cv=folds, error_score=np.nan)
                    n_evaluations += len(folds)
    return n_evaluations


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pmlb"
    parser.add_argument("--corpus", type=Path, default=default_corpus)
    parser.add_argument("--n-configs", type=int, default=8)
    parser.add_argument("--cv", type=int, default=3)
    parser.add_argument("--max-rows", type=int, default=500)
    parser.add_argument("--families", default=",".join(FAMILIES))
    parser.add_argument("--repeat", type=int, default=1, help="best of this many runs")
    args = parser.parse_args(argv)
    tasks = load_tasks(args.corpus)
    families = args.families.split(",")
    settings = dict(n_configs=args.n_configs, cv=args.cv, max_rows=args.max_rows, verbose=0)
    n_evaluations = len(tasks) * len(families) * args.n_configs * args.cv

    def best(fn):
        return min(timed(fn)[0] for _ in range(args.repeat))

    t_bare = best(lambda: bare_loop(tasks, families, args.n_configs, args.cv, args.max_rows, 0))
    t_serial = best(lambda: build_knowledge(tasks, families, n_jobs=1, **settings))
    t_parallel = best(lambda: build_knowledge(tasks, families, n_jobs=2, **settings))
    rows = {
        "tasks": len(tasks),
        "families": len(families),
        "evaluations": n_evaluations,
        "bare_loop_s": t_bare,
        "build_n_jobs_1_s": t_serial,
        "build_n_jobs_2_s": t_parallel,
        "evals_per_s_bare": n_evaluations / t_bare,
        "evals_per_s_n_jobs_1": n_evaluations / t_serial,
        "evals_per_s_n_jobs_2": n_evaluations / t_parallel,
        "speedup_2_over_1": t_serial / t_parallel,
        "overhead_vs_bare": t_serial / t_bare - 1.0,
    }
    print(
        f"{len(tasks)} tasks x {len(families)} families x {args.n_configs} configs x "
        f"{args.cv} folds = {n_evaluations} evaluations"
    )
    print(f"bare cross_validate loop : {t_bare:8.1f} s  {rows['evals_per_s_bare']:7.1f} evals/s")
    print(
        f"build n_jobs=1           : {t_serial:8.1f} s  {rows['evals_per_s_n_jobs_1']:7.1f} evals/s"
    )
    print(
        f"build n_jobs=2           : {t_parallel:8.1f} s  "
        f"{rows['evals_per_s_n_jobs_2']:7.1f} evals/s"
    )
    print(f"speed-up n_jobs=2 / n_jobs=1: {rows['speedup_2_over_1']:.2f}x (target >= 1.7x)")
    print(f"runner overhead vs bare loop: {100 * rows['overhead_vs_bare']:+.1f}% (target < 10%)")
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
