"""Evaluate search spaces over many tasks: the resumable, parallel knowledge build."""

from __future__ import annotations

import json
import numbers
import sys
import tempfile
import time
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import sklearn
from scipy import sparse
from sklearn.model_selection import KFold, StratifiedKFold, train_test_split
from sklearn.utils.parallel import Parallel, delayed
from threadpoolctl import threadpool_limits

from .. import __version__
from ..metafeatures import compute_metafeatures
from ..spaces import FAMILIES, SearchSpace, designed_configs, get_space
from ..spaces._families import check_families
from ..spaces._space import _jsonable, _key
from ..tasks import Task, TaskCollection
from ..tasks._task import check_splits, check_task_list, task_names
from ..utils._checks import add_distinct, as_path, is_int
from ..utils._tabular import check_same_length
from ..utils._typing import ArrayLike, MatrixLike, PathLike_
from ._store import BuildStore, StoreError

if TYPE_CHECKING:
    from ._knowledge import KnowledgeBase

__all__ = ["METRICS", "build_knowledge", "evaluate_configs"]

#: Metrics recorded per kind, with the direction in which they improve.
METRICS = {
    "classification": {"accuracy": "max", "roc_auc": "max", "log_loss": "min"},
    "regression": {"r2": "max", "rmse": "min"},
}
PROTOCOL_VERSION = 1
_LOG_LOSS_EPS = 1e-15


def _check_tasks(tasks) -> Sequence:
    tasks = check_task_list(tasks, iterables=False)
    if len(tasks) == 0:
        raise ValueError("tasks is empty: a knowledge base needs at least one task.")
    return tasks


def _prepare(task: Task, max_rows: int, cv: int, seed: int):
    """The evaluation data of a task: numeric matrix (categorical codes, NaN missing), row
    cap (stratified for classes), class codes and CV folds."""
    from ..utils._tabular import check_tabular, check_target

    data = check_tabular(task.X, categorical_features=task.categorical_features)
    y, kind = check_target(task.y, data.n_samples, kind=task.kind)
    categorical = np.r_[
        np.zeros(data.numeric.shape[1], bool), np.ones(data.categorical.shape[1], bool)
    ]
    if kind == "classification" and np.unique(y).size < 2:
        raise ValueError("the target has a single class; there is nothing to classify")
    n = data.n_samples
    rows = np.arange(n)
    if n > max_rows:
        stratify = None
        if kind == "classification" and np.bincount(y).min() >= 2:
            stratify = y
        rows, _ = train_test_split(rows, train_size=max_rows, random_state=seed, stratify=stratify)
        rows = np.sort(rows)
    numeric = data.numeric[rows]  # a sparse X is made dense for its (at most max_rows) rows
    numeric = numeric.toarray() if sparse.issparse(numeric) else numeric
    codes = data.categorical[rows]
    X, y = np.hstack([numeric, np.where(codes < 0, np.nan, codes)]), y[rows]
    if kind == "classification":
        y = np.unique(y, return_inverse=True)[1].reshape(-1)
        if np.unique(y).size < 2:
            raise ValueError("the subsample has a single class")
        splitter = (
            StratifiedKFold(cv, shuffle=True, random_state=seed)
            if np.bincount(y).min() >= cv
            else KFold(cv, shuffle=True, random_state=seed)
        )
    else:
        splitter = KFold(cv, shuffle=True, random_state=seed)
    folds = [(tr, te) for tr, te in splitter.split(X, y)]
    return X, y, kind, categorical, folds


def _classification_scores(estimator, X, y, n_classes):
    pred = estimator.predict(X)
    accuracy = float(np.mean(pred == y))
    classes = np.asarray(estimator.classes_) if hasattr(estimator, "classes_") else None
    if classes is None:
        classes = estimator[-1].classes_
    if hasattr(estimator, "predict_proba"):
        P = np.zeros((X.shape[0], n_classes))
        P[:, classes] = estimator.predict_proba(X)
        log_loss = float(-np.mean(np.log(np.clip(P[np.arange(len(y)), y], _LOG_LOSS_EPS, 1.0))))
        S = P
    else:  # e.g. SVC without probability estimates: ranking scores only
        log_loss = np.nan
        d = estimator.decision_function(X)
        S = np.full((X.shape[0], n_classes), -np.inf)
        if d.ndim == 1:
            S[:, classes[1]] = d
            S[:, classes[0]] = -d
        else:
            S[:, classes] = d
    return accuracy, _ovr_auc(y, S), log_loss


