"""Algorithm selection: which estimator family to use on a dataset, and a ready model."""

from __future__ import annotations

import numbers
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state, check_scalar

from ..knowledge import KnowledgeBase
from ..strategies._strategies import _closeness, _default_index
from ..utils._typing import ArrayLike, MatrixLike, PathLike_, RandomStateLike

if TYPE_CHECKING:
    from ._meta_default import MetaDefaultClassifier, MetaDefaultRegressor

__all__ = ["dates_as_days", "family_estimator", "rank_families", "warm_started_model"]


def rank_families(
    X: MatrixLike,
    y: ArrayLike,
    *,
    knowledge: str | PathLike_ | KnowledgeBase = "default",
    n_neighbors: int = 10,
    kind: str | None = None,
    categorical_features: ArrayLike | str | None = None,
    metric: str | None = None,
) -> pd.DataFrame:
    """Rank estimator families for a dataset by how they did on similar earlier tasks.

    Two sources, each turned into a per-task family score in [0, 1] (1: the best
    family on that task, 0: the worst) and averaged over the nearest tasks, weighted by
    closeness in scaled meta-feature space:

    - the knowledge's tables: on each known task, the mean of the family's default
      configuration's score and its best configuration's (the best alone when the
      table lacks the default);
    - for classification by accuracy, the knowledge's learner table (OpenML's
      qualities and the accuracy of scikit-learn learners, from the Learning Curve
      Database), for the learners that map onto skmeta's families.

    Parameters
    ----------
    X : array-like, sparse matrix or DataFrame of shape (n_samples, n_features)
        The dataset; only described.
    y : array-like of shape (n_samples,)
        Its target.
    knowledge : 'default', path or KnowledgeBase, default='default'
        The knowledge shipped with skmeta, a saved directory, or a loaded one.
    n_neighbors : int, default=10
        Nearest known tasks (of each source) the family scores are averaged over.
    kind : {'classification', 'regression'}, default=None
        Inferred from ``y`` when None.
    categorical_features : array-like of bool, int or str, or str, default=None
        Columns of ``X`` that hold categories, counted as nominal by the meta-features;
        as in :class:`MetaDefaultClassifier`.
    metric : str, default=None
        The knowledge metric the families are compared by ('accuracy', 'roc_auc',
        'log_loss'; 'r2', 'rmse'; None: 'accuracy' or 'r2'). Only accuracy draws on
        the learner table; a family whose table lacks the metric's scores is left out.

    Returns
    -------
    DataFrame
        One row per family, best first: ``family``, ``estimator``, ``score`` (the
        combined prediction), ``knowledge_score`` and ``lcdb_score`` (NaN when that
        source says nothing).

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from skmeta.defaults import rank_families
    >>> from skmeta.knowledge import build_knowledge
    >>> from skmeta.tasks import load_sklearn_dataset
    >>> kb = build_knowledge([load_sklearn_dataset(n) for n in ("wine", "breast_cancer")],
    ...                      ["k_neighbors", "linear"], n_configs=3, verbose=0)
    >>> X, y = load_iris(return_X_y=True)
    >>> ranking = rank_families(X, y, knowledge=kb)
    >>> sorted(ranking["family"]), bool(ranking["score"].is_monotonic_decreasing)
    (['k_neighbors', 'linear'], True)
    """
    from ..utils._tabular import as_pandas_frame
    from ._meta_default import _helper_for, describe, resolve_knowledge

    X = as_pandas_frame(X)
    check_scalar(n_neighbors, "n_neighbors", numbers.Integral, min_val=1)
    kb = resolve_knowledge(knowledge)
    kind, _ = _helper_for(None, y, kind, X=X)  # a one-class target is refused, as everywhere
    mf = describe(X, y, kind, None, categorical_features)
    return _rank_families(kb, mf, kind, n_neighbors, metric=metric)


