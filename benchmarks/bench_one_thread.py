"""What running the candidates' fits on one thread costs few-shot selection.

``MetaDefault*`` (few-shot) and ``MetaSearchCV`` cross-validate their candidates inside
``skmeta.utils._parallel.one_thread_per_fit``, so that BLAS / OpenMP round alike whatever
``n_jobs`` is (results identical for ``n_jobs=1`` and ``n_jobs=2``). This times
``MetaDefaultClassifier(n_candidates=4, n_jobs=1)`` on a 10,000-row table with that
context (the shipped behaviour) and with the thread pools left alone (the baseline,
as ``cross_val_score`` runs them), alternating the two, and prints the median seconds
and their ratio. The final refit runs on all threads either way.

Usage::

    python benchmarks/bench_one_thread.py [--rows 10000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import time
import warnings


def main(argv=None):
    from sklearn.datasets import make_classification
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from threadpoolctl import threadpool_info

    import skmeta
    from skmeta.defaults import _meta_default
    from skmeta.utils._parallel import one_thread_per_fit

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    X, y = make_classification(args.rows, 20, n_informative=10, random_state=0)
    pools = {p["internal_api"]: p["num_threads"] for p in threadpool_info()}
    print(f"{args.rows} rows x 20 columns; thread pools: {pools}")
    contexts = {"all threads (baseline)": contextlib.nullcontext, "one thread": one_thread_per_fit}
    estimators = {
        "hist_gradient_boosting": HistGradientBoostingClassifier(random_state=0),
        "mlp": make_pipeline(StandardScaler(), MLPClassifier(max_iter=50, random_state=0)),
    }
    for name, estimator in estimators.items():
        seconds = {label: [] for label in contexts}
        for _ in range(args.repeats):
            for label, context in contexts.items():
                _meta_default.one_thread_per_fit = context
                start = time.perf_counter()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    skmeta.MetaDefaultClassifier(estimator, n_candidates=4).fit(X, y)
                seconds[label].append(time.perf_counter() - start)
        _meta_default.one_thread_per_fit = one_thread_per_fit
        base, one = (statistics.median(seconds[label]) for label in contexts)
        print(
            f"{name:<24} few-shot fit: all threads {base:6.2f}s, one thread {one:6.2f}s, "
            f"ratio {one / base:.2f}"
        )


if __name__ == "__main__":
    main()
