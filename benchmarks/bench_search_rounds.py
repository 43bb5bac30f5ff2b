"""Wall time of MetaSearchCV's adaptive rounds: one candidate per round against four.

Since session 14 ``MetaSearchCV`` takes the knowledge's configurations one at a time
(``batch_size=1``): each choice follows every score so far, but a round then runs only
one candidate's CV folds in parallel. This measures what that costs with ``n_jobs``:
``MetaSearchCV(n_iter=32, cv=5)`` with ``batch_size=1`` against ``batch_size=4`` (the
earlier default), both with ``n_warm=2, n_adaptive=14``, and against
``RandomizedSearchCV(n_iter=32, cv=5)`` over the plain space, for each ``--n-jobs``,
in the same run (median of ``--repeats`` wall times). Data: ``make_classification``
with ``--rows`` rows and 20 columns; families: random forest (100 trees, as the
knowledge measures it) and k-NN behind its scaler (cheap fits, where dispatching
rounds weighs most).

Usage::

    python benchmarks/bench_search_rounds.py [--n-jobs 1,2] [--repeats 2] [--rows 1000]
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings

from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import RandomizedSearchCV

from skmeta import MetaSearchCV
from skmeta.defaults import family_estimator
from skmeta.defaults._meta_default import final_step
from skmeta.spaces import get_space


def _timed(make, X, y, repeats):
    times = []
    for _ in range(repeats):
        search = make()
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            search.fit(X, y)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-jobs", default="1,2")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args(argv)
    X, y = make_classification(args.rows, 20, n_informative=8, random_state=0)
    estimators = {
        "random_forest": RandomForestClassifier(random_state=0),
        "k_neighbors": family_estimator("k_neighbors", "classification"),
    }
    print(
        f"{'family':<14} {'n_jobs':>6} {'rounds of 1':>11} {'rounds of 4':>11} "
        f"{'random':>8} {'1 / 4':>6} {'1 / random':>10}"
    )
    for family, estimator in estimators.items():
        prefix = final_step(estimator)[1]
        space = {
            prefix + k: v
            for k, v in get_space(family, "classification").param_distributions().items()
        }
        for n_jobs in (int(n) for n in args.n_jobs.split(",")):
            common = {"n_iter": 32, "cv": 5, "random_state": 0, "n_jobs": n_jobs}

            def meta(batch_size, common=common, estimator=estimator):
                return MetaSearchCV(
                    estimator, n_warm=2, n_adaptive=14, batch_size=batch_size, **common
                )

            one = _timed(lambda: meta(1), X, y, args.repeats)
            four = _timed(lambda: meta(4), X, y, args.repeats)
            rand = _timed(
                lambda common=common, estimator=estimator, space=space: RandomizedSearchCV(
                    estimator, space, **common
                ),
                X,
                y,
                args.repeats,
            )
            print(
                f"{family:<14} {n_jobs:>6} {one:>10.2f}s {four:>10.2f}s {rand:>7.2f}s "
                f"{one / four:>6.2f} {one / rand:>10.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
