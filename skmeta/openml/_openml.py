"""OpenML datasets, tasks and suites as skmeta Tasks, through the ``openml`` package.

The ``openml`` client keeps a local cache; everything here works from that cache
when the server cannot be reached, and fails fast with :class:`OpenMLUnavailableError`
naming the missing id when neither has the data (no retry storm: one attempt).
"""

from __future__ import annotations

import contextlib
import re
import socket
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pandas as pd

from ..tasks import Task, TaskCollection
from ..tasks._task import check_splits
from ..utils._checks import as_path, is_int
from ..utils._typing import PathLike_

__all__ = [
    "OpenMLUnavailableError",
    "fetch_openml_dataset",
    "fetch_openml_qualities",
    "fetch_openml_suite",
    "fetch_openml_task",
    "openml_config",
]

# Seconds to wait for the server's TCP handshake before declaring it unreachable.
_PROBE_TIMEOUT = 5.0


class OpenMLUnavailableError(RuntimeError):
    """The OpenML server is unreachable and the local cache lacks what was asked for."""


@contextlib.contextmanager
def openml_config(cache_dir: PathLike_ | None = None, server: str | None = None) -> Iterator[None]:
    """Temporarily point the ``openml`` client at a cache directory and/or server.

    The previous settings are restored on exit, so skmeta never leaves the user's
    ``openml`` configuration changed. Inside, connection retries are limited to one.

    Parameters
    ----------
    cache_dir : str or Path, default=None
        Root cache directory (as for ``openml.config.set_root_cache_directory``).
        None keeps the current one.
    server : str, default=None
        Server URL, e.g. ``"https://test.openml.org/api/v1/xml"``. None keeps it.

    Yields
    ------
    None
        Control, with the settings in force.

    Examples
    --------
    >>> import tempfile, openml
    >>> from skmeta.openml import openml_config
    >>> before = openml.config.server
    >>> with openml_config(cache_dir=tempfile.mkdtemp()):
    ...     pass
    >>> openml.config.server == before
    True
    """
    import openml

    if server is not None and (
        not isinstance(server, str) or not server.startswith(("http://", "https://"))
    ):
        raise ValueError(
            "server must be the URL of an OpenML server's API, e.g. "
            f"'https://test.openml.org/api/v1/xml'; got {server!r}."
        )
    config = openml.config
    saved = (config._root_cache_directory, config.server, config.connection_n_retries)
    try:
        if cache_dir is not None:
            config.set_root_cache_directory(str(as_path(cache_dir, "cache_dir").expanduser()))
        if server is not None:
            config.server = server
        config.connection_n_retries = 1
        yield
    finally:
        config.set_root_cache_directory(str(saved[0]))
        config.server = saved[1]
        config.connection_n_retries = saved[2]


def _cache_dir() -> Path:
    import openml

    return Path(openml.config.get_cache_directory())


def _server_reachable() -> bool:
    import openml

    url = urlparse(openml.config.server)
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        with socket.create_connection((url.hostname, port), timeout=_PROBE_TIMEOUT):
            return True
    except OSError:
        return False


def _unavailable(what: str, ident: int, detail: str = "") -> OpenMLUnavailableError:
    import openml

    root = Path(openml.config._root_cache_directory)
    missing = "" if root.is_dir() else f"; {root} does not exist"  # a mistyped cache_dir?
    return OpenMLUnavailableError(
        f"OpenML {what} {ident} is not in the local cache ({_cache_dir()}{missing}) and the OpenML "
        f"server ({openml.config.server}) cannot be reached{detail}. Connect to the "
        f"internet and run this once to cache it, or point cache_dir at a cache that holds "
        f"{what} {ident}.{_other_servers_hint(what, ident)}"
    )


