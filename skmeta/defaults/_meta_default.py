"""MetaDefaultClassifier / MetaDefaultRegressor: hyperparameters from similar earlier tasks."""

from __future__ import annotations

import functools
import numbers
import os
import warnings
import weakref
from collections.abc import Callable
from typing import Any

import numpy as np
from sklearn import get_config
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    RegressorMixin,
    clone,
    is_classifier,
    is_regressor,
)
from sklearn.exceptions import FitFailedWarning
from sklearn.metrics import check_scoring, get_scorer_names
from sklearn.model_selection import check_cv, cross_val_score
from sklearn.utils import get_tags
from sklearn.utils.metadata_routing import MetadataRouter, MethodMapping, process_routing
from sklearn.utils.metaestimators import available_if
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.validation import check_is_fitted

from ..knowledge import KnowledgeBase
from ..utils._compat import HasMethods, Interval, StrOptions, _fit_context, validate_data
from ..utils._fitted import replaces_fit, shows_sample_weight
from ..utils._parallel import one_thread_per_fit
from ..utils._seeds import fit_seed, seeded
from ..utils._tabular import (
    as_pandas_frame,
    check_group_labels,
    passed_as_given,
    text_columns,
)
from ..utils._typing import ArrayLike, Estimator, MatrixLike, PathLike_, RandomStateLike
from ._scoring import knowledge_scoring, metric_for_scoring

__all__ = ["MetaDefaultClassifier", "MetaDefaultRegressor", "resolve_knowledge"]

_STRATEGIES = ("hybrid", "nearest", "portfolio", "surrogate")
# fitted strategies per knowledge object (see fit_cached)
_FITTED_STRATEGIES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def fit_cached(strategy, knowledge, key: str, metric: str):
    """``strategy.fit(knowledge, key, metric)``, cached per knowledge object.

    Fitting depends only on the knowledge, the table, the metric and the strategy's
    settings, not on the dataset at hand: estimators fitted again and again (in a
    grid search, say) share one fitted strategy. The cache holds the knowledge weakly.
    """
    settings = (type(strategy), repr(sorted(vars(strategy).items())), key, metric)
    try:
        per_knowledge = _FITTED_STRATEGIES.setdefault(knowledge, {})
    except TypeError:  # not weak-referenceable: no cache
        return strategy.fit(knowledge, key, metric)
    if settings not in per_knowledge:
        per_knowledge[settings] = strategy.fit(knowledge, key, metric)
    return per_knowledge[settings]


class FarFromKnowledgeWarning(UserWarning):
    """The dataset is unlike every task of the knowledge base."""


@functools.lru_cache(maxsize=1)
def _default_knowledge():
    # read once per process; never modified (every consumer only reads it)
    from ..knowledge import KnowledgeBase

    return KnowledgeBase.load_default()


def resolve_knowledge(knowledge: str | PathLike_ | KnowledgeBase) -> KnowledgeBase:
    """A KnowledgeBase from ``'default'``, a directory path, or a KnowledgeBase.

    Parameters
    ----------
    knowledge : 'default', path or KnowledgeBase
        'default' loads the knowledge shipped with skmeta (once per process); a path
        loads a directory saved by :meth:`KnowledgeBase.save`.

    Returns
    -------
    KnowledgeBase

    Examples
    --------
    >>> from skmeta.defaults import resolve_knowledge
    >>> resolve_knowledge(42)
    Traceback (most recent call last):
    ...
    TypeError: knowledge must be 'default', a path or a KnowledgeBase; got int.
    """
    from ..knowledge import KnowledgeBase

    if isinstance(knowledge, KnowledgeBase):
        return knowledge
    if isinstance(knowledge, str) and knowledge == "default":
        return _default_knowledge()
    if isinstance(knowledge, (str, bytes)) or hasattr(knowledge, "__fspath__"):
        return KnowledgeBase.load(knowledge)
    raise TypeError(
        f"knowledge must be 'default', a path or a KnowledgeBase; got {type(knowledge).__name__}."
    )


def _require_two_classes(classes) -> None:
    """Reject a classification target with fewer than two classes."""
    if len(classes) == 0:
        raise ValueError("y is empty: 0 samples; a classification task needs at least 2.")
    if len(classes) < 2:
        raise ValueError(
            f"y has only one class ({classes[0]}); a classification task needs at least 2."
        )


def _classes_unless_several(y) -> np.ndarray:
    """The classes of ``y`` when there are fewer than two (for
    :func:`_require_two_classes`' message); otherwise two of them. Numbers are compared
    as they are, in one pass (labels as text cost more than the meta-features of a
    10,000-row table); anything else as text."""
    arr = np.asarray(y)
    if arr.ndim == 1 and arr.dtype.kind in "biuf":
        if arr.size == 0:
            return arr
        other = np.flatnonzero(arr != arr[0])  # NaN differs from all: refused later
        return arr[[0, other[0]]] if other.size else arr[:1]
    return np.unique(np.asarray(y, dtype=object).astype(str))


def _cv_mean(estimator, X, y, cv, fit_params, n_jobs, scoring=None):
    """``estimator``'s mean ``cross_val_score`` (``scoring``) on the folds ``cv``, NaN
    when it failed on every one of them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            scores = cross_val_score(
                estimator,
                X,
                y,
                cv=cv,
                n_jobs=n_jobs,
                params=fit_params or None,
                scoring=scoring,
            )
        except ValueError as exc:
            # scikit-learn's "All the n fits failed"; anything else (metadata routing,
            # say) is the caller's to see
            if "fits failed" not in str(exc):
                raise
            return np.nan
    return float(np.mean(scores))


def configured(base, params: dict, seed: int | None):
    """A clone of ``base`` with the configuration ``params``, seeded (:func:`seeded`)."""
    return seeded(clone(base).set_params(**space_params(base, params)), seed)


def _failure(estimator, X, y, fold, fit_params, scoring) -> str:
    """Why ``estimator`` (the first candidate) failed on ``fold``: its exception, raised
    this time."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cross_val_score(
                estimator,
                X,
                y,
                cv=[fold],
                params=fit_params or None,
                scoring=scoring,
                error_score="raise",
            )
    except Exception as exc:  # reported, whatever it is
        return f"{type(exc).__name__}: {exc}"
    return "it scored NaN."


def _helper_for(estimator, y, kind, *, X=None, **params):
    """The task kind (given, the estimator's, or inferred from ``y``) and a
    MetaDefault estimator of that kind holding ``params``, whose lookups the
    functions of this subpackage share. With ``X``, a ``y`` of another length is
    refused first (before its classes are counted)."""
    from sklearn.base import is_classifier, is_regressor
    from sklearn.utils.validation import _num_samples

    from ..utils._tabular import (
        check_classification_labels,
        check_kind,
        check_same_length,
        check_target,
    )

    kind = check_kind(kind)
    if X is not None and y is not None:
        try:
            n_x, n_y = _num_samples(X), _num_samples(y)
        except TypeError:  # not array-like: the full validation names the problem
            pass
        else:
            check_same_length(n_x, n_y)

    if estimator is not None and not hasattr(estimator, "fit"):
        raise TypeError(
            "estimator must be a scikit-learn estimator (an object with fit, e.g. "
            f"RandomForestClassifier()) or None; got {type(estimator).__name__} "
            f"{estimator!r}.{family_name_hint(estimator, kind)}"
        )
    if kind is not None and estimator is not None:
        other = {"classification": is_regressor, "regression": is_classifier}[kind]
        if other(estimator):
            role = "regressor" if kind == "classification" else "classifier"
            raise ValueError(
                f"kind={kind!r} was given, but {type(estimator).__name__} is a {role}; "
                "leave kind=None to take the estimator's."
            )
    if kind is None:
        if estimator is not None and is_classifier(estimator):
            kind = "classification"
        elif estimator is not None and is_regressor(estimator):
            kind = "regression"
        else:
            kind = check_target(y, kind=None)[1]
    if kind == "classification" and y is not None:
        check_classification_labels(y)
        _require_two_classes(_classes_unless_several(y))
    cls = MetaDefaultClassifier if kind == "classification" else MetaDefaultRegressor
    return kind, cls(estimator, **params)


