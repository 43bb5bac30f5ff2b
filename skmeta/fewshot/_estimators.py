"""scikit-learn estimators: meta-trainers over task families and warm-started learners."""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_consistent_length, check_is_fitted, check_random_state

from ..utils._checks import is_int
from ..utils._compat import Interval, StrOptions, _fit_context, validate_data
from ..utils._fitted import replaces_fit
from ..utils._tabular import (
    check_classification_labels,
    check_group_labels,
    check_row_weights,
    text_columns,
)
from ..utils._typing import ArrayLike, RandomStateLike
from ._meta import adapt, meta_train
from ._models import BatchedMLP
from ._start import MAX_STEPS, LearnedStart

__all__ = [
    "MAMLClassifier",
    "MAMLRegressor",
    "MetaSGDClassifier",
    "MetaSGDRegressor",
    "ReptileClassifier",
    "ReptileRegressor",
    "WarmStartClassifier",
    "WarmStartRegressor",
]


def _check_groups(groups, n_samples, weighted=False):
    if groups is None:
        raise ValueError(
            "groups is required: it says which task each row belongs to (fit(X, y, groups)). "
            "In GridSearchCV, enable metadata routing: sklearn.set_config("
            "enable_metadata_routing=True)."
        )
    groups = check_group_labels(groups, n_samples)
    labels, codes, counts = np.unique(groups, return_inverse=True, return_counts=True)
    single = labels[counts < 2]
    if single.size:
        raise ValueError(
            f"Every task needs at least 2 rows (a support and a query row); the group(s) "
            f"{single[:5].tolist()} have only 1 sample"
            f"{' of positive weight' if weighted else ''}."
        )
    return labels, codes.reshape(-1), counts


def _without_zero_weights(weights, groups, *arrays):
    """``(weights, groups, *arrays)`` without the rows of weight 0, the lightest row
    weighing 1 (every task's weights then sum to at least 1, which the model's masks
    take as a weighted mean); as given when ``weights`` is None."""
    if weights is None:
        return (None, groups, *arrays)
    if groups is not None:
        groups = check_group_labels(groups, weights.shape[0])
    kept = weights > 0
    return (
        weights[kept] / weights[kept].min(),
        None if groups is None else groups[kept],
        *(a[kept] for a in arrays),
    )


def _padded_rows(codes, n_groups):
    """(n_groups, max_rows) row indices per group, -1 padded; and the counts."""
    order = np.argsort(codes, kind="stable")
    counts = np.bincount(codes, minlength=n_groups)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    width = int(counts.max())
    pos = np.arange(width)
    valid = pos[None, :] < counts[:, None]
    idx = np.where(valid, starts[:, None] + np.minimum(pos[None, :], counts[:, None] - 1), 0)
    rows = np.where(valid, order[idx], -1)
    return rows, counts


def _split_support_query(rows, counts, n_support, n_query, rng):
    """Random support/query row indices per task (vectorized; -1 marks padding)."""
    n_tasks, width = rows.shape
    keys = rng.random((n_tasks, width))
    keys[rows < 0] = np.inf
    order = np.take_along_axis(rows, np.argsort(keys, axis=1), axis=1)
    n_s = np.minimum(n_support, counts - 1)  # at least one query row
    pos_s = np.arange(n_support)
    support_mask = pos_s[None, :] < n_s[:, None]
    support = np.take_along_axis(order, np.minimum(pos_s[None, :], width - 1), axis=1)
    pos_q = n_s[:, None] + np.arange(n_query)[None, :]
    query_mask = pos_q < np.minimum(counts, n_s + n_query)[:, None]
    query = np.take_along_axis(order, np.minimum(pos_q, width - 1), axis=1)
    support = np.where(support_mask, support, 0)
    query = np.where(query_mask, query, 0)
    return support, support_mask, query, query_mask


def _refuse_text(owner, X) -> None:
    """A DataFrame's text or category columns: a ValueError naming them (validation's
    own is pandas' "could not convert string to float", which names no column)."""
    refused = text_columns(X)
    if refused:
        raise ValueError(
            f"X has non-numeric columns {refused[:5]}; {type(owner).__name__} takes "
            "numbers only. Encode them first (a OneHotEncoder, or pandas.get_dummies), the "
            "same way for every task."
        )


def _standardization(A, weights=None) -> tuple[np.ndarray, np.ndarray]:
    """Column means and standard deviations of a 2-D array (scale 1 for a constant
    column), computed on the columns divided by their largest magnitude: values beyond
    1e154, whose squares overflow, are standardized like any others. With row
    ``weights``, weighted ones (a row of weight 0 counts not at all, one of weight 2 as
    two)."""
    A = np.asarray(A, dtype=np.float64)
    if weights is not None:
        A, weights = A[weights > 0], weights[weights > 0]
    peak = np.maximum(A.max(axis=0), -A.min(axis=0))  # max |A|, without a copy of A
    peak[~(peak > 0)] = 1.0
    B = A / peak
    mean = np.average(B, axis=0, weights=weights)
    B -= mean  # in place: one copy of A at a time, not three
    np.square(B, out=B)
    std = np.sqrt(np.average(B, axis=0, weights=weights))
    constant = np.ptp(A, axis=0) == 0  # rounding must not read as spread
    scale = np.where(constant | ~(std > 0), 1.0, std * peak)
    return mean * peak, scale


def _stable_step(Z, weights, loss: str, largest: float = 0.5) -> float:
    """The step size of gradient descent from the zero start: ``largest``, or less where
    that would diverge. A linear model's loss on the standardized inputs ``Z`` is
    L-smooth with L = c * the largest eigenvalue of the (row-weighted) Gram matrix of
    [Z, 1] (c = 2 for the mean squared error, 1/4 for the logistic loss, 1/2 for the
    softmax loss); steps of at most 1 / L never increase it. Correlated inputs make L
    large: 0.5 had diverged on iris, whose petal length and width go together."""
    n = Z.shape[0]
    w = np.full(n, 1.0 / n) if weights is None else weights / weights.sum()
    A = np.column_stack([Z, np.ones(n)])
    if A.shape[1] <= 200:
        top = np.linalg.eigvalsh((A * w[:, None]).T @ A)[-1]
    else:  # Lanczos on the product, without forming a large Gram matrix
        from scipy.sparse.linalg import ArpackNoConvergence, LinearOperator, eigsh

        gram = LinearOperator(
            (A.shape[1], A.shape[1]), matvec=lambda v: A.T @ (w * (A @ np.ravel(v)))
        )
        try:
            top = eigsh(gram, k=1, which="LA", v0=np.ones(A.shape[1]), return_eigenvectors=False)[0]
        except ArpackNoConvergence:  # the trace bounds the largest eigenvalue
            top = float(w @ (A * A).sum(axis=1))
    c = {"squared_error": 2.0, "log_loss": 0.25, "softmax": 0.5}[loss]
    return float(min(largest, 1.0 / (c * top))) if top > 0 else largest


