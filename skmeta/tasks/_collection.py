"""A lazily loaded, indexable collection of tasks."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pandas as pd

from ._task import Task

__all__ = ["TaskCollection"]


class TaskCollection(Sequence):
    """A sequence of tasks that loads each one only when it is asked for.

    A corpus of hundreds of datasets does not sit in memory: the collection holds a
    table with one row per task and one loader function per task; indexing loads
    the task afresh (nothing is cached, so iterating keeps one task in memory at a time).

    Parameters
    ----------
    index : DataFrame
        One row per task with at least a ``name`` column (unique); other columns
        (``task``, ``n_instances``, ``group``, ``openml_id``, ...) are descriptive.
    loader : callable
        ``loader(row)`` takes a row of ``index`` (a pandas Series) and returns a
        :class:`Task`. It must be a picklable module-level function (joblib workers
        receive the collection).

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn.datasets import load_iris
    >>> from skmeta.tasks import Task, TaskCollection
    >>> def load(row):
    ...     X, y = load_iris(return_X_y=True)
    ...     return Task(X[: row["n"]], y[: row["n"]], name=row["name"])
    >>> tasks = TaskCollection(pd.DataFrame({"name": ["a", "b"], "n": [50, 150]}), load)
    >>> len(tasks), tasks["b"].n_samples
    (2, 150)
    """

    def __init__(self, index: pd.DataFrame, loader: Callable[[pd.Series], Task]):
        if "name" not in index.columns:
            raise ValueError("The index of a TaskCollection needs a 'name' column.")
        names = index["name"].astype(str)
        if names.duplicated().any():
            raise ValueError(f"Duplicate task names: {sorted(set(names[names.duplicated()]))}.")
        self.index = index.reset_index(drop=True).assign(name=names.to_numpy())
        self.loader = loader

    @property
    def names(self) -> list[str]:
        return list(self.index["name"])

    def __len__(self) -> int:
        return len(self.index)

    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, slice):
            return TaskCollection(self.index.iloc[key], self.loader)
        if isinstance(key, str):
            matches = self.index.index[self.index["name"] == key]
            if len(matches) == 0:
                raise KeyError(f"No task named {key!r} in this collection.")
            return self.loader(self.index.loc[matches[0]])
        position = int(key)
        if not -len(self) <= position < len(self):
            raise IndexError(f"Task index {position} out of range for {len(self)} tasks.")
        return self.loader(self.index.iloc[position])

    def __iter__(self) -> Iterator[Task]:
        for position in range(len(self)):
            yield self[position]

    def select(self, names: Sequence[str] | None = None, **where: Any) -> TaskCollection:
        """A sub-collection by name and/or by equality on index columns.

        Parameters
        ----------
        names : list of str, default=None
            Keep these tasks (in this order). Unknown names raise a KeyError.
        **where
            ``column=value`` (or ``column=[values]``) filters on the index, e.g.
            ``task="classification"``.
        """
        index = self.index
        if names is not None:
            names = [str(n) for n in names]
            missing = sorted(set(names) - set(index["name"]))
            if missing:
                raise KeyError(f"No tasks named {missing[:5]} in this collection.")
            index = index.set_index("name").loc[names].reset_index()
        for column, value in where.items():
            if column not in index.columns:
                raise ValueError(
                    f"Cannot filter on {column!r}: the index has columns {list(index.columns)}."
                )
            values = value if isinstance(value, (list, tuple, set)) else [value]
            index = index[index[column].isin(values)]
        return TaskCollection(index, self.loader)

    def __repr__(self) -> str:
        return f"TaskCollection({len(self)} tasks)"