def _rank_families(kb, mf, kind, n_neighbors, *, use_lcdb=True, metric=None):
    """:func:`rank_families` from a dataset's meta-features (``use_lcdb=False``: the
    knowledge's tables alone)."""
    from ..strategies import MetaFeatureScaler, normalized_scores

    metric = metric or ("accuracy" if kind == "classification" else "r2")
    keys = [k for k in kb.table_keys if k.endswith("/" + kind) and kb.space(k) is not None]
    if not keys:
        raise ValueError(f"The knowledge base has no {kind} tables.")
    measured = [k for k in keys if metric in kb.measured_metrics(k)]
    if not measured:
        raise ValueError(
            f"metric {metric!r} has no scores in the knowledge's {kind} tables; they have "
            f"scores of {sorted({m for k in keys for m in kb.measured_metrics(k)})}."
        )
    keys = measured
    rows = (kb.tasks["kind"] == kind).to_numpy()
    if rows.sum() < 2:
        raise ValueError(f"The knowledge base has fewer than 2 {kind} tasks.")
    typical = np.column_stack([_family_score(kb, k, metric, rows) for k in keys])
    per_task = normalized_scores(typical)
    scaler = MetaFeatureScaler().fit(kb.metafeatures.iloc[np.flatnonzero(rows)])
    Z = scaler.transform(kb.metafeatures.iloc[np.flatnonzero(rows)])
    z = scaler.transform(mf)[0]
    d = np.sqrt(((Z - z) ** 2).sum(axis=1))
    near = np.argsort(d, kind="stable")[:n_neighbors]
    w = _closeness(d[near], np.median(d) or 1.0)
    valid = ~np.isnan(per_task[near])
    knowledge_score = (np.where(valid, per_task[near], 0.0).T @ w) / np.maximum(
        valid.T.astype(float) @ w, 1e-12
    )
    families = [k.split("/")[0] for k in keys]
    lcdb = np.full(len(families), np.nan)
    if use_lcdb and metric == "accuracy" and kb.algorithms is not None:
        lcdb = _lcdb_scores(kb.algorithms, mf, families, n_neighbors)
    combined = np.where(np.isnan(lcdb), knowledge_score, (knowledge_score + lcdb) / 2.0)
    frame = pd.DataFrame(
        {
            "family": families,
            "estimator": [kb.space(k).name for k in keys],
            "score": combined,
            "knowledge_score": knowledge_score,
            "lcdb_score": lcdb,
        }
    )
    return frame.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)


def _family_score(kb, key, metric, rows):
    """A family's score on each known task: the mean of its default configuration's and
    its best configuration's (what a warm start delivers lies between the two; ranking
    by the best alone favoured families whose best is far from what zero-shot picks);
    the best alone when the table lacks the default. Negated for a metric that improves
    downwards (log loss, RMSE): higher is better."""
    A = kb.scores(key, metric)[rows] * (-1.0 if kb.metrics[metric] == "min" else 1.0)
    best = _row_max(A)
    d = _default_index(kb, key)
    if d is None:
        return best
    return np.where(np.isfinite(A[:, d]), (A[:, d] + best) / 2.0, best)


def _row_max(A):
    """Each row's best finite value (NaN when a row has none): tasks x configurations."""
    A = np.where(np.isfinite(A), A, -np.inf)
    best = A.max(axis=1)
    return np.where(np.isinf(best), np.nan, best)


def _lcdb_scores(table, mf, families, n_neighbors):
    from ..strategies import MetaFeatureScaler, normalized_scores

    learners = [lrn for lrn in table.learners if table.family_of(lrn) in families]
    if not learners:
        return np.full(len(families), np.nan)
    scaler = MetaFeatureScaler().fit(table.qualities)
    Z = scaler.transform(table.qualities)
    z = scaler.transform(mf)[0]
    d = np.sqrt(((Z - z) ** 2).sum(axis=1))
    near = np.argsort(d, kind="stable")[:n_neighbors]
    w = _closeness(d[near], np.median(d) or 1.0)
    S = table.scores[learners].to_numpy()[near]  # datasets x learners
    N = normalized_scores(S)
    valid = ~np.isnan(N)
    per_learner = (np.where(valid, N, 0.0).T @ w) / np.maximum(valid.T.astype(float) @ w, 1e-12)
    out = np.full(len(families), np.nan)
    for score, learner in zip(per_learner, learners, strict=True):
        out[families.index(table.family_of(learner))] = score
    return out


