"""Task ensembles: models of related tasks combined with weights learned on a new task."""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import minimize, nnls
from sklearn import get_config
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin, clone, is_classifier
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import KFold, StratifiedKFold, check_cv
from sklearn.pipeline import Pipeline
from sklearn.utils import _safe_indexing
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.validation import check_is_fitted, has_fit_parameter

from ..utils._checks import repeated
from ..utils._compat import HasMethods, _fit_context, validate_data
from ..utils._fitted import replaces_fit
from ..utils._parallel import one_thread_per_fit
from ..utils._seeds import fit_seed, seeded
from ..utils._tabular import (
    as_pandas_frame,
    check_classification_labels,
    check_frame_and_target,
    check_group_labels,
    check_row_weights,
    passed_as_given,
    text_columns,
)
from ..utils._typing import ArrayLike, Estimator, RandomStateLike
from ._estimators import _target_scaling

__all__ = ["SourceModels", "TaskEnsembleClassifier", "TaskEnsembleRegressor"]


def _weight_params(estimator, sample_weight) -> dict:
    """The ``fit`` keyword that hands ``sample_weight`` to ``estimator``: its own
    ``sample_weight``, a Pipeline's final step's, or, with scikit-learn's metadata
    routing on, ``sample_weight`` for the estimator's requests to route; a TypeError
    (before anything is fitted) when it takes no weights."""
    if sample_weight is None:
        return {}
    if get_config().get("enable_metadata_routing", False):
        return {"sample_weight": sample_weight}
    if has_fit_parameter(estimator, "sample_weight"):
        return {"sample_weight": sample_weight}
    if isinstance(estimator, Pipeline) and has_fit_parameter(
        estimator._final_estimator, "sample_weight"
    ):
        return {f"{estimator.steps[-1][0]}__sample_weight": sample_weight}
    raise TypeError(
        f"sample_weight was given, but {type(estimator).__name__}.fit takes no "
        "sample_weight; choose an estimator that weighs rows, or fit without weights."
    )


def _fit_one(estimator, X, y, group, sample_weight=None):
    try:
        model = clone(estimator)
        return model.fit(X, y, **_weight_params(model, sample_weight))
    except (ValueError, TypeError) as exc:  # which task's rows the estimator refused
        raise type(exc)(f"Fitting the model of task {group!r} failed: {exc}") from exc


def _ensemble_input(owner, X, y="no_validation", *, reset: bool, y_numeric: bool = False):
    """X (and y, unless ``"no_validation"``) as the members take them: a DataFrame
    (pandas; polars and Arrow as pandas) passes on as it is, checked for its width and
    column names only, so that models fitted on frames (pipelines that encode text
    columns, select columns by name) get frames; anything else becomes a float64 array."""
    X = as_pandas_frame(X)
    no_y = isinstance(y, str) and y == "no_validation"
    if not isinstance(X, pd.DataFrame):
        if no_y and passed_as_given(owner, X):  # members fitted on text columns
            validate_data(owner, X, skip_check_array=True, reset=reset)
            return X
        if no_y:
            return validate_data(owner, X, dtype=np.float64, reset=reset)
        X, y = validate_data(owner, X, y, dtype=np.float64, y_numeric=y_numeric, reset=reset)
        owner._fitted_on_text = False
        return X, y
    if X.shape[0] == 0:
        raise ValueError(
            f"Found array with 0 sample(s) (shape={X.shape}) while a minimum of 1 is "
            f"required by {type(owner).__name__}."
        )
    if no_y:
        validate_data(owner, X, skip_check_array=True, reset=reset)
        return X
    checked = check_frame_and_target(owner, X, y, y_dtype=np.float64 if y_numeric else None)
    owner._fitted_on_text = bool(text_columns(X))
    return checked


def _is_text(classes: np.ndarray) -> bool:
    """The class labels are text (str or bytes, or objects holding them)."""
    if classes.dtype.kind in "USO":
        return any(isinstance(c, str | bytes) for c in classes.tolist())
    return False


