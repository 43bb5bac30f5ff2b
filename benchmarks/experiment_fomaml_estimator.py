"""First-order vs second-order MAML through MAMLRegressor (inputs and targets
standardized by the estimator): held-out R² (MAMLRegressor.score, 20 support rows per
task) on a sinusoid family, three seeds each. Results in
benchmarks/results/experiment_fomaml_stability.txt.

Usage::

    python benchmarks/experiment_fomaml_estimator.py
"""

from __future__ import annotations

import time
import warnings

import numpy as np

from skmeta.fewshot import MAMLRegressor


def family(rng, n_tasks, n):
    """Sinusoid tasks (amplitude 0.1-5, phase 0-pi, x in [-5, 5]) as rows with groups."""
    amplitude = rng.uniform(0.1, 5, n_tasks)
    phase = rng.uniform(0, np.pi, n_tasks)
    X = rng.uniform(-5, 5, (n_tasks, n, 1))
    y = amplitude[:, None] * np.sin(X[..., 0] - phase[:, None])
    return X.reshape(-1, 1), y.reshape(-1), np.repeat(np.arange(n_tasks), n)


def main() -> None:
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(0)
    X, y, groups = family(rng, 200, 60)
    X_test, y_test, groups_test = family(rng, 50, 60)
    for first_order in (False, True):
        for seed in (0, 1, 2):
            start = time.perf_counter()
            model = MAMLRegressor(
                first_order=first_order,
                n_support=20,
                n_query=20,
                n_iter=4000,
                inner_lr=0.01,
                random_state=seed,
            ).fit(X, y, groups=groups)
            r2 = model.score(X_test, y_test, groups=groups_test)
            label = "first-order " if first_order else "second-order"
            print(f"{label} seed {seed}  R2 {r2:.3f}  {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