def _other_servers_hint(what: str, ident: int) -> str:
    """Where the same cache holds the item under another server (openml keeps one
    directory per server, e.g. ``org/openml/test`` for test.openml.org): which
    ``server`` to pass. Empty when there is none."""
    import openml

    current = _cache_dir()
    folder = {"dataset": "datasets", "task": "tasks"}.get(what)
    labels = (urlparse(openml.config.server).hostname or "").count(".") + 1
    if folder is None or not 2 <= labels <= len(current.parents) or not current.parent.is_dir():
        return ""
    root = current.parents[labels - 1]  # the cache directory holds host labels reversed
    hosts = sorted(
        ".".join(reversed(d.relative_to(root).parts))
        for d in current.parent.iterdir()
        if d != current and d.is_dir() and (d / folder / str(ident)).is_dir()
    )
    if not hosts:
        return ""
    return (
        f" The cache holds {what} {ident} of another server: pass "
        f"server='https://{hosts[0]}/api/v1/xml' to use it."
    )


def _call(what: str, ident: int, cached: bool, fn, *args, **kwargs):
    """Run an openml call; turn connection failures into one clear error.

    When the needed files are not cached, probe the server first with a short TCP
    timeout, so a black-holed network fails in seconds instead of hanging.
    """
    from xml.parsers.expat import ExpatError

    import arff
    import requests
    from openml.exceptions import OpenMLServerException

    if not cached and not _server_reachable():
        raise _unavailable(what, ident)
    try:
        return fn(*args, **kwargs)
    except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
        if cached:  # openml found the cached files wanting and went to the server
            raise _unreadable_cache(what, ident, "the server cannot be reached") from exc
        raise _unavailable(what, ident, f" ({type(exc).__name__})") from exc
    except OpenMLServerException as exc:
        raise ValueError(f"OpenML {what} {ident}: the server says {exc}") from exc
    except (ExpatError, arff.ArffException, EOFError, KeyError, ValueError) as exc:
        if not cached:
            raise
        raise _unreadable_cache(what, ident, f"{type(exc).__name__}: {exc}") from exc


def _unreadable_cache(what: str, ident: int, detail: str) -> OpenMLUnavailableError:
    """The error for cached files of an item that openml cannot read (cut short by an
    interrupted download, say)."""
    folder = _cache_dir() / {"dataset": "datasets", "task": "tasks"}.get(what, what) / str(ident)
    return OpenMLUnavailableError(
        f"OpenML {what} {ident} is in the local cache ({folder}), but its files there cannot "
        f"be read ({detail}). Delete that folder and run this again with the internet "
        "connected to cache it anew."
    )


def _check_id(ident, what: str) -> int:
    if not is_int(ident) or ident <= 0:
        raise ValueError(f"The OpenML {what} id must be a positive integer; got {ident!r}.")
    return int(ident)


def _dataset_cached(dataset_id: int) -> bool:
    folder = _cache_dir() / "datasets" / str(dataset_id)
    has_data = any(folder.glob("dataset*")) if folder.is_dir() else False
    return (folder / "description.xml").exists() and has_data


def _task_dataset_id(task_xml: Path) -> int | None:
    """The dataset id a cached task description refers to (None when not cached)."""
    if not task_xml.exists():
        return None
    match = re.search(r"<oml:data_set_id>\s*(\d+)\s*<", task_xml.read_text(errors="replace"))
    return int(match.group(1)) if match else None


def _get_dataset(dataset_id: int):
    import openml

    return _call(
        "dataset",
        dataset_id,
        _dataset_cached(dataset_id),
        openml.datasets.get_dataset,
        dataset_id,
        download_data=True,
        download_qualities=True,
        download_features_meta_data=True,
    )