def _estimator_has(attr):
    # Before fit, ask the estimator that will be fitted (as GridSearchCV does): no configuration
    # of the knowledge's spaces adds or removes a method, and StackingClassifier picks its
    # stack_method from the unfitted estimators.
    def check(self):
        if hasattr(self, "estimator_"):
            return hasattr(self.estimator_, attr)
        return hasattr(self._base_estimator(), attr)

    return check


def family_name_hint(estimator, kind: str | None = None) -> str:
    """For an estimator given as a name (``'rf'``), how to build the estimator it
    means; '' for anything else."""
    if not isinstance(estimator, str):
        return ""
    kind_text = repr(kind) if kind else "kind"
    return (
        " To warm-start a family by name, pass "
        f"skmeta.defaults.family_estimator({estimator!r}, {kind_text})."
    )


def validate_params_with_hint(owner, kind: str | None = None) -> None:
    """``owner._validate_params()``, its error on an estimator given as a name
    completed with :func:`family_name_hint`."""
    from sklearn.utils._param_validation import InvalidParameterError

    try:
        BaseEstimator._validate_params(owner)
    except InvalidParameterError as exc:
        hint = family_name_hint(getattr(owner, "estimator", None), kind)
        if not hint or "'estimator' parameter" not in str(exc):
            raise
        raise InvalidParameterError(f"{exc}{hint}") from None


