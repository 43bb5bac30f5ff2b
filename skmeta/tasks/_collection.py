"""A lazily loaded, indexable collection of tasks."""

from __future__ import annotations

import difflib
import numbers
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..utils._checks import repeated
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
        if not isinstance(index, pd.DataFrame):
            raise TypeError(
                f"index must be a pandas DataFrame with a 'name' column; got "
                f"{type(index).__name__}."
            )
        if not callable(loader):
            raise TypeError(
                f"loader must be a function taking an index row and returning a Task; got "
                f"{type(loader).__name__}."
            )
        if "name" not in index.columns:
            raise ValueError("The index of a TaskCollection needs a 'name' column.")
        if index["name"].isna().any():
            row = int(np.flatnonzero(index["name"].isna().to_numpy())[0])
            raise ValueError(f"Every task needs a name; row {row} of the index has none.")
        names = index["name"].astype(str)
        twice = repeated(names)
        if twice:
            raise ValueError(f"Duplicate task names: {twice}.")
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
            return self._load(self.index.loc[matches[0]])
        if not isinstance(key, numbers.Integral):
            raise TypeError(
                f"A task is picked by position (int), name (str) or slice; got "
                f"{type(key).__name__} {key!r}. Use select(names) for several tasks."
            )
        position = int(key)
        if not -len(self) <= position < len(self):
            raise IndexError(f"Task index {position} out of range for {len(self)} tasks.")
        return self._load(self.index.iloc[position])

    def _load(self, row: pd.Series) -> Task:
        task = self.loader(row)
        if not isinstance(task, Task):
            raise TypeError(
                f"The loader returned {type(task).__name__} for task {row['name']!r}; it "
                "must return a Task."
            )
        return task

    def __contains__(self, item: object) -> bool:
        """``name in tasks``: whether a task of that name is here, loading none (a
        Task is looked up by its name)."""
        name = item.name if isinstance(item, Task) else item
        return isinstance(name, str) and bool((self.index["name"] == name).any())

    def count(self, item: object) -> int:
        """How many tasks have the name ``item`` (or ``item``'s, a Task's): 0 or 1, as
        names are unique; loading none (``Sequence.count`` loaded every task)."""
        return int(item in self)

    def __iter__(self) -> Iterator[Task]:
        for position in range(len(self)):
            yield self[position]

    def select(self, names: Sequence[str] | None = None, **where: Any) -> TaskCollection:
        """A sub-collection by name and/or by equality on index columns.

        Parameters
        ----------
        names : str or list of str, default=None
            Keep these tasks (in this order). Unknown names raise a KeyError.
        **where
            ``column=value`` (or ``column=values``, any list-like) filters on the
            index, e.g. ``task="classification"``. A task kind other than
            'classification' or 'regression' is a ValueError; a filter none of whose
            values occurs in its column warns (a misspelt group selects nothing).
        """
        index = self.index
        if names is not None:
            names = [str(n) for n in ([names] if isinstance(names, str) else names)]
            missing = sorted(set(names) - set(index["name"]))
            if missing:
                raise KeyError(f"No tasks named {missing[:5]} in this collection.")
            index = index.set_index("name").loc[names].reset_index()
        for column, value in where.items():
            if column not in index.columns:
                raise ValueError(
                    f"Cannot filter on {column!r}: the index has columns {list(index.columns)}."
                )
            values = filter_values(value)
            check_filter_matches(column, values, self.index[column])
            index = index[index[column].isin(values)]
        return TaskCollection(index, self.loader)

    def __repr__(self) -> str:
        return f"TaskCollection({len(self)} tasks)"


def check_filter_matches(column: str, values: list, column_values) -> None:
    """Check a ``column=value`` filter's ``values`` against the column: a task kind
    column (``kind``, or ``task`` in a corpus index) takes only 'classification' and
    'regression' (a ValueError names any other value, such as a misspelt
    ``kind='clf'``); on any other column, a filter whose values occur nowhere in it
    selects nothing, which a UserWarning says (a misspelt group would otherwise give an
    empty selection silently)."""
    if column in ("kind", "task"):
        unknown = [v for v in values if v not in ("classification", "regression")]
        if unknown:
            raise ValueError(
                f"{column} takes 'classification' or 'regression'; got {unknown[:5]!r}."
            )
        return
    present = pd.Series(np.asarray(column_values, dtype=object))
    if len(values) and len(present) and not present.isin(values).any():
        shown = sorted({str(v) for v in present})
        close = sorted({c for v in values for c in difflib.get_close_matches(str(v), shown)})
        hint = (
            f"close values: {close[:5]}"
            if close
            else f"its values are {shown[:10]}{' ...' if len(shown) > 10 else ''}"
        )
        warnings.warn(
            f"{column}={values[0] if len(values) == 1 else values!r} matches no task, so "
            f"nothing is selected; {hint}.",
            UserWarning,
            stacklevel=3,
        )


def filter_values(value) -> list:
    """The values a ``column=value`` filter keeps: those of a list-like ``value``
    (list, tuple, set, array, Series), else ``value`` itself (a string is one value)."""
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        return list(value)
    return [value]