def _dataset_to_task(dataset, target: str | None, *, kind=None, name=None, metadata=None):
    target = target or dataset.default_target_attribute
    if not target:
        raise ValueError(
            f"OpenML dataset {dataset.dataset_id} ({dataset.name}) has no default target; "
            "pass target=."
        )
    if not isinstance(target, str):
        raise TypeError(f"target must be a column name (str); got {type(target).__name__}.")
    if "," in target:
        raise ValueError(f"OpenML dataset {dataset.dataset_id} has several targets ({target}).")
    columns = [f.name for f in (dataset.features or {}).values()]
    if columns and target not in columns:
        shown = columns if len(columns) <= 12 else [*columns[:12], "..."]
        raise ValueError(
            f"OpenML dataset {dataset.dataset_id} ({dataset.name}) has no column {target!r}; "
            f"its {len(columns)} columns are {shown}."
        )
    # the data files are cached by now: a failure is theirs
    X, y, categorical, _ = _call(
        "dataset", int(dataset.dataset_id), True, dataset.get_data, target=target
    )
    if kind is None:
        kind = (
            "classification"
            if isinstance(y.dtype, pd.CategoricalDtype) or not pd.api.types.is_numeric_dtype(y)
            else "regression"
        )
    qualities = {k: float(v) for k, v in (dataset.qualities or {}).items() if v is not None}
    return Task(
        X,
        y,
        kind=kind,
        name=name or dataset.name,
        source="openml",
        categorical_features=list(categorical),
        metadata={
            "openml_dataset_id": int(dataset.dataset_id),
            "openml_qualities": qualities,
            **(metadata or {}),
        },
    )


def fetch_openml_dataset(
    dataset_id: int,
    *,
    target: str | None = None,
    cache_dir: PathLike_ | None = None,
    server: str | None = None,
) -> Task:
    """An OpenML dataset as a :class:`~skmeta.tasks.Task`, with its server-side qualities.

    Parameters
    ----------
    dataset_id : int
        OpenML dataset id.
    target : str, default=None
        Target column; None uses the dataset's default target.
    cache_dir : str or Path, default=None
        ``openml`` cache root to use (None keeps the client's setting).
    server : str, default=None
        OpenML server URL (None keeps the client's setting).

    Returns
    -------
    Task
        ``categorical_features`` follows OpenML's nominal attributes;
        ``metadata["openml_qualities"]`` holds OpenML's own qualities.

    Raises
    ------
    OpenMLUnavailableError
        The server cannot be reached and the cache lacks the dataset.

    Examples
    --------
    >>> from skmeta.openml import fetch_openml_dataset
    >>> task = fetch_openml_dataset(61)  # doctest: +SKIP
    >>> task.name, task.n_samples  # doctest: +SKIP
    ('iris', 150)
    """
    dataset_id = _check_id(dataset_id, "dataset")
    with openml_config(cache_dir, server):
        dataset = _get_dataset(dataset_id)
        return _dataset_to_task(dataset, target)


def fetch_openml_qualities(
    dataset_id: int, *, cache_dir: PathLike_ | None = None, server: str | None = None
) -> dict[str, float]:
    """OpenML's own qualities (meta-features) of a dataset, as computed by OpenML.

    Parameters
    ----------
    dataset_id : int
        OpenML dataset id.
    cache_dir : str or Path, default=None
        ``openml`` cache root to use (None keeps the client's setting).
    server : str, default=None
        OpenML server URL (None keeps the client's setting).

    Returns
    -------
    dict of str to float
        OpenML's qualities of the dataset, by name.

    Examples
    --------
    >>> from skmeta.openml import fetch_openml_qualities
    >>> fetch_openml_qualities(61)["NumberOfInstances"]  # doctest: +SKIP
    150.0
    """
    import openml

    dataset_id = _check_id(dataset_id, "dataset")
    with openml_config(cache_dir, server):
        folder = _cache_dir() / "datasets" / str(dataset_id)
        dataset = _call(
            "dataset",
            dataset_id,
            (folder / "qualities.xml").exists() and (folder / "description.xml").exists(),
            openml.datasets.get_dataset,
            dataset_id,
            download_data=False,
            download_qualities=True,
            download_features_meta_data=False,
        )
        return {k: float(v) for k, v in (dataset.qualities or {}).items() if v is not None}


