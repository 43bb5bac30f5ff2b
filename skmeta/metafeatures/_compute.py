"""Public entry points: meta-features of one task, or of many in parallel."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from sklearn.utils import check_random_state
from sklearn.utils.parallel import Parallel, delayed

from ..tasks import Task, TaskCollection
from ..tasks._task import check_task_list, task_names
from ..utils._checks import is_int
from ..utils._parallel import one_thread_per_fit
from ..utils._typing import ArrayLike, MatrixLike, RandomStateLike
from ._prepare import prepare_task
from ._registry import DEFAULT_GROUPS, GROUP_FUNCTIONS, METAFEATURE_GROUPS

__all__ = ["compute_metafeatures", "compute_metafeatures_batch", "list_metafeatures"]


def _check_groups(groups) -> tuple[str, ...]:
    if groups is None:
        return DEFAULT_GROUPS
    if isinstance(groups, str):
        groups = (groups,) if groups != "all" else tuple(METAFEATURE_GROUPS)
    groups = tuple(groups)
    unknown = [g for g in groups if g not in METAFEATURE_GROUPS]
    if unknown:
        raise ValueError(
            f"Unknown meta-feature group(s) {unknown}; choose from {list(METAFEATURE_GROUPS)} "
            "or 'all'."
        )
    if not groups:
        raise ValueError("groups is empty; name at least one meta-feature group.")
    # registry order, duplicates dropped: the output layout does not depend on the caller
    return tuple(g for g in METAFEATURE_GROUPS if g in groups)


def list_metafeatures(groups: str | Sequence[str] | None = None) -> list[str]:
    """Names of the meta-features the given groups compute, in output order.

    Parameters
    ----------
    groups : str, list of str or None, default=None
        Group names from ``METAFEATURE_GROUPS`` or 'all'; None means the default groups
        (all but 'landmarking').

    Returns
    -------
    list of str

    Examples
    --------
    >>> from skmeta.metafeatures import list_metafeatures
    >>> list_metafeatures("landmarking")[:3]
    ['NaiveBayesErrRate', 'NaiveBayesAUC', 'NaiveBayesKappa']
    """
    return [name for g in _check_groups(groups) for name in METAFEATURE_GROUPS[g]]


def _check_seed(random_state) -> None:
    """scikit-learn's error for a bad seed, before any work. A seed that is plainly
    good is not made into a RandomState (90 us, a fifth of a small table's
    meta-features); only the landmarkers draw from it."""
    plain = random_state is None or isinstance(random_state, np.random.RandomState)
    if not (plain or (is_int(random_state) and 0 <= random_state < 2**32)):
        check_random_state(random_state)


def compute_metafeatures(
    X: MatrixLike | Task,
    y: ArrayLike | None = None,
    *,
    kind: str | None = None,
    categorical_features: ArrayLike | str = "auto",
    groups: str | Sequence[str] | None = None,
    random_state: RandomStateLike = 0,
) -> dict[str, float]:
    """OpenML-compatible meta-features of a supervised tabular task.

    Computes OpenML's data qualities under OpenML's own names (``NumberOfInstances``,
    ``ClassEntropy``, ``MeanMutualInformation``, ``Quartile2SkewnessOfNumericAtts``,
    ...) following OpenML's definitions, with whole-matrix NumPy passes. Missing values
    (NaN/None) and categorical columns are handled.

    Parameters
    ----------
    X : array-like, sparse matrix, DataFrame of shape (n_samples, n_features), or Task
        The features. A SciPy sparse matrix holds numbers (a stored NaN is missing) and
        is not made dense, except for the rows the landmarkers fit on. A polars
        DataFrame or an Arrow table is read as its pandas equivalent. A
        :class:`~skmeta.tasks.Task` brings its own ``y``, ``kind`` and
        ``categorical_features`` (then leave those arguments at their defaults).
    y : array-like of shape (n_samples,)
        The target.
    kind : {'classification', 'regression'} or None, default=None
        None infers it from ``y``.
    categorical_features : 'auto', array-like of bool, or list of str or int, default='auto'
        Which columns are categorical (nominal); 'auto' takes pandas ``category``,
        ``bool``, ``object`` and string columns.
    groups : str, list of str or None, default=None
        Which groups to compute: 'general', 'statistical', 'info-theory', 'target',
        'landmarking', or 'all'. None computes all but 'landmarking' (which fits 30
        models).
    random_state : int, RandomState instance or None, default=0
        Seeds the landmarkers' folds and subsampling; other groups are deterministic.

    Returns
    -------
    dict of str to float
        Ordered as :func:`list_metafeatures` for the same groups: every task gets the
        same keys. A value is NaN exactly where OpenML leaves the quality empty: numeric
        summaries without numeric attributes (skewness and kurtosis summaries without a
        non-constant one), entropy summaries without nominal
        attributes, class qualities for regression (and ``Target*`` ones for
        classification), and ratios whose denominator (mean mutual information) is 0.

    Raises
    ------
    ValueError
        Empty data, a single row, X and y of different lengths, an all-missing or
        partly missing target, infinite values, or non-numeric values in a numeric
        column.

    See Also
    --------
    compute_metafeatures_batch : Many tasks in parallel, as a DataFrame.

    Notes
    -----
    OpenML conventions kept here: the target counts as a feature (``NumberOfFeatures``
    is the number of attributes plus one); standard deviations are sample ones; skewness
    and kurtosis are the bias-corrected G1 and G2; quartiles are NumPy's 'weibull'
    percentiles; entropies are in bits. Constant columns have no skewness or kurtosis
    and are left out of those summaries (their standard deviation 0 counts).

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from skmeta.metafeatures import compute_metafeatures
    >>> X, y = load_iris(return_X_y=True)
    >>> mf = compute_metafeatures(X, y)
    >>> mf["NumberOfInstances"], mf["NumberOfFeatures"], round(mf["ClassEntropy"], 4)
    (150.0, 5.0, 1.585)
    >>> round(mf["MaxSkewnessOfNumericAtts"], 3)
    0.319
    """
    if isinstance(X, Task):
        if y is not None:
            raise ValueError("Pass either a Task or (X, y), not a Task and a y.")
        task = X
        X, y = task.X, task.y
        kind = task.kind if kind is None else kind
        if isinstance(categorical_features, str) and categorical_features == "auto":
            categorical_features = task.categorical_features
    elif y is None:
        raise ValueError("y is required (or pass a Task as X).")
    groups = _check_groups(groups)
    _check_seed(random_state)
    prepared = prepare_task(X, y, kind=kind, categorical_features=categorical_features)
    out: dict[str, float] = {}
    for group in groups:
        if group == "landmarking":
            out.update(GROUP_FUNCTIONS[group](prepared, random_state=random_state))
        else:
            out.update(GROUP_FUNCTIONS[group](prepared))
    return out


def _describe_one(tasks, position: int, groups, seed: int) -> tuple[str, dict[str, float]]:
    """Worker: load (if lazy) and describe one task. Module level, so joblib can send it."""
    task = tasks[position]
    return task.name, compute_metafeatures(task, groups=groups, random_state=seed)


def compute_metafeatures_batch(
    tasks: Iterable[Task] | TaskCollection,
    *,
    groups: str | Sequence[str] | None = None,
    n_jobs: int | None = None,
    random_state: RandomStateLike = 0,
) -> pd.DataFrame:
    """Meta-features of many tasks, in parallel with joblib.

    Parameters
    ----------
    tasks : TaskCollection or iterable of Task
        A lazy collection is loaded task by task inside the workers.
    groups : str, list of str or None, default=None
        As in :func:`compute_metafeatures`.
    n_jobs : int, default=None
        Number of joblib workers (None means 1 unless in a joblib context).
    random_state : int, RandomState instance or None, default=0
        One seed per task is drawn up front, so results do not depend on ``n_jobs``.

    Returns
    -------
    DataFrame of shape (n_tasks, n_metafeatures)
        Indexed by task name, columns as :func:`list_metafeatures`.

    Examples
    --------
    >>> from skmeta.metafeatures import compute_metafeatures_batch
    >>> from skmeta.tasks import load_sklearn_dataset
    >>> tasks = [load_sklearn_dataset("iris"), load_sklearn_dataset("diabetes")]
    >>> table = compute_metafeatures_batch(tasks)
    >>> table["NumberOfInstances"].tolist(), table["NumberOfClasses"].tolist()
    ([150.0, 442.0], [3.0, 0.0])
    """
    groups = _check_groups(groups)
    tasks = check_task_list(tasks)
    if len(tasks) == 0:
        raise ValueError("No tasks given: the task list is empty.")
    task_names(tasks, "to index the table")
    rng = check_random_state(random_state)
    seeds = rng.randint(np.iinfo(np.int32).max, size=len(tasks))
    with one_thread_per_fit():  # the same values for any n_jobs
        results = Parallel(n_jobs=n_jobs)(
            delayed(_describe_one)(tasks, i, groups, int(seeds[i])) for i in range(len(tasks))
        )
    names = [name for name, _ in results]
    return pd.DataFrame(
        [values for _, values in results],
        index=pd.Index(names, name="task"),
        columns=list_metafeatures(groups),
    )
