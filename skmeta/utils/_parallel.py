"""Fits whose results do not depend on ``n_jobs``."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager

from joblib import parallel_config
from joblib.parallel import get_active_backend
from threadpoolctl import threadpool_limits

__all__ = ["one_thread_per_fit"]


@contextmanager
def one_thread_per_fit() -> Iterator[None]:
    """BLAS and OpenMP on one thread per fit, here and in joblib's workers.

    A multithreaded BLAS can round differently with another number of threads, and
    joblib's default (loky) workers get a share of the cores each, so a cross-validation
    run with ``n_jobs=1`` and with ``n_jobs=2`` could differ in the last digits: enough
    for a solver stopped at ``max_iter`` to rank two candidates the other way. Within
    this context every fit runs on one thread whatever ``n_jobs`` is: this process's
    thread pools are limited, and so are those of a backend that takes
    ``inner_max_num_threads`` (loky, the default; the threading backend shares this
    process's limits, and dask's workers start with one thread each by default).

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.model_selection import cross_val_score
    >>> from skmeta.utils._parallel import one_thread_per_fit
    >>> X, y = load_iris(return_X_y=True)
    >>> with one_thread_per_fit():
    ...     scores = cross_val_score(LogisticRegression(max_iter=500), X, y, n_jobs=2)
    >>> bool(scores.mean() > 0.9)
    True
    """
    backend, _ = get_active_backend()
    with threadpool_limits(limits=1):
        if getattr(backend, "supports_inner_max_num_threads", False):
            # a copy: joblib sets the limit on the instance, and the caller's own
            # parallel_config backend must keep its setting after this context
            with parallel_config(backend=copy.copy(backend), inner_max_num_threads=1):
                yield
        else:
            yield