class SourceModels:
    """Fitted models of related tasks (one per task), the members of a task ensemble.

    Not an estimator: a container that ``clone`` copies as it is, so a
    :class:`TaskEnsembleRegressor` holding it can be cloned and grid-searched.

    Parameters
    ----------
    models : list of fitted estimators
        One model per related task, fitted on that task's rows; they must expect the
        same number of features.
    names : list, default=None
        The task of each model.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import Ridge
    >>> from skmeta.fewshot import SourceModels
    >>> X = np.random.default_rng(0).normal(size=(40, 2))
    >>> y = X[:, 0]
    >>> sources = SourceModels.fit(Ridge(), X, y, groups=np.repeat([0, 1], 20))
    >>> len(sources.models), sources.names
    (2, [0, 1])
    """

    def __init__(self, models: Sequence[Estimator], names: Sequence[str] | None = None) -> None:
        if hasattr(models, "get_params"):  # one estimator (a forest would list its trees)
            raise TypeError(
                f"models must be a list of fitted models, one per task; got one "
                f"{type(models).__name__}. To fit one per task: "
                "SourceModels.fit(estimator, X, y, groups=task_of_each_row)."
            )
        models = list(models)
        if not models:
            raise ValueError("SourceModels needs at least one fitted model.")
        for m in models:
            check_is_fitted(m)
        self.models = models
        self.names = list(range(len(models))) if names is None else _check_names(names, models)
        n_features = {getattr(m, "n_features_in_", None) for m in models} - {None}
        if len(n_features) > 1:
            raise ValueError(f"The source models expect different feature counts {n_features}.")
        # every member meets the same X: models fitted on frames must share its columns
        named = [
            (i, list(m.feature_names_in_))
            for i, m in enumerate(models)
            if getattr(m, "feature_names_in_", None) is not None
        ]
        for i, columns in named[1:]:
            if columns != named[0][1]:
                order = " in another order" if sorted(columns) == sorted(named[0][1]) else ""
                raise ValueError(
                    f"The source models were fitted on different columns{order}: model "
                    f"{named[0][0]} on {named[0][1][:5]}, model {i} on {columns[:5]}; every "
                    "member is given the same X."
                )
        self.n_features_in_ = n_features.pop() if n_features else None

    def __repr__(self) -> str:
        # shown in the ensembles' reprs
        from collections import Counter

        kinds = Counter(type(m).__name__ for m in self.models)
        what = ", ".join(f"{n} {name}" for name, n in kinds.items())
        more = ", ..." if len(self.names) > 5 else ""
        shown = ", ".join(repr(n) for n in self.names[:5])
        return f"SourceModels({what}; tasks [{shown}{more}])"

    @classmethod
    def fit(
        cls,
        estimator: Estimator,
        X: ArrayLike,
        y: ArrayLike,
        groups: ArrayLike,
        *,
        sample_weight: ArrayLike | None = None,
        n_jobs: int | None = None,
    ) -> SourceModels:
        """Fit a clone of ``estimator`` on the rows of each group (with their
        ``sample_weight``, when given: ``estimator.fit`` must take it, or, for a
        Pipeline, its final step's). A DataFrame (pandas, polars or Arrow) is split as
        a pandas DataFrame and a sparse matrix as a sparse matrix."""
        X = as_pandas_frame(X)  # a frame stays a frame, for models that need its columns
        if not (isinstance(X, pd.DataFrame) or sparse.issparse(X)):
            X = np.asarray(X)
        y = np.asarray(y)
        if X.ndim != 2:
            raise ValueError(f"X must be 2-D (n_samples, n_features); got shape {X.shape}.")
        if y.shape != (X.shape[0],):
            raise ValueError(
                f"y must have one entry per row of X ({X.shape[0]}); got shape {y.shape}."
            )
        groups = check_group_labels(groups, X.shape[0])
        weights = check_row_weights(sample_weight, X)
        _weight_params(clone(estimator), weights)  # takes weights, or says so now
        labels = np.unique(groups)
        rows_of = {g: np.flatnonzero(groups == g) for g in labels.tolist()}
        with one_thread_per_fit():  # the same models for any n_jobs
            models = Parallel(n_jobs=n_jobs)(
                delayed(_fit_one)(
                    estimator,
                    _safe_indexing(X, rows),
                    y[rows],
                    g,
                    None if weights is None else weights[rows],
                )
                for g, rows in rows_of.items()
            )
        return cls(models, labels.tolist())


