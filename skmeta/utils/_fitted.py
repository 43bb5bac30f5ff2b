"""A fit that replaces the previous one whole, or not at all."""

from __future__ import annotations

import functools
import inspect
import types
from collections.abc import Callable
from typing import TypeVar

from sklearn.utils.validation import has_fit_parameter

__all__ = ["fitted_names", "replaces_fit", "shows_sample_weight"]

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


class shows_sample_weight:
    """A wrapper's ``fit`` whose signature names ``sample_weight`` when the ``fit`` of
    the estimator it wraps (``instance._base_estimator()``) does.

    scikit-learn's ``has_fit_parameter`` reads the signature: AdaBoost requires the
    parameter, Voting, Stacking and MultiOutput pass weights only to estimators that
    show it, and Bagging then draws its bootstraps as weights. The wrapper's ``fit``
    takes it with ``**fit_params`` either way; only what its signature shows changes,
    instance by instance. On the class, ``fit`` is the plain function.
    """

    def __init__(self, fit: Callable) -> None:
        self._fit = fit
        functools.update_wrapper(self, fit)

    def __get__(self, instance, owner=None):
        if instance is None:
            return self._fit
        method = types.MethodType(self._fit, instance)
        try:
            shown = has_fit_parameter(instance._base_estimator(), "sample_weight")
        except Exception:  # not an estimator: fit says so when called
            shown = False
        if not shown:
            return method
        signature = inspect.signature(method)
        parameters = list(signature.parameters.values())
        weight = inspect.Parameter("sample_weight", inspect.Parameter.KEYWORD_ONLY, default=None)
        at = next(
            (i for i, p in enumerate(parameters) if p.kind is inspect.Parameter.VAR_KEYWORD),
            len(parameters),
        )
        parameters.insert(at, weight)

        @functools.wraps(self._fit)
        def fit(*args, **kwargs):
            return method(*args, **kwargs)

        fit.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        fit.__self__ = instance  # type: ignore[attr-defined]
        return fit
