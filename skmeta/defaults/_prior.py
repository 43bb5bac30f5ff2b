"""MetaPrior: hyperparameter distributions conditioned on a dataset's meta-features."""

from __future__ import annotations

import numbers
import os

import numpy as np
from sklearn.base import BaseEstimator

from ..knowledge import KnowledgeBase
from ..spaces._space import Hyperparameter, _UnitCubeDistribution, draw_rng
from ..strategies._strategies import _closeness
from ..utils._compat import HasMethods, Interval, _fit_context
from ..utils._fitted import replaces_fit
from ..utils._typing import (
    ArrayLike,
    DrawRandomState,
    Estimator,
    MatrixLike,
    PathLike_,
)

__all__ = ["HyperparameterPrior", "MetaPrior"]


class HyperparameterPrior(_UnitCubeDistribution):
    """A one-dimensional prior over a hyperparameter, with ``rvs`` for scikit-learn searches.

    A mixture in the unit-cube encoding: with probability ``1 - uniform_weight`` a value
    near one of the ``anchors`` (chosen with ``weights``, jittered by a normal of width
    ``bandwidth``), otherwise a uniform draw over the whole range (the plain space, kept
    for safety); decoded to the parameter's own value.

    Parameters
    ----------
    hyperparameter : Hyperparameter
        The parameter (its range, scale and type decode the unit-cube draws).
    anchors : array-like of shape (n_anchors,)
        Anchor values in the unit-cube encoding (clipped to [0, 1]).
    weights : array-like of shape (n_anchors,)
        Non-negative weights of the anchors (normalized to sum to 1).
    bandwidth : float, default=0.08
        Width of the normal jitter around an anchor, in unit-cube units.
    uniform_weight : float in [0, 1], default=0.2
        Probability of a uniform draw over the whole range instead.

    Examples
    --------
    >>> import numpy as np
    >>> from skmeta.defaults import HyperparameterPrior
    >>> from skmeta.spaces import Hyperparameter
    >>> C = Hyperparameter("C", "float", 1e-3, 1e3, log=True)
    >>> prior = HyperparameterPrior(C, anchors=[0.5], weights=[1.0], bandwidth=0.01,
    ...                             uniform_weight=0.0)
    >>> 0.5 < prior.rvs(random_state=0) < 2.0  # near C=1, the centre of the log range
    True
    """

    def __init__(
        self,
        hyperparameter: Hyperparameter,
        anchors: ArrayLike,
        weights: ArrayLike,
        *,
        bandwidth: float = 0.08,
        uniform_weight: float = 0.2,
    ) -> None:
        super().__init__(hyperparameter)
        anchors = np.asarray(anchors, dtype=np.float64)
        weights = np.asarray(weights, dtype=np.float64)
        if anchors.ndim != 1 or anchors.shape != weights.shape or anchors.size == 0:
            raise ValueError("anchors and weights must be non-empty 1-D arrays of equal length.")
        if not (np.isfinite(anchors).all() and np.isfinite(weights).all()):
            raise ValueError("anchors and weights must be finite (no NaN or inf).")
        if ((anchors < 0) | (anchors > 1)).any():
            raise ValueError(
                "anchors must be positions in the unit cube, in [0, 1] (the "
                f"hyperparameter's encode()); got {anchors[(anchors < 0) | (anchors > 1)][:3]}."
            )
        if (weights < 0).any() or weights.sum() <= 0:
            raise ValueError("weights must be non-negative with a positive sum.")
        if not (isinstance(uniform_weight, numbers.Real) and 0.0 <= uniform_weight <= 1.0):
            raise ValueError(f"uniform_weight must be in [0, 1]; got {uniform_weight!r}.")
        if not (isinstance(bandwidth, numbers.Real) and 0.0 <= bandwidth < np.inf):
            raise ValueError(f"bandwidth must be a finite number >= 0; got {bandwidth!r}.")
        self.anchors = np.clip(anchors, 0.0, 1.0)
        self.weights = weights / weights.sum()
        self.bandwidth = float(bandwidth)
        self.uniform_weight = float(uniform_weight)

    def sample_unit(self, n: int, random_state: DrawRandomState = None) -> np.ndarray:
        """``n`` draws in the unit cube: near an anchor, or uniform with ``uniform_weight``."""
        rng = draw_rng(random_state)
        pick = rng.choice(self.anchors.size, size=n, p=self.weights)
        u = self.anchors[pick] + self.bandwidth * rng.standard_normal(n)
        uniform = rng.uniform(size=n) < self.uniform_weight
        u = np.where(uniform, rng.uniform(size=n), u)
        return np.clip(u, 0.0, 1.0)

    def __repr__(self) -> str:
        return (
            f"HyperparameterPrior({self.hyperparameter.name!r}, {self.anchors.size} anchors, "
            f"uniform_weight={self.uniform_weight})"
        )


