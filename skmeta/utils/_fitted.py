"""A fit that replaces the previous one whole, or not at all."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

__all__ = ["fitted_names", "replaces_fit"]

F = TypeVar("F", bound=Callable)


def fitted_names(estimator) -> list[str]:
    """The fitted attributes of ``estimator``, as ``check_is_fitted`` counts them."""
    return [name for name in vars(estimator) if name.endswith("_") and not name.startswith("__")]


def replaces_fit(fit: F) -> F:
    """Decorate an estimator's ``fit``: the new fit starts without the previous fit's
    attributes (none is left stale: scikit-learn's searches keep, say, the
    ``feature_names_in_`` of a DataFrame after a refit on an array), and a fit that fails
    (bad input found midway, a divergence, an interrupt) leaves the estimator exactly as
    it was, so a model fitted before is not lost half-overwritten."""

    @functools.wraps(fit)
    def wrapper(self, *args, **kwargs):
        state = vars(self)
        saved = dict(state)
        for name in fitted_names(self):
            del state[name]
        try:
            return fit(self, *args, **kwargs)
        except BaseException:
            state.clear()
            state.update(saved)
            raise

    return wrapper  # type: ignore[return-value]