def _ovr_auc(y, S):
    """Macro one-vs-rest ROC AUC over the classes present (both ways) in ``y`` (class
    codes, the columns of ``S``; a negative code is a negative for every class)."""
    from scipy.stats import rankdata

    aucs = []
    for c in np.unique(y[y >= 0]):
        positive = y == c
        n_pos = int(positive.sum())
        n_neg = positive.size - n_pos
        if n_pos == 0 or n_neg == 0:
            continue
        r = rankdata(S[:, c])
        aucs.append((r[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))
        if S.shape[1] == 2:  # binary: one AUC, as roc_auc_score computes it
            break
    return float(np.mean(aucs)) if aucs else np.nan


def evaluate_configs(
    space: SearchSpace,
    configs: Sequence[dict],
    X: MatrixLike,
    y: np.ndarray,
    categorical: ArrayLike,
    folds: Sequence[tuple[np.ndarray, np.ndarray]],
    *,
    seed: int = 0,
) -> dict:
    """Cross-validate every configuration of ``space``; failures are recorded, not raised.

    Parameters
    ----------
    space : SearchSpace
        The family's space: it builds each configuration's estimator.
    configs : list of dict
        Configurations of ``space`` (one dict: a list of one).
    X : ndarray of shape (n_samples, n_features)
        Numbers (category codes for categorical columns); NaN marks missing values,
        which an imputer fills first.
    y : ndarray of shape (n_samples,)
        Class codes ``0 .. n_classes - 1``, or regression targets.
    categorical : array-like of bool of shape (n_features,) or None
        The columns holding category codes (one-hot encoded for spaces that scale).
    folds : list of (ndarray, ndarray)
        (train, test) row indices of each fold.
    seed : int, default=0
        ``random_state`` of every estimator that takes one.

    Returns
    -------
    dict
        ``scores`` (n_configs, n_folds, n_metrics), ``fit_time`` and ``predict_time``
        (n_configs, n_folds) and ``errors`` (n_configs,): the message of the exception
        that stopped a configuration, or ''.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.model_selection import KFold
    >>> from skmeta.knowledge import evaluate_configs
    >>> from skmeta.spaces import get_space
    >>> X, y = load_iris(return_X_y=True)
    >>> space = get_space("k_neighbors", "classification")
    >>> folds = list(KFold(3, shuffle=True, random_state=0).split(X))
    >>> out = evaluate_configs(space, space.sample(2), X, y, None, folds)
    >>> out["scores"].shape
    (2, 3, 3)
    """
    configs, X, y, categorical, folds = _check_evaluation(
        space, configs, X, y, categorical, folds, seed
    )
    metrics = METRICS[space.kind]
    n_classes = int(y.max()) + 1 if space.kind == "classification" else 0
    shape = (len(configs), len(folds))
    scores = np.full((*shape, len(metrics)), np.nan)
    fit_time = np.full(shape, np.nan)
    predict_time = np.full(shape, np.nan)
    errors = [""] * len(configs)
    needs_imputation = bool(np.isnan(X).any())
    with threadpool_limits(1), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for i, config in enumerate(configs):
            try:
                for f, (train, test) in enumerate(folds):
                    estimator = space.make_estimator(
                        config, random_state=seed, categorical=categorical
                    )
                    if needs_imputation:
                        estimator = _with_imputer(estimator, categorical)
                    start = time.perf_counter()
                    estimator.fit(X[train], y[train])
                    fit_time[i, f] = time.perf_counter() - start
                    start = time.perf_counter()
                    if space.kind == "classification":
                        values = _classification_scores(estimator, X[test], y[test], n_classes)
                    else:
                        pred = estimator.predict(X[test])
                        resid = y[test] - pred
                        ss_tot = np.sum((y[test] - y[test].mean()) ** 2)
                        r2 = 1.0 - np.sum(resid**2) / ss_tot if ss_tot > 0 else np.nan
                        values = (r2, float(np.sqrt(np.mean(resid**2))))
                    predict_time[i, f] = time.perf_counter() - start
                    if not np.all(np.isfinite(np.asarray(values)[~np.isnan(values)])):
                        raise FloatingPointError("a score is infinite (diverged model)")
                    scores[i, f] = values
            except Exception as exc:  # recorded: one bad configuration must not stop a build
                scores[i] = np.nan
                errors[i] = f"{type(exc).__name__}: {exc}"[:500]
    return {
        "scores": scores,
        "fit_time": fit_time.astype(np.float32),
        "predict_time": predict_time.astype(np.float32),
        "errors": np.asarray(errors, dtype=str),
    }


def _check_evaluation(space, configs, X, y, categorical, folds, seed):
    """evaluate_configs's input, checked before any fit: a mistake in it would otherwise
    be recorded as every configuration's failure."""
    if not isinstance(space, SearchSpace):
        raise TypeError(
            f"space must be a SearchSpace (skmeta.spaces.get_space(family, kind)); got "
            f"{type(space).__name__}."
        )
    configs = [configs] if isinstance(configs, Mapping) else configs
    if isinstance(configs, str | bytes) or not isinstance(configs, Iterable):
        raise TypeError(f"configs must be a list of dicts; got {type(configs).__name__}.")
    configs = list(configs)
    for i, config in enumerate(configs):
        if not isinstance(config, Mapping):
            raise TypeError(f"configs[{i}] must be a dict; got {type(config).__name__}.")
    try:
        X = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(
            "X must hold numbers: category codes for categorical columns, NaN for missing values."
        ) from None
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (n_samples, n_features); got shape {X.shape}.")
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D; got shape {y.shape}.")
    check_same_length(X.shape[0], y.shape[0])
    if space.kind == "classification":
        codes = y.dtype.kind in "iu" or (
            y.dtype.kind == "f" and np.isfinite(y).all() and (y == np.round(y)).all()
        )
        if not codes or y.size == 0 or y.min() < 0:
            raise ValueError(
                "y of a classification space must hold class codes 0 .. n_classes - 1 "
                "(np.unique(y, return_inverse=True)[1] makes them)."
            )
        y = y.astype(np.intp)
    else:
        try:
            y = y.astype(np.float64)
        except (TypeError, ValueError):
            raise ValueError("y of a regression space must hold numbers.") from None
        if not np.isfinite(y).all():
            raise ValueError("y holds NaN or infinite values.")
    if categorical is not None:
        categorical = np.asarray(categorical)
        if categorical.dtype != bool or categorical.shape != (X.shape[1],):
            raise ValueError(
                f"categorical must be None or {X.shape[1]} booleans, one per column of X; "
                f"got {categorical.dtype} of shape {categorical.shape}."
            )
    folds = check_splits(folds, X.shape[0], what="folds", item="fold")
    if not folds:
        raise ValueError("folds is empty: give at least one (train, test) pair.")
    if seed is not None and not is_int(seed):
        raise TypeError(f"seed must be an int or None; got {seed!r}.")
    return configs, X, y, categorical, folds


def _with_imputer(estimator, categorical):
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline

    categorical = np.zeros(0, bool) if categorical is None else np.asarray(categorical, bool)
    if categorical.any():
        imputer = ColumnTransformer(
            [
                ("num", SimpleImputer(strategy="median"), np.flatnonzero(~categorical)),
                ("cat", SimpleImputer(strategy="most_frequent"), np.flatnonzero(categorical)),
            ]
        )
        # the imputer reorders columns: numeric first, as the data already is
    else:
        imputer = SimpleImputer(strategy="median", keep_empty_features=True)
    return make_pipeline(imputer, estimator)


def _unit(space_dict, configs, X, y, categorical, folds, seed, task_name, start):
    """Evaluate ``configs[start:]`` (the earlier ones are in the store already)."""
    space = SearchSpace.from_dict(space_dict, check=False)
    return (
        task_name,
        space.family,
        start,
        evaluate_configs(space, configs[start:], X, y, categorical, folds, seed=seed),
    )


class _Progress:
    def __init__(self, total: int, done: int, verbose: int, stream=None):
        self.total, self.done, self.verbose = total, done, verbose
        self.stream = stream or sys.stderr
        self.start = time.perf_counter()
        self.fresh = 0

    def task_done(self, name: str):
        self.done += 1
        self.fresh += 1
        if self.verbose <= 0:
            return
        elapsed = time.perf_counter() - self.start
        remaining = elapsed / self.fresh * (self.total - self.done)
        print(
            f"[build] {self.done}/{self.total} tasks ({name}); elapsed {_hms(elapsed)}, "
            f"about {_hms(remaining)} remaining",
            file=self.stream,
            flush=True,
        )


def _hms(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 3600:d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def build_knowledge(
    tasks: Iterable[Task] | TaskCollection,
    families: str | Sequence[str] | None = None,
    *,
    n_configs: int = 48,
    cv: int = 3,
    max_rows: int = 500,
    store: PathLike_ | None = None,
    n_jobs: int | None = None,
    random_state: int = 0,
    designed: bool = False,
    extra_configs: Mapping[str, Sequence[dict]] | None = None,
    verbose: int = 1,
    source: str = "",
) -> KnowledgeBase:
    """Evaluate configurations of estimator families on many tasks into a knowledge base.

    For every task: its meta-features (on all rows), then at most ``max_rows`` rows
    (stratified for classification), ``cv``-fold cross-validation (stratified when every
    class has ``cv`` members) of ``n_configs`` configurations per family, scikit-learn's
    default first, then a scrambled Sobol design; with ``designed=True`` the family's
    hand-designed configurations (:func:`skmeta.spaces.designed_configs`) follow, and
    then ``extra_configs``, your own. Recorded per configuration and fold: accuracy,
    one-vs-rest ROC AUC and log loss (classification; log loss is NaN for models without
    probabilities), R² and RMSE (regression), and fit and predict seconds. A
    configuration that raises is recorded as failed with its message.

    The work is split into units (one task x one family) run in parallel with joblib
    (``n_jobs``; any joblib backend, e.g. ``parallel_backend("dask")``). BLAS and OpenMP
    threads are limited to one per unit, so scores are identical for any ``n_jobs`` and
    backend; timings are not. Each finished unit is written atomically to ``store``;
    calling again with the same store and settings continues where a stopped build ended.
    Calling again with configurations added (``designed=True`` or more ``extra_configs``
    on a store built without) evaluates only the added ones; the results equal those of
    a build from scratch.

    Parameters
    ----------
    tasks : sequence of Task or TaskCollection
        Tasks with unique names; a TaskCollection is loaded one task at a time.
    families : str or list of str, default=None
        Families from :data:`skmeta.spaces.FAMILIES` (one by name, or a list; short
        names such as 'rf' and class names such as 'SVC' name theirs); None takes all.
    n_configs : int, default=48
        Configurations per family (the default configuration included).
    cv : int, default=3
        Number of folds.
    max_rows : int, default=500
        Row cap for the evaluations (meta-features use all rows).
    store : path-like, default=None
        Directory of the resumable store; None uses a temporary directory (not resumable).
    n_jobs : int, default=None
        Parallel units; None means 1 unless in a joblib ``parallel_config`` context.
    random_state : int, default=0
        Seeds subsampling, folds, configurations' design and the estimators.
    designed : bool, default=False
        Append the families' designed configurations (those not already sampled) to the
        ``n_configs`` sampled ones; the protocol's ``n_configs`` still counts only the
        sampled ones, so the designed ones are the tables' last columns.
    extra_configs : dict, default=None
        Configurations of your own to evaluate after the others, e.g. a team's standard
        settings: ``{"random_forest/classification": [{"max_features": 0.3}], ...}``.
        Each dict sets some parameters of the table's space; the rest keep scikit-learn's
        defaults. Values outside the space's ranges are evaluated as given (the
        strategies place them at the range's edge).
    verbose : int, default=1
        0 is quiet; 1 prints tasks done / total, elapsed and remaining time to stderr.
    source : str, default=''
        Where the tasks come from, recorded in the provenance.

    Returns
    -------
    KnowledgeBase

    Examples
    --------
    >>> from skmeta.knowledge import build_knowledge
    >>> from skmeta.tasks import load_sklearn_dataset
    >>> tasks = [load_sklearn_dataset("iris"), load_sklearn_dataset("wine")]
    >>> kb = build_knowledge(tasks, ["k_neighbors"], n_configs=4, verbose=0)
    >>> kb.scores("k_neighbors/classification", "accuracy").shape
    (2, 4)
    """
    tasks = _check_tasks(tasks)
    names = task_names(tasks, "to be stored in a knowledge base")
    families = list(FAMILIES) if families is None else check_families(families)
    for label, value, low in (
        ("n_configs", n_configs, 1),
        ("cv", cv, 2),
        ("max_rows", max_rows, 10),
    ):
        if not is_int(value) or value < low:
            raise ValueError(f"{label} must be an integer >= {low}; got {value!r}.")
    if max_rows < 2 * cv:
        raise ValueError(f"max_rows ({max_rows}) must be at least 2 * cv ({2 * cv}).")
    # the seed is recorded in the store, so that a build can be resumed and repeated
    if not is_int(random_state) or not 0 <= random_state < 2**32:
        raise ValueError(
            f"random_state must be an integer in [0, 2**32 - 1] (the build records it to be "
            f"resumed and repeated); got {random_state!r}."
        )
    # NumPy integers as Python's: the protocol is stored as JSON
    n_configs, cv, max_rows, random_state = map(int, (n_configs, cv, max_rows, random_state))
    if n_jobs is not None and not is_int(n_jobs):
        raise TypeError(f"n_jobs must be an int or None; got {n_jobs!r}.")
    if not isinstance(verbose, numbers.Integral):
        raise TypeError(f"verbose must be an int; got {verbose!r}.")
    if not isinstance(designed, bool | np.bool_):
        raise TypeError(f"designed must be True or False; got {designed!r}.")
    if not isinstance(source, str):
        raise TypeError(f"source must be a str; got {type(source).__name__}.")
    store = None if store is None else as_path(store, "store")

    spaces = {
        (family, kind): get_space(family, kind)
        for family in families
        for kind in ("classification", "regression")
    }
    configs = {
        key: space.sample(n_configs, random_state=random_state) for key, space in spaces.items()
    }
    extra = _check_extra_configs(extra_configs, spaces)
    for key, space in spaces.items():
        added = (designed_configs(space) if designed else []) + extra.get(key, [])
        add_distinct(configs[key], added, _key, {_key(c) for c in configs[key]})
    protocol = {
        "version": PROTOCOL_VERSION,
        "n_configs": n_configs,
        "cv": cv,
        "max_rows": max_rows,
        "random_state": random_state,
        "subsampling": "stratified by class (classification), uniform (regression)",
        "folds": "StratifiedKFold when every class has cv members, else KFold; shuffled",
        "metrics": METRICS,
        "log_loss_eps": _LOG_LOSS_EPS,
        "threads_per_unit": 1,
        "missing_values": "median / most-frequent imputation inside the pipeline",
    }
    manifest = {
        "protocol": protocol,
        "tasks": names,
        "spaces": {f"{f}/{k}": s.to_dict() for (f, k), s in spaces.items()},
        "configs": {f"{f}/{k}": c for (f, k), c in configs.items()},
        "sklearn_version": sklearn.__version__,
    }
    if store is None:
        tmp = tempfile.TemporaryDirectory(prefix="skmeta-build-")
        store_path = tmp.name
    else:
        tmp = None
        store_path = store
    try:
        bs = BuildStore(store_path, manifest)

        def todo(name, kind):  # family -> how many configurations are stored already
            out = {}
            for family in families:
                have, want = bs.unit_size(name, family), len(configs[family, kind])
                if have > want:
                    raise StoreError(
                        f"{bs.unit_path(name, family)} holds {have} configurations, more than "
                        f"the build's {want}; delete it to evaluate that unit again."
                    )
                if have < want:
                    out[family] = have
            return out

        def described(name):
            """The task's stored description; None for a new task, or one that failed
            (tried again: the failure may have been transient)."""
            info = bs.read_task(name) if bs.has_task(name) else None
            return info if info is not None and info.get("error") is None else None

        stored = {name: described(name) for name in names}
        pending = [
            i
            for i, name in enumerate(names)
            if stored[name] is None or todo(name, stored[name]["kind"])
        ]
        progress = _Progress(len(names), len(names) - len(pending), verbose)
        remaining_units: dict[str, int] = {}

        def units():
            for i in pending:
                name = names[i]
                try:
                    task = tasks[i]
                    # a described task only lacks units: its meta-features are kept
                    info = stored[name] or _describe(task, name)
                    X, y, kind, categorical, folds = _prepare(task, max_rows, cv, random_state)
                    info.update(kind=kind, n_rows_evaluated=int(X.shape[0]))
                except Exception as exc:  # recorded: the task is left out of the knowledge
                    bs.write_task(name, {"error": f"{type(exc).__name__}: {exc}"[:500]})
                    if verbose:
                        print(f"[build] skipped {name}: {exc}", file=sys.stderr, flush=True)
                    progress.task_done(name)
                    continue
                bs.write_task(name, info)
                starts = todo(name, kind)
                remaining_units[name] = len(starts)
                if not starts:
                    progress.task_done(name)
                for family, start in starts.items():
                    yield delayed(_unit)(
                        spaces[family, kind].to_dict(),
                        configs[family, kind],
                        X,
                        y,
                        categorical,
                        folds,
                        random_state,
                        name,
                        start,
                    )

        results = Parallel(n_jobs=n_jobs, return_as="generator_unordered")(units())
        for name, family, start, arrays in results:
            if start:
                bs.extend_unit(name, family, arrays)
            else:
                bs.write_unit(name, family, arrays)
            remaining_units[name] -= 1
            if remaining_units[name] == 0:
                progress.task_done(name)
        from ._knowledge import KnowledgeBase  # imported late: a long build outlives edits

        kb = KnowledgeBase.from_store(bs.path, source=source)
    finally:
        if tmp is not None:
            tmp.cleanup()
    return kb


def _check_extra_configs(extra, spaces) -> dict:
    """``extra_configs`` as full configurations per (family, kind), or a clear error."""
    if extra is None:
        return {}
    if not isinstance(extra, Mapping):
        raise TypeError(
            "extra_configs must be a dict mapping 'family/kind' to a list of dicts; got "
            f"{type(extra).__name__}."
        )
    tables = [f"{f}/{k}" for f, k in spaces]
    out = {}
    for key, changes in extra.items():
        family, _, kind = str(key).partition("/")
        if (family, kind) not in spaces:
            raise ValueError(
                f"extra_configs names the table {key!r}, which this build does not make; "
                f"choose from {tables}."
            )
        if isinstance(changes, (Mapping, str)) or not isinstance(changes, Sequence):
            raise TypeError(
                f"extra_configs[{key!r}] must be a list of dicts; got {type(changes).__name__}."
            )
        space = spaces[family, kind]
        default = space.default_config()
        rows = []
        for i, change in enumerate(changes):
            where = f"extra_configs[{key!r}][{i}]"
            if not isinstance(change, Mapping):
                raise TypeError(f"{where} must be a dict; got {type(change).__name__}.")
            unknown = sorted(set(change) - set(space.param_names))
            if unknown:
                raise ValueError(
                    f"{where} sets {unknown}, not parameters of the {space.name} space "
                    f"{space.param_names}."
                )
            config = {**default, **{k: _jsonable(v) for k, v in change.items()}}
            try:
                space.encode([config])
                json.dumps(config, allow_nan=False)
            except (ValueError, TypeError) as exc:
                raise ValueError(f"{where}: {exc}") from None
            rows.append(config)
        out[family, kind] = rows
    return out


def _describe(task: Task, name: str) -> dict:
    """The stored description of a task: meta-features, sizes and identifiers."""
    mf = compute_metafeatures(task)
    meta = task.metadata or {}
    return {
        "error": None,
        "source": task.source or "",
        "group": str(meta.get("group", name)),
        "openml_id": _optional_int(meta.get("openml_id")),
        "n_samples": int(task.n_samples),
        "n_features": int(task.X.shape[1]),
        "metafeatures": {k: (None if np.isnan(v) else float(v)) for k, v in mf.items()},
        "skmeta_version": __version__,
    }


def _optional_int(value):
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return int(value) if np.isfinite(value) else None