def warm_started_model(
    X: MatrixLike,
    y: ArrayLike,
    *,
    knowledge: str | PathLike_ | KnowledgeBase = "default",
    n_candidates: int = 1,
    kind: str | None = None,
    categorical_features: ArrayLike | str | None = None,
    families: str | list[str] | None = None,
    random_state: RandomStateLike = None,
    metric: str | None = None,
) -> MetaDefaultClassifier | MetaDefaultRegressor:
    """The quick answer for a new tabular task: the best-ranked family, warm-started.

    Ranks the families with :func:`rank_families` and returns an unfitted
    ``MetaDefaultClassifier`` / ``MetaDefaultRegressor`` around the top family's
    estimator, behind the preprocessing the knowledge measured it with (standard scaling
    for linear models, SVMs, k-NN and MLPs; median imputation when ``X`` has missing
    values; see :func:`family_estimator`); fit it on (X, y). For a sparse ``X``, the
    best-ranked family whose estimator takes sparse matrices.

    Parameters
    ----------
    X : array-like, sparse matrix or DataFrame of shape (n_samples, n_features)
        The dataset the model is for (described, and looked at for missing values,
        sparseness and text columns; not fitted on).
    y : array-like of shape (n_samples,)
        Its target.
    knowledge : 'default', path or KnowledgeBase, default='default'
        The knowledge shipped with skmeta, a saved directory, or a loaded one.
    n_candidates : int, default=1
        As in :class:`MetaDefaultClassifier` (1: zero-shot).
    kind : {'classification', 'regression'}, default=None
        Inferred from ``y`` when None.
    categorical_features : array-like of bool, int or str, or str, default=None
        Columns of ``X`` that hold categories (an array's category codes): the
        family's preprocessing encodes them (one-hot or ordinal, as
        :func:`family_estimator`) and the meta-features count them as nominal.
    families : str or list of str, default=None
        Choose among these families only (of :data:`skmeta.spaces.FAMILIES`; None:
        every family the knowledge covers), e.g. ``["hist_gradient_boosting",
        "random_forest"]`` (or ``["hgb", "rf"]``) to leave out models slow to fit on
        many rows.
    random_state : int, default=None
        Set on the estimator when it takes one (forests, gradient boosting, MLPs,
        linear models), so that fitting the model is reproducible.
    metric : str, default=None
        The knowledge metric that ranks the families and the configurations (as in
        :func:`rank_families`; None: accuracy or R²); few-shot selection scores by it.

    Returns
    -------
    MetaDefaultClassifier or MetaDefaultRegressor
        Unfitted.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from skmeta.defaults import warm_started_model
    >>> from skmeta.knowledge import build_knowledge
    >>> from skmeta.tasks import load_sklearn_dataset
    >>> kb = build_knowledge([load_sklearn_dataset(n) for n in ("wine", "breast_cancer")],
    ...                      ["k_neighbors", "linear"], n_configs=3, verbose=0)
    >>> X, y = load_iris(return_X_y=True)
    >>> model = warm_started_model(X, y, knowledge=kb).fit(X, y)
    >>> model.score(X, y) > 0.8
    True
    """
    from ..utils._tabular import as_pandas_frame
    from ._meta_default import _helper_for, _takes_sparse

    X = as_pandas_frame(X)
    kind, helper = _helper_for(
        None, y, kind, X=X, knowledge=knowledge, n_candidates=n_candidates, metric=metric
    )
    helper._validate_params()  # n_candidates and the rest, before any work
    check_random_state(random_state)  # scikit-learn's error for a bad seed, up front
    chosen = _check_families(families)
    ranking = rank_families(
        X,
        y,
        knowledge=knowledge,
        kind=kind,
        categorical_features=categorical_features,
        metric=metric,
    )
    if chosen is not None:
        covered = sorted(ranking["family"])
        ranking = ranking[ranking["family"].isin(chosen)]
        if ranking.empty:
            raise ValueError(
                f"The knowledge has no {kind} configurations for families={chosen}; it "
                f"covers {covered}."
            )
    for family in ranking["family"]:  # for a sparse X, the best-ranked that takes it
        estimator = family_estimator(
            family,
            kind,
            X,
            categorical_features=categorical_features,
            random_state=random_state,
        )
        if not sparse.issparse(X) or _takes_sparse(estimator):
            break
    else:
        raise ValueError(
            "No family of the knowledge takes a sparse X; pass X.toarray() if it fits in memory."
        )
    return _helper_for(
        estimator,
        y,
        kind,
        knowledge=knowledge,
        n_candidates=n_candidates,
        categorical_features=categorical_features,
        metric=metric,
    )[1]