class _MetaDefaultBase(BaseEstimator):
    _kind = "classification"

    _parameter_constraints: dict = {
        "estimator": [None, HasMethods(["fit"])],
        "knowledge": [str, os.PathLike, KnowledgeBase],
        "strategy": [StrOptions(set(_STRATEGIES))],
        "n_candidates": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
        "min_advantage": [Interval(numbers.Real, 0, 1, closed="both"), StrOptions({"auto"})],
        "cv": ["cv_object"],
        "scoring": [None, StrOptions(set(get_scorer_names())), callable],
        "max_distance_ratio": [Interval(numbers.Real, 0, None, closed="neither")],
        "metric": [None, str],
        "n_jobs": [None, numbers.Integral],
        "categorical_features": ["array-like", str, None],
        "random_state": ["random_state"],
    }

    def _validate_params(self):
        validate_params_with_hint(self, self._kind)

    def __init__(
        self,
        estimator: Estimator | None = None,
        *,
        knowledge: str | PathLike_ | KnowledgeBase = "default",
        strategy: str = "hybrid",
        n_candidates: int = 1,
        n_neighbors: int = 20,
        min_advantage: float | str = "auto",
        cv: int | Any = 3,
        scoring: str | Callable | None = None,
        max_distance_ratio: float = 3.0,
        metric: str | None = None,
        n_jobs: int | None = None,
        categorical_features: ArrayLike | str | None = None,
        random_state: RandomStateLike = None,
    ) -> None:
        self.estimator = estimator
        self.knowledge = knowledge
        self.strategy = strategy
        self.n_candidates = n_candidates
        self.n_neighbors = n_neighbors
        self.min_advantage = min_advantage
        self.cv = cv
        self.scoring = scoring
        self.max_distance_ratio = max_distance_ratio
        self.metric = metric
        self.n_jobs = n_jobs
        self.categorical_features = categorical_features
        self.random_state = random_state

    def _base_estimator(self):
        from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

        if self.estimator is not None:
            return self.estimator
        if self._kind == "classification":
            return HistGradientBoostingClassifier()
        return HistGradientBoostingRegressor()

    def _space_key(self, knowledge, estimator):
        estimator, _ = final_step(estimator)
        spaces = [
            (key, space)
            for key in knowledge.table_keys
            if (space := knowledge.space(key)) is not None and space.kind == self._kind
        ]
        # the estimator's class, else the nearest base class with a space whose
        # parameters it takes (a subclass of RandomForestClassifier is one; not
        # LogisticRegressionCV, a LogisticRegression without C)
        for cls in type(estimator).__mro__:
            for key, space in spaces:
                if cls is space.estimator_class() and (
                    cls is type(estimator)
                    or (  # read only for a subclass: the exact class, every fit, needs not
                        hasattr(estimator, "get_params")
                        and set(space.param_names) <= set(estimator.get_params(deep=False))
                    )
                ):
                    return key, space
        covered = sorted(
            knowledge.space(k).name
            for k in knowledge.table_keys
            if knowledge.space(k) is not None and knowledge.space(k).kind == self._kind
        )
        if self._kind == "classification":
            wrong, role, wanted = is_regressor(estimator), "regressor", "Regressor"
        else:
            wrong, role, wanted = is_classifier(estimator), "classifier", "Classifier"
        if wrong:
            raise ValueError(
                f"{type(estimator).__name__} is a {role}, but this is a {self._kind} task; "
                f"use MetaDefault{wanted}."
            )
        own = [k for k in knowledge.table_keys if knowledge.space(k) is None]
        hint = (
            f" Its tables {own[:5]} are your own (from_results), without a search space "
            "to build an estimator from: rank their configurations with skmeta.strategies."
            if own and not covered
            else ""
        )
        raise ValueError(
            f"The knowledge base has no configurations for {type(estimator).__name__}; it "
            f"covers {covered}.{hint}"
        )

    def _table(self, scoring_metric: str | None = None):
        """The knowledge, the base estimator, its table key and space, and the metric
        (``metric``, or else the one the scoring measures, ``scoring_metric`` or
        ``scoring``'s, when the table has its scores, or else accuracy / R²)."""
        knowledge = resolve_knowledge(self.knowledge)
        base = self._base_estimator()
        key, space = self._space_key(knowledge, base)
        measured = knowledge.measured_metrics(key)
        metric = self.metric
        if metric is None:
            metric = scoring_metric or metric_for_scoring(self.scoring)
            if metric not in measured:
                metric = "accuracy" if self._kind == "classification" else "r2"
        if metric not in measured:
            raise ValueError(
                f"metric {metric!r} is not in the knowledge's {key!r} table; it has "
                f"scores of {measured}."
            )
        return knowledge, base, key, space, metric

    def _fitted_strategy(self, knowledge, key, metric):
        return fit_cached(self._strategy(), knowledge, key, metric)

    def _strategy(self):
        from ..strategies import Hybrid, NearestTasks, Portfolio, Surrogate

        common = {
            "n_neighbors": self.n_neighbors,
            "max_distance_ratio": self.max_distance_ratio,
            "min_advantage": self.min_advantage,
        }
        if self.strategy == "hybrid":
            return Hybrid(**common)
        if self.strategy == "portfolio":
            return Portfolio(**common)
        if self.strategy == "surrogate":
            return Surrogate(**common)
        return NearestTasks(**common)

    @shows_sample_weight
    @replaces_fit
    @_fit_context(prefer_skip_nested_validation=False)
    def fit(
        self, X: MatrixLike, y: ArrayLike, *, groups: ArrayLike | None = None, **fit_params: Any
    ) -> _MetaDefaultBase:
        """Describe (X, y), pick a configuration from similar tasks, fit the estimator.

        Zero-shot (``n_candidates=1``): the top-ranked configuration. Few-shot: the top
        ``n_candidates`` are cross-validated on (X, y) (``cv``) and the best is kept
        (when every candidate fails there, the top-ranked one is fitted, so that its
        own error, if any, is what surfaces). When the dataset is unlike the knowledge
        (nearest-task distance above ``max_distance_ratio`` times the typical one
        between a known task and the nearest of another group),
        scikit-learn's default configuration is used (among the candidates in
        few-shot) and a ``FarFromKnowledgeWarning`` says so.

        Parameters
        ----------
        X : array-like, sparse matrix or DataFrame of shape (n_samples, n_features)
            Numbers (missing values and sparse matrices allowed where the estimator
            takes them, as after a ``OneHotEncoder``); a DataFrame may also hold text or
            categorical columns when ``estimator`` is a Pipeline that encodes them, and
            columns of pandas' ``category`` dtype for gradient boosting, which takes them
            natively (``categorical_features='from_dtype'``); it gets the DataFrame as
            it is.
        y : array-like of shape (n_samples,)
        groups : array-like of shape (n_samples,), default=None
            Group labels for the few-shot cross-validation, for a ``cv`` that splits by
            groups (``GroupKFold``): rows of one group (one patient, one site) are never
            on both sides of a split. Zero-shot does not use them.
        **fit_params
            Passed to the estimator's ``fit`` (and, few-shot, to each candidate's in
            cross-validation), e.g. ``sample_weight``, or ``svc__sample_weight`` for a
            pipeline. The meta-features describe the rows as these weights count
            them: integer weights as repeated rows (0 leaves a row out), fractions by
            the rows of positive weight. With scikit-learn's
            metadata routing switched on, few-shot routes them as ``cross_validate``
            does: the estimator must request them (``set_fit_request``,
            ``set_score_request``).

        Returns
        -------
        self
        """
        X = given = as_pandas_frame(X)  # a polars or Arrow frame: its pandas equivalent
        X, y = self._validate_fit_input(X, y)
        final_params = fit_params
        if fit_params and get_config()["enable_metadata_routing"]:
            # what the estimator requested (an unrequested one is an error, before any
            # work); the few-shot folds route them again, as cross_validate does
            final_params = process_routing(self, "fit", **fit_params).estimator.fit
        if groups is not None:  # missing or unsortable labels: named, before any work
            groups = check_group_labels(groups, len(y))
        knowledge, base, key, space, metric = self._table()
        refuse_unweighted(base, fit_params)
        _warn_if_unscaled(space, base, X)
        # a DataFrame as given: its dtypes say which columns are nominal
        self.metafeatures_ = describe(
            given if _is_frame(given) else X,
            y,
            self._kind,
            base,
            self.categorical_features,
            row_weights(fit_params),
        )
        strategy = self._fitted_strategy(knowledge, key, metric)
        ranking = strategy.rank(self.metafeatures_)
        configs = knowledge.configs(key)
        self.neighbors_ = ranking.neighbors
        self.distance_ratio_ = ranking.distance_ratio
        self.fallback_ = ranking.distance_ratio > self.max_distance_ratio
        self.min_advantage_ = strategy.min_advantage_
        self.kept_params_ = kept_params(base, space)
        top = with_kept(configs, ranking.order, self.kept_params_, self.n_candidates)
        predicted = dict(zip(ranking.order.tolist(), ranking.predicted.tolist(), strict=True))
        if self.fallback_:
            warnings.warn(
                f"The dataset is unlike the knowledge base (nearest-task distance "
                f"{ranking.distance_ratio:.1f}x the typical one); using scikit-learn's default "
                f"configuration of {space.name}.",
                FarFromKnowledgeWarning,
                stacklevel=2,
            )
        self.candidates_ = [
            {"params": config, "predicted_score": predicted[i], "cv_score": None}
            for i, config in top
        ]
        if self.fallback_:
            d = strategy.default_index_  # None when the table lacks the default configuration
            default = {
                "params": {
                    **(space.default_config() if d is None else configs[d]),
                    **self.kept_params_,
                },
                "predicted_score": None if d is None else predicted[d],
                "cv_score": None,
            }
            others = [c for c in self.candidates_ if c["params"] != default["params"]]
            self.candidates_ = [default, *others][: self.n_candidates]
        best = 0
        seed = fit_seed(self.random_state)
        if len(self.candidates_) > 1:
            splits = self._few_shot_splits(X, y, groups)
            scoring = self.scoring if self.scoring is not None else knowledge_scoring(metric)
            scores = self._few_shot_scores(base, seed, X, y, splits, fit_params, scoring)
            for candidate, score in zip(self.candidates_, scores, strict=True):
                candidate["cv_score"] = score
            failed = [rank for rank, score in enumerate(scores, start=1) if np.isnan(score)]
            if 0 < len(failed) < len(scores):
                warnings.warn(
                    f"Few-shot candidate(s) {failed} (by rank) failed or scored NaN in "
                    "cross-validation and were passed over.",
                    FitFailedWarning,
                    stacklevel=2,
                )
            best = 0 if np.isnan(scores).all() else int(np.nanargmax(scores))
        self.suggested_params_ = dict(self.candidates_[best]["params"])
        self.estimator_ = configured(base, self.suggested_params_, seed)
        self.estimator_.fit(X, y, **final_params)  # where every fit fails: its own error
        if len(self.candidates_) > 1 and all(np.isnan(c["cv_score"]) for c in self.candidates_):
            warnings.warn(
                "Every few-shot candidate failed or scored NaN in cross-validation, so the "
                "zero-shot choice (rank 1) is kept; the first candidate on the first fold: "
                + _failure(
                    configured(base, self.candidates_[0]["params"], seed),
                    X,
                    y,
                    splits[0],
                    fit_params,
                    scoring,
                ),
                FitFailedWarning,
                stacklevel=2,
            )
        return self

    def _few_shot_scores(self, base, seed, X, y, splits, fit_params, scoring):
        """Each candidate's mean score (``scoring``) over the folds (NaN for one that
        failed on every fold), each fit on one thread, so the same for any ``n_jobs``."""
        estimators = [configured(base, c["params"], seed) for c in self.candidates_]
        with one_thread_per_fit():
            if get_config()["enable_metadata_routing"]:
                # routed here, where scikit-learn's routing errors reach the caller
                return [
                    _cv_mean(est, X, y, splits, fit_params, self.n_jobs, scoring)
                    for est in estimators
                ]
            # every candidate on every fold in one parallel pass
            fold_scores = Parallel(n_jobs=self.n_jobs)(
                delayed(_cv_mean)(est, X, y, [fold], fit_params, None, scoring)
                for est in estimators
                for fold in splits
            )
        return np.reshape(fold_scores, (len(estimators), len(splits))).mean(axis=1).tolist()

    def _few_shot_splits(self, X, y, groups):
        """The folds of ``cv`` on (X, y), made once: every candidate is scored on the
        same ones. A ``cv`` that cannot split this data is named, with what to change."""
        splitter = check_cv(self.cv, y, classifier=self._kind == "classification")
        try:
            return list(splitter.split(X, y, groups))
        except ValueError as exc:
            if groups is None and "'groups' parameter should not be None" in str(exc):
                raise ValueError(
                    f"Few-shot selection cross-validates the candidates with cv={self.cv!r}, "
                    "which splits by groups: pass them to fit (fit(X, y, groups=...))."
                ) from exc
            raise ValueError(
                f"Few-shot selection cross-validates the n_candidates={self.n_candidates} "
                f"candidates with cv={self.cv!r}, which cannot split this data: {exc} Lower "
                "cv, or use n_candidates=1 (zero-shot, no internal cross-validation)."
            ) from exc

    def _validate_fit_input(self, X, y):
        """Check (X, y) as ``fit`` takes them (setting ``n_features_in_``, the feature
        names and, for a classifier, ``classes_``) and return them."""
        on_text = bool(text_columns(X))
        X, y, classes = _validate_fit_input(self, self._base_estimator(), self._kind, X, y)
        # a frame with text columns went to the estimator as it is: so does predict's X
        self._fitted_on_text = on_text
        if classes is not None:
            self.classes_ = classes
        return _int32_indices(X), y

    def _validate_predict(self, X):
        X = as_pandas_frame(X)  # as fit took it
        if passed_as_given(self, X):
            validate_data(self, X, skip_check_array=True, reset=False)
            return X
        X = validate_data(
            self,
            X,
            accept_sparse=_takes_sparse(self.estimator_),
            ensure_all_finite="allow-nan",
            reset=False,
        )
        return _int32_indices(X)

    def __sklearn_tags__(self):
        return _with_input_tags_of(super().__sklearn_tags__(), self._base_estimator())

    def get_metadata_routing(self) -> MetadataRouter:
        """How metadata reach the estimator, under scikit-learn's metadata routing.

        ``fit``'s metadata go to the estimator's ``fit`` as it requests them
        (``estimator.set_fit_request(sample_weight=True)``), and to the few-shot
        ``scoring`` as it requests them; ``groups`` are this object's own
        (``set_fit_request(groups=True)``).

        Returns
        -------
        MetadataRouter
        """
        router = MetadataRouter(owner=self.__class__.__name__).add_self_request(self)
        router.add(
            estimator=self._base_estimator(),
            method_mapping=MethodMapping().add(caller="fit", callee="fit"),
        )
        if self.scoring is not None:
            router.add(
                scorer=check_scoring(self._base_estimator(), scoring=self.scoring),
                method_mapping=MethodMapping().add(caller="fit", callee="score"),
            )
        return router

    # What the fitted estimator says of its columns, as the estimator itself has it, so
    # that SelectFromModel, RFE and RFECV take this object as they take the estimator
    # (their importance_getter='auto' reads coef_ or feature_importances_). Absent
    # (AttributeError, so hasattr is False) before fit and when the estimator lacks it.
    @property
    def feature_importances_(self) -> np.ndarray:
        """The fitted estimator's ``feature_importances_`` (trees and forests)."""
        return self._fitted_attribute("feature_importances_")

    @property
    def coef_(self) -> np.ndarray:
        """The fitted estimator's ``coef_`` (linear models, linear SVMs)."""
        return self._fitted_attribute("coef_")

    @property
    def intercept_(self) -> np.ndarray | float:
        """The fitted estimator's ``intercept_`` (linear models, SVMs)."""
        return self._fitted_attribute("intercept_")

    def _fitted_attribute(self, name: str) -> Any:
        if "estimator_" not in vars(self):
            raise AttributeError(
                f"This {type(self).__name__} has no {name} before fit: it is its fitted "
                "estimator's."
            )
        estimator = self.estimator_
        if not hasattr(estimator, name):
            raise AttributeError(
                f"This {type(self).__name__} has no {name}: its fitted estimator, "
                f"{type(estimator).__name__}, has none."
            )
        return getattr(estimator, name)

    @available_if(_estimator_has("predict"))
    def predict(self, X: MatrixLike) -> np.ndarray:
        """Predict with the fitted estimator (classes or values).

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,) or (n_samples, n_outputs)
        """
        check_is_fitted(self)
        return self.estimator_.predict(self._validate_predict(X))


