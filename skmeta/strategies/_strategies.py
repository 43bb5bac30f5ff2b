"""From meta-features to configurations: nearest tasks, greedy portfolios, a surrogate.

All strategies read one score table of a :class:`~skmeta.knowledge.KnowledgeBase`
(tasks x configurations for one metric), normalize each task's scores to [0, 1] (0 the
task's worst configuration, 1 its best), and rank the table's configurations for a new
task described by its meta-features. They are plain objects with ``fit(knowledge, key,
metric)`` and ``rank(metafeatures)``; the estimators built on them hold them as
parameters.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from sklearn.exceptions import NotFittedError
from sklearn.utils import check_random_state

from ..utils._checks import is_int, is_real
from ..utils._fitted import replaces_fit
from ..utils._typing import ArrayLike, RandomStateLike

if TYPE_CHECKING:
    from ..knowledge import KnowledgeBase

__all__ = [
    "AUTO_MIN_ADVANTAGES",
    "DEFAULT_METAFEATURES",
    "TARGET_SCALE_FAMILIES",
    "MetaFeatureScaler",
    "NearestTasks",
    "Portfolio",
    "Ranking",
    "Surrogate",
    "default_metafeatures",
    "normalized_scores",
    "rank_by_observed",
]

#: Meta-features the strategies compare tasks by: size, shape, types, classes,
#: missingness, distribution shape and information content (OpenML names).
DEFAULT_METAFEATURES = (
    "NumberOfInstances",
    "NumberOfFeatures",
    "Dimensionality",
    "PercentageOfNumericFeatures",
    "PercentageOfBinaryFeatures",
    "PercentageOfMissingValues",
    "NumberOfClasses",
    "MajorityClassPercentage",
    "MinorityClassPercentage",
    "ClassEntropy",
    "MeanSkewnessOfNumericAtts",
    "MeanKurtosisOfNumericAtts",
    "MeanAttributeEntropy",
    "MeanMutualInformation",
    "EquivalentNumberOfAtts",
    "TargetSkewness",
    "TargetKurtosis",
)
_HEAVY_TAILED = (
    "NumberOf",
    "Dimensionality",
    "Kurtosis",
    "Skewness",
    "EquivalentNumberOfAtts",
    "TargetStdDev",
)

#: Families whose fit depends on the scale of a regression target -- SVR's ``epsilon``
#: and ``C`` act on it, an MLP's output layer is not rescaled -- so that their regression
#: tables also compare tasks by it (``TargetStdDev``). The other families' scores do not
#: change when the target is multiplied by a constant.
TARGET_SCALE_FAMILIES = ("svm", "mlp")


def default_metafeatures(key: str) -> tuple[str, ...]:
    """The meta-features the strategies compare tasks by in table ``key``.

    :data:`DEFAULT_METAFEATURES`, plus ``TargetStdDev`` for the regression tables of
    :data:`TARGET_SCALE_FAMILIES` (whose fits depend on the target's scale).

    Parameters
    ----------
    key : str
        A table key, 'family/kind' (e.g. 'svm/regression').

    Returns
    -------
    tuple of str
        Meta-feature names.

    Examples
    --------
    >>> from skmeta.strategies import default_metafeatures
    >>> default_metafeatures("svm/regression")[-1]
    'TargetStdDev'
    >>> "TargetStdDev" in default_metafeatures("random_forest/regression")
    False
    """
    if not isinstance(key, str):
        raise TypeError(f"key must be a table key ('family/kind'); got {key!r}.")
    family, _, kind = key.partition("/")
    if kind == "regression" and family in TARGET_SCALE_FAMILIES:
        return (*DEFAULT_METAFEATURES, "TargetStdDev")
    return DEFAULT_METAFEATURES


#: The thresholds ``min_advantage="auto"`` chooses from (see :class:`NearestTasks`).
AUTO_MIN_ADVANTAGES = (0.25, 0.5, 0.75)
_TIE = 1e-3  # normalized-score differences within this count as ties
_LOSS_WEIGHT = 1.5  # a loss against the default counts 1.5 wins


def _default_index(knowledge, key):
    """The column of scikit-learn's default configuration in a table (None when the
    table lacks it or has no search space)."""
    space = knowledge.space(key)
    if space is None:
        return None
    default = space.default_config()
    return next((i for i, c in enumerate(knowledge.configs(key)) if c == default), None)


def _apart(D, groups):
    """Task distances ``D`` with those between tasks of the same group made infinite."""
    return np.where(groups[:, None] == groups[None, :], np.inf, D)


def _typical_distance(D, groups):
    """The median over known tasks of the distance to the nearest task of *another*
    group (``D``: task distances, infinite diagonal): what a new dataset, which is in no
    group of the knowledge, is compared with. Near-duplicates (62 of the shipped 98
    regression tasks are Friedman's ``fri_*``) would otherwise make it the distance
    between siblings, and flag most real datasets as unlike the knowledge. Without two
    groups, the nearest task of any group; 1.0 if that is 0 or undefined (one task)."""
    other = _apart(D, groups).min(axis=1)
    nearest = other[np.isfinite(other)]
    if nearest.size == 0:
        nearest = D.min(axis=1)
    typical = float(np.median(nearest)) if nearest.size else np.inf
    return typical if np.isfinite(typical) and typical > 0 else 1.0


def _closeness(distances, typical):
    """Weights of known tasks by their distances: ``1 / (distance + 1e-3 * typical)``
    (finite for a distance of zero)."""
    return 1.0 / (np.asarray(distances) + 1e-3 * typical)


def normalized_scores(scores: np.ndarray, direction: str = "max") -> np.ndarray:
    """Each row scaled to [0, 1]: 1 for the task's best configuration, 0 for its worst.

    NaN (failed) stays NaN; a row whose configurations all score the same is 1.

    Parameters
    ----------
    scores : ndarray of shape (n_tasks, n_configs)
        Raw scores of each configuration on each task.
    direction : {'max', 'min'}, default='max'
        Whether higher ('max', e.g. accuracy) or lower ('min', e.g. RMSE) is better.

    Returns
    -------
    ndarray of shape (n_tasks, n_configs)
        The normalized scores.

    Examples
    --------
    >>> import numpy as np
    >>> from skmeta.strategies import normalized_scores
    >>> normalized_scores(np.array([[0.5, 0.7, 0.9], [2.0, 1.0, np.nan]]), "max")
    array([[0. , 0.5, 1. ],
           [1. , 0. , nan]])
    """
    if direction not in ("max", "min"):
        raise ValueError(f"direction must be 'max' or 'min'; got {direction!r}.")
    try:
        S = np.asarray(scores, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError("scores must hold numbers (NaN for a failed evaluation).") from None
    if S.ndim != 2:
        raise ValueError(f"scores must be 2-D (n_tasks, n_configs); got shape {S.shape}.")
    if np.isinf(S).any():
        # it would turn its row's other scores to 0 or NaN
        raise ValueError("scores holds infinite values; give NaN for a failed evaluation.")
    if direction == "min":
        S = -S
    return _scaled_rows(S, S)


def _scaled_rows(S: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Each row of ``S`` scaled so that the same row of ``reference`` (higher is better)
    spans [0, 1]: 1 when that row's values are all the same; NaN stays NaN."""
    with np.errstate(all="ignore"):
        lo = np.nanmin(np.where(np.isnan(reference), np.inf, reference), axis=1, keepdims=True)
        hi = np.nanmax(np.where(np.isnan(reference), -np.inf, reference), axis=1, keepdims=True)
        span = hi - lo
        out = np.where(span > 0, (S - lo) / np.where(span > 0, span, 1.0), 1.0)
    return np.where(np.isnan(S), np.nan, out)


# the share of known tasks that must be off a meta-feature's median for it to count
_MIN_OFF_MEDIAN = 0.05


def _metafeature_names(names, what: str) -> tuple[str, ...]:
    """Meta-feature names as a tuple: one name alone, or several; a ValueError for none
    and a TypeError for what is not a name."""
    names = (names,) if isinstance(names, str) else tuple(names)
    if not names:
        raise ValueError(f"{what} is empty: name at least one meta-feature (or pass None).")
    wrong = [n for n in names if not isinstance(n, str)]
    if wrong:
        raise TypeError(f"{what} must hold meta-feature names (str); got {wrong[0]!r}.")
    return names


def _init_repr(obj: object) -> str:
    """``Class(name=value, ...)`` of the constructor arguments that differ from their
    defaults, as scikit-learn's estimators show themselves."""
    import inspect

    shown = []
    for name, p in inspect.signature(type(obj).__init__).parameters.items():
        if name == "self" or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        value = getattr(obj, name, p.default)
        try:
            same = bool(value == p.default)
        except (TypeError, ValueError):  # an array, say
            same = False
        if not same:
            shown.append(f"{name}={value!r}")
    return f"{type(obj).__name__}({', '.join(shown)})"


class MetaFeatureScaler:
    """Put meta-features on comparable scales: signed log for heavy-tailed ones, then
    robust standardization (median, interquartile range; the standard deviation when
    over half the tasks share the median) fitted on the known tasks; a missing value
    (undefined quality) becomes 0, the median. A meta-feature that is the same on
    (nearly) every known task cannot tell known tasks apart, nor say how much a new
    value matters: every regression task of the shipped knowledge is all-numeric, and
    one classification task in 125 has missing values. It is left out (0 for every
    task), instead of making every dataset that differs there look unlike all of the
    knowledge; a meta-feature counts when at least 2 known tasks, and 5% of them, are
    off its median.

    Parameters
    ----------
    names : str or sequence of str, default=DEFAULT_METAFEATURES
        The meta-features used (those absent from the knowledge are dropped); one by
        name, or several.

    Examples
    --------
    >>> import pandas as pd
    >>> from skmeta.strategies import MetaFeatureScaler
    >>> mf = pd.DataFrame({"NumberOfInstances": [100.0, 1000.0, 10000.0]})
    >>> MetaFeatureScaler(["NumberOfInstances"]).fit(mf).transform(mf).round(2).ravel()
    array([-1.,  0.,  1.])
    """

    def __init__(self, names: str | Sequence[str] = DEFAULT_METAFEATURES) -> None:
        self.names = _metafeature_names(names, "names")

    def __repr__(self) -> str:
        return _init_repr(self)

    def _raw(self, A: np.ndarray) -> np.ndarray:
        heavy = [any(tag in name for tag in _HEAVY_TAILED) for name in self.names_]
        A[:, heavy] = np.sign(A[:, heavy]) * np.log1p(np.abs(A[:, heavy]))
        return A

    def _matrix(self, metafeatures) -> np.ndarray:
        """The used meta-features as a float matrix (NaN where absent or undefined)."""
        if isinstance(metafeatures, pd.DataFrame):
            return metafeatures.reindex(columns=list(self.names_)).to_numpy(
                dtype=np.float64, copy=True
            )
        mf = dict(metafeatures)  # one task: a mapping, no DataFrame round trip

        def value(name):
            v = mf.get(name)
            if v is None or (np.ndim(v) == 0 and pd.isna(v)):  # absent, or undefined
                return np.nan
            try:
                return float(v)
            except (TypeError, ValueError):
                raise ValueError(f"Meta-feature {name!r} must be a number; got {v!r}.") from None

        return np.array([[value(n) for n in self.names_]], dtype=np.float64)

    @replaces_fit
    def fit(self, metafeatures: pd.DataFrame) -> MetaFeatureScaler:
        """Learn each meta-feature's transform, center and scale from the known tasks (rows)."""
        if not isinstance(metafeatures, pd.DataFrame):
            raise TypeError(
                "metafeatures must be a DataFrame with one column per meta-feature (e.g. a "
                f"knowledge base's .metafeatures); got {type(metafeatures).__name__}."
            )
        present = [n for n in self.names if n in metafeatures.columns]
        if not present:
            raise ValueError(
                f"None of the meta-features {list(self.names)[:5]}... is in the knowledge."
            )
        self.names_ = present
        A = self._raw(self._matrix(metafeatures))
        with np.errstate(all="ignore"), _quiet():
            self.center_ = np.nan_to_num(np.nanmedian(A, axis=0))
            q1, q3 = np.nanpercentile(A, [25, 75], axis=0)
            scale = np.nan_to_num(q3 - q1)
            std = np.nan_to_num(np.nanstd(A, axis=0))
        # tasks off the median (NaN, undefined, is not): a meta-feature needs a few
        self.n_off_median_ = (np.abs(A - self.center_) > 0).sum(axis=0)
        min_off = max(2, int(np.ceil(_MIN_OFF_MEDIAN * A.shape[0])))
        self.informative_ = self.n_off_median_ >= min_off
        # over half the tasks at the median: the interquartile range is 0, the spread
        # of the whole is what is left
        self.scale_ = np.where(scale > 0, scale, np.where(std > 0, std, 1.0))
        return self

    def transform(self, metafeatures: pd.DataFrame | pd.Series | Mapping[str, float]) -> np.ndarray:
        """Scaled meta-features (a dict, Series or frame), clipped to [-10, 10], missing as 0."""
        if not hasattr(self, "scale_"):
            raise NotFittedError("This MetaFeatureScaler is not fitted yet; call fit first.")
        Z = (self._raw(self._matrix(metafeatures)) - self.center_) / self.scale_
        Z[:, ~self.informative_] = 0.0  # the same on every known task: no information
        return np.nan_to_num(np.clip(Z, -10.0, 10.0))


class _quiet:
    def __enter__(self):
        import warnings

        self._cm = warnings.catch_warnings()
        self._cm.__enter__()
        warnings.simplefilter("ignore", RuntimeWarning)

    def __exit__(self, *exc):
        return self._cm.__exit__(*exc)


class Ranking:
    """Configurations of one table ranked for a task, best first.

    What a strategy's ``rank`` returns; each parameter is kept as an attribute of the
    same name.

    Parameters
    ----------
    order : ndarray of int
        Configuration indices, best first.
    predicted : ndarray
        Predicted normalized score (0 worst .. 1 best on similar tasks) in that order.
    neighbors : list of (task name, distance)
        The nearest known tasks (all strategies report them).
    distance_ratio : float
        Distance to the nearest known task divided by the typical such distance among
        the known tasks (the median distance from a known task to its nearest task of
        another group: near-duplicates do not count); above a strategy's
        ``max_distance_ratio`` the task counts as unlike the knowledge.

    Examples
    --------
    >>> from skmeta.strategies import Ranking
    >>> r = Ranking([2, 0, 1], [0.9, 0.5, 0.1], [("iris", 0.4)], 0.8)
    >>> int(r.order[0]), r.neighbors[0][0]
    (2, 'iris')
    """

    def __init__(
        self,
        order: ArrayLike,
        predicted: ArrayLike,
        neighbors: Sequence[tuple[str, float]],
        distance_ratio: float,
    ) -> None:
        self.order = np.asarray(order)
        self.predicted = np.asarray(predicted, dtype=np.float64)
        self.neighbors = list(neighbors)
        self.distance_ratio = float(distance_ratio)

    def __repr__(self) -> str:
        more = ", ..." if self.order.size > 5 else ""
        top = ", ".join(
            f"{int(i)}: {p:.3g}" for i, p in zip(self.order[:5], self.predicted[:5], strict=False)
        )
        near = ", ".join(f"{name!r} at {d:.3g}" for name, d in self.neighbors[:3])
        return (
            f"Ranking({self.order.size} configurations, best first {{{top}{more}}}; nearest "
            f"tasks {near or 'none'}; distance ratio {self.distance_ratio:.3g})"
        )


def _check_knowledge(knowledge) -> None:
    from ..knowledge import KnowledgeBase

    if not isinstance(knowledge, KnowledgeBase):
        raise TypeError(
            f"knowledge must be a KnowledgeBase (e.g. KnowledgeBase.load_default()); got "
            f"{type(knowledge).__name__}."
        )


class _Strategy:
    """Shared fitting: the table, its normalized scores, the scaled meta-features."""

    def __init__(
        self,
        *,
        n_neighbors: int = 10,
        max_distance_ratio: float = 3.0,
        metafeatures: Sequence[str] | None = None,
        min_advantage: float | str = 0.0,
    ) -> None:
        if not (
            (isinstance(min_advantage, str) and min_advantage == "auto")
            or (
                isinstance(min_advantage, numbers.Real)
                and not isinstance(min_advantage, (bool, np.bool_))
                and 0.0 <= min_advantage <= 1.0
            )
        ):
            raise ValueError(f"min_advantage must be in [0, 1] or 'auto'; got {min_advantage!r}.")
        if not is_int(n_neighbors):
            raise TypeError(f"n_neighbors must be an int; got {n_neighbors!r}.")
        if n_neighbors < 1:
            raise ValueError(f"n_neighbors must be at least 1; got {n_neighbors}.")
        if not is_real(max_distance_ratio) or not max_distance_ratio > 0:
            raise ValueError(
                f"max_distance_ratio must be a number > 0 (inf: never far); got "
                f"{max_distance_ratio!r}."
            )
        self.n_neighbors = n_neighbors
        self.max_distance_ratio = max_distance_ratio
        self.metafeatures = metafeatures
        self.min_advantage = min_advantage

    def __repr__(self) -> str:
        return _init_repr(self)

    @replaces_fit
    def fit(self, knowledge: KnowledgeBase, key: str, metric: str) -> _Strategy:
        """Learn from table ``key`` of ``knowledge``, scored by ``metric``.

        Parameters
        ----------
        knowledge : KnowledgeBase
        key : str
            A table, ``'family/kind'``.
        metric : str
            A metric of the table (its direction comes from the knowledge).

        Returns
        -------
        self
        """
        _check_knowledge(knowledge)
        scores = knowledge.scores(key, metric)
        direction = knowledge.metrics[metric]
        rows = ~np.all(np.isnan(scores), axis=1)
        if rows.sum() < 2:
            raise ValueError(
                f"Table {key!r} has scores of {int(rows.sum())} task(s) for {metric!r}; at "
                "least 2 are needed."
            )
        self.key_, self.metric_ = key, metric
        self.task_names_ = [n for n, r in zip(knowledge.task_names, rows, strict=True) if r]
        self.normalized_ = normalized_scores(scores[rows], direction)
        self.configs_ = knowledge.configs(key)
        self.default_index_ = _default_index(knowledge, key)
        mf = knowledge.metafeatures.iloc[np.flatnonzero(rows)]
        names = (
            default_metafeatures(key)
            if self.metafeatures is None
            else _metafeature_names(self.metafeatures, "metafeatures")
        )
        self.scaler_ = MetaFeatureScaler(names).fit(mf)
        self.Z_ = self.scaler_.transform(mf)
        D = np.sqrt(((self.Z_[:, None, :] - self.Z_[None, :, :]) ** 2).sum(axis=2))
        np.fill_diagonal(D, np.inf)
        # a task without a group is a group of its own
        groups = np.array(
            [
                f"task\0{name}" if pd.isna(g) else f"group\0{g}"
                for g, name in zip(
                    knowledge.tasks["group"].to_numpy(dtype=object)[rows],
                    self.task_names_,
                    strict=True,
                )
            ]
        )
        self.typical_distance_ = _typical_distance(D, groups)
        self._fit_rest()
        if self.min_advantage == "auto":
            self.min_advantage_, self.min_advantage_record_ = self._choose_min_advantage(D, groups)
        else:
            self.min_advantage_ = float(self.min_advantage)
        return self

    def _fit_rest(self):
        pass

    def _inner_order(self, z, idx, dist):
        """The ranking of a known task from its neighbours (``_choose_min_advantage``)."""
        return np.argsort(-np.nan_to_num(self._predict(z, idx, dist), nan=-1.0), kind="stable")

    def _choose_min_advantage(self, D, groups):
        """The threshold of :data:`AUTO_MIN_ADVANTAGES` with the most net wins against
        scikit-learn's default, leave-one-group-out over the known tasks.

        Each known task is ranked from its nearest tasks of *other* groups (near-duplicates
        share a group), and each threshold's first pick is compared with the default on
        the task's own normalized scores: a win above +1e-3, a loss below -1e-3 or on a
        failure. Net wins are the wins minus 1.5 times the losses, each group weighing
        one (its tasks 1 / its size); the most net wins is kept, ties going to the larger
        (safer) threshold.
        """
        candidates = AUTO_MIN_ADVANTAGES
        d = self.default_index_
        net = np.zeros(len(candidates))
        if d is not None:
            D = _apart(D, groups)
            _, inverse, counts = np.unique(groups, return_inverse=True, return_counts=True)
            weight = 1.0 / counts[inverse]
            k = min(self.n_neighbors, D.shape[0])
            for t in range(D.shape[0]):
                if np.isnan(self.normalized_[t, d]):
                    continue
                idx = np.argsort(D[t], kind="stable")[:k]
                idx = idx[np.isfinite(D[t, idx])]
                if idx.size == 0:
                    continue
                dist = D[t, idx]
                order = self._inner_order(self.Z_[t], idx, dist)
                advantage = self._advantage(idx, dist)  # shared by every threshold
                for c, m in enumerate(candidates):
                    first = self._first_safe(order, advantage, m)
                    diff = self.normalized_[t, first] - self.normalized_[t, d]
                    net[c] += weight[t] * (int(diff > _TIE) - _LOSS_WEIGHT * int(not diff >= -_TIE))
        best = max(range(len(candidates)), key=lambda c: (round(net[c], 9), c))
        return candidates[best], dict(zip(candidates, (float(v) for v in net), strict=True))

    def _neighbors(self, z):
        d = np.sqrt(((self.Z_ - z) ** 2).sum(axis=1))
        k = min(self.n_neighbors, d.size)
        idx = np.argsort(d, kind="stable")[:k]
        return idx, d[idx]

    def rank(self, metafeatures: pd.DataFrame | pd.Series | Mapping[str, float]) -> Ranking:
        """Rank the table's configurations for a task with these meta-features (a dict)."""
        z = self._scaled(metafeatures)
        idx, dist = self._neighbors(z)
        predicted = self._predict(z, idx, dist)
        order = np.argsort(-np.nan_to_num(predicted, nan=-1.0), kind="stable")
        order = self._safe_first(order, idx, dist)
        return Ranking(
            order,
            predicted[order],
            [(self.task_names_[i], float(d)) for i, d in zip(idx, dist, strict=True)],
            dist[0] / self.typical_distance_,
        )

    def _scaled(self, metafeatures) -> np.ndarray:
        """One task's scaled meta-features; errors for an unfitted strategy or for
        meta-features of several tasks."""
        if not hasattr(self, "scaler_"):
            raise NotFittedError(
                f"This {type(self).__name__} is not fitted yet; call fit(knowledge, key, "
                "metric) first."
            )
        if isinstance(metafeatures, pd.DataFrame) and len(metafeatures) != 1:
            raise ValueError(
                f"rank takes the meta-features of one task; got {len(metafeatures)} rows."
            )
        return self.scaler_.transform(metafeatures)[0]

    def _advantage(self, idx, dist):
        """Per configuration, over the nearest tasks ``idx`` (closeness-weighted): the
        share on which it beat scikit-learn's default minus the share it lost on (a
        failure counts as a loss). Needs ``default_index_``."""
        d = self.default_index_
        w = _closeness(dist, self.typical_distance_)
        w = w / w.sum()
        N = self.normalized_[idx]
        diff = N - N[:, [d]]
        has_default = ~np.isnan(N[:, [d]])
        win = ((diff > _TIE) & has_default).T @ w
        loss = (((diff < -_TIE) | np.isnan(N)) & has_default).T @ w
        return win - loss

    def _first_safe(self, order, advantage, min_advantage):
        """The best-ranked configuration that is the default or has at least
        ``min_advantage`` of :meth:`_advantage`."""
        d = self.default_index_
        return next(int(j) for j in order if j == d or advantage[j] >= min_advantage)

    def _safe_first(self, order, idx, dist):
        """Put first the best-ranked configuration that is scikit-learn's default or that,
        on the nearest tasks (closeness-weighted), beat the default on a share of them at
        least ``min_advantage_`` above the share it lost on (a failure counts as a loss).
        Unchanged when the check is off or the table lacks the default."""
        if self.min_advantage_ <= 0 or self.default_index_ is None:
            return order
        first = self._first_safe(order, self._advantage(idx, dist), self.min_advantage_)
        return np.r_[first, order[order != first]]


class NearestTasks(_Strategy):
    """Rank configurations by how well they did on the most similar known tasks.

    The auto-sklearn meta-learning warm start (Feurer et al., "Initializing Bayesian
    hyperparameter optimization via meta-learning", AAAI 2015), softened: a
    configuration's predicted score is the distance-weighted mean of its normalized
    score over the ``n_neighbors`` nearest tasks in scaled meta-feature space.

    Parameters
    ----------
    n_neighbors : int, default=10
        Nearest known tasks (in scaled meta-feature space) whose scores are averaged.
    max_distance_ratio : float, default=3.0
        Beyond this (nearest distance / typical nearest distance among known tasks,
        each to its nearest task of another group) a task counts as unlike the
        knowledge.
    metafeatures : str or sequence of str, default=None
        Meta-features compared, one by name or several (None:
        :func:`default_metafeatures` of the table: :data:`DEFAULT_METAFEATURES`, and the
        target's standard deviation where the family's fit depends on the target's
        scale).
    min_advantage : float in [0, 1] or 'auto', default=0.0
        Safety towards scikit-learn's default configuration: a configuration ranked
        above the default goes first only if, over the nearest tasks (closeness-weighted),
        the share on which it beat the default exceeds the share on which it lost by at
        least this much; otherwise the default goes first. 0 turns the check off.
        'auto' chooses the threshold per table among :data:`AUTO_MIN_ADVANTAGES`
        (0.25, 0.5, 0.75) when fitting: each known task is ranked from its nearest
        tasks of other groups, and the threshold whose first picks beat the default
        most often, a loss counting 1.5 wins and each group of near-duplicate tasks
        weighing one, is kept (ties: the larger). Portfolio and Surrogate rank a
        known task with their models of all known tasks, so for them the choice is
        in-sample.

    Attributes
    ----------
    min_advantage_ : float
        The threshold in use.
    min_advantage_record_ : dict
        With ``min_advantage='auto'``: each candidate threshold's weighted net wins.

    Examples
    --------
    >>> from skmeta.knowledge import build_knowledge
    >>> from skmeta.metafeatures import compute_metafeatures
    >>> from skmeta.strategies import NearestTasks
    >>> from skmeta.tasks import load_sklearn_dataset
    >>> tasks = [load_sklearn_dataset(n) for n in ("iris", "wine", "breast_cancer")]
    >>> kb = build_knowledge(tasks, ["k_neighbors"], n_configs=6, verbose=0)
    >>> nn = NearestTasks(n_neighbors=2).fit(kb, "k_neighbors/classification", "accuracy")
    >>> ranking = nn.rank(compute_metafeatures(load_sklearn_dataset("digits")))
    >>> len(ranking.order), len(ranking.neighbors)
    (6, 2)
    """

    def _predict(self, z, idx, dist):
        w = _closeness(dist, self.typical_distance_)
        S = self.normalized_[idx]
        valid = ~np.isnan(S)
        num = np.where(valid, S, 0.0).T @ w
        den = valid.T.astype(float) @ w
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def _greedy_portfolio(normalized: np.ndarray) -> np.ndarray:
    """Configurations in greedy order: each next one most lowers the mean over tasks of
    the best regret (1 - normalized score; a failure is full regret) so far."""
    regret = 1.0 - np.nan_to_num(normalized, nan=0.0)
    n_tasks, n_configs = regret.shape
    chosen, best = [], np.full(n_tasks, np.inf)
    for _ in range(n_configs):
        candidate = np.minimum(best[:, None], regret).mean(axis=0)
        candidate[chosen] = np.inf
        j = int(np.argmin(candidate))
        chosen.append(j)
        best = np.minimum(best, regret[:, j])
    return np.array(chosen)


def rank_by_observed(
    normalized: np.ndarray,
    evaluated: ArrayLike,
    observed: ArrayLike,
    order: ArrayLike,
    *,
    n_tasks: int = 10,
) -> np.ndarray:
    """The configurations not yet evaluated, ranked by the known tasks that respond alike.

    Active testing (Leite, Brazdil and Vanschoren, "Selecting classification algorithms
    with active testing", MLDM 2012), in its simplest form: once a few configurations
    of a table have been scored on the new task, the known tasks whose normalized scores
    on those configurations correlate best (Pearson) with the observed ones are the
    ``n_tasks`` most alike, and the remaining configurations are ranked by their mean
    normalized score on them. A failure counts as the worst score, on the new task and
    on the known ones. Ties, and the case where the observations cannot tell tasks apart
    (fewer than two distinct scores), keep the prior ``order``.

    Parameters
    ----------
    normalized : ndarray of shape (n_known_tasks, n_configs)
        The table's normalized scores (:func:`normalized_scores`; NaN a failure).
    evaluated : sequence of int
        Configuration indices scored on the new task.
    observed : sequence of float
        Their scores, larger is better (NaN a failure).
    order : sequence of int
        All configuration indices in the prior ranking (e.g. ``Ranking.order``).
    n_tasks : int, default=10
        How many of the most alike known tasks predict.

    Returns
    -------
    ndarray of int
        The configurations of ``order`` not in ``evaluated``, best first.

    Examples
    --------
    >>> import numpy as np
    >>> from skmeta.strategies import rank_by_observed
    >>> normalized = np.array([[1.0, 0.0, 0.2, 0.9], [0.0, 1.0, 0.9, 0.1]])
    >>> # on the new task configuration 1 beat configuration 0, like on the second task
    >>> rank_by_observed(normalized, [0, 1], [0.70, 0.80], [0, 1, 3, 2], n_tasks=1).tolist()
    [2, 3]
    """
    normalized = np.asarray(normalized, dtype=np.float64)
    evaluated = np.asarray(evaluated, dtype=np.intp).reshape(-1)
    observed = np.asarray(observed, dtype=np.float64).reshape(-1)
    order = np.asarray(order, dtype=np.intp).reshape(-1)
    if evaluated.shape != observed.shape:
        raise ValueError(
            f"evaluated and observed must have the same length; got {evaluated.size} and "
            f"{observed.size}."
        )
    rest = order[~np.isin(order, evaluated)]
    alike = _alike_tasks(normalized, evaluated, observed, n_tasks)
    if alike is None or rest.size == 0:
        return rest
    predicted = np.nan_to_num(normalized[alike][:, rest], nan=0.0).mean(axis=0)
    # stable on the prior order: equal predictions keep it
    return rest[np.argsort(-predicted, kind="stable")]


def _alike_tasks(normalized, evaluated, observed, n_tasks):
    """Rows of ``normalized`` whose scores on ``evaluated`` correlate best (Pearson) with
    ``observed`` (a failure: below the worst), best first; None when the observations
    cannot tell tasks apart. See :func:`rank_by_observed`."""
    finite = np.isfinite(observed)
    if finite.sum() == 0 or normalized.shape[0] == 0:
        return None
    low, span = observed[finite].min(), np.ptp(observed[finite])
    obs = np.where(finite, observed, low - (span if span > 0 else 1.0))  # below the worst
    if np.ptp(obs) <= 0:
        return None
    known = np.nan_to_num(normalized[:, evaluated], nan=0.0)
    o = (obs - obs.mean()) / obs.std()
    spread = known.std(axis=1)
    centred = known - known.mean(axis=1, keepdims=True)
    similarity = np.where(
        spread > 0, (centred @ o) / (obs.size * np.where(spread > 0, spread, 1.0)), 0.0
    )
    return np.argsort(-similarity, kind="stable")[: max(1, int(n_tasks))]


class Portfolio(_Strategy):
    """A greedy portfolio: configurations that together leave little regret on known tasks.

    Greedy selection (auto-sklearn 2.0, Feurer et al., JMLR 2022; FLAML's zero-shot
    portfolios): the first configuration is the one with the least mean regret (1 minus
    normalized score) over the known tasks, each next one the one that most lowers the
    mean over tasks of the best regret so far. The order does not depend on the new task
    (zero-shot by construction); ``neighbors`` and ``distance_ratio`` are still reported.

    Parameters
    ----------
    n_neighbors : int, default=10
        Nearest known tasks reported (and used by the ``min_advantage`` check).
    max_distance_ratio : float, default=3.0
        As in :class:`NearestTasks`.
    metafeatures : sequence of str, default=None
        As in :class:`NearestTasks`.
    min_advantage : float in [0, 1] or 'auto', default=0.0
        As in :class:`NearestTasks`.

    Examples
    --------
    >>> from skmeta.knowledge import build_knowledge
    >>> from skmeta.strategies import Portfolio
    >>> from skmeta.tasks import load_sklearn_dataset
    >>> tasks = [load_sklearn_dataset(n) for n in ("iris", "wine", "breast_cancer")]
    >>> kb = build_knowledge(tasks, ["linear"], n_configs=5, verbose=0)
    >>> p = Portfolio().fit(kb, "linear/classification", "accuracy")
    >>> sorted(p.order_) == list(range(5))
    True
    """

    def _inner_order(self, z, idx, dist):
        return self.order_  # (from all known tasks: the auto threshold is chosen in-sample)

    def _fit_rest(self):
        self.order_ = _greedy_portfolio(self.normalized_)
        # predicted score: each configuration's mean normalized score (portfolio order)
        self.mean_score_ = np.nanmean(
            np.where(np.isnan(self.normalized_), 0.0, self.normalized_), 0
        )

    def rank(self, metafeatures: pd.DataFrame | pd.Series | Mapping[str, float]) -> Ranking:
        """Rank the table's configurations for a task with these meta-features (a dict)."""
        z = self._scaled(metafeatures)
        idx, dist = self._neighbors(z)
        order = self.order_
        order = self._safe_first(order, idx, dist)
        return Ranking(
            order,
            self.mean_score_[order],
            [(self.task_names_[i], float(d)) for i, d in zip(idx, dist, strict=True)],
            dist[0] / self.typical_distance_,
        )


class Surrogate(_Strategy):
    """A learned model of normalized score from (meta-features, configuration).

    A random forest regressor fitted on every (known task, configuration) pair: scaled
    meta-features and the configuration's unit-cube encoding in, normalized score out;
    it ranks the table's configurations for a new task. Tables without a search space
    (a user's own family) use a one-hot configuration index instead.

    Parameters
    ----------
    n_estimators : int, default=100
        Trees of the surrogate forest.
    random_state : int, default=0
        Seed of the surrogate forest.
    n_neighbors : int, default=10
        Nearest known tasks reported (and used by the ``min_advantage`` check).
    max_distance_ratio : float, default=3.0
        As in :class:`NearestTasks`.
    metafeatures : sequence of str, default=None
        As in :class:`NearestTasks`.
    min_advantage : float in [0, 1] or 'auto', default=0.0
        As in :class:`NearestTasks`.

    Examples
    --------
    >>> from skmeta.knowledge import build_knowledge
    >>> from skmeta.metafeatures import compute_metafeatures
    >>> from skmeta.strategies import Surrogate
    >>> from skmeta.tasks import load_sklearn_dataset
    >>> tasks = [load_sklearn_dataset(n) for n in ("iris", "wine", "breast_cancer")]
    >>> kb = build_knowledge(tasks, ["linear"], n_configs=5, verbose=0)
    >>> s = Surrogate(n_estimators=20).fit(kb, "linear/classification", "accuracy")
    >>> s.rank(compute_metafeatures(load_sklearn_dataset("digits"))).predicted.shape
    (5,)
    """

    def __init__(
        self,
        *,
        n_estimators: int = 100,
        random_state: RandomStateLike = 0,
        n_neighbors: int = 10,
        max_distance_ratio: float = 3.0,
        metafeatures: Sequence[str] | None = None,
        min_advantage: float | str = 0.0,
    ) -> None:
        super().__init__(
            n_neighbors=n_neighbors,
            max_distance_ratio=max_distance_ratio,
            metafeatures=metafeatures,
            min_advantage=min_advantage,
        )
        if not is_int(n_estimators) or n_estimators < 1:
            raise ValueError(f"n_estimators must be an int >= 1; got {n_estimators!r}.")
        check_random_state(random_state)  # scikit-learn's error for a bad seed, now
        self.n_estimators = n_estimators
        self.random_state = random_state

    @replaces_fit
    def fit(self, knowledge: KnowledgeBase, key: str, metric: str) -> Surrogate:
        """Learn from table ``key`` of ``knowledge``, scored by ``metric``."""
        _check_knowledge(knowledge)
        self._space = knowledge.space(key)
        return super().fit(knowledge, key, metric)

    def _config_features(self):
        if self._space is not None:
            return self._space.encode(self.configs_)
        return np.eye(len(self.configs_))

    def _fit_rest(self):
        from sklearn.ensemble import RandomForestRegressor

        C = self._config_features()
        n_tasks, n_configs = self.normalized_.shape
        X = np.hstack([np.repeat(self.Z_, n_configs, axis=0), np.tile(C, (n_tasks, 1))])
        y = self.normalized_.ravel()
        keep = ~np.isnan(y)
        self.model_ = RandomForestRegressor(
            n_estimators=self.n_estimators, min_samples_leaf=3, random_state=self.random_state
        ).fit(X[keep], y[keep])
        self._C = C

    def _predict(self, z, idx, dist):
        X = np.hstack([np.repeat(z[None], len(self._C), axis=0), self._C])
        return self.model_.predict(X)


class Hybrid(NearestTasks):
    """The nearest tasks' choice first, then a greedy portfolio: skmeta's default.

    The first configuration is :class:`NearestTasks`'s (with its ``min_advantage`` check
    towards scikit-learn's default, on by default here); the others follow
    :class:`Portfolio`'s greedy order, whose diverse candidates suit few-shot selection
    and warm-started search. Chosen by the leave-group-out evaluation of
    ``benchmarks/bench_warmstart.py``: it has nearest-with-safety's zero-shot record
    (the most net wins against scikit-learn's defaults among the strategies that lose
    to them on at most 15% of tasks) and the portfolio's few-shot record; the safety
    threshold is chosen per table (``min_advantage='auto'``). ``predicted`` holds the
    nearest tasks' predicted scores.

    Parameters
    ----------
    n_neighbors : int, default=20
        Nearest known tasks the first configuration is chosen from.
    max_distance_ratio : float, default=3.0
        As in :class:`NearestTasks`.
    metafeatures : sequence of str, default=None
        As in :class:`NearestTasks`.
    min_advantage : float in [0, 1] or 'auto', default='auto'
        As in :class:`NearestTasks`.

    Examples
    --------
    >>> from skmeta.knowledge import build_knowledge
    >>> from skmeta.metafeatures import compute_metafeatures
    >>> from skmeta.strategies import Hybrid, NearestTasks
    >>> from skmeta.tasks import load_sklearn_dataset
    >>> tasks = [load_sklearn_dataset(n) for n in ("iris", "wine", "breast_cancer")]
    >>> kb = build_knowledge(tasks, ["k_neighbors"], n_configs=6, verbose=0)
    >>> mf = compute_metafeatures(load_sklearn_dataset("digits"))
    >>> h = Hybrid(n_neighbors=2).fit(kb, "k_neighbors/classification", "accuracy")
    >>> nn = NearestTasks(n_neighbors=2, min_advantage="auto").fit(
    ...     kb, "k_neighbors/classification", "accuracy")
    >>> int(h.rank(mf).order[0]) == int(nn.rank(mf).order[0])
    True
    """

    def __init__(
        self,
        *,
        n_neighbors: int = 20,
        max_distance_ratio: float = 3.0,
        metafeatures: Sequence[str] | None = None,
        min_advantage: float | str = "auto",
    ) -> None:
        super().__init__(
            n_neighbors=n_neighbors,
            max_distance_ratio=max_distance_ratio,
            metafeatures=metafeatures,
            min_advantage=min_advantage,
        )

    def _fit_rest(self):
        self.portfolio_order_ = _greedy_portfolio(self.normalized_)

    def rank(self, metafeatures: pd.DataFrame | pd.Series | Mapping[str, float]) -> Ranking:
        """Rank the table's configurations for a task with these meta-features (a dict)."""
        nearest = super().rank(metafeatures)
        first = nearest.order[0]
        order = np.r_[first, self.portfolio_order_[self.portfolio_order_ != first]]
        predicted = dict(zip(nearest.order.tolist(), nearest.predicted.tolist(), strict=True))
        return Ranking(
            order,
            [predicted[int(i)] for i in order],
            nearest.neighbors,
            nearest.distance_ratio,
        )