def _simplex_least_squares(F, t, row_weights=None):
    """Weights >= 0 summing to 1 that minimize ``||F w - t||`` (each row's square
    times its ``row_weights``): non-negative least squares (an exact active-set method)
    with the sum held at 1 by a heavily weighted extra row. A general-purpose solver
    (SLSQP) stopped at its uniform starting point when the members' errors were large."""
    m = F.shape[1]
    if m == 1:
        return np.ones(1)
    heavy = 1e3 * max(float(np.abs(F).max(initial=0.0)), float(np.abs(t).max(initial=0.0)), 1.0)
    if row_weights is None:
        heavy *= np.sqrt(F.shape[0])
    else:  # the same problem as with each row repeated (weight) times
        root = np.sqrt(row_weights)
        F, t = F * root[:, None], t * root
        heavy *= np.sqrt(row_weights.sum())
    A = np.vstack([F, np.full((1, m), heavy)])
    w, _ = nnls(A, np.append(t, heavy), maxiter=50 * m)
    total = w.sum()
    return w / total if np.isfinite(total) and total > 0 else np.full(m, 1.0 / m)


def _simplex_weights(loss_and_grad, m):
    """Weights >= 0 summing to 1 that minimize a convex loss (SLSQP)."""
    if m == 1:
        return np.ones(1)
    result = minimize(
        loss_and_grad,
        np.full(m, 1.0 / m),
        jac=True,
        method="SLSQP",
        bounds=[(0.0, 1.0)] * m,
        constraints=[{"type": "eq", "fun": lambda w: w.sum() - 1.0, "jac": lambda w: np.ones(m)}],
    )
    w = np.clip(result.x, 0.0, None)
    return w / w.sum()


class _TaskEnsembleBase(BaseEstimator):
    _parameter_constraints: dict = {
        "sources": [SourceModels, None],
        "estimator": [None, HasMethods(["fit"])],
        "include_local": ["boolean"],
        "cv": ["cv_object"],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        sources: SourceModels | None = None,
        *,
        estimator: Estimator | None = None,
        include_local: bool = True,
        cv: int | Any = 5,
        random_state: RandomStateLike = None,
    ) -> None:
        self.sources = sources
        self.estimator = estimator
        self.include_local = include_local
        self.cv = cv
        self.random_state = random_state

    def _check_sources(self, X):
        """The sources match X's columns and this ensemble's task type."""
        members = [] if self.sources is None else list(self.sources.models)
        if self.sources is not None and self.sources.n_features_in_ not in (None, X.shape[1]):
            raise ValueError(
                f"X has {X.shape[1]} features, but the source models were fitted on "
                f"{self.sources.n_features_in_}."
            )
        wrong = [m for m in members if is_classifier(m) != self._is_classifier]
        if wrong:
            kinds = ("regressors", "classifiers")
            raise ValueError(
                f"The source models are {kinds[is_classifier(wrong[0])]} "
                f"({type(wrong[0]).__name__}); {type(self).__name__} combines "
                f"{kinds[self._is_classifier]}."
            )
        return members

    def _template(self, seed=None):
        """A clone of the local model, its open random states set to ``seed``."""
        estimator = self._default_estimator() if self.estimator is None else self.estimator
        return seeded(clone(estimator), seed)

    def _fit_local(self, X, y, weights, seed):
        """The local model fitted on all of (X, y), with the row weights (a TypeError
        before any fit when it takes none)."""
        local = self._template(seed)
        return local.fit(X, y, **_weight_params(local, weights))

    def _oof_splits(self, X, y, weights):
        """Train/test index pairs for the local model's out-of-fold predictions, or
        None when an integer ``cv`` cannot split these rows (too few). An integer
        splits the rows of positive weight only (shuffled, stratified for a
        classifier), so a row of weight 0 is absent from them as if removed; any other
        ``cv`` is scikit-learn's (a splitter or an iterable of splits over all rows)."""
        if not isinstance(self.cv, numbers.Integral):
            return list(check_cv(self.cv, y, classifier=self._is_classifier).split(X, y))
        rows = np.arange(X.shape[0]) if weights is None else np.flatnonzero(weights > 0)
        n_splits = min(self.cv, rows.size)
        if n_splits < 2:
            return None
        splitter = KFold(n_splits, shuffle=True, random_state=0)
        if self._is_classifier:
            if np.unique(y[rows], return_counts=True)[1].min() < n_splits:
                return None
            splitter = StratifiedKFold(n_splits, shuffle=True, random_state=0)
        return [(rows[a], rows[b]) for a, b in splitter.split(rows, y[rows])]

    def _local_oof(self, X, y, weights, predict, seed):
        """The local model's out-of-fold predictions (so its weight is not inflated by
        its having seen the rows), from ``predict(model, rows)``; None when an integer
        ``cv`` cannot split the rows, or a fold's fit fails there. Rows in no test fold
        (of weight 0) keep NaN: they do not count."""
        splits = self._oof_splits(X, y, weights)
        if splits is None:
            return None
        template = self._template(seed)
        out = None
        for train, test in splits:
            model = clone(template)
            fold_weights = None if weights is None else weights[train]
            params = _weight_params(model, fold_weights)
            try:
                model.fit(_safe_indexing(X, train), y[train], **params)
            except ValueError:
                if isinstance(self.cv, numbers.Integral):
                    return None  # e.g. a class too rare for the fold: in-sample instead
                raise
            predicted = predict(model, _safe_indexing(X, test))
            if out is None:
                out = np.full((X.shape[0], *predicted.shape[1:]), np.nan)
            out[test] = predicted
        if out is None:
            raise ValueError("cv gave no splits for the local model's out-of-fold predictions.")
        missing = np.isnan(out).reshape(X.shape[0], -1).any(axis=1)
        if weights is not None:
            missing &= weights > 0
        if not isinstance(self.cv, numbers.Integral) and missing.any():
            raise ValueError(
                f"cv left {int(missing.sum())} row(s) out of every test fold (first: "
                f"{int(np.flatnonzero(missing)[0])}); the local model's out-of-fold "
                "predictions need each row in one test fold."
            )
        return out