def _check_families(families) -> list[str] | None:
    """``families`` as a list of known family names (None: every family)."""
    from ..spaces._families import check_families

    return None if families is None else check_families(families)


def family_estimator(
    family: str,
    kind: str,
    X: MatrixLike | None = None,
    *,
    random_state: RandomStateLike = None,
    categorical_features: ArrayLike | str | None = None,
) -> BaseEstimator:
    """A family's default scikit-learn estimator, behind the preprocessing with which
    the knowledge bases built by skmeta measure it.

    That is standard scaling for the families whose search space asks for it (linear
    models, SVMs, k-NN, MLPs: their configurations were scored on standardized
    columns; a sparse ``X`` is scaled without centring, which would make it dense),
    and median imputation first when ``X`` has missing values. A DataFrame's
    text and categorical columns are encoded by name, one-hot for those families
    (at most 20 levels, as in the builds) and as ordinal codes for the trees, after
    most-frequent imputation when they have missing values; so are the columns
    ``categorical_features`` declares (an array's category codes). Date, time and
    duration columns (datetime64, period, timedelta64) become numbers of days
    (:func:`dates_as_days`), then are treated as numeric columns. The result goes into
    :class:`MetaDefaultClassifier` and the others as it is: they find the family from
    the pipeline's final step and describe the data as given.

    Parameters
    ----------
    family : str
        One of :data:`skmeta.spaces.FAMILIES`, a short name ('rf', 'knn', 'hgb', ...) or
        one of its estimators' class names ('RandomForestClassifier').
    kind : {'classification', 'regression'}
        The task kind: the family's classifier or regressor.
    X : array-like, sparse matrix or DataFrame of shape (n_samples, n_features), \
            default=None
        Only looked at for missing values, sparseness and a DataFrame's column types (None: no
        imputation, every column numeric).
    random_state : int, default=None
        Set on estimators that take one.
    categorical_features : array-like of bool, int or str, or str, default=None
        More columns of ``X`` to encode as categories (a boolean mask, indices, or a
        DataFrame's column names), besides a DataFrame's text and ``category`` columns.
        Needs a dense ``X``.

    Returns
    -------
    estimator or Pipeline

    Examples
    --------
    >>> from skmeta.defaults import family_estimator
    >>> family_estimator("svm", "classification")
    Pipeline(steps=[('standardscaler', StandardScaler()), ('svc', SVC())])
    >>> family_estimator("random_forest", "regression", random_state=0)
    RandomForestRegressor(random_state=0)
    """
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer

    from ..spaces import get_space
    from ..utils._tabular import as_pandas_frame

    X = as_pandas_frame(X)
    space = get_space(family, kind)
    check_random_state(random_state)  # scikit-learn's error for a bad seed, up front
    estimator = space.estimator_class()()
    if random_state is not None and "random_state" in estimator.get_params():
        estimator.set_params(random_state=random_state)
    scale = space.preprocessing == "scale"
    text = _categorical_columns(X, categorical_features)
    dates = [c for c in _date_columns(X) if c not in text]  # unless declared categorical
    if text or dates:
        frame = pd.DataFrame(X)  # a view of an array's columns by position
        numbers = [c for c in frame.columns if c not in text and c not in dates]
        blocks = [  # no empty block (only dates: neither text nor numbers)
            (name, _block(scale, frame[cols].isna().to_numpy().any(), **how), cols)
            for name, cols, how in (("cat", text, {"categorical": True}), ("num", numbers, {}))
            if cols
        ]
        if dates:
            days = FunctionTransformer(dates_as_days, feature_names_out="one-to-one")
            block = _block(scale, frame[dates].isna().to_numpy().any())
            steps = [] if isinstance(block, str) else [step for _, step in block.steps]
            blocks.append(("date", make_pipeline(days, *steps), dates))
        return make_pipeline(ColumnTransformer(blocks), estimator)
    if sparse.issparse(X):  # scaled without centring, which would make it dense
        missing = bool(np.isnan(X.data).any())
        block = _block(scale, missing, center=False)
    else:
        missing = X is not None and pd.DataFrame(X).isna().to_numpy().any()
        block = _block(scale, missing)
    if isinstance(block, str):  # 'passthrough'
        return estimator
    return make_pipeline(*(step for _, step in block.steps), estimator)