def _int32_indices(X):
    """A sparse matrix with 64-bit indices that 32-bit ones can hold, with those (the
    values shared): scikit-learn's k-NN with p=1, which configurations choose, fails on
    64-bit indices ("Buffer dtype mismatch") where its default p=2 does not."""
    import scipy.sparse as sp

    if not (sp.issparse(X) and X.format in ("csr", "csc")) or X.indices.dtype == np.int32:
        return X
    if max(X.nnz, *X.shape) >= np.iinfo(np.int32).max:
        return X
    indices, indptr = X.indices.astype(np.int32), X.indptr.astype(np.int32)
    return type(X)((X.data, indices, indptr), shape=X.shape)


def _validate_fit_input(owner, base, kind, X, y):
    """(X, y) checked for ``owner.fit`` with the base estimator ``base`` (which decides
    whether sparse matrices and text columns pass), and the classes of a classification
    target (None for regression). Sets ``n_features_in_`` and the feature names on
    ``owner``; errors name ``owner``'s class."""
    from ..utils._tabular import (
        check_classification_labels,
        check_frame_and_target,
        check_frame_columns,
        check_one_target,
    )

    X = as_pandas_frame(X)
    check_frame_columns(X)
    check_one_target(y)
    if kind == "classification" and y is not None:
        # gaps among text labels (pandas' pd.NA too) before scikit-learn's checks,
        # which fail on pd.NA with a TypeError from inside pandas
        check_classification_labels(y)
    if text_columns(X):  # a DataFrame for a pipeline that encodes its text columns
        refuse_text_columns(base, X)
        X, y = check_frame_and_target(
            owner, X, y, y_dtype="numeric" if kind == "regression" else None
        )
    else:
        X, y = validate_data(
            owner,
            X,
            y,
            accept_sparse=_takes_sparse(base),
            ensure_all_finite="allow-nan",
            y_numeric=kind == "regression",
        )
    refuse_empty_columns_for_boosting(base, X)
    if kind != "classification":
        return X, y, None
    from sklearn.utils.multiclass import check_classification_targets

    check_classification_targets(y)
    classes = np.unique(y)
    _require_two_classes(classes)
    return X, y, classes


# the most cells the meta-features read of rows repeated by integer weights
_MAX_REPEATED_CELLS = 20_000_000


def row_weights(fit_params: dict) -> Any:
    """The rows' weights among ``fit``'s parameters: ``sample_weight``, or else the
    last ``<step>__sample_weight`` (a pipeline's final step's); None without them."""
    if fit_params.get("sample_weight") is not None:
        return fit_params["sample_weight"]
    steps = [v for k, v in fit_params.items() if k.endswith("__sample_weight")]
    return steps[-1] if steps else None


def weighted_rows(
    X: MatrixLike, y: ArrayLike | None, sample_weight: ArrayLike | None
) -> tuple[MatrixLike, ArrayLike | None]:
    """(X, y) as row weights count their rows, for the meta-features: integer weights
    as rows repeated that many times (weight 0 leaves a row out), so that weighting a
    row by 2 and repeating it describe one dataset, as they fit one model; other
    weights (fractions, or repeats past ``_MAX_REPEATED_CELLS``) keep the rows of
    positive weight. Weights that are no frequencies (of another length, negative, not
    finite or summing to 0) leave (X, y) as given: the estimator's fit judges them."""
    from sklearn.utils import _safe_indexing

    from ..utils._tabular import check_row_weights

    if sample_weight is None:
        return X, y
    try:  # the shared check of row weights (a scalar is one weight for every row)
        w = check_row_weights(sample_weight, X)
    except (TypeError, ValueError):
        return X, y
    n = X.shape[0]
    cells = max(_MAX_REPEATED_CELLS, n * X.shape[1])  # in float: no integer overflow
    if (w == np.round(w)).all() and w.sum() * max(X.shape[1], 1) <= cells:
        if (w == 1).all():
            return X, y
        rows = np.repeat(np.arange(n), w.astype(np.int64))
    else:
        rows = np.flatnonzero(w > 0)
        if rows.size == n:
            return X, y
    return _safe_indexing(X, rows), None if y is None else _safe_indexing(y, rows)