class MetaPrior(BaseEstimator):
    """Hyperparameter distributions learned from the tasks most like a dataset.

    ``fit(X, y)`` finds the ``n_neighbors`` nearest known tasks (scaled OpenML
    meta-features) and, on each, the configurations of the estimator's family in its
    best ``top_fraction``; their encoded values, weighted by normalized score and by the
    task's closeness, anchor one :class:`HyperparameterPrior` per parameter. The result,
    ``param_distributions_``, plugs into ``RandomizedSearchCV`` and
    ``HalvingRandomSearchCV``.

    Parameters
    ----------
    estimator : estimator or Pipeline, default=None
        None: ``HistGradientBoostingClassifier`` / ``...Regressor`` by the target. For a
        ``Pipeline``, its final step's family, and ``param_distributions_`` uses the
        pipeline's parameter names (``svc__C``); likewise for the estimator a
        ``TransformedTargetRegressor`` (``regressor__alpha``), ``CalibratedClassifierCV``
        or one-vs-rest/one-vs-one classifier holds. Search-space parameters it sets away
        from scikit-learn's defaults get no distribution: a search keeps them.
    knowledge : 'default', path or KnowledgeBase, default='default'
        The knowledge shipped with skmeta, a saved directory, or a loaded one.
    n_neighbors : int, default=10
        Nearest known tasks (by scaled meta-features) whose configurations anchor the
        distributions.
    top_fraction : float in (0, 1], default=0.25
        Share of each nearest task's configurations, best first, taken as anchors.
    bandwidth : float, default=0.08
        Jitter around anchors, in unit-cube units.
    uniform_weight : float, default=0.2
        Share of draws from the plain (uniform) space.
    metric : str, default=None
        Knowledge metric the configurations are ranked by (None: 'accuracy' for
        classification, 'r2' for regression).
    categorical_features : array-like of bool, int or str, or str, default=None
        Columns of ``X`` that hold categories, counted as nominal by the meta-features;
        as in :class:`MetaDefaultClassifier`.

    Attributes
    ----------
    param_distributions_ : dict of str to HyperparameterPrior
        One distribution per hyperparameter, under the estimator's parameter names
        (except the kept ones).
    kept_params_ : dict
        The search-space parameters ``estimator`` sets away from scikit-learn's
        defaults, left out of ``param_distributions_``.
    neighbors_ : list of (str, float)
        The nearest known tasks and their distances.
    metafeatures_ : dict
        The dataset's meta-features.
    n_features_in_ : int
        Number of columns of ``X``.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Only when ``X`` has string column names.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.model_selection import RandomizedSearchCV
    >>> from sklearn.neighbors import KNeighborsClassifier
    >>> from skmeta import MetaPrior
    >>> from skmeta.knowledge import build_knowledge
    >>> from skmeta.tasks import load_sklearn_dataset
    >>> kb = build_knowledge([load_sklearn_dataset(n) for n in ("wine", "breast_cancer")],
    ...                      ["k_neighbors"], n_configs=8, verbose=0)
    >>> X, y = load_iris(return_X_y=True)
    >>> prior = MetaPrior(KNeighborsClassifier(), knowledge=kb).fit(X, y)
    >>> search = RandomizedSearchCV(KNeighborsClassifier(), prior.param_distributions_,
    ...                             n_iter=4, random_state=0).fit(X, y)
    >>> sorted(search.best_params_)
    ['n_neighbors', 'p', 'weights']
    """

    def __init__(
        self,
        estimator: Estimator | None = None,
        *,
        knowledge: str | PathLike_ | KnowledgeBase = "default",
        n_neighbors: int = 10,
        top_fraction: float = 0.25,
        bandwidth: float = 0.08,
        uniform_weight: float = 0.2,
        metric: str | None = None,
        categorical_features: ArrayLike | str | None = None,
    ) -> None:
        self.estimator = estimator
        self.knowledge = knowledge
        self.n_neighbors = n_neighbors
        self.top_fraction = top_fraction
        self.bandwidth = bandwidth
        self.uniform_weight = uniform_weight
        self.metric = metric
        self.categorical_features = categorical_features

    _parameter_constraints: dict = {
        "estimator": [None, HasMethods(["fit"])],
        "knowledge": [str, os.PathLike, KnowledgeBase],
        "n_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
        "top_fraction": [Interval(numbers.Real, 0, 1, closed="right")],
        "bandwidth": [Interval(numbers.Real, 0, None, closed="left")],
        "uniform_weight": [Interval(numbers.Real, 0, 1, closed="both")],
        "metric": [None, str],
        "categorical_features": ["array-like", str, None],
    }

    def _validate_params(self):
        from ._meta_default import validate_params_with_hint

        validate_params_with_hint(self)

    @replaces_fit
    @_fit_context(prefer_skip_nested_validation=False)
    def fit(
        self,
        X: MatrixLike,
        y: ArrayLike,
        kind: str | None = None,
        *,
        sample_weight: ArrayLike | None = None,
    ) -> MetaPrior:
        """Learn the distributions for the dataset (X, y).

        Parameters
        ----------
        X : array-like, sparse matrix or DataFrame of shape (n_samples, n_features)
            As :class:`MetaDefaultClassifier` takes it for ``estimator``.
        y : array-like of shape (n_samples,)
        kind : {'classification', 'regression'}, default=None
            None: the estimator's, or inferred from ``y`` without an estimator.
        sample_weight : array-like of shape (n_samples,), default=None
            The weights the search will fit with: the meta-features describe the rows
            as they count them, as in :class:`MetaDefaultClassifier` (an integer weight
            as that many copies of the row, 0 leaving it out).

        Returns
        -------
        self
        """
        from ..strategies import NearestTasks
        from ..utils._tabular import as_pandas_frame, check_row_weights
        from ._meta_default import (
            _helper_for,
            _is_frame,
            _validate_fit_input,
            _warn_if_unscaled,
            describe,
            final_step,
            fit_cached,
            kept_params,
        )

        X = as_pandas_frame(X)  # a polars or Arrow frame: its pandas equivalent
        kind, helper = _helper_for(
            self.estimator, y, kind, X=X, knowledge=self.knowledge, metric=self.metric
        )
        given = X
        X, y, _ = _validate_fit_input(self, helper._base_estimator(), kind, X, y)
        kb, _, key, space, metric = helper._table()
        _warn_if_unscaled(space, self.estimator, X)
        weights = check_row_weights(sample_weight, X)  # bad ones named, not ignored
        self.metafeatures_ = describe(
            given if _is_frame(given) else X,
            y,
            kind,
            self.estimator,
            self.categorical_features,
            weights,
        )
        nn = fit_cached(NearestTasks(n_neighbors=self.n_neighbors), kb, key, metric)
        distributions, self.neighbors_ = self._nearest(space, nn, self.metafeatures_)
        self.kept_params_ = kept_params(self.estimator, space)
        prefix = final_step(self.estimator)[1]  # a pipeline's: its final step's names
        self.param_distributions_ = {
            prefix + k: v for k, v in distributions.items() if k not in self.kept_params_
        }
        return self

    def __sklearn_tags__(self):
        from sklearn.ensemble import HistGradientBoostingClassifier

        from ._meta_default import _with_input_tags_of

        # without an estimator, gradient boosting's (both kinds take the same input)
        # (not `self.estimator or ...`: an unfitted forest's len() raises)
        estimator = self.estimator
        if estimator is None:
            estimator = HistGradientBoostingClassifier()
        tags = _with_input_tags_of(super().__sklearn_tags__(), estimator)
        # fit only describes the data, and the meta-features take missing values (the
        # estimator's own tags cannot say whether a pipeline imputes them first)
        tags.input_tags.allow_nan = True
        return tags

    def _nearest(self, space, strategy, metafeatures):
        """The distributions anchored on the fitted ``strategy``'s nearest known tasks
        to ``metafeatures`` (closeness-weighted), and those tasks with their distances.
        Any strategy fitted on the same table with ``n_neighbors`` finds the same."""
        z = strategy.scaler_.transform(metafeatures)[0]
        idx, dist = strategy._neighbors(z)
        closeness = _closeness(dist, strategy.typical_distance_)
        neighbors = [(strategy.task_names_[i], float(d)) for i, d in zip(idx, dist, strict=True)]
        return self._distributions(space, strategy, idx, closeness), neighbors

    def _distributions(self, space, strategy, tasks, task_weights):
        """One HyperparameterPrior per parameter, anchored on the best ``top_fraction``
        of the configurations of the fitted ``strategy``'s known ``tasks`` (rows of its
        ``normalized_``), weighted by normalized score times ``task_weights``."""
        U = space.encode(strategy.configs_)
        anchors, weights = [], []
        n_top = max(1, round(self.top_fraction * U.shape[0]))
        for task, w in zip(tasks, task_weights, strict=True):
            scores = np.nan_to_num(strategy.normalized_[task], nan=-1.0)
            best = np.argsort(-scores, kind="stable")[:n_top]
            anchors.append(U[best])
            weights.append(w * np.maximum(scores[best], 1e-3))
        A = np.vstack(anchors)
        W = np.concatenate(weights)
        return {
            p.name: HyperparameterPrior(
                p, A[:, j], W, bandwidth=self.bandwidth, uniform_weight=self.uniform_weight
            )
            for j, p in enumerate(space.params)
        }
