"""The :class:`Task` container: one supervised tabular dataset and what is known about it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..utils._checks import repeated
from ..utils._tabular import as_pandas_frame, check_kind, check_target

__all__ = ["Task"]


@dataclass
class Task:
    """One supervised tabular task: features, target, kind and provenance.

    Construction validates what is cheap to validate (X is 2-D, X and y have the
    same length, the target is usable, the kind is known or inferable); the
    column-by-column checks happen where the data is used (for example in
    :func:`skmeta.metafeatures.compute_metafeatures`).

    Parameters
    ----------
    X : ndarray, sparse matrix or DataFrame of shape (n_samples, n_features)
        Numeric and categorical columns; NaN or None mark missing values (a sparse
        matrix holds numbers only). A polars DataFrame or Arrow table is kept as its
        pandas equivalent (names and categorical columns kept).
    y : array-like of shape (n_samples,)
        The target.
    kind : {'classification', 'regression'} or None, default=None
        None infers it from ``y`` (see :func:`skmeta.utils._tabular.infer_kind`).
    name : str, default='task'
        A short identifier (a dataset name).
    source : str, default='user'
        Where the task comes from: 'user', 'file', 'folder', 'sklearn', 'openml'.
    categorical_features : 'auto', array-like of bool, or list of str or int, default='auto'
        Which columns are categorical; 'auto' decides from the column dtypes.
    metafeatures : dict of str to float, default=None
        Precomputed meta-features, if any.
    splits : list of (ndarray, ndarray), default=None
        Official train/test index pairs (for example an OpenML task's folds).
    metadata : dict, default={}
        Anything else: OpenML ids, the corpus group, the file path.

    Attributes
    ----------
    n_samples : int
        Number of rows.
    n_features : int
        Number of feature columns.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from skmeta.tasks import Task
    >>> X, y = load_iris(return_X_y=True)
    >>> task = Task(X, y, name="iris")
    >>> task.kind, task.n_samples, task.n_features
    ('classification', 150, 4)
    """

    X: Any
    y: Any
    kind: str | None = None
    name: str = "task"
    source: str = "user"
    categorical_features: Any = "auto"
    metafeatures: dict[str, float] | None = None
    splits: list[tuple[np.ndarray, np.ndarray]] | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise TypeError(
                f"Task name must be a str; got {type(self.name).__name__} {self.name!r}."
            )
        if not isinstance(self.metadata, Mapping):
            raise TypeError(
                f"Task {self.name!r}: metadata must be a dict; got {type(self.metadata).__name__}."
            )
        check_kind(self.kind)
        self.X = as_pandas_frame(self.X)  # a polars or Arrow frame: its pandas equivalent
        if not isinstance(self.X, pd.DataFrame):
            shape = np.shape(self.X)
            if len(shape) != 2:
                raise ValueError(
                    f"Task {self.name!r}: X must be 2-D (n_samples, n_features); got shape {shape}."
                )
        _, self.kind = check_target(self.y, np.shape(self.X)[0], kind=self.kind)
        if self.splits is not None:
            self.splits = check_splits(self.splits, self.n_samples, where=f"Task {self.name!r}: ")

    @property
    def n_samples(self) -> int:
        return int(np.shape(self.X)[0])

    @property
    def n_features(self) -> int:
        return int(np.shape(self.X)[1])

    def compute_metafeatures(self, **kwargs: Any) -> dict[str, float]:
        """Meta-features of this task; see :func:`skmeta.metafeatures.compute_metafeatures`.

        Precomputed ``metafeatures`` are not consulted: this always computes.
        """
        from ..metafeatures import compute_metafeatures

        return compute_metafeatures(self, **kwargs)

    def __repr__(self) -> str:
        return (
            f"Task(name={self.name!r}, kind={self.kind!r}, n_samples={self.n_samples}, "
            f"n_features={self.n_features}, source={self.source!r})"
        )


def check_task_list(tasks, *, iterables: bool = True) -> Sequence:
    """``tasks`` as a sequence of :class:`Task`: a TaskCollection (loaded lazily) or a
    list; one Task alone is a list of one; with ``iterables``, a generator is read into
    a list. A TypeError names an entry that is not a Task, or what ``tasks`` is."""
    from ._collection import TaskCollection

    if isinstance(tasks, Task):
        return [tasks]
    if isinstance(tasks, TaskCollection):
        return tasks
    if isinstance(tasks, str | bytes | dict) or not isinstance(tasks, Iterable):
        raise TypeError(
            "tasks must be a sequence of Task (a list or a TaskCollection); got "
            f"{type(tasks).__name__}."
        )
    if not isinstance(tasks, Sequence):
        if not iterables:
            raise TypeError(
                "tasks must be a sequence of Task (a list or a TaskCollection); got "
                f"{type(tasks).__name__} (pass list(tasks))."
            )
        tasks = list(tasks)
    for i, task in enumerate(tasks):
        if not isinstance(task, Task):
            raise TypeError(
                "tasks must hold Task objects (skmeta.tasks.Task(X, y, name=...)); "
                f"entry {i} is a {type(task).__name__}."
            )
    return tasks


def task_names(tasks: Sequence, why: str) -> list[str]:
    """The names of ``tasks`` (a TaskCollection's without loading any), or a ValueError
    when one is empty or some repeat: ``why`` says what needs them unique."""
    names = list(tasks.names) if hasattr(tasks, "names") else [t.name for t in tasks]
    if any(not n for n in names):
        raise ValueError(f"Every task needs a name {why}.")
    dup = repeated(names)
    if dup:
        raise ValueError(
            f"Task names must be unique {why}; repeated: {dup[:5]}. Name each task: "
            "Task(X, y, name=...)."
        )
    return names


def check_splits(
    splits, n_samples: int, *, where: str = "", what: str = "splits", item: str = "split"
) -> list[tuple[np.ndarray, np.ndarray]]:
    """``splits`` as a list of (train, test) integer index arrays within the rows; the
    errors start with ``where`` and call the list ``what`` and each pair ``item``."""
    if isinstance(splits, str | bytes) or not isinstance(splits, Iterable):
        raise TypeError(
            f"{where}{what} must be a list of (train, test) index pairs; got "
            f"{type(splits).__name__}."
        )
    out = []
    for i, pair in enumerate(splits):
        try:
            train, test = pair
        except (TypeError, ValueError):
            raise ValueError(
                f"{where}{item} {i} must be a (train, test) pair of row indices."
            ) from None
        arrays = []
        for part in (train, test):
            idx = np.asarray(part)
            if idx.ndim != 1 or (idx.size and idx.dtype.kind not in "iu"):
                raise ValueError(
                    f"{where}{item} {i} must hold 1-D arrays of row indices (integers)."
                )
            if idx.size and (idx.min() < 0 or idx.max() >= n_samples):
                raise ValueError(f"{where}{item} {i} holds row indices outside 0..{n_samples - 1}.")
            arrays.append(idx.astype(np.intp))
        out.append((arrays[0], arrays[1]))
    return out