class TaskEnsembleRegressor(RegressorMixin, _TaskEnsembleBase):
    """A weighted combination of related tasks' models, weights learned on a new task.

    ``f(x) = sum_i a_i f_i(x)`` with ``a_i >= 0`` and ``sum_i a_i = 1``; the weights
    minimize the squared error on the new task's (few) rows. The members are the fitted
    ``sources`` plus, with ``include_local``, a model fitted on the new task itself
    (whose weight is learned from out-of-fold predictions, so it is not favoured for
    having seen the rows).

    Parameters
    ----------
    sources : SourceModels, default=None
        The related tasks' fitted models (None: the local model alone).
    estimator : estimator, default=None
        The local model (default ``Ridge()``).
    include_local : bool, default=True
        Whether a model fitted on the new task itself is a member too.
    cv : int, cross-validation generator or iterable, default=5
        Folds for the local model's out-of-fold predictions: an int splits the
        rows (at most one fold per row; shuffled with a fixed seed) and
        falls back to in-sample predictions when the rows are too few to split; a
        splitter or an iterable of (train, test) index pairs must put every row of
        positive weight in a test fold.
    random_state : int, RandomState instance or None, default=None
        Seeds what the local model leaves to chance: every ``random_state`` of it (of
        its steps too) that is None is set to this seed in its fits, so that ``fit``
        gives the same ensemble every time; seeds it sets are kept. None leaves them
        open.

    Attributes
    ----------
    weights_ : ndarray of shape (n_members,)
        Sources first, then the local model.
    local_ : estimator or None
        The local model fitted on all of (X, y), when it is a member.
    n_features_in_ : int
        Number of columns of ``X``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import Ridge
    >>> from skmeta.fewshot import SourceModels, TaskEnsembleRegressor
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(60, 2))
    >>> groups = np.repeat([0, 1, 2], 20)
    >>> y = np.choose(groups, [X[:, 0], X[:, 1], -X[:, 0]])
    >>> sources = SourceModels.fit(Ridge(), X, y, groups)
    >>> X_new = rng.normal(size=(8, 2))
    >>> ens = TaskEnsembleRegressor(sources, include_local=False).fit(X_new, X_new[:, 1])
    >>> ens.weights_.round(2)
    array([0., 1., 0.])
    """

    _is_classifier = False

    @staticmethod
    def _default_estimator():
        return Ridge()

    @replaces_fit
    @_fit_context(prefer_skip_nested_validation=False)
    def fit(
        self, X: ArrayLike, y: ArrayLike, sample_weight: ArrayLike | None = None
    ) -> _TaskEnsembleBase:
        """Fit the local model and learn the ensemble weights on (X, y).

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            A DataFrame (pandas, polars or Arrow) reaches the members as a pandas
            DataFrame, checked only for its columns: models fitted on frames, such as
            pipelines that encode text columns by name, get what they expect.
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative row weights: the ensemble weights minimize the weighted squared
            error (a row of weight 2 counts as two rows, one of weight 0 not at all), and
            the local model is fitted with them (its ``fit`` must take
            ``sample_weight``, or, for a Pipeline, its final step's).

        Returns
        -------
        self
        """
        X, y = _ensemble_input(self, X, y, reset=True, y_numeric=True)
        weights = check_row_weights(sample_weight, X)
        members = self._check_sources(X)
        if not members and not self.include_local:
            raise ValueError("No members: give sources, or set include_local=True.")
        columns = [m.predict(X) for m in members]
        local = None
        if self.include_local:
            seed = fit_seed(self.random_state)
            local = self._fit_local(X, y, weights, seed)
            oof = self._local_oof(X, y, weights, lambda model, rows: model.predict(rows), seed)
            in_sample = local.predict(X)
            columns.append(in_sample if oof is None else np.where(np.isnan(oof), in_sample, oof))
        # weights summing to 1 leave the residual as it is when one constant is
        # subtracted from the target and every member's predictions, and all are divided
        # by one number: the solver sees the target at unit scale whatever its units
        center, spread = _target_scaling(y, weights)
        F = (np.column_stack(columns) - center) / spread
        target = (y - center) / spread
        self.weights_ = _simplex_least_squares(F, target, weights)
        self.local_ = local
        self.members_ = [*members, *([local] if local is not None else [])]
        return self

    def predict(self, X: ArrayLike) -> np.ndarray:
        """The weighted sum of the members' predictions."""
        check_is_fitted(self)
        X = _ensemble_input(self, X, reset=False)
        return np.column_stack([m.predict(X) for m in self.members_]) @ self.weights_