def describe(X, y, kind, estimator, categorical_features=None, sample_weight=None):
    """The meta-features of (X, y), with the columns nominal that the knowledge's tasks
    would have nominal: those the meta-features' own rule finds (a DataFrame's
    ``category``, ``bool`` and text columns), those the user declares
    (``categorical_features``: a mask, indices, or a DataFrame's column names), and the
    columns that ``estimator`` itself encodes or treats as categorical (an array cannot
    say which of its columns are codes). Those are the columns of a ``Pipeline``'s first
    ``ColumnTransformer`` that go to a ``OneHotEncoder``, ``OrdinalEncoder`` or
    ``TargetEncoder`` (alone or in a pipeline), every column when the first step is such
    an encoder, and gradient boosting's ``categorical_features`` given as a mask,
    indices or names. A declaration that does not fit ``X`` is a ``ValueError``. With
    ``sample_weight``, the rows as the weights count them (:func:`weighted_rows`)."""
    from ..metafeatures import compute_metafeatures
    from ..utils._tabular import warn_about_columns

    warn_about_columns(
        X,
        drop=lambda name: f"X.drop(columns=[{name!r}])",
        read_dates=lambda name: f"pd.to_datetime(X[{name!r}])",
    )
    X, y = weighted_rows(X, y, sample_weight)
    if categorical_features is not None and len(getattr(X, "shape", ())) != 2:
        # a list (suggest takes one): the meta-features read the declaration themselves
        return compute_metafeatures(X, y, kind=kind, categorical_features=categorical_features)
    encoded = _encoded_columns(estimator, X)
    if categorical_features is not None:
        declared = _declared_columns(categorical_features, X)
        encoded = declared if encoded is None else encoded | declared
        if not encoded.any():
            encoded = None
    if encoded is None:
        return compute_metafeatures(X, y, kind=kind)
    if _is_frame(X) and X.columns.is_unique:
        # the encoded columns as categories; the rule of the meta-features for the rest
        X = X.astype(dict.fromkeys(X.columns[encoded], "category"))
        return compute_metafeatures(X, y, kind=kind)
    return compute_metafeatures(X, y, kind=kind, categorical_features=encoded)


def _declared_columns(categorical_features, X) -> np.ndarray:
    """The user's ``categorical_features`` as a mask over the columns of ``X``; a
    ``ValueError`` naming what does not fit (an index out of range, an unknown name, a
    mask of the wrong length)."""
    from ..utils._tabular import _column_names, _resolve_categorical

    n = X.shape[1]
    names = [str(c) for c in X.columns] if _is_frame(X) else _column_names(n)
    if isinstance(categorical_features, str):
        categorical_features = [categorical_features]  # one column's name
    values = np.asarray(categorical_features, dtype=object)
    if values.ndim == 1:
        values = values.tolist()  # NumPy's scalars as Python's: names, indices, bools
    return _resolve_categorical(values, names, np.zeros(n, dtype=bool))


def _encoded_columns(estimator, X):
    """A mask of the columns of ``X`` that ``estimator`` encodes as categories (see
    :func:`describe`), or None when it encodes none."""
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import Pipeline

    if estimator is None or len(getattr(X, "shape", ())) != 2:
        return None  # a list, or a shape the meta-features refuse with their own message
    first = estimator  # what meets X first: through wrappers, a pipeline's first step
    while True:
        if isinstance(first, Pipeline) and first.steps:
            first = first.steps[0][1]
        elif held := _held(first):
            first = held[1]
        else:
            break
    mask = np.zeros(X.shape[1], dtype=bool)
    if isinstance(first, ColumnTransformer):
        for _, transformer, columns in first.transformers:
            if _encodes(transformer):
                mask |= _column_mask(columns, X)
    elif _encodes(first):
        mask[:] = True
    elif _is_boosting(first) and not isinstance(first.categorical_features, str | type(None)):
        mask |= _column_mask(first.categorical_features, X)
    return mask if mask.any() else None


def _encodes(transformer) -> bool:
    """Whether ``transformer`` (or a pipeline holding one) encodes categories."""
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, TargetEncoder

    if isinstance(transformer, Pipeline):
        return any(_encodes(step) for _, step in transformer.steps)
    return isinstance(transformer, OneHotEncoder | OrdinalEncoder | TargetEncoder)


def _column_mask(columns, X) -> np.ndarray:
    """``columns`` (as a ColumnTransformer or gradient boosting takes them: indices,
    names, a mask, a slice, a callable on a DataFrame) as a mask over the columns of
    ``X``, read as the meta-features read ``categorical_features``; a specification it
    cannot place encodes nothing here (the estimator reports it)."""
    n = X.shape[1]
    none = np.zeros(n, dtype=bool)
    try:
        if callable(columns):
            if not _is_frame(X):
                return none
            columns = columns(X)
        if isinstance(columns, slice):
            return np.isin(np.arange(n), np.arange(n)[columns])
        return _declared_columns(np.atleast_1d(np.asarray(columns)), X)
    except (TypeError, ValueError, IndexError):
        return none


def _is_boosting(estimator) -> bool:
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

    return isinstance(estimator, HistGradientBoostingClassifier | HistGradientBoostingRegressor)


def refuse_text_columns(base, X) -> None:
    """A DataFrame's text columns for an estimator that cannot take them (neither a
    pipeline, which may encode them, nor gradient boosting given them as pandas
    categories): a ValueError naming them and saying what to pass instead."""
    if behind_pipeline(base) or not text_columns(X):
        return
    import pandas as pd

    final = final_step(base)[0]
    if not _takes_categories(final, X):
        refused = text_columns(X)
        if _takes_category_dtype(final):  # its pandas categories are fine as they are
            refused = [c for c in refused if not isinstance(X[c].dtype, pd.CategoricalDtype)]
        raise ValueError(
            f"X has non-numeric columns {refused[:5]}, which "
            f"{type(final).__name__} cannot take. Pass a Pipeline that encodes them "
            "first; skmeta.defaults.family_estimator(family, kind, X) builds one as "
            "the knowledge measured the family." + _category_hint(final) + _date_hint(X, refused)
        )


def refuse_unweighted(base, fit_params: dict) -> None:
    """An error, before any fit, when ``fit_params`` weigh rows (``sample_weight``, or
    a pipeline step's ``<step>__sample_weight``) for an estimator or step whose ``fit``
    takes no weights (no ``sample_weight`` parameter nor ``**kwargs`` to pass it on;
    k-NN, say: a TypeError), or for a Pipeline without a step name (scikit-learn's
    ValueError, said early): every fit would fail on it."""
    from sklearn.pipeline import Pipeline

    if get_config()["enable_metadata_routing"]:
        return  # routing refuses an unrequested weight itself, before any fit
    if isinstance(base, Pipeline):
        if fit_params.get("sample_weight") is not None:  # its **params are step__param
            last = base.steps[-1][0]
            _refuse_unweighted_fit(base.steps[-1][1], f" (the pipeline's step {last!r})")
            raise ValueError(
                "Pipeline.fit takes no sample_weight; pass the weights to a step by name, "
                f"e.g. fit(X, y, {last}__sample_weight=sample_weight)."
            )
        for key, value in fit_params.items():
            step = base.named_steps.get(key.split("__")[0])
            if key.endswith("__sample_weight") and value is not None and step is not None:
                _refuse_unweighted_fit(step, f" (the pipeline's step {key.split('__')[0]!r})")
    elif fit_params.get("sample_weight") is not None:
        _refuse_unweighted_fit(base, "")


