"""``suggest``: ranked configurations for a dataset, without training anything."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field, fields

import pandas as pd

from ..knowledge import KnowledgeBase
from ..utils._checks import is_int
from ..utils._typing import ArrayLike, Estimator, MatrixLike, PathLike_

__all__ = ["Suggestions", "suggest"]


@dataclass
class Suggestions:
    """Ranked configurations for one dataset and the known tasks behind them.

    What :func:`suggest` returns; each parameter is kept as an attribute of the same
    name. It is also the sequence of its configurations, best first: ``len``, indexing
    and iteration give the parameter dicts.

    Parameters
    ----------
    estimator : str
        The estimator class the configurations are for.
    configs : list of dict
        Best first.
    predicted_scores : list of float
        Normalized (1 = the best configuration on similar tasks, 0 = the worst).
    neighbors : list of (str, float)
        The nearest known tasks and their distances in scaled meta-feature space.
    distance_ratio : float
        Nearest-task distance over the typical one among known tasks.
    far_from_knowledge : bool
        Whether ``distance_ratio`` exceeds the threshold beyond which
        :class:`MetaDefaultClassifier` falls back to scikit-learn's defaults.
    metafeatures : dict, default={}
        The dataset's meta-features.
    kept_params : dict, default={}
        Search-space parameters the estimator sets away from scikit-learn's defaults,
        kept in every configuration.
    default_config : dict or None, default=None
        scikit-learn's default configuration as the configurations are written (with
        the kept parameters), or None when unknown: :meth:`to_frame` then marks it.

    Examples
    --------
    >>> from skmeta.defaults import Suggestions
    >>> s = Suggestions("Ridge", [{"alpha": 1.0}], [0.9], [("diabetes", 0.0)], 0.0, False)
    >>> s.to_frame()["alpha"].tolist()
    [1.0]
    >>> len(s), s[0]
    (1, {'alpha': 1.0})
    >>> s.default_config = {"alpha": 1.0}
    >>> s.default_flags(), s.to_frame()["is_default"].tolist()
    ([True], [True])
    """

    estimator: str
    configs: list
    predicted_scores: list
    neighbors: list
    distance_ratio: float
    far_from_knowledge: bool
    metafeatures: dict = field(default_factory=dict, repr=False)
    kept_params: dict = field(default_factory=dict)
    default_config: dict | None = None

    def __eq__(self, other: object) -> bool:
        # a meta-feature undefined on the dataset (NaN, as OpenML leaves it empty) is
        # the same in both: the dataclass's field-by-field == would call them unequal
        if not isinstance(other, Suggestions):
            return NotImplemented
        return all(
            _same(getattr(self, f.name), getattr(other, f.name)) for f in fields(Suggestions)
        )

    def __len__(self) -> int:
        return len(self.configs)

    def __getitem__(self, index: int) -> dict:
        return self.configs[index]

    def __iter__(self) -> Iterator[dict]:
        return iter(self.configs)

    def default_flags(self) -> list[bool]:
        """For each configuration, whether it is :attr:`default_config` (all False when
        that is unknown)."""
        return [c == self.default_config for c in self.configs]

    def to_frame(self) -> pd.DataFrame:
        """One row per configuration: its predicted score, whether it is
        scikit-learn's default (when :attr:`default_config` is known) and its
        parameters."""
        frame = pd.DataFrame(self.configs)
        if self.default_config is not None:
            frame.insert(0, "is_default", self.default_flags())
        frame.insert(0, "predicted_score", self.predicted_scores)
        frame.index = pd.RangeIndex(1, len(frame) + 1, name="rank")
        return frame


def _same(a, b) -> bool:
    """``a == b``, with NaN equal to NaN, through dicts, lists and tuples."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return bool(a == b)