class TaskEnsembleClassifier(ClassifierMixin, _TaskEnsembleBase):
    """A weighted mixture of related tasks' classifiers (probabilities), weights on a new task.

    As :class:`TaskEnsembleRegressor`, mixing predicted probabilities; the weights
    minimize the log loss on the new task's rows. Classes are aligned by label:
    ``classes_`` is the union of the members' and the new task's classes (a member
    gives probability 0 to a class it never saw).

    Parameters
    ----------
    sources : SourceModels, default=None
        The related tasks' fitted classifiers, with ``predict_proba`` (None: the local
        model alone).
    estimator : estimator, default=None
        The local model (default ``LogisticRegression()``).
    include_local : bool, default=True
        Whether a model fitted on the new task itself is a member too (only when its
        rows hold at least two classes).
    cv : int, cross-validation generator or iterable, default=5
        Folds for the local model's out-of-fold probabilities: an int splits the
        rows (at most one fold per row; shuffled with a fixed seed, stratified) and
        falls back to in-sample probabilities when the rows are too few to split; a
        splitter or an iterable of (train, test) index pairs must put every row of
        positive weight in a test fold.
    random_state : int, RandomState instance or None, default=None
        Seeds what the local model leaves to chance: every ``random_state`` of it (of
        its steps too) that is None is set to this seed in its fits, so that ``fit``
        gives the same ensemble every time; seeds it sets are kept. None leaves them
        open.

    Attributes
    ----------
    weights_ : ndarray of shape (n_members,)
        Sources first, then the local model.
    local_ : estimator or None
        The local model fitted on all of (X, y), when it is a member.
    classes_ : ndarray
        The union of the members' and the new task's classes.
    n_features_in_ : int
        Number of columns of ``X``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skmeta.fewshot import SourceModels, TaskEnsembleClassifier
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(80, 2))
    >>> groups = np.repeat([0, 1], 40)
    >>> y = np.where(groups == 0, X[:, 0] > 0, X[:, 1] > 0).astype(int)
    >>> sources = SourceModels.fit(LogisticRegression(), X, y, groups)
    >>> X_new = rng.normal(size=(10, 2))
    >>> ens = TaskEnsembleClassifier(sources, include_local=False)
    >>> int(ens.fit(X_new, (X_new[:, 1] > 0).astype(int)).weights_.argmax())
    1
    """

    _is_classifier = True

    @staticmethod
    def _default_estimator():
        return LogisticRegression()

    def _proba(self, model, X):
        P = np.zeros((X.shape[0], self.classes_.size))
        P[:, np.searchsorted(self.classes_, model.classes_)] = model.predict_proba(X)
        return P

    @replaces_fit
    @_fit_context(prefer_skip_nested_validation=False)
    def fit(
        self, X: ArrayLike, y: ArrayLike, sample_weight: ArrayLike | None = None
    ) -> _TaskEnsembleBase:
        """Fit the local model and learn the mixture weights on (X, y).

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            A DataFrame (pandas, polars or Arrow) reaches the members as a pandas
            DataFrame, checked only for its columns.
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative row weights: the mixture weights minimize the weighted log loss
            (a row of weight 2 counts as two rows, one of weight 0 not at all), and the
            local model is fitted with them (its ``fit`` must take ``sample_weight``,
            or, for a Pipeline, its final step's).

        Returns
        -------
        self
        """
        if y is not None:
            check_classification_labels(y)  # pd.NA too, before scikit-learn meets it
        X, y = _ensemble_input(self, X, y, reset=True)
        check_classification_targets(y)
        weights = check_row_weights(sample_weight, X)
        labels = np.unique(y)
        if self.include_local and labels.size < 2 and self.sources is None:
            raise ValueError(f"y has only one class ({labels[0]!r}); the local model needs 2.")
        members = self._check_sources(X)
        # probabilities are what is mixed: a member without them is named before any fit
        members_and_roles = [("a source model", m) for m in members]
        if self.include_local and labels.size >= 2:  # else it is not a member
            members_and_roles.append(("the local model", self._template()))
        for role, model in members_and_roles:
            if not hasattr(model, "predict_proba"):
                name = type(model).__name__
                # not SVC(probability=True): scikit-learn 1.9 deprecates it for this
                hint = (
                    f"; wrap it in sklearn.calibration.CalibratedClassifierCV({name}(...), "
                    "ensemble=False) to give it one"
                    if is_classifier(model)
                    else ""
                )
                raise ValueError(
                    f"{type(self).__name__} mixes class probabilities, but {role}, {name}, "
                    f"has no predict_proba{hint}."
                )
        source_classes = [np.asarray(m.classes_) for m in members]
        for classes in source_classes:
            if _is_text(classes) != _is_text(labels):
                # numpy's union would turn the numbers into text, and the classes of
                # the sources and of y would no longer meet
                raise ValueError(
                    f"y's classes {labels[:5].tolist()} and a source model's classes "
                    f"{classes[:5].tolist()} are not of one type (text and numbers); give y "
                    "the labels the source models were fitted with."
                )
        self.classes_ = np.unique(np.concatenate([labels, *source_classes]))
        include_local = self.include_local and labels.size >= 2
        if not members and not include_local:
            raise ValueError("No members: give sources, or set include_local=True.")
        probas = [self._proba(m, X) for m in members]
        local = None
        if include_local:
            seed = fit_seed(self.random_state)
            local = self._fit_local(X, y, weights, seed)
            oof = self._local_oof(X, y, weights, self._proba, seed)
            in_sample = self._proba(local, X)
            probas.append(in_sample if oof is None else np.where(np.isnan(oof), in_sample, oof))
        A = np.stack(probas, axis=1)  # (n, members, classes)
        rows = np.arange(X.shape[0])
        truth = A[rows, :, np.searchsorted(self.classes_, y)]  # (n, members)
        share = (
            np.full(X.shape[0], 1.0 / X.shape[0]) if weights is None else weights / weights.sum()
        )
        eps = 1e-12

        def loss_and_grad(w):
            p = np.maximum(truth @ w, eps)
            return float(-share @ np.log(p)), -(share / p) @ truth

        self.weights_ = _simplex_weights(loss_and_grad, A.shape[1])
        self.local_ = local
        self.members_ = [*members, *([local] if local is not None else [])]
        return self

    def predict_proba(self, X: ArrayLike) -> np.ndarray:
        """The weighted mixture of the members' probabilities."""
        check_is_fitted(self)
        X = _ensemble_input(self, X, reset=False)
        return sum(w * self._proba(m, X) for w, m in zip(self.weights_, self.members_, strict=True))

    def predict(self, X: ArrayLike) -> np.ndarray:
        """Classes of the highest mixture probability."""
        proba = self.predict_proba(X)
        return self.classes_[proba.argmax(axis=1)]


def _check_names(names, models: list) -> list:
    """``names`` as a list of one distinct name per model, or a clear error."""
    if isinstance(names, str | bytes) or not isinstance(names, Iterable):
        raise TypeError(
            f"names must be a list with one name per model; got {type(names).__name__} {names!r}."
        )
    names = list(names)
    if len(names) != len(models):
        raise ValueError(f"names has {len(names)} entries for {len(models)} models.")
    twice = repeated(map(str, names))
    if twice:
        raise ValueError(f"names must be distinct; {twice} appear more than once.")
    return names