def _refuse_unweighted_fit(estimator, role: str) -> None:
    import inspect

    if estimator is None or (isinstance(estimator, str) and estimator == "passthrough"):
        return  # a step left out fits nothing
    parameters = inspect.signature(estimator.fit).parameters.values()
    if any(p.name == "sample_weight" or p.kind is p.VAR_KEYWORD for p in parameters):
        return
    name = type(estimator).__name__
    raise TypeError(
        f"{name}.fit{role} takes no sample_weight, so a {name} cannot weigh rows; leave "
        "sample_weight out, or warm-start an estimator whose fit takes it."
    )


def _date_hint(X, columns) -> str:
    """For date or time columns among ``columns``, how to turn them into numbers."""
    from ..utils._tabular import is_date_dtype

    dates = [c for c in columns if is_date_dtype(X[c].dtype)]
    if not dates:
        return ""
    return (
        f" Dates and times ({dates[:5]}) are not categories: turn them into numbers "
        "(e.g. X[column].dt.year, .dt.dayofweek, or days since a start) or drop them."
    )


def refuse_empty_columns_for_boosting(base, X) -> None:
    """Gradient boosting (scikit-learn 1.9) fails on a column with no values, deep in
    its binning ('window shape cannot be larger...'); say which columns, before any
    work. Behind a pipeline, the pipeline's own steps decide (an imputer drops them)."""
    from scipy import sparse

    final = final_step(base)[0]
    if behind_pipeline(base) or not _is_boosting(final) or sparse.issparse(X):
        return
    if isinstance(X, np.ndarray):
        empty = np.flatnonzero(np.isnan(X).all(axis=0))
        which = f"indices {empty[:5].tolist()}"
    else:  # a DataFrame with pandas categories, passed on as it is
        empty = np.flatnonzero(X.isna().all(axis=0).to_numpy())
        which = f"columns {X.columns[empty][:5].tolist()}"
    if empty.size:
        raise ValueError(
            f"X has {empty.size} column(s) with no values, all missing ({which}), which "
            f"{type(final).__name__} cannot bin. Drop them, or "
            "pass a Pipeline with an imputer first (SimpleImputer drops such columns)."
        )


def _category_hint(estimator) -> str:
    """For gradient boosting, how to let it take the columns natively."""
    if _is_boosting(estimator):
        return (
            " Gradient boosting also takes columns of pandas' 'category' dtype as they are "
            "(X.astype({column: 'category'}))."
        )
    return ""


def _takes_category_dtype(estimator) -> bool:
    """Whether ``estimator`` is gradient boosting that reads pandas' ``category``
    columns as categories (``categorical_features='from_dtype'``, its default)."""
    return (
        _is_boosting(estimator)
        and isinstance(estimator.categorical_features, str)
        and estimator.categorical_features == "from_dtype"
    )


def _takes_categories(estimator, X) -> bool:
    """Whether ``estimator`` takes the DataFrame ``X`` as it is: gradient boosting with
    ``categorical_features='from_dtype'`` (its default) and every non-numeric column of
    pandas' ``category`` dtype."""
    import pandas as pd

    if not _takes_category_dtype(estimator):
        return False
    return all(isinstance(X[c].dtype, pd.CategoricalDtype) for c in text_columns(X))


def _input_tags(estimator):
    """The input tags of what receives ``X``: a wrapper (``TransformedTargetRegressor``,
    ``CalibratedClassifierCV``, ...) passes it as it is to the estimator it holds, whose
    tags then say what is taken (the wrappers' own tags do not: a calibrated forest takes
    NaN); a ``Pipeline``'s are its own."""
    try:
        source = estimator if behind_pipeline(estimator) else final_step(estimator)[0]
    except (AttributeError, TypeError):  # not an estimator: its fit says so
        source = estimator
    return get_tags(source).input_tags


def _with_input_tags_of(tags, estimator):
    """``tags`` taking the input ``estimator`` takes (the meta-features take sparse
    matrices and NaN)."""
    base = _input_tags(estimator)
    tags.input_tags.sparse = base.sparse
    tags.input_tags.allow_nan = base.allow_nan
    return tags


def _is_frame(X) -> bool:
    import pandas as pd

    return isinstance(X, pd.DataFrame)


def _takes_sparse(estimator) -> bool:
    """Whether scikit-learn's tags say ``estimator`` takes sparse matrices (a wrapper:
    the estimator it holds, see :func:`_input_tags`)."""
    return bool(_input_tags(estimator).sparse)


def _warn_if_unscaled(space, estimator, X):
    """Warn when a family measured on standardized columns gets, without a pipeline,
    columns far from unit scale (its configurations would not mean the same there)."""
    if space.preprocessing != "scale" or behind_pipeline(estimator):
        return
    from scipy import sparse

    from ..metafeatures._statistical import column_moments

    if not sparse.issparse(X):
        try:
            X = np.asarray(X, dtype=np.float64)
        except (TypeError, ValueError):  # a table with text columns: not for this check
            return
    if X.ndim != 2 or 0 in X.shape:  # refused later, with the meta-features' message
        return
    mean, std, _, _ = column_moments(X)  # NaN left out; a sparse X is not densified
    mean = np.abs(mean)
    varying = np.isfinite(std) & (std > 0)
    if not varying.any():
        return
    std, mean = std[varying], mean[varying]
    if std.min() >= 0.01 and std.max() <= 100 and mean.max() <= 100:
        return
    warnings.warn(
        f"The knowledge's {space.name} configurations were measured on standardized "
        f"columns, but these columns are far from unit scale (standard deviations "
        f"{std.min():.3g} to {std.max():.3g}, largest |mean| {mean.max():.3g}). Put the "
        f"estimator behind a StandardScaler in a Pipeline and pass that "
        f"(skmeta.defaults.family_estimator({space.family!r}, {space.kind!r}) builds it).",
        UserWarning,
        stacklevel=3,
    )


def _held(estimator):
    """The parameter name and the estimator that ``estimator`` wraps and passes ``X`` on
    to as it is (a target transform, calibration, one-vs-rest), or None."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.compose import TransformedTargetRegressor
    from sklearn.multiclass import OneVsOneClassifier, OneVsRestClassifier

    if isinstance(estimator, TransformedTargetRegressor):
        name = "regressor"
    elif isinstance(estimator, CalibratedClassifierCV | OneVsRestClassifier | OneVsOneClassifier):
        name = "estimator"
    else:
        return None
    inner = getattr(estimator, name)
    return None if inner is None else (name, inner)


def _chain(estimator):
    """``estimator`` and what it ends with, outermost first: a ``Pipeline``'s final
    step, and the estimator a wrapper (``TransformedTargetRegressor``,
    ``CalibratedClassifierCV``, ``OneVsRestClassifier``, ``OneVsOneClassifier``) holds,
    each with the prefix of its parameters in the outermost's ``set_params``."""
    from sklearn.pipeline import Pipeline

    chain, prefix = [(estimator, "")], ""
    while True:
        if isinstance(estimator, Pipeline) and estimator.steps:
            name, estimator = estimator.steps[-1]
        elif held := _held(estimator):
            name, estimator = held
        else:
            return chain
        prefix += f"{name}__"
        chain.append((estimator, prefix))