def _date_columns(X) -> list:
    """A DataFrame's date, time and duration columns (datetime64, with or without
    a time zone, period, and timedelta64); [] for anything else."""
    from ..utils._tabular import is_date_dtype

    if not isinstance(X, pd.DataFrame):
        return []
    return [c for c, d in X.dtypes.items() if is_date_dtype(d)]


def dates_as_days(X: MatrixLike) -> np.ndarray:
    """Date and duration columns as numbers: days since 1970-01-01 (UTC, for a time
    zone's dates) and days of a duration, as floats; NaT is NaN.

    The first step :func:`family_estimator` puts before a DataFrame's date columns, so
    that trees split on them and linear models see them in order, rather than as
    categories of which only 20 would be kept.

    Parameters
    ----------
    X : DataFrame of shape (n_samples, n_columns)
        Columns of dtype datetime64 (with or without a time zone), period (days to its
        start) or timedelta64.

    Returns
    -------
    ndarray of shape (n_samples, n_columns)

    Examples
    --------
    >>> import pandas as pd
    >>> from skmeta.defaults import dates_as_days
    >>> dates_as_days(pd.DataFrame({"day": pd.to_datetime(["1970-01-02", None])}))
    array([[ 1.],
           [nan]])
    """
    from ..utils._tabular import days_of, is_date_dtype

    frame = pd.DataFrame(X)
    out = np.empty(frame.shape, dtype=np.float64)
    for j, (name, column) in enumerate(frame.items()):
        if not is_date_dtype(column.dtype):
            raise TypeError(
                f"dates_as_days takes date, period and duration columns; column {name!r} "
                f"is {column.dtype} (read text as dates with pd.to_datetime first)."
            )
        out[:, j] = days_of(column)
    return out


def _categorical_columns(X, categorical_features) -> list:
    """The columns of ``X`` that :func:`family_estimator` encodes: a DataFrame's text
    and ``category`` columns and the declared ones, by name (an array's by index)."""
    from ..utils._tabular import text_columns
    from ._meta_default import _declared_columns, _is_frame

    dates = set(_date_columns(X))  # numbers, see dates_as_days
    if categorical_features is None:
        return [c for c in text_columns(X) if c not in dates]
    if X is None or sparse.issparse(X):
        raise ValueError(
            "categorical_features needs X as a dense array or DataFrame, to place the "
            f"columns it declares; got {'None' if X is None else 'a sparse matrix'}."
        )
    X = X if _is_frame(X) else np.asarray(X)
    declared = _declared_columns(categorical_features, X)
    if not _is_frame(X):
        return np.flatnonzero(declared).tolist()
    text = set(text_columns(X)) - dates
    return [c for c, d in zip(X.columns, declared, strict=True) if d or c in text]


def _block(scale, missing, *, categorical=False, center=True):
    """The preprocessing of one kind of column (a Pipeline, or 'passthrough')."""
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

    steps = []
    if missing:
        steps.append(
            # pd.NA masks every kind of gap: NaN, None, and the pd.NA of pandas'
            # nullable 'string' and 'boolean' columns (which np.nan's mask misses)
            SimpleImputer(strategy="most_frequent", missing_values=pd.NA)
            if categorical
            else SimpleImputer(strategy="median", keep_empty_features=True)
        )
    if categorical:
        steps.append(
            OneHotEncoder(handle_unknown="ignore", max_categories=20, sparse_output=False)
            if scale
            else OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1)
        )
    elif scale:
        steps.append(StandardScaler(with_mean=center))
    return make_pipeline(*steps) if steps else "passthrough"