def _target_scaling(target, weights=None) -> tuple[float, float]:
    """Mean and standard deviation of a regression target (scale 1 when constant;
    weighted with row ``weights``)."""
    mean, scale = _standardization(np.reshape(target, (-1, 1)), weights)
    return float(mean[0]), float(scale[0])


def _warn_if_diverged(losses, loss, n_outputs):
    """A ConvergenceWarning when the last tenth of meta-training ended with a query loss
    over ten times that of a model that has learned nothing (predicting the target's
    mean, or every class alike): the steps were too large, and the start is worse than
    none. The regression target is standardized, so its mean's squared error is 1 (and
    a constant target, kept in its units, counts errors of one unit as that much)."""
    if loss == "squared_error":
        reference, what = 1.0, "the target's mean"
    else:
        reference, what = float(np.log(max(n_outputs, 2))), "every class alike"
    final = float(np.mean(losses[-max(1, losses.size // 10) :]))
    if not final <= 10.0 * reference:  # also NaN or inf
        warnings.warn(
            f"Meta-training diverged: its last query losses ({final:.3g} on average) are "
            f"over ten times that of a model predicting {what} ({reference:.3g}). Lower "
            "inner_lr or meta_lr.",
            ConvergenceWarning,
            stacklevel=3,
        )


class _MetaTrainerBase(BaseEstimator):
    """Shared machinery of the meta-trainers; subclasses fix the algorithm and the task."""

    _algorithm = "maml"
    _is_classifier = False

    __metadata_request__fit = {"groups": True}
    __metadata_request__score = {"groups": True}

    _parameter_constraints: dict = {
        "hidden_layer_sizes": ["array-like", Interval(numbers.Integral, 1, None, closed="left")],
        "activation": [StrOptions({"relu", "tanh"})],
        "inner_steps": [Interval(numbers.Integral, 1, MAX_STEPS, closed="both")],
        "inner_lr": [Interval(numbers.Real, 0, None, closed="neither")],
        "meta_lr": [Interval(numbers.Real, 0, None, closed="neither")],
        "meta_batch_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_support": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_query": [Interval(numbers.Integral, 1, None, closed="left")],
        "dtype": [StrOptions({"float64", "float32"})],
        "n_jobs": [None, numbers.Integral],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        *,
        hidden_layer_sizes: int | Sequence[int] = (40, 40),
        activation: str = "relu",
        inner_steps: int = 1,
        inner_lr: float = 0.01,
        meta_lr: float = 1e-3,
        meta_batch_size: int = 25,
        n_iter: int = 1000,
        n_support: int = 10,
        n_query: int = 10,
        dtype: str = "float64",
        n_jobs: int | None = None,
        random_state: RandomStateLike = None,
    ) -> None:
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.inner_steps = inner_steps
        self.inner_lr = inner_lr
        self.meta_lr = meta_lr
        self.meta_batch_size = meta_batch_size
        self.n_iter = n_iter
        self.n_support = n_support
        self.n_query = n_query
        self.dtype = dtype
        self.n_jobs = n_jobs
        self.random_state = random_state

    # hooks the subclasses set
    def _algorithm_settings(self) -> tuple[str, str | None]:
        """(algorithm, step-size learning: None, 'per_layer' or 'per_parameter')."""
        return self._algorithm, None

    def _targets(self, y):
        if not self._is_classifier:
            return y.astype(np.float64), "squared_error", 1
        check_classification_targets(y)
        self.classes_, codes = np.unique(y, return_inverse=True)
        if self.classes_.size < 2:
            raise ValueError(
                f"y has only one class ({self.classes_[0]!r}); a classifier needs at least 2."
            )
        k = self.classes_.size
        return (
            codes.reshape(-1).astype(np.float64),
            ("log_loss" if k == 2 else "softmax"),
            (1 if k == 2 else k),
        )

    @replaces_fit
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(
        self,
        X: ArrayLike,
        y: ArrayLike,
        groups: ArrayLike | None = None,
        sample_weight: ArrayLike | None = None,
    ) -> _MetaTrainerBase:
        """Meta-train over the tasks given by ``groups``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        groups : array-like of shape (n_samples,)
            The task of each row; every task needs at least 2 rows (of positive weight).
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative row weights. The inner steps and the query losses take each
            task's weighted mean loss over its support and query rows, and the
            standardization of the inputs (and of a regression target) is weighted; a
            row of weight 0 is left out, as if it were not there.

        Returns
        -------
        self
        """
        if self._is_classifier and y is not None:
            check_classification_labels(y)  # pd.NA too, before scikit-learn meets it
        _refuse_text(self, X)
        X, y = validate_data(self, X, y, dtype=np.float64, y_numeric=not self._is_classifier)
        weights = check_row_weights(sample_weight, X)
        target, loss, n_outputs = self._targets(y)
        weights, groups, X, target = _without_zero_weights(weights, groups, X, target)
        labels, codes, _ = _check_groups(groups, X.shape[0], weighted=weights is not None)
        # a regression target is standardized as the inputs are (pooled over the tasks):
        # step sizes and initial weights then mean the same whatever the target's units
        y_mean, y_scale = (
            _target_scaling(target, weights) if loss == "squared_error" else (0.0, 1.0)
        )
        target = (target - y_mean) / y_scale
        sizes = np.atleast_1d(np.asarray(self.hidden_layer_sizes, dtype=object))
        if sizes.ndim != 1 or not all(is_int(h) and h >= 1 for h in sizes):
            raise ValueError(
                "hidden_layer_sizes must be positive integers, one per hidden layer (() for "
                f"none); got {self.hidden_layer_sizes!r}."
            )
        hidden = tuple(int(h) for h in sizes)
        rng = check_random_state(self.random_state)
        x_mean, x_scale = _standardization(X, weights)
        model = BatchedMLP(X.shape[1], n_outputs, hidden, self.activation, loss)
        dtype = np.dtype(self.dtype)
        theta = model.init_params(np.random.default_rng(rng.randint(2**31)))
        theta = [p.astype(dtype) for p in theta]
        algorithm, learn = self._algorithm_settings()
        alphas = [
            np.full(s, self.inner_lr, dtype=dtype)
            if learn == "per_parameter"
            else np.array(self.inner_lr, dtype=dtype)
            for s in model.shapes
        ]
        target = target.astype(dtype, copy=False)

        def standardized(rows):
            # each batch's rows as they are drawn: no standardized copy of all of X
            return ((X[rows] - x_mean) / x_scale).astype(dtype, copy=False)

        rows, counts = _padded_rows(codes, labels.size)
        task_rng = np.random.default_rng(rng.randint(2**31))
        batch_size = self.meta_batch_size

        def sample(_):
            replace = labels.size < batch_size
            chosen = task_rng.choice(labels.size, size=batch_size, replace=replace)
            s, sm, q, qm = _split_support_query(
                rows[chosen], counts[chosen], self.n_support, self.n_query, task_rng
            )
            if weights is not None:  # the masks become row weights (0 on padding)
                sm, qm = sm * weights[s], qm * weights[q]
            return standardized(s), target[s], sm, standardized(q), target[q], qm

        theta, alphas, losses = meta_train(
            model,
            theta,
            alphas,
            sample,
            algorithm=algorithm,
            n_iter=self.n_iter,
            inner_steps=self.inner_steps,
            meta_lr=self.meta_lr,
            learn_alpha=learn is not None,
            n_jobs=self.n_jobs,
        )
        self.start_ = LearnedStart(
            model,
            [p.astype(np.float64) for p in theta],
            [a.astype(np.float64) for a in alphas],
            self.inner_steps,
            x_mean,
            x_scale,
            self.classes_ if self._is_classifier else None,
            algorithm,
            y_mean,
            y_scale,
            getattr(self, "feature_names_in_", None),
        )
        self.loss_curve_ = losses
        self.n_tasks_ = int(labels.size)
        _warn_if_diverged(losses, loss, n_outputs)
        return self

    def _task_score(self, X, y, groups=None, sample_weight=None):
        """Mean score over held-out tasks after adapting to each one's support rows.

        Each task of ``groups`` is split (seeded by ``random_state``) into ``n_support``
        support rows, on which the learned start takes its inner steps, and the rest,
        on which the adapted model is scored: R² for regressors, accuracy for
        classifiers, averaged over tasks (with row weights: weighted, as in ``fit``).
        """
        check_is_fitted(self)
        _refuse_text(self, X)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        y = np.asarray(y)
        check_consistent_length(X, y)
        weights = check_row_weights(sample_weight, X)
        weights, groups, X, y = _without_zero_weights(weights, groups, X, y)
        labels, codes, counts = _check_groups(groups, X.shape[0], weighted=weights is not None)
        start = self.start_
        rows, counts = _padded_rows(codes, labels.size)
        rng = np.random.default_rng(check_random_state(self.random_state).randint(2**31))
        width = rows.shape[1]
        s, sm, q, qm = _split_support_query(rows, counts, self.n_support, width, rng)
        if weights is not None:  # the masks become row weights (0 on padding)
            sm, qm = sm * weights[s], qm * weights[q]
        Xz = start.scale(X)
        if self._is_classifier:
            unknown = np.setdiff1d(np.unique(y), self.classes_)
            if unknown.size:
                raise ValueError(
                    f"y has classes {unknown[:5].tolist()} not seen in meta-training "
                    f"(classes {self.classes_.tolist()})."
                )
            target = np.searchsorted(self.classes_, y).astype(np.float64)
        else:
            target = start.scale_target(y)  # R² does not change with the target's units
        model = start.model
        adapted = adapt(
            model,
            model.broadcast(start.params, labels.size),
            start.step_sizes,
            Xz[s],
            target[s],
            sm,
            start.n_steps,
        )
        out = model.predict_raw(adapted, Xz[q])
        yq = target[q]
        if self._is_classifier:
            pred = (out[..., 0] > 0).astype(float) if out.shape[2] == 1 else out.argmax(axis=2)
            per_task = ((pred == yq) * qm).sum(axis=1) / qm.sum(axis=1)
        else:
            w = qm.astype(float)
            n = w.sum(axis=1)
            mean = (yq * w).sum(axis=1) / n
            ss_res = (((out[..., 0] - yq) ** 2) * w).sum(axis=1)
            ss_tot = (((yq - mean[:, None]) ** 2) * w).sum(axis=1)
            # share of the within-task variance explained, pooled over tasks (a mean of
            # per-task R² would be dominated by near-constant tasks)
            return float(1.0 - ss_res.sum() / max(ss_tot.sum(), np.finfo(float).tiny))
        return float(per_task.mean())

    def _start_raw(self, X):
        check_is_fitted(self)
        _refuse_text(self, X)
        X = validate_data(self, X, dtype=np.float64, reset=False)  # checks the names
        return self.start_._predict_raw(X)


class _TaskScoreMixin:
    """``score(X, y, groups)``: adapt on each held-out task's support rows, score the rest."""

    def score(
        self,
        X: ArrayLike,
        y: ArrayLike,
        groups: ArrayLike | None = None,
        sample_weight: ArrayLike | None = None,
    ) -> float:
        """Mean score over held-out tasks after adapting to each one's support rows.

        Each task of ``groups`` is split (seeded by ``random_state``) into ``n_support``
        support rows, on which the learned start takes its inner steps, and the rest, on
        which the adapted model is scored: for regressors R² pooled over tasks (the share
        of the within-task variance explained), for classifiers the accuracy averaged
        over tasks. Without ``groups`` all rows form one task. With ``sample_weight``,
        the inner steps and the scores are weighted as in ``fit`` (rows of weight 0
        are left out).
        """
        if groups is None:
            groups = np.zeros(np.asarray(y).shape[0], dtype=int)
        return self._task_score(X, y, groups, sample_weight)


class _StartPredictRegressor:
    def predict(self, X: ArrayLike) -> np.ndarray:
        """Predictions of the learned start itself (before any adaptation)."""
        return self._start_raw(X)[:, 0]


class _StartPredictClassifier:
    def predict_proba(self, X: ArrayLike) -> np.ndarray:
        """Class probabilities of the learned start itself (before any adaptation)."""
        return _probabilities(self._start_raw(X))

    def predict(self, X: ArrayLike) -> np.ndarray:
        """Classes predicted by the learned start itself (before any adaptation)."""
        proba = self.predict_proba(X)
        return self.classes_[proba.argmax(axis=1)]


def _probabilities(raw):
    if raw.shape[1] == 1:
        p = 0.5 * (1.0 + np.tanh(0.5 * raw[:, 0]))
        return np.column_stack([1.0 - p, p])
    z = raw - raw.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class _MAMLBase(_MetaTrainerBase):
    _parameter_constraints = {
        **_MetaTrainerBase._parameter_constraints,
        "first_order": ["boolean"],
        "learn_inner_lr": ["boolean"],
    }

    def __init__(
        self,
        *,
        hidden_layer_sizes: int | Sequence[int] = (40, 40),
        activation: str = "relu",
        inner_steps: int = 1,
        inner_lr: float = 0.01,
        meta_lr: float = 1e-3,
        meta_batch_size: int = 25,
        n_iter: int = 1000,
        n_support: int = 10,
        n_query: int = 10,
        first_order: bool = False,
        learn_inner_lr: bool = False,
        dtype: str = "float64",
        n_jobs: int | None = None,
        random_state: RandomStateLike = None,
    ) -> None:
        super().__init__(
            hidden_layer_sizes=hidden_layer_sizes,
            activation=activation,
            inner_steps=inner_steps,
            inner_lr=inner_lr,
            meta_lr=meta_lr,
            meta_batch_size=meta_batch_size,
            n_iter=n_iter,
            n_support=n_support,
            n_query=n_query,
            dtype=dtype,
            n_jobs=n_jobs,
            random_state=random_state,
        )
        self.first_order = first_order
        self.learn_inner_lr = learn_inner_lr

    def _algorithm_settings(self):
        return ("fomaml" if self.first_order else "maml"), (
            "per_layer" if self.learn_inner_lr else None
        )


class MAMLRegressor(_TaskScoreMixin, _StartPredictRegressor, RegressorMixin, _MAMLBase):
    """Model-agnostic meta-learning (MAML) of a regression MLP's initial weights.

    ``fit(X, y, groups)`` meta-trains over the tasks given by ``groups``: each
    meta-iteration samples ``meta_batch_size`` tasks, adapts the shared start to each
    task's ``n_support`` random rows with ``inner_steps`` gradient steps of size
    ``inner_lr``, and moves the start to lower the loss on ``n_query`` other rows,
    differentiating exactly through the inner steps (Hessian-vector products;
    ``first_order=True`` drops them). The learned start (``start_``) initializes
    :class:`WarmStartRegressor` on a new task. Finn, Abbeel & Levine, "Model-Agnostic
    Meta-Learning for Fast Adaptation of Deep Networks", ICML 2017.

    Parameters
    ----------
    hidden_layer_sizes : int or tuple of int, default=(40, 40)
        Hidden layers of the MLP; empty for linear regression.
    activation : {'relu', 'tanh'}, default='relu'
        Activation of the hidden layers.
    inner_steps : int, default=1
        Gradient steps of the adaptation to a task (at most 100,000).
    inner_lr : float, default=0.01
        Step size of the adaptation.
    meta_lr : float, default=1e-3
        Adam's step size for the meta-update.
    meta_batch_size : int, default=25
        Tasks sampled per meta-iteration.
    n_iter : int, default=1000
        Meta-iterations.
    n_support : int, default=10
        Rows per task the adaptation uses.
    n_query : int, default=10
        Rows per task the adapted model is evaluated on.
    first_order : bool, default=False
        Drop the second-order terms (first-order MAML): about 3x faster on a small MLP,
        but less reliable: on sinusoid task families it stalls or oscillates on some seeds where
        second-order MAML converges (``benchmarks/results/experiment_fomaml_stability.txt``).
    learn_inner_lr : bool, default=False
        Also meta-learn one inner step size per layer.
    dtype : {'float64', 'float32'}, default='float64'
        Precision of the meta-training arithmetic; float32 runs about 1.5x faster on
        MLPs. The learned start is stored in float64 either way.
    n_jobs : int, default=None
        Split each meta-batch across this many joblib workers (results do not change).
    random_state : int, RandomState instance or None, default=None
        Seeds task sampling, the support/query splits and the initial weights.

    Attributes
    ----------
    start_ : LearnedStart
        The learned start (weights, inner step sizes, input scaling).
    loss_curve_ : ndarray of shape (n_iter,)
        Mean query loss after adaptation, per meta-iteration.
    n_tasks_ : int
        Number of tasks (groups) meta-trained on.
    n_features_in_ : int
        Number of columns of ``X``.

    Examples
    --------
    >>> import numpy as np
    >>> from skmeta.fewshot import MAMLRegressor
    >>> rng = np.random.default_rng(0)
    >>> groups = np.repeat(np.arange(30), 20)
    >>> slopes = rng.normal(size=30)[groups]
    >>> X = rng.normal(size=(600, 1))
    >>> y = slopes * X[:, 0]
    >>> maml = MAMLRegressor(hidden_layer_sizes=(), inner_steps=5, inner_lr=0.2, n_iter=200,
    ...                      random_state=0)
    >>> maml.fit(X, y, groups).score(X, y, groups) > 0.9
    True
    """


class MAMLClassifier(_TaskScoreMixin, _StartPredictClassifier, ClassifierMixin, _MAMLBase):
    """MAML of a classification MLP's initial weights (logistic or softmax output).

    As :class:`MAMLRegressor`, with log loss; ``hidden_layer_sizes=()`` meta-learns a
    logistic (two classes) or softmax (more) regression. ``score`` is the mean accuracy
    over held-out tasks after adaptation.

    Parameters
    ----------
    hidden_layer_sizes : int or tuple of int, default=(40, 40)
        Hidden layers of the MLP; empty for logistic (two classes) or softmax
        (more) regression.
    activation : {'relu', 'tanh'}, default='relu'
        Activation of the hidden layers.
    inner_steps : int, default=1
        Gradient steps of the adaptation to a task (at most 100,000).
    inner_lr : float, default=0.01
        Step size of the adaptation.
    meta_lr : float, default=1e-3
        Adam's step size for the meta-update.
    meta_batch_size : int, default=25
        Tasks sampled per meta-iteration.
    n_iter : int, default=1000
        Meta-iterations.
    n_support : int, default=10
        Rows per task the adaptation uses.
    n_query : int, default=10
        Rows per task the adapted model is evaluated on.
    first_order : bool, default=False
        Drop the second-order terms (first-order MAML): about 3x faster on a small MLP,
        but less reliable: on sinusoid task families it stalls or oscillates on some seeds where
        second-order MAML converges (``benchmarks/results/experiment_fomaml_stability.txt``).
    learn_inner_lr : bool, default=False
        Also meta-learn one inner step size per layer.
    dtype : {'float64', 'float32'}, default='float64'
        Precision of the meta-training arithmetic; float32 runs about 1.5x faster on
        MLPs. The learned start is stored in float64 either way.
    n_jobs : int, default=None
        Split each meta-batch across this many joblib workers (results do not change).
    random_state : int, RandomState instance or None, default=None
        Seeds task sampling, the support/query splits and the initial weights.

    Attributes
    ----------
    start_ : LearnedStart
        The learned start (weights, inner step sizes, input scaling, classes).
    loss_curve_ : ndarray of shape (n_iter,)
        Mean query loss after adaptation, per meta-iteration.
    n_tasks_ : int
        Number of tasks (groups) meta-trained on.
    n_features_in_ : int
        Number of columns of ``X``.

    Examples
    --------
    >>> import numpy as np
    >>> from skmeta.fewshot import MAMLClassifier
    >>> rng = np.random.default_rng(0)
    >>> groups = np.repeat(np.arange(40), 20)
    >>> direction = rng.choice([-1.0, 1.0], size=40)[groups]
    >>> X = rng.normal(size=(800, 2))
    >>> y = (direction * X[:, 0] > 0).astype(int)
    >>> clf = MAMLClassifier(hidden_layer_sizes=(), inner_steps=3, inner_lr=1.0, meta_lr=0.01,
    ...                      n_iter=100, random_state=0)
    >>> clf.fit(X, y, groups).score(X, y, groups) > 0.8
    True
    """

    _is_classifier = True


class MetaSGDRegressor(_TaskScoreMixin, _StartPredictRegressor, RegressorMixin, _MetaTrainerBase):
    """Meta-SGD: MAML that also meta-learns a step size for every parameter.

    Li, Zhou, Chen & Li, "Meta-SGD: Learning to Learn Quickly for Few-Shot Learning",
    2017. Parameters as :class:`MAMLRegressor` (``inner_lr`` is the initial step size);
    ``start_.step_sizes`` holds the learned per-parameter step sizes.

    Parameters
    ----------
    hidden_layer_sizes : int or tuple of int, default=(40, 40)
        Hidden layers of the MLP; empty for linear regression.
    activation : {'relu', 'tanh'}, default='relu'
        Activation of the hidden layers.
    inner_steps : int, default=1
        Gradient steps of the adaptation to a task (at most 100,000).
    inner_lr : float, default=0.01
        Initial step size of every parameter (the step sizes are meta-learned).
    meta_lr : float, default=1e-3
        Adam's step size for the meta-update.
    meta_batch_size : int, default=25
        Tasks sampled per meta-iteration.
    n_iter : int, default=1000
        Meta-iterations.
    n_support : int, default=10
        Rows per task the adaptation uses.
    n_query : int, default=10
        Rows per task the adapted model is evaluated on.
    dtype : {'float64', 'float32'}, default='float64'
        Precision of the meta-training arithmetic; float32 runs about 1.5x faster on
        MLPs. The learned start is stored in float64 either way.
    n_jobs : int, default=None
        Split each meta-batch across this many joblib workers (results do not change).
    random_state : int, RandomState instance or None, default=None
        Seeds task sampling, the support/query splits and the initial weights.

    Attributes
    ----------
    start_ : LearnedStart
        The learned start (weights, per-parameter step sizes, input scaling).
    loss_curve_ : ndarray of shape (n_iter,)
        Mean query loss after adaptation, per meta-iteration.
    n_tasks_ : int
        Number of tasks (groups) meta-trained on.
    n_features_in_ : int
        Number of columns of ``X``.

    Examples
    --------
    >>> import numpy as np
    >>> from skmeta.fewshot import MetaSGDRegressor
    >>> rng = np.random.default_rng(0)
    >>> groups = np.repeat(np.arange(30), 20)
    >>> X = rng.normal(size=(600, 1))
    >>> y = rng.normal(size=30)[groups] * X[:, 0]
    >>> sgd = MetaSGDRegressor(hidden_layer_sizes=(), inner_lr=0.1, n_iter=200, random_state=0)
    >>> sgd.fit(X, y, groups).start_.step_sizes[0].shape
    (1, 1)
    """

    _algorithm = "metasgd"

    def _algorithm_settings(self):
        return "metasgd", "per_parameter"


class MetaSGDClassifier(
    _TaskScoreMixin, _StartPredictClassifier, ClassifierMixin, _MetaTrainerBase
):
    """Meta-SGD for classification (logistic or softmax output; see MetaSGDRegressor).

    Parameters
    ----------
    hidden_layer_sizes : int or tuple of int, default=(40, 40)
        Hidden layers of the MLP; empty for logistic (two classes) or softmax
        (more) regression.
    activation : {'relu', 'tanh'}, default='relu'
        Activation of the hidden layers.
    inner_steps : int, default=1
        Gradient steps of the adaptation to a task (at most 100,000).
    inner_lr : float, default=0.01
        Initial step size of every parameter (the step sizes are meta-learned).
    meta_lr : float, default=1e-3
        Adam's step size for the meta-update.
    meta_batch_size : int, default=25
        Tasks sampled per meta-iteration.
    n_iter : int, default=1000
        Meta-iterations.
    n_support : int, default=10
        Rows per task the adaptation uses.
    n_query : int, default=10
        Rows per task the adapted model is evaluated on.
    dtype : {'float64', 'float32'}, default='float64'
        Precision of the meta-training arithmetic; float32 runs about 1.5x faster on
        MLPs. The learned start is stored in float64 either way.
    n_jobs : int, default=None
        Split each meta-batch across this many joblib workers (results do not change).
    random_state : int, RandomState instance or None, default=None
        Seeds task sampling, the support/query splits and the initial weights.

    Attributes
    ----------
    start_ : LearnedStart
        The learned start (weights, per-parameter step sizes, input scaling, classes).
    loss_curve_ : ndarray of shape (n_iter,)
        Mean query loss after adaptation, per meta-iteration.
    n_tasks_ : int
        Number of tasks (groups) meta-trained on.
    n_features_in_ : int
        Number of columns of ``X``.

    Examples
    --------
    >>> import numpy as np
    >>> from skmeta.fewshot import MetaSGDClassifier
    >>> rng = np.random.default_rng(0)
    >>> groups = np.repeat(np.arange(40), 20)
    >>> X = rng.normal(size=(800, 2))
    >>> y = (rng.choice([-1.0, 1.0], size=40)[groups] * X[:, 0] > 0).astype(int)
    >>> clf = MetaSGDClassifier(hidden_layer_sizes=(), inner_steps=3, inner_lr=1.0,
    ...                         meta_lr=0.01, n_iter=100, random_state=0)
    >>> clf.fit(X, y, groups).score(X, y, groups) > 0.8
    True
    """

    _algorithm = "metasgd"
    _is_classifier = True

    def _algorithm_settings(self):
        return "metasgd", "per_parameter"


class ReptileRegressor(_TaskScoreMixin, _StartPredictRegressor, RegressorMixin, _MetaTrainerBase):
    """Reptile: move the start towards each task's adapted weights (first-order).

    Nichol, Achiam & Schulman, "On First-Order Meta-Learning Algorithms", 2018. Each
    sampled task is adapted with ``inner_steps`` steps on its support and query rows
    together; the meta-update follows ``start - adapted`` with Adam. Parameters as
    :class:`MAMLRegressor`.

    Parameters
    ----------
    hidden_layer_sizes : int or tuple of int, default=(40, 40)
        Hidden layers of the MLP; empty for linear regression.
    activation : {'relu', 'tanh'}, default='relu'
        Activation of the hidden layers.
    inner_steps : int, default=1
        Gradient steps of the adaptation to a task (at most 100,000).
    inner_lr : float, default=0.01
        Step size of the adaptation.
    meta_lr : float, default=1e-3
        Adam's step size for the meta-update.
    meta_batch_size : int, default=25
        Tasks sampled per meta-iteration.
    n_iter : int, default=1000
        Meta-iterations.
    n_support : int, default=10
        Rows per task the adaptation uses.
    n_query : int, default=10
        Rows per task added to the adaptation's (Reptile adapts on both).
    dtype : {'float64', 'float32'}, default='float64'
        Precision of the meta-training arithmetic; float32 runs about 1.5x faster on
        MLPs. The learned start is stored in float64 either way.
    n_jobs : int, default=None
        Split each meta-batch across this many joblib workers (results do not change).
    random_state : int, RandomState instance or None, default=None
        Seeds task sampling, the support/query splits and the initial weights.

    Attributes
    ----------
    start_ : LearnedStart
        The learned start (weights, input scaling).
    loss_curve_ : ndarray of shape (n_iter,)
        Mean query loss after adaptation, per meta-iteration.
    n_tasks_ : int
        Number of tasks (groups) meta-trained on.
    n_features_in_ : int
        Number of columns of ``X``.

    Examples
    --------
    >>> import numpy as np
    >>> from skmeta.fewshot import ReptileRegressor
    >>> rng = np.random.default_rng(0)
    >>> groups = np.repeat(np.arange(30), 20)
    >>> X = rng.normal(size=(600, 1))
    >>> y = (2.0 + 0.1 * rng.normal(size=30))[groups] * X[:, 0]
    >>> rep = ReptileRegressor(hidden_layer_sizes=(), inner_steps=5, inner_lr=0.1,
    ...                        meta_lr=0.05, n_iter=200, random_state=0)
    >>> rep.fit(X, y, groups).score(X, y, groups) > 0.9
    True
    """

    _algorithm = "reptile"


class ReptileClassifier(
    _TaskScoreMixin, _StartPredictClassifier, ClassifierMixin, _MetaTrainerBase
):
    """Reptile for classification (logistic or softmax output; see ReptileRegressor).

    Parameters
    ----------
    hidden_layer_sizes : int or tuple of int, default=(40, 40)
        Hidden layers of the MLP; empty for logistic (two classes) or softmax
        (more) regression.
    activation : {'relu', 'tanh'}, default='relu'
        Activation of the hidden layers.
    inner_steps : int, default=1
        Gradient steps of the adaptation to a task (at most 100,000).
    inner_lr : float, default=0.01
        Step size of the adaptation.
    meta_lr : float, default=1e-3
        Adam's step size for the meta-update.
    meta_batch_size : int, default=25
        Tasks sampled per meta-iteration.
    n_iter : int, default=1000
        Meta-iterations.
    n_support : int, default=10
        Rows per task the adaptation uses.
    n_query : int, default=10
        Rows per task added to the adaptation's (Reptile adapts on both).
    dtype : {'float64', 'float32'}, default='float64'
        Precision of the meta-training arithmetic; float32 runs about 1.5x faster on
        MLPs. The learned start is stored in float64 either way.
    n_jobs : int, default=None
        Split each meta-batch across this many joblib workers (results do not change).
    random_state : int, RandomState instance or None, default=None
        Seeds task sampling, the support/query splits and the initial weights.

    Attributes
    ----------
    start_ : LearnedStart
        The learned start (weights, input scaling, classes).
    loss_curve_ : ndarray of shape (n_iter,)
        Mean query loss after adaptation, per meta-iteration.
    n_tasks_ : int
        Number of tasks (groups) meta-trained on.
    n_features_in_ : int
        Number of columns of ``X``.

    Examples
    --------
    >>> import numpy as np
    >>> from skmeta.fewshot import ReptileClassifier
    >>> rng = np.random.default_rng(0)
    >>> groups = np.repeat(np.arange(30), 20)
    >>> X = rng.normal(size=(600, 2))
    >>> y = (X[:, 0] + 0.1 * rng.normal(size=30)[groups] > 0).astype(int)
    >>> clf = ReptileClassifier(hidden_layer_sizes=(), inner_steps=5, inner_lr=0.5,
    ...                         meta_lr=0.05, n_iter=100, random_state=0)
    >>> clf.fit(X, y, groups).score(X, y, groups) > 0.8
    True
    """

    _algorithm = "reptile"
    _is_classifier = True


# --------------------------------------------------------------------- new tasks
class _WarmStartBase(BaseEstimator):
    _is_classifier = False

    _parameter_constraints: dict = {
        "start": [LearnedStart, None],
        "n_steps": [Interval(numbers.Integral, 0, None, closed="left"), None],
        "step_size": [Interval(numbers.Real, 0, None, closed="neither"), None],
    }

    def __init__(
        self,
        start: LearnedStart | None = None,
        *,
        n_steps: int | None = None,
        step_size: float | None = None,
    ) -> None:
        self.start = start
        self.n_steps = n_steps
        self.step_size = step_size

    def _resolve_start(self, X, y_codes, n_classes, weights=None):
        if self.start is not None:
            self.start.check_features(X)
            self.start.check_feature_names(getattr(self, "feature_names_in_", None))
            return self.start
        # no learned start: a linear / logistic / softmax model from zeros, on this
        # task's standardized inputs (and target)
        loss = "squared_error"
        n_out = 1
        if self._is_classifier:
            loss, n_out = ("log_loss", 1) if n_classes == 2 else ("softmax", n_classes)
        model = BatchedMLP(X.shape[1], n_out, (), "identity", loss)
        x_mean, x_scale = _standardization(X, weights)
        step = _stable_step((X - x_mean) / x_scale, weights, loss)
        return LearnedStart(
            model,
            [np.zeros(s) for s in model.shapes],
            [np.array(step)] * 2,
            100,
            x_mean,
            x_scale,
            self.classes_ if self._is_classifier else None,
            "none",
            *(() if self._is_classifier else _target_scaling(y_codes, weights)),
        )

    @replaces_fit
    def fit(
        self, X: ArrayLike, y: ArrayLike, sample_weight: ArrayLike | None = None
    ) -> _WarmStartBase:
        """Adapt the start to this task: ``n_steps`` gradient steps on all of (X, y).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative row weights: the steps descend the weighted mean loss (a row
            of weight 2 counts as two rows, one of weight 0 not at all; so do they in
            the zero start's standardization).

        Returns
        -------
        self
        """
        if hasattr(self.start, "fit") and not isinstance(self.start, LearnedStart):
            # what one reaches for first: the meta-trainer itself
            raise TypeError(
                f"start must be a LearnedStart, not a {type(self.start).__name__}; pass "
                f"the meta-trainer's learned start: {type(self).__name__}(start=meta.start_)."
            )
        return self._fit(X, y, sample_weight)

    @_fit_context(prefer_skip_nested_validation=True)
    def _fit(self, X, y, sample_weight):
        if self._is_classifier and y is not None:
            check_classification_labels(y)  # pd.NA too, before scikit-learn meets it
        _refuse_text(self, X)
        X, y = validate_data(self, X, y, dtype=np.float64, y_numeric=not self._is_classifier)
        weights = check_row_weights(sample_weight, X)
        if self.start is not None and (self.start.classes is not None) != self._is_classifier:
            trained, other = (
                ("classification", "WarmStartClassifier")
                if self.start.classes is not None
                else ("regression", "WarmStartRegressor")
            )
            raise ValueError(
                f"The learned start was meta-trained for {trained}; "
                f"{type(self).__name__} cannot adapt it. Use {other}."
            )
        if self._is_classifier:
            check_classification_targets(y)
            if self.start is not None:
                self.classes_ = self.start.classes
                unknown = np.setdiff1d(np.unique(y), self.classes_)
                if unknown.size:
                    raise ValueError(
                        f"y has classes {unknown[:5].tolist()} that the learned start was not "
                        f"meta-trained on (its classes: {self.classes_.tolist()})."
                    )
            else:
                self.classes_ = np.unique(y)
                if self.classes_.size < 2:
                    raise ValueError(
                        f"y has only one class ({self.classes_[0]!r}); at least 2 are needed "
                        "without a learned start."
                    )
            target = np.searchsorted(self.classes_, y).astype(np.float64)
        else:
            target = y.astype(np.float64)
        start = self._resolve_start(X, target, getattr(self, "classes_", np.empty(0)).size, weights)
        if not self._is_classifier:
            target = start.scale_target(target)
        steps = start.n_steps if self.n_steps is None else self.n_steps
        alphas = (
            start.step_sizes
            if self.step_size is None
            else [np.array(self.step_size)] * len(start.params)
        )
        model = start.model
        Xz = start.scale(X)[None]
        # rows weighted by their share of the weight (the model's masks are not
        # normalized below a sum of 1)
        mask = None if weights is None else (weights / weights.sum())[None]
        initial = [p[None] for p in start.params]
        with np.errstate(over="ignore", invalid="ignore"):  # checked below
            adapted = adapt(model, initial, alphas, Xz, target[None], mask, steps)
            fitted = model.predict_raw(adapted, Xz)
        if not (all(np.isfinite(p).all() for p in adapted) and np.isfinite(fitted).all()):
            # as scikit-learn's SGD estimators: an error, not a model predicting NaN
            raise ValueError(
                "Adapting diverged: the weights or the fitted values became infinite or NaN. "
                "Lower step_size or n_steps, or bring y to the scale of the meta-training "
                "tasks' targets."
            )
        with np.errstate(over="ignore", invalid="ignore"):
            before = model.loss_and_grad(initial, Xz, target[None], mask)[0][0]
            after = model.loss_and_grad(adapted, Xz, target[None], mask)[0][0]
        if not after <= 10.0 * before + 1e-12:
            warnings.warn(
                f"Adapting diverged: the training loss rose from {before:.3g} at the start "
                f"to {after:.3g} after {steps} steps. Lower step_size or n_steps.",
                ConvergenceWarning,
                stacklevel=2,
            )
        self.params_ = [p[0] for p in adapted]
        self.start_ = start
        return self

    # the adapted linear model on the raw columns, in scikit-learn's linear models'
    # shapes, so that SelectFromModel and RFE take it; absent (AttributeError) before
    # fit and for a start with hidden layers
    @property
    def coef_(self) -> np.ndarray:
        """Coefficients of the adapted linear model on the raw columns."""
        return self._linear()[0]

    @property
    def intercept_(self) -> np.ndarray | float:
        """Intercept(s) of the adapted linear model."""
        return self._linear()[1]

    def _linear(self) -> tuple[np.ndarray, np.ndarray | float]:
        if "params_" not in vars(self):
            raise AttributeError(f"This {type(self).__name__} has no coef_ before fit.")
        if self.start_.model.hidden_layer_sizes:
            raise AttributeError(
                f"This {type(self).__name__} adapted an MLP (hidden layers "
                f"{tuple(self.start_.model.hidden_layer_sizes)}), which has no coef_; its "
                "weights are params_ (on standardized columns)."
            )
        W, b = self.start_.folded_params(self.params_)
        if not self._is_classifier:
            return W[:, 0], float(b[0])
        return W.T, b

    def _raw(self, X):
        check_is_fitted(self)
        _refuse_text(self, X)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        raw = self.start_.model.predict_raw(
            [p[None] for p in self.params_], self.start_.scale(X)[None]
        )[0]
        return self.start_.unscale_output(raw)


class WarmStartRegressor(RegressorMixin, _WarmStartBase):
    """A regression model whose ``fit`` adapts from a meta-learned start.

    The learned start is a constructor parameter, so the estimator clones, sits in a
    ``Pipeline`` and is grid-searched on a new task like any other; ``fit`` takes
    ``n_steps`` full-batch gradient steps from the start with its learned step sizes.

    Parameters
    ----------
    start : LearnedStart, default=None
        From a meta-trainer's ``start_`` (or :meth:`LearnedStart.load`). None starts a
        linear model from zeros (100 steps of size 0.5 on standardized inputs, smaller
        where correlated inputs would make that diverge).
    n_steps : int, default=None
        Gradient steps; None uses the start's inner steps.
    step_size : float, default=None
        One step size for every parameter; None uses the start's learned ones.

    Attributes
    ----------
    params_ : list of ndarray
        The adapted weights.
    start_ : LearnedStart
        The start used (the given one, or the zero start).
    coef_, intercept_ : ndarray
        Without hidden layers, the adapted linear model on the raw columns, shaped as
        in scikit-learn's linear models.
    n_features_in_ : int
        Number of columns of ``X``.

    Examples
    --------
    >>> import numpy as np
    >>> from skmeta.fewshot import WarmStartRegressor
    >>> X = np.random.default_rng(0).normal(size=(30, 2))
    >>> y = X @ np.array([1.0, -2.0]) + 0.5
    >>> WarmStartRegressor().fit(X, y).score(X, y) > 0.99
    True
    """

    def predict(self, X: ArrayLike) -> np.ndarray:
        """Predictions of the adapted model."""
        return self._raw(X)[:, 0]


class WarmStartClassifier(ClassifierMixin, _WarmStartBase):
    """A classifier whose ``fit`` adapts from a meta-learned start (see WarmStartRegressor).

    With a learned start, ``classes_`` are the classes of meta-training, so a few
    examples of some classes suffice; labels outside them are an error.

    Parameters
    ----------
    start : LearnedStart, default=None
        From a meta-trainer's ``start_`` (or :meth:`LearnedStart.load`). None starts a
        logistic or softmax regression from zeros (100 steps of size 0.5 on
        standardized inputs, smaller where correlated inputs would make that diverge).
    n_steps : int, default=None
        Gradient steps; None uses the start's inner steps.
    step_size : float, default=None
        One step size for every parameter; None uses the start's learned ones.

    Attributes
    ----------
    params_ : list of ndarray
        The adapted weights.
    start_ : LearnedStart
        The start used (the given one, or the zero start).
    coef_, intercept_ : ndarray
        Without hidden layers, the adapted linear model on the raw columns, shaped as
        in scikit-learn's linear models.
    classes_ : ndarray
        The start's classes (those of meta-training), or those of ``y``.
    n_features_in_ : int
        Number of columns of ``X``.

    Examples
    --------
    >>> import numpy as np
    >>> from skmeta.fewshot import WarmStartClassifier
    >>> X = np.random.default_rng(0).normal(size=(40, 2))
    >>> y = (X[:, 0] > 0).astype(int)
    >>> WarmStartClassifier().fit(X, y).score(X, y) > 0.9
    True
    """

    _is_classifier = True

    def decision_function(self, X: ArrayLike) -> np.ndarray:
        """Raw scores of the adapted model (logits; one column for two classes)."""
        raw = self._raw(X)
        return raw[:, 0] if raw.shape[1] == 1 else raw

    def predict_proba(self, X: ArrayLike) -> np.ndarray:
        """Class probabilities, columns in the order of ``classes_``."""
        return _probabilities(self._raw(X))

    def predict(self, X: ArrayLike) -> np.ndarray:
        """Classes predicted by the adapted model."""
        proba = self.predict_proba(X)
        return self.classes_[proba.argmax(axis=1)]