def final_step(estimator):
    """The estimator a (possibly nested) ``Pipeline`` or wrapper (see :func:`_chain`)
    ends with, and the prefix of its parameters in the outermost's ``set_params`` (''
    for a plain estimator)."""
    return _chain(estimator)[-1]


def behind_pipeline(estimator) -> bool:
    """Whether a ``Pipeline`` (which may encode, impute or scale) stands between the
    data and the estimator ``estimator`` ends with; a wrapper passes ``X`` on as it is."""
    from sklearn.pipeline import Pipeline

    return any(isinstance(step, Pipeline) for step, _ in _chain(estimator))


def kept_params(estimator, space) -> dict:
    """The parameters of ``space`` that ``estimator`` (a pipeline's final step) sets
    away from scikit-learn's defaults: the user chose those, and the warm starts keep
    them, filling in only the others (as FLAML's zero-shot estimators keep the
    parameters given to their constructor)."""
    from ..spaces._space import _jsonable

    if estimator is None:
        return {}
    own = final_step(estimator)[0].get_params(deep=False)
    defaults = space.default_config()
    return {
        name: own[name]
        for name in space.param_names
        if name in own and _differs(_jsonable(own[name]), defaults[name])
    }


def _differs(value, default) -> bool:
    try:
        return bool(value != default)
    except (TypeError, ValueError):  # an array, say: not scikit-learn's default
        return True


def with_kept(configs: list[dict], order, kept: dict, limit: int) -> list[tuple[int, dict]]:
    """The first ``limit`` configurations in ``order`` with the ``kept`` parameters
    set, as (index, configuration) pairs; configurations that differ only in a kept
    parameter become one, so the first of them stands for all."""
    picked, seen = [], []
    for i in order:
        config = {**configs[int(i)], **kept}
        if kept and config in seen:
            continue
        seen.append(config)
        picked.append((int(i), config))
        if len(picked) == limit:
            break
    return picked


def space_params(estimator, config: dict) -> dict:
    """A stored configuration as parameters of ``estimator`` (lists back to tuples;
    names prefixed with the final step's when ``estimator`` is a pipeline; None: as
    they are)."""
    prefix = "" if estimator is None else final_step(estimator)[1]
    return {prefix + k: tuple(v) if isinstance(v, list) else v for k, v in config.items()}


class MetaDefaultClassifier(ClassifierMixin, _MetaDefaultBase):
    """A classifier whose hyperparameters come from similar earlier tasks.

    ``fit`` computes the dataset's OpenML meta-features, ranks the configurations the
    knowledge base holds for ``estimator``'s family by how they did on similar tasks
    (``strategy``), and fits a clone of ``estimator`` with the best (zero-shot) or with
    the best of ``n_candidates`` after internal cross-validation (few-shot).
    ``estimator`` and the parameters of this object are never modified.

    Parameters
    ----------
    estimator : estimator or Pipeline, default=None
        A scikit-learn classifier of a family the knowledge covers (default
        ``HistGradientBoostingClassifier()``; a subclass that takes the family's
        parameters counts as its base class), or a ``Pipeline`` ending in one, or a
        ``CalibratedClassifierCV``, ``OneVsRestClassifier`` or ``OneVsOneClassifier``
        holding one: the configuration is then set on that estimator, and the
        meta-features still describe the data as given. Linear models, SVMs, k-NN
        and MLPs were measured on standardized columns, so they belong behind a
        ``StandardScaler`` (:func:`skmeta.defaults.family_estimator` builds that).
        Parameters of the family's search space that ``estimator`` sets away from
        scikit-learn's defaults (``LogisticRegression(class_weight="balanced")``) are
        kept: the knowledge fills in only the others (``kept_params_``).
    knowledge : 'default', path or KnowledgeBase, default='default'
        Where the configurations come from: the knowledge shipped with skmeta, a
        directory saved by :meth:`KnowledgeBase.save`, or a loaded knowledge base.
    strategy : {'hybrid', 'nearest', 'portfolio', 'surrogate'}, default='hybrid'
        How configurations are ranked (see :mod:`skmeta.strategies`); 'hybrid' puts the
        nearest tasks' choice first and the greedy portfolio's diverse order after it.
    n_candidates : int, default=1
        1: fit the top-ranked configuration (zero-shot); more: cross-validate the top
        ``n_candidates`` on (X, y) and fit the best (few-shot). Fewer are
        cross-validated when fewer distinct ones remain once the estimator's kept
        parameters are set.
    n_neighbors : int, default=20
        Nearest known tasks (by scaled meta-features) the ranking looks at.
    min_advantage : float in [0, 1] or 'auto', default='auto'
        Safety towards scikit-learn's default: a learned configuration replaces the
        default (zero-shot) only if, over the nearest tasks, the share on which it beat
        the default exceeds the share on which it lost by at least this much; 0 turns the
        check off. 'auto' chooses 0.25, 0.5 or 0.75 per table, leave-one-group-out over
        the known tasks (a loss counting 1.5 wins; see
        :class:`~skmeta.strategies.NearestTasks`). The defaults of ``strategy``,
        ``n_neighbors`` and ``min_advantage`` were chosen by the leave-group-out
        evaluation in ``benchmarks/bench_warmstart.py``.
    cv : int, cross-validation generator or iterable, default=3
        Internal CV of the few-shot candidates.
    scoring : str or callable, default=None
        How the few-shot cross-validation scores the candidates: a scikit-learn scorer
        name or a callable ``scorer(estimator, X, y)``, higher being better. None: the
        measure of ``metric`` as the knowledge computes it (the estimator's accuracy;
        ROC AUC, one-vs-rest averaged over the classes when there are more than two,
        from probabilities or else the decision function; 'neg_log_loss').
    max_distance_ratio : float, default=3.0
        A dataset whose nearest-task distance is more than this many times the typical
        one (between a known task and the nearest of another group) is unlike the
        knowledge: scikit-learn's default configuration is used, with a
        ``FarFromKnowledgeWarning``.
    metric : str, default=None
        Knowledge metric to rank the configurations by ('accuracy', 'roc_auc' or
        'log_loss' in the knowledge skmeta builds). None: the one ``scoring`` measures
        ('accuracy', 'roc_auc', 'roc_auc_ovr', 'neg_log_loss'), else 'accuracy'.
    n_jobs : int, default=None
        Jobs for the few-shot cross-validation: every candidate on every fold, in one
        parallel pass (candidate by candidate with metadata routing switched on).
        Each candidate's fits run with BLAS / OpenMP on one thread, here and in the
        workers, so the scores and the choice are the same for any ``n_jobs``.
    categorical_features : array-like of bool, int or str, or str, default=None
        Columns of ``X`` that hold categories (codes), as a boolean mask, indices, or
        a DataFrame's column names: the meta-features count them as nominal, as the
        knowledge counts its tasks' category columns. An array cannot say which of its
        columns are codes; a DataFrame's ``category``, ``bool`` and text columns, the
        columns a ``Pipeline``'s encoders take, and gradient boosting's own
        ``categorical_features`` are found without it (and count as well). It changes
        only how the dataset is described: the estimator treats the columns as it is
        configured to (declare them to it too, e.g. gradient boosting's
        ``categorical_features``).
    random_state : int, RandomState instance or None, default=None
        Seeds what ``estimator`` leaves to chance: every ``random_state`` of it (of its
        steps and inner estimators too) that is None is set to this seed in the fitted
        clone and in the few-shot candidates, so that ``fit`` gives the same model every
        time (a configuration can make a deterministic estimator random, e.g. gradient
        boosting's ``max_features`` < 1). Seeds ``estimator`` sets are kept. A
        RandomState instance draws a new seed each ``fit``; None leaves them open.

    Attributes
    ----------
    suggested_params_ : dict
    candidates_ : list of dict
        ``params``, ``predicted_score`` (normalized, 1 = best on similar tasks),
        ``cv_score`` (few-shot only: the mean over the folds of ``scoring``).
    neighbors_ : list of (str, float)
        The nearest known tasks and their distances.
    metafeatures_ : dict
    distance_ratio_ : float
    fallback_ : bool
        True when the dataset was too unlike the knowledge and defaults were used.
    min_advantage_ : float
        The safety threshold in use (``min_advantage``, or the one 'auto' chose).
    kept_params_ : dict
        The search-space parameters ``estimator`` sets away from scikit-learn's
        defaults, kept in every candidate (their ``predicted_score`` is that of the
        stored configuration they come from; configurations that then coincide count
        once).
    estimator_ : estimator
    classes_ : ndarray
    feature_importances_, coef_, intercept_ : ndarray
        Those of ``estimator_``, when it has them (so ``SelectFromModel`` and ``RFE``
        take this object as they take the estimator).

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.neighbors import KNeighborsClassifier
    >>> from skmeta.defaults import MetaDefaultClassifier
    >>> from skmeta.knowledge import build_knowledge
    >>> from skmeta.tasks import load_sklearn_dataset
    >>> kb = build_knowledge([load_sklearn_dataset(n) for n in ("wine", "breast_cancer")],
    ...                      ["k_neighbors"], n_configs=6, verbose=0)
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = MetaDefaultClassifier(KNeighborsClassifier(), knowledge=kb).fit(X, y)
    >>> sorted(clf.suggested_params_)
    ['n_neighbors', 'p', 'weights']
    """

    _kind = "classification"

    @available_if(_estimator_has("predict_proba"))
    def predict_proba(self, X: MatrixLike) -> np.ndarray:
        """Class probabilities of the fitted estimator (available when it has ``predict_proba``).

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
        """
        check_is_fitted(self)
        return self.estimator_.predict_proba(self._validate_predict(X))

    @available_if(_estimator_has("predict_log_proba"))
    def predict_log_proba(self, X: MatrixLike) -> np.ndarray:
        """Log class probabilities of the fitted estimator (when it has ``predict_log_proba``).

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
        """
        check_is_fitted(self)
        return self.estimator_.predict_log_proba(self._validate_predict(X))

    @available_if(_estimator_has("decision_function"))
    def decision_function(self, X: MatrixLike) -> np.ndarray:
        """Decision scores of the fitted estimator (available when it has ``decision_function``).

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,) or (n_samples, n_classes)
        """
        check_is_fitted(self)
        return self.estimator_.decision_function(self._validate_predict(X))