def suggest(
    X: MatrixLike,
    y: ArrayLike,
    estimator: Estimator | None = None,
    k: int = 5,
    *,
    knowledge: str | PathLike_ | KnowledgeBase = "default",
    strategy: str = "hybrid",
    n_neighbors: int = 20,
    min_advantage: float | str = "auto",
    metric: str | None = None,
    kind: str | None = None,
    categorical_features: ArrayLike | str | None = None,
) -> Suggestions:
    """The ``k`` configurations of ``estimator`` that did best on similar earlier tasks.

    Computes the dataset's meta-features, ranks the knowledge's configurations for the
    estimator's family (``strategy``: 'hybrid', 'nearest', 'portfolio' or 'surrogate') and returns
    them with their predicted scores and the nearest known tasks; nothing is trained.

    Parameters
    ----------
    X : array-like, sparse matrix or DataFrame of shape (n_samples, n_features)
        The dataset, as :class:`MetaDefaultClassifier` takes it; only described.
    y : array-like of shape (n_samples,)
        Its target.
    estimator : estimator or Pipeline, default=None
        None: ``HistGradientBoostingClassifier`` or ``...Regressor`` by the target. For
        a ``Pipeline``, its final step's configurations (unprefixed); likewise for the
        estimator a ``TransformedTargetRegressor``, ``CalibratedClassifierCV`` or
        one-vs-rest/one-vs-one classifier holds. Search-space parameters it sets away
        from scikit-learn's defaults are kept in every configuration, as
        :class:`MetaDefaultClassifier` keeps them.
    k : int, default=5
        Number of configurations returned (fewer when the knowledge holds fewer
        distinct ones once the estimator's kept parameters are set).
    knowledge : 'default', path or KnowledgeBase, default='default'
        The knowledge shipped with skmeta, a saved directory, or a loaded one.
    strategy : {'hybrid', 'nearest', 'portfolio', 'surrogate'}, default='hybrid'
        How configurations are ranked.
    n_neighbors : int, default=20
        Nearest known tasks the ranking looks at.
    min_advantage : float in [0, 1] or 'auto', default='auto'
        As in :class:`MetaDefaultClassifier`: the first suggestion is scikit-learn's
        default unless a learned configuration clearly beat it on the nearest tasks.
    metric : str, default=None
        'accuracy' for classification, 'r2' for regression when None.
    kind : {'classification', 'regression'}, default=None
        Inferred from ``y`` (or the estimator) when None.
    categorical_features : array-like of bool, int or str, or str, default=None
        Columns of ``X`` that hold categories, counted as nominal by the meta-features;
        as in :class:`MetaDefaultClassifier`.

    Returns
    -------
    Suggestions
        The top ``k`` configurations, best first, with their predicted scores, the
        nearest known tasks and the dataset's meta-features.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.neighbors import KNeighborsClassifier
    >>> from skmeta import suggest
    >>> from skmeta.knowledge import build_knowledge
    >>> from skmeta.tasks import load_sklearn_dataset
    >>> kb = build_knowledge([load_sklearn_dataset(n) for n in ("wine", "breast_cancer")],
    ...                      ["k_neighbors"], n_configs=6, verbose=0)
    >>> X, y = load_iris(return_X_y=True)
    >>> s = suggest(X, y, KNeighborsClassifier(), k=3, knowledge=kb)
    >>> len(s.configs), s.neighbors[0][0] in ("wine", "breast_cancer")
    (3, True)
    """
    from ..utils._tabular import as_pandas_frame
    from ._meta_default import _helper_for, _warn_if_unscaled, describe, kept_params, with_kept

    X = as_pandas_frame(X)
    if not is_int(k) or k < 1:
        raise ValueError(f"k must be a positive integer; got {k!r}.")
    k = int(k)
    kind, helper = _helper_for(
        estimator,
        y,
        kind,
        X=X,
        knowledge=knowledge,
        strategy=strategy,
        n_neighbors=n_neighbors,
        min_advantage=min_advantage,
        metric=metric,
    )
    kb, _, key, space, metric = helper._table()
    _warn_if_unscaled(space, estimator, X)
    mf = describe(X, y, kind, estimator, categorical_features)
    ranking = helper._fitted_strategy(kb, key, metric).rank(mf)
    kept = kept_params(estimator, space)
    top = with_kept(kb.configs(key), ranking.order, kept, k)
    predicted = dict(zip(ranking.order.tolist(), ranking.predicted.tolist(), strict=True))
    return Suggestions(
        estimator=space.name,
        configs=[config for _, config in top],
        predicted_scores=[float(predicted[i]) for i, _ in top],
        neighbors=ranking.neighbors,
        distance_ratio=ranking.distance_ratio,
        far_from_knowledge=ranking.distance_ratio > helper.max_distance_ratio,
        metafeatures=mf,
        kept_params=kept,
        default_config={**space.default_config(), **kept},
    )