def fetch_openml_task(
    task_id: int, *, cache_dir: PathLike_ | None = None, server: str | None = None
) -> Task:
    """An OpenML task as a :class:`~skmeta.tasks.Task` with its official splits.

    Parameters
    ----------
    task_id : int
        OpenML task id (supervised classification or regression).
    cache_dir : str or Path, default=None
        ``openml`` cache root to use (None keeps the client's setting).
    server : str, default=None
        OpenML server URL (None keeps the client's setting).

    Returns
    -------
    Task
        ``splits`` holds the (train, test) indices of every fold of the first repeat;
        ``metadata`` the task and dataset ids and the estimation procedure.

    Examples
    --------
    >>> from skmeta.openml import fetch_openml_task
    >>> task = fetch_openml_task(59)  # doctest: +SKIP
    >>> len(task.splits)  # doctest: +SKIP
    10
    """
    import openml
    from openml.tasks import TaskType

    task_id = _check_id(task_id, "task")
    with openml_config(cache_dir, server):
        folder = _cache_dir() / "tasks" / str(task_id)
        dataset_id = _task_dataset_id(folder / "task.xml")
        if dataset_id is not None and not _dataset_cached(dataset_id) and not _server_reachable():
            raise _unavailable("dataset", dataset_id, f" (task {task_id} needs it)")
        oml_task = _call(
            "task",
            task_id,
            (folder / "task.xml").exists() and (folder / "datasplits.arff").exists(),
            openml.tasks.get_task,
            task_id,
            download_splits=True,
            download_data=False,
            download_qualities=False,
            download_features_meta_data=False,
        )
        kinds = {
            TaskType.SUPERVISED_CLASSIFICATION: "classification",
            TaskType.SUPERVISED_REGRESSION: "regression",
        }
        if oml_task.task_type_id not in kinds:
            raise ValueError(
                f"OpenML task {task_id} is a {oml_task.task_type!r} task; only supervised "
                "classification and regression tasks are supported."
            )
        dataset = _get_dataset(int(oml_task.dataset_id))
        _, n_folds, _ = oml_task.get_split_dimensions()
        splits = [
            tuple(np.asarray(a) for a in oml_task.get_train_test_split_indices(fold=f, repeat=0))
            for f in range(n_folds)
        ]
        task = _dataset_to_task(
            dataset,
            oml_task.target_name,
            kind=kinds[oml_task.task_type_id],
            metadata={
                "openml_task_id": task_id,
                "estimation_procedure": dict(oml_task.estimation_procedure or {}),
            },
        )
        task.splits = check_splits(splits, task.n_samples, where=f"OpenML task {task_id}: ")
        return task


def _load_suite_task(row: pd.Series, *, cache_dir, server) -> Task:
    return fetch_openml_task(int(row["task_id"]), cache_dir=cache_dir, server=server)


def fetch_openml_suite(
    suite_id: int | str, *, cache_dir: PathLike_ | None = None, server: str | None = None
) -> TaskCollection:
    """An OpenML benchmark suite as a lazy :class:`~skmeta.tasks.TaskCollection`.

    Only the suite's task list is fetched now; each task (data and splits) is fetched
    when the collection is indexed.

    Parameters
    ----------
    suite_id : int or str
        Suite id or alias (e.g. ``"OpenML-CC18"``, 99).
    cache_dir : str or Path, default=None
        ``openml`` cache root to use (None keeps the client's setting).
    server : str, default=None
        OpenML server URL (None keeps the client's setting).

    Returns
    -------
    TaskCollection
        Index columns ``name`` (``"task-<id>"``) and ``task_id``.

    Examples
    --------
    >>> from skmeta.openml import fetch_openml_suite
    >>> suite = fetch_openml_suite("OpenML-CC18")  # doctest: +SKIP
    >>> len(suite)  # doctest: +SKIP
    72
    """
    import openml

    with openml_config(cache_dir, server):
        suite = _call("suite", suite_id, False, openml.study.get_suite, suite_id)
    task_ids = [int(t) for t in (suite.tasks or [])]
    if not task_ids:
        raise ValueError(f"OpenML suite {suite_id} lists no tasks.")
    index = pd.DataFrame({"name": [f"task-{t}" for t in task_ids], "task_id": task_ids})
    return TaskCollection(index, partial(_load_suite_task, cache_dir=cache_dir, server=server))
