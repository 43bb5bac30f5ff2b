"""What the warm start adds to a fit: meta-features plus knowledge lookup, on ~10,000 rows.

For each dataset and estimator family, in the same run:

- ``base``: fitting the estimator with the configuration the warm start chose (what a
  user who already knew it would pay);
- ``overhead``: ``MetaDefault*.fit`` minus that fit -- input checks, the OpenML
  meta-features (without landmarkers), the strategy over the (cached) default knowledge
  and the ranking of its configurations; and, measured directly, ``suggest`` (the same
  steps without the fit).

Prints seconds (median of ``--repeats``; the three timings interleaved in each round,
so that the machine's drift during the run falls on all of them alike) and the
overhead as a percentage of the base fit (target: at most 5%). Datasets: pendigits
(10,992 rows) and 197_cpu_act (8,192 rows) from the PMLB corpus when ``../shared`` is
present, and ``make_classification`` / ``make_regression`` with 10,000 rows always.

``--families`` takes any of the seven (default: the three trees); linear models, SVMs,
k-NN and MLPs are timed as users get them from ``family_estimator``, behind their
scaler (the base fit includes the scaling).

``--sparse`` times sparse input instead, as a ``OneHotEncoder`` hands it on: 10,000
rows of 12 categorical columns (5 to 60 levels) and 4 numeric ones, one-hot encoded
into a CSR matrix of ~400 columns (a classification and a regression target); the
meta-features are computed on the sparse matrix without densifying it. Gradient
boosting does not take sparse input and is skipped.

Usage::

    python benchmarks/bench_overhead.py [--repeats 5]
    python benchmarks/bench_overhead.py --repeats 3 \
        --families hist_gradient_boosting,random_forest,extra_trees,linear,svm,k_neighbors,mlp
    python benchmarks/bench_overhead.py --repeats 3 --sparse \
        --families random_forest,extra_trees,linear,svm,k_neighbors,mlp
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import warnings
from pathlib import Path

from sklearn.base import clone
from sklearn.datasets import make_classification, make_regression

from skmeta import MetaDefaultClassifier, MetaDefaultRegressor, suggest
from skmeta.defaults import family_estimator
from skmeta.defaults._meta_default import _default_knowledge

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pmlb"
FAMILIES = ("hist_gradient_boosting", "random_forest", "extra_trees")


def datasets():
    yield (
        "make_classification",
        "classification",
        *make_classification(10_000, 20, n_informative=10, random_state=0),
    )
    yield (
        "make_regression",
        "regression",
        *make_regression(10_000, 20, n_informative=10, noise=10, random_state=0),
    )
    if CORPUS.is_dir():
        from skmeta.tasks import load_folder

        tasks = load_folder(CORPUS)
        for name in ("pendigits", "197_cpu_act"):
            task = tasks[name]
            yield name, task.kind, task.X.to_numpy(float), task.y.to_numpy()


def sparse_datasets(n=10_000, seed=0):
    """One-hot encoded categorical data (CSR) with a classification and a regression
    target that depend on a few of the columns."""
    import numpy as np
    from sklearn.preprocessing import OneHotEncoder

    rng = np.random.default_rng(seed)
    levels = rng.integers(5, 61, size=12)
    codes = np.column_stack([rng.integers(0, k, size=n) for k in levels])
    effects = [rng.normal(size=k) for k in levels[:4]]
    signal = sum(e[codes[:, j]] for j, e in enumerate(effects))
    numeric = rng.normal(size=(n, 4))
    signal = signal + numeric[:, 0]
    onehot = OneHotEncoder().fit_transform(codes)  # CSR
    from scipy import sparse

    X = sparse.hstack([onehot, sparse.csr_matrix(numeric)], format="csr")
    y_clf = (signal + rng.normal(size=n) > np.median(signal)).astype(int)
    y_reg = signal + rng.normal(scale=0.5, size=n)
    yield "onehot_classification", "classification", X, y_clf
    yield "onehot_regression", "regression", X, y_reg


def timed(*fns, repeats):
    """Median seconds of each of ``fns`` over ``repeats`` rounds, the calls interleaved
    within each round: a machine that slows down or speeds up during the run (other
    load, clock changes) weighs on all of them alike, not on whichever ran last."""
    times = [[] for _ in fns]
    for _ in range(repeats):
        for fn, spent in zip(fns, times, strict=True):
            t0 = time.perf_counter()
            fn()
            spent.append(time.perf_counter() - t0)
    return [statistics.median(spent) for spent in times]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--families", default=",".join(FAMILIES))
    parser.add_argument("--sparse", action="store_true", help="one-hot encoded CSR input")
    parser.add_argument("--datasets", default=None, help="comma-separated names (default: all)")
    args = parser.parse_args(argv)
    wanted = None if args.datasets is None else set(args.datasets.split(","))
    _default_knowledge()  # loaded once per process, as in any session that fits twice
    rows = []
    for name, kind, X, y in sparse_datasets() if args.sparse else datasets():
        if wanted is not None and name not in wanted:
            continue
        for family in args.families.split(","):
            if args.sparse and family == "hist_gradient_boosting":
                continue  # it refuses sparse input
            base = family_estimator(family, kind, X, random_state=0)
            cls = MetaDefaultClassifier if kind == "classification" else MetaDefaultRegressor
            meta = cls(base)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                meta.fit(X, y)
                chosen = clone(meta.estimator_)
                t_meta, t_base, t_look = timed(
                    lambda: clone(meta).fit(X, y),  # noqa: B023
                    lambda: clone(chosen).fit(X, y),  # noqa: B023
                    # the warm-start steps alone: meta-features, strategy, ranking
                    lambda: suggest(X, y, base, k=1),  # noqa: B023
                    repeats=args.repeats,
                )
            over = t_meta - t_base
            rows.append(
                {
                    "dataset": name,
                    "rows": len(y),
                    "columns": X.shape[1],
                    "sparse": args.sparse,
                    "family": family,
                    "base_seconds": t_base,
                    "meta_seconds": t_meta,
                    "overhead_seconds": over,
                    "overhead_percent": 100 * over / t_base,
                    "suggest_seconds": t_look,
                    "suggest_percent": 100 * t_look / t_base,
                }
            )
            print(
                f"{name:<20} {len(y):>6} {family:<23} base {t_base:7.3f}s  warm-started "
                f"{t_meta:7.3f}s  overhead {over:+.3f}s ({100 * over / t_base:+.1f}%)  "
                f"suggest alone {t_look:.3f}s ({100 * t_look / t_base:.1f}%)",
                flush=True,
            )
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