class MetaDefaultRegressor(RegressorMixin, _MetaDefaultBase):
    """A regressor whose hyperparameters come from similar earlier tasks.

    As :class:`MetaDefaultClassifier`, for regression tasks: ``fit`` describes the
    dataset, ranks the knowledge's configurations for ``estimator``'s family by how
    they did on similar tasks, and fits a clone of ``estimator`` with the best
    (zero-shot) or with the best of ``n_candidates`` after internal cross-validation
    (few-shot).

    Parameters
    ----------
    estimator : estimator or Pipeline, default=None
        A scikit-learn regressor of a family the knowledge covers (default
        ``HistGradientBoostingRegressor()``; a subclass that takes the family's
        parameters counts as its base class), or a ``Pipeline`` ending in one, or a
        ``TransformedTargetRegressor`` holding one (the configuration is set on its
        ``regressor``). Search-space parameters it sets away from scikit-learn's
        defaults are kept.
    knowledge : 'default', path or KnowledgeBase, default='default'
        The knowledge shipped with skmeta, a saved directory, or a loaded one.
    strategy : {'hybrid', 'nearest', 'portfolio', 'surrogate'}, default='hybrid'
        How configurations are ranked.
    n_candidates : int, default=1
        1: zero-shot; more: few-shot over the top ``n_candidates``.
    n_neighbors : int, default=20
        Nearest known tasks the ranking looks at.
    min_advantage : float in [0, 1] or 'auto', default='auto'
        Safety towards scikit-learn's default (see :class:`MetaDefaultClassifier`).
    cv : int, cross-validation generator or iterable, default=3
        Internal CV of the few-shot candidates.
    scoring : str or callable, default=None
        How the few-shot cross-validation scores the candidates: a scikit-learn scorer
        name or a callable ``scorer(estimator, X, y)``, higher being better. None: the
        measure of ``metric`` (the estimator's R², or
        'neg_root_mean_squared_error' for 'rmse').
    max_distance_ratio : float, default=3.0
        Distance ratio beyond which scikit-learn's default configuration is used.
    metric : str, default=None
        Knowledge metric to rank the configurations by ('r2' or 'rmse' in the
        knowledge skmeta builds). None: the one ``scoring`` measures ('r2',
        'neg_root_mean_squared_error', 'neg_mean_squared_error'), else 'r2'.
    n_jobs : int, default=None
        Jobs for the few-shot cross-validation (the same results for any ``n_jobs``).
    categorical_features : array-like of bool, int or str, or str, default=None
        Columns of ``X`` that hold categories, counted as nominal by the meta-features.
    random_state : int, RandomState instance or None, default=None
        Seed of every ``random_state`` that ``estimator`` leaves None (see
        :class:`MetaDefaultClassifier`); None leaves them open.

    Attributes
    ----------
    suggested_params_ : dict
        The configuration fitted.
    candidates_ : list of dict
        ``params``, ``predicted_score``, ``cv_score`` (few-shot only: the mean over the
        folds of ``scoring``).
    neighbors_ : list of (str, float)
        The nearest known tasks and their distances.
    metafeatures_ : dict
        The dataset's meta-features.
    distance_ratio_ : float
        Nearest-task distance over the typical one.
    fallback_ : bool
        True when the dataset was too unlike the knowledge and defaults were used.
    min_advantage_ : float
        The safety threshold in use.
    kept_params_ : dict
        The search-space parameters ``estimator`` sets away from scikit-learn's
        defaults, kept in every candidate.
    estimator_ : estimator
        The fitted clone of ``estimator``.
    feature_importances_, coef_, intercept_ : ndarray
        Those of ``estimator_``, when it has them (so ``SelectFromModel`` and ``RFE``
        take this object as they take the estimator).

    Examples
    --------
    >>> from sklearn.datasets import load_diabetes
    >>> from sklearn.linear_model import Ridge
    >>> from skmeta.defaults import MetaDefaultRegressor
    >>> from skmeta.knowledge import build_knowledge
    >>> from skmeta.tasks import load_sklearn_dataset
    >>> from skmeta.tasks import Task
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> tasks = [Task(rng.normal(size=(80, 3)), rng.normal(size=80), name=f"t{i}",
    ...               kind="regression") for i in range(3)]
    >>> kb = build_knowledge(tasks, ["linear"], n_configs=4, verbose=0)
    >>> X, y = load_diabetes(return_X_y=True)
    >>> reg = MetaDefaultRegressor(Ridge(), knowledge=kb, n_candidates=2).fit(X, y)
    >>> len(reg.candidates_)
    2
    """

    _kind = "regression"
