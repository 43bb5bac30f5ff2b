"""The knowledge base: tasks' meta-features and how configurations scored on them."""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import sklearn

from .. import __version__
from ..spaces import SearchSpace
from ..tasks._collection import check_filter_matches, filter_values
from ..utils._checks import as_path, is_int, is_real, repeated
from ..utils._npz import file_pair, json_default, npz_payload, read_npz, write_pair
from ..utils._tabular import numbers_in
from ..utils._typing import PathLike_
from ._algorithms import AlgorithmTable
from ._store import BuildStore, StoreError

__all__ = ["COPY_DISTANCE", "KnowledgeBase", "KnowledgeFileError", "unite_copies"]

#: Tasks of one kind whose meta-features lie closer than this, in the strategies' scaled
#: space (:class:`~skmeta.strategies.MetaFeatureScaler` over
#: :data:`~skmeta.strategies.DEFAULT_METAFEATURES`), hold copies of one dataset. In the
#: PMLB corpus the copies (cleve / heart_c, vote / house_votes_84, pima / diabetes, wdbc /
#: breast_cancer_wisconsin, ...) are 0.00-0.01 apart; different datasets, even siblings
#: of one generator (the Hill_Valley or GAMETES sets), 0.09 and more.
COPY_DISTANCE = 0.05

#: What a copy of a dataset shares whatever its columns are declared as: its size and its
#: target's distribution. (A copy whose columns a corpus declares otherwise, numeric or
#: categorical, has other feature meta-features: PMLB's chess and kr_vs_kp are 0.36
#: apart, its wine_recognition and scikit-learn's wine 1.4.)
COPY_SIGNATURE = {
    "classification": (
        "NumberOfInstances",
        "NumberOfFeatures",
        "NumberOfClasses",
        "MajorityClassPercentage",
        "MinorityClassPercentage",
        "ClassEntropy",
    ),
    "regression": ("NumberOfInstances", "NumberOfFeatures", "TargetSkewness", "TargetKurtosis"),
}


def _copy_signature(metafeatures, kind: str) -> tuple[float, ...] | None:
    """A task's :data:`COPY_SIGNATURE` values to 9 digits (a mapping or Series of its
    meta-features); None when one of them is absent or undefined."""
    values = [metafeatures.get(name, np.nan) for name in COPY_SIGNATURE.get(kind, ())]
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0 or np.isnan(values).any():
        return None
    return tuple(float(f"{v:.9g}") for v in values)


def unite_copies(
    tasks: pd.DataFrame, metafeatures: pd.DataFrame, max_distance: float = COPY_DISTANCE
) -> tuple[pd.Series, list[list[str]]]:
    """Each task's group, with the groups of copies of one dataset united.

    Groups keep near-duplicate tasks together (held out together, and not counted as
    each other's "other" tasks). A corpus' own groups can miss copies filed under two
    names; these are found by their meta-features: tasks of one kind less than
    ``max_distance`` apart (see :data:`COPY_DISTANCE`), or with the same
    :data:`COPY_SIGNATURE` (size and target distribution, to 9 digits), get one group,
    named by joining the united groups' names with ``+``.

    Parameters
    ----------
    tasks : DataFrame
        Indexed by task name, with columns ``kind`` and ``group`` (a missing group is
        the task's own name).
    metafeatures : DataFrame
        The tasks' meta-features (same index).
    max_distance : float, default=COPY_DISTANCE
        Tasks closer than this are copies.

    Returns
    -------
    groups : Series
        Task name -> group.
    united : list of list of str
        The original groups united, each sorted.

    Examples
    --------
    >>> import pandas as pd
    >>> from skmeta.knowledge import unite_copies
    >>> tasks = pd.DataFrame({"kind": ["regression"] * 3, "group": ["a", "b", "c"]},
    ...                      index=["a", "b", "c"])
    >>> mf = pd.DataFrame({"NumberOfInstances": [100.0, 100.0, 5000.0],
    ...                    "NumberOfFeatures": [5.0, 5.0, 8.0]}, index=tasks.index)
    >>> groups, united = unite_copies(tasks, mf)
    >>> groups.tolist(), united
    (['a+b', 'a+b', 'c'], [['a', 'b']])
    """
    from sklearn.neighbors import NearestNeighbors

    from ..strategies import DEFAULT_METAFEATURES, MetaFeatureScaler

    for what, frame in (("tasks", tasks), ("metafeatures", metafeatures)):
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"{what} must be a DataFrame; got {type(frame).__name__}.")
    missing = [c for c in ("kind", "group") if c not in tasks.columns]
    if missing:
        raise ValueError(f"tasks needs the column(s) {missing}; it has {list(tasks.columns)}.")
    if list(tasks.index) != list(metafeatures.index):
        raise ValueError("tasks and metafeatures must have the same index (task names).")
    if not is_real(max_distance) or not max_distance >= 0:
        raise ValueError(f"max_distance must be a number >= 0; got {max_distance!r}.")
    names = [str(n) for n in tasks.index]
    original = [
        str(g) if isinstance(g, str) and g else n
        for n, g in zip(names, tasks["group"], strict=True)
    ]
    parent = {g: g for g in original}

    def root(g):
        while parent[g] != g:
            parent[g] = parent[parent[g]]
            g = parent[g]
        return g

    kinds = tasks["kind"].astype(str).to_numpy()
    for kind in sorted(set(kinds)):
        rows = np.flatnonzero(kinds == kind)
        if rows.size < 2:
            continue
        frame = metafeatures.iloc[rows]
        if not any(n in frame.columns for n in DEFAULT_METAFEATURES):
            continue
        scaler = MetaFeatureScaler(DEFAULT_METAFEATURES).fit(frame)
        # every meta-feature tells copies apart, also one on which few tasks differ
        # (which the strategies leave out): with 3 tasks, 2 of one size, only the size
        scaler.informative_[:] = True
        Z = scaler.transform(frame)
        pairs = [
            (i, int(j))
            for i, near in enumerate(
                NearestNeighbors(radius=max_distance).fit(Z).radius_neighbors(Z)[1]
            )
            for j in near
        ]
        seen: dict[tuple, int] = {}
        for i, (_, row) in enumerate(frame.iterrows()):
            signature = _copy_signature(row, kind)
            if signature is not None:
                pairs.append((seen.setdefault(signature, i), i))
        for i, j in pairs:
            a, b = root(original[rows[i]]), root(original[rows[j]])
            if a != b:
                parent[max(a, b)] = min(a, b)
    members: dict[str, set[str]] = {}
    for g in original:
        members.setdefault(root(g), set()).add(g)
    name_of = {r: "+".join(sorted(m)) for r, m in members.items()}
    groups = pd.Series([name_of[root(g)] for g in original], index=tasks.index, name="group")
    united = sorted(sorted(m) for m in members.values() if len(m) > 1)
    return groups, united


SCHEMA = "skmeta.knowledge"
SCHEMA_VERSION = 1
_TASK_COLUMNS = ("kind", "source", "group", "openml_id", "n_samples", "n_features")
_DIRECTIONS = ("max", "min")


class KnowledgeFileError(ValueError):
    """A knowledge file is corrupt, tampered with, or from an unsupported schema."""


class _Table:
    """Scores of the configurations of one space (or user family) on every task."""

    def __init__(self, key, space, configs, scores, fit_time, errors):
        self.key = key
        self.space = space  # SearchSpace or None for a user's own family
        self.configs = configs  # list of dicts
        self.scores = scores  # metric -> (n_tasks, n_configs)
        self.fit_time = fit_time  # (n_tasks, n_configs) mean seconds per fit, or None
        self.errors = errors  # list of (task_index, config_index, message)

    def take(self, rows: np.ndarray) -> _Table:
        position = {int(r): i for i, r in enumerate(rows)}
        return _Table(
            self.key,
            self.space,
            self.configs,
            {m: s[rows] for m, s in self.scores.items()},
            None if self.fit_time is None else self.fit_time[rows],
            [(position[t], c, msg) for t, c, msg in self.errors if t in position],
        )


class KnowledgeBase:
    """Meta-features of many tasks and the scores of many configurations on each.

    One row per task (OpenML-named meta-features, kind, group, ids), and per table (a
    search space such as ``'random_forest/classification'``, or a family of a user's
    own run history) its configurations and a task x configuration matrix per metric
    (the mean over CV folds; NaN where a configuration failed or was not run). Built
    with :func:`~skmeta.knowledge.build_knowledge` or :meth:`from_results`; saved and
    loaded as versioned JSON + ``.npz`` files.

    Parameters
    ----------
    tasks : DataFrame
        Indexed by task name; columns ``kind``, ``source``, ``group``, ``openml_id``,
        ``n_samples``, ``n_features`` (missing ones are filled).
    metafeatures : DataFrame
        Indexed by task name (same order as ``tasks``), one column per meta-feature.
    tables : dict
        ``key -> dict(configs=list of dict, scores=dict metric -> array, space=SearchSpace
        or None, fit_time=array or None, errors=list of (task_index, config_index, str))``.
    metrics : dict
        Metric name -> 'max' or 'min' (the direction in which it improves).
    provenance : dict, default=None
        How the knowledge was made (corpus, protocol, versions, date).
    algorithms : AlgorithmTable, default=None
        Learner-level results (e.g. from the Learning Curve Database).

    Examples
    --------
    >>> import pandas as pd
    >>> from skmeta.knowledge import KnowledgeBase
    >>> results = pd.DataFrame({
    ...     "task": ["a", "a", "b", "b"],
    ...     "family": ["svm"] * 4,
    ...     "config": [{"C": 1.0}, {"C": 10.0}, {"C": 1.0}, {"C": 10.0}],
    ...     "my_score": [0.7, 0.8, 0.9, 0.6],
    ... })
    >>> metafeatures = pd.DataFrame({"NumberOfInstances": [100, 2000]}, index=["a", "b"])
    >>> kb = KnowledgeBase.from_results(results, metafeatures, metrics={"my_score": "max"})
    >>> kb.scores("svm", "my_score")
    array([[0.7, 0.8],
           [0.9, 0.6]])
    """

    def __init__(
        self,
        tasks: pd.DataFrame,
        metafeatures: pd.DataFrame,
        tables: dict,
        metrics: dict[str, str],
        provenance: dict | None = None,
        algorithms: AlgorithmTable | None = None,
    ) -> None:
        tasks = pd.DataFrame(tasks).copy()
        tasks.index = tasks.index.astype(str)
        dup = repeated(tasks.index)
        if dup:
            raise ValueError(f"Task names must be unique; repeated: {dup[:5]}.")
        for column in _TASK_COLUMNS:
            if column not in tasks.columns:
                tasks[column] = None
        self.tasks = tasks[list(_TASK_COLUMNS)]
        metafeatures = pd.DataFrame(metafeatures).astype(np.float64)
        metafeatures.index = metafeatures.index.astype(str)
        metafeatures.columns = metafeatures.columns.astype(str)
        dup = repeated(metafeatures.columns)
        if dup:
            raise ValueError(f"Meta-feature names must be unique; repeated: {dup[:5]}.")
        if list(metafeatures.index) != list(self.tasks.index):
            raise ValueError("metafeatures must have one row per task, in the order of tasks.")
        if np.isinf(metafeatures.to_numpy()).any():
            raise ValueError("metafeatures contain infinite values.")
        self.metafeatures = metafeatures
        for name, direction in metrics.items():
            if direction not in _DIRECTIONS:
                raise ValueError(
                    f"Metric {name!r} needs direction 'max' or 'min'; got {direction!r}."
                )
        self.metrics = dict(metrics)
        self.provenance = dict(provenance or {})
        self.algorithms = algorithms
        self._tables: dict[str, _Table] = {}
        n = len(self.tasks)
        if not isinstance(tables, Mapping):
            raise TypeError(f"tables must be a dict of tables; got {type(tables).__name__}.")
        for key, t in tables.items():
            configs, space = _checked_configs(key, t)
            scores = {}
            for metric, values in t["scores"].items():
                if metric not in self.metrics:
                    raise ValueError(
                        f"Table {key!r} has scores of the undeclared metric {metric!r}."
                    )
                values = np.asarray(values, dtype=np.float64)
                if values.shape != (n, len(configs)):
                    raise ValueError(
                        f"Scores {key!r}/{metric!r} have shape {values.shape}; expected "
                        f"({n}, {len(configs)}) (tasks x configurations)."
                    )
                if np.isinf(values).any():
                    raise ValueError(f"Scores {key!r}/{metric!r} contain infinite values.")
                scores[metric] = values
            fit_time = t.get("fit_time")
            if fit_time is not None:
                fit_time = np.asarray(fit_time, dtype=np.float64)
                if fit_time.shape != (n, len(configs)):
                    raise ValueError(f"fit_time of {key!r} has shape {fit_time.shape}.")
            errors = _checked_errors(key, t.get("errors", []))
            for a, b, _ in errors:
                if not (0 <= a < n and 0 <= b < len(configs)):
                    raise ValueError(f"An error entry of {key!r} points outside the table.")
            self._tables[key] = _Table(key, space, configs, scores, fit_time, errors)

    # ------------------------------------------------------------------ access
    @property
    def task_names(self) -> list[str]:
        return list(self.tasks.index)

    @property
    def n_tasks(self) -> int:
        return len(self.tasks)

    @property
    def table_keys(self) -> list[str]:
        """Names of the score tables (``'family/kind'`` for built-in spaces)."""
        return list(self._tables)

    def _table(self, key: str) -> _Table:
        if key not in self._tables:
            raise KeyError(f"No table {key!r}; this knowledge base has {self.table_keys}.")
        return self._tables[key]

    def configs(self, key: str) -> list[dict]:
        """The configurations of a table, in column order (copies)."""
        return [dict(c) for c in self._table(key).configs]

    def space(self, key: str) -> SearchSpace | None:
        """The search space of a table (None for a user's own family)."""
        return self._table(key).space

    def measured_metrics(self, key: str) -> list[str]:
        """The metrics a table holds scores of (at least one finite value)."""
        return [m for m, a in self._table(key).scores.items() if np.isfinite(a).any()]

    def scores(self, key: str, metric: str) -> np.ndarray:
        """Task x configuration matrix of ``metric`` (NaN: failed or not run)."""
        table = self._table(key)
        if metric not in table.scores:
            raise KeyError(f"Table {key!r} has no metric {metric!r}; it has {list(table.scores)}.")
        return table.scores[metric].copy()

    def score_frame(self, key: str, metric: str) -> pd.DataFrame:
        """:meth:`scores` as a DataFrame indexed by task name."""
        return pd.DataFrame(self.scores(key, metric), index=self.tasks.index)

    def fit_time(self, key: str) -> np.ndarray | None:
        """Mean seconds per fit, tasks x configurations, of table ``key`` (None if not recorded)."""
        table = self._table(key)
        return None if table.fit_time is None else table.fit_time.copy()

    def errors(self, key: str) -> list[tuple[str, int, str]]:
        """Failed evaluations of a table: (task name, configuration index, message)."""
        names = self.task_names
        return [(names[t], c, m) for t, c, m in self._table(key).errors]

    def __repr__(self) -> str:
        return (
            f"KnowledgeBase(n_tasks={self.n_tasks}, n_metafeatures={self.metafeatures.shape[1]}, "
            f"tables={len(self._tables)}, metrics={list(self.metrics)})"
        )

    # --------------------------------------------------------------- subsets
    def select(self, tasks: Sequence[str] | None = None, **where: Any) -> KnowledgeBase:
        """A knowledge base restricted to some tasks.

        Parameters
        ----------
        tasks : str, list of str or boolean mask, default=None
            Task names (in the order given) or a mask over :attr:`task_names`.
        **where
            Column filters on :attr:`tasks`, e.g. ``kind='regression'``; a list-like
            value keeps rows whose value is in it (``group=[...]``). A kind other than
            'classification' or 'regression' is a ValueError; a filter none of whose
            values occurs in its column warns (a misspelt group selects nothing).
        """
        if tasks is None:
            rows = np.arange(self.n_tasks)
        else:
            tasks = [tasks] if isinstance(tasks, str) else list(tasks)
            if tasks and all(isinstance(t, (bool, np.bool_)) for t in tasks):
                if len(tasks) != self.n_tasks:
                    raise ValueError(f"The mask has {len(tasks)} entries for {self.n_tasks} tasks.")
                rows = np.flatnonzero(tasks)
            else:
                position = {n: i for i, n in enumerate(self.task_names)}
                missing = [t for t in tasks if t not in position]
                if missing:
                    raise KeyError(f"Unknown task(s): {missing[:5]}.")
                rows = np.array([position[t] for t in tasks], dtype=np.intp)
        for column, value in where.items():
            if column not in self.tasks.columns:
                raise ValueError(
                    f"Cannot filter on {column!r}; columns are {list(self.tasks.columns)}."
                )
            values = filter_values(value)
            check_filter_matches(column, values, self.tasks[column])
            col = self.tasks[column].to_numpy()[rows]
            rows = rows[np.isin(col, values)]
        return KnowledgeBase(
            self.tasks.iloc[rows],
            self.metafeatures.iloc[rows],
            {k: _table_dict(t.take(rows)) for k, t in self._tables.items()},
            self.metrics,
            self.provenance,
            self.algorithms,
        )

    def merge(self, other: KnowledgeBase) -> KnowledgeBase:
        """Tasks of both knowledge bases in one (task names must not overlap).

        Tables with the same key must hold the same configurations; tables and
        meta-features only one side has are NaN for the other side's tasks.
        """
        if not isinstance(other, KnowledgeBase):
            raise TypeError(f"other must be a KnowledgeBase; got {type(other).__name__}.")
        overlap = sorted(set(self.task_names) & set(other.task_names))
        if overlap:
            raise ValueError(f"Both knowledge bases hold the task(s) {overlap[:5]}; select first.")
        for metric in set(self.metrics) & set(other.metrics):
            if self.metrics[metric] != other.metrics[metric]:
                raise ValueError(f"Metric {metric!r} improves in different directions.")
        n1, n2 = self.n_tasks, other.n_tasks
        tables = {}
        for key in dict.fromkeys([*self.table_keys, *other.table_keys]):
            a, b = self._tables.get(key), other._tables.get(key)
            if a is not None and b is not None and a.configs != b.configs:
                raise ValueError(f"Table {key!r} has different configurations on each side.")
            ref = a if a is not None else b
            m = len(ref.configs)
            metrics = dict.fromkeys([*(a.scores if a else {}), *(b.scores if b else {})])
            scores = {
                metric: np.vstack(
                    [
                        a.scores[metric] if a and metric in a.scores else np.full((n1, m), np.nan),
                        b.scores[metric] if b and metric in b.scores else np.full((n2, m), np.nan),
                    ]
                )
                for metric in metrics
            }
            times = [None if t is None or t.fit_time is None else t.fit_time for t in (a, b)]
            fit_time = (
                None
                if all(t is None for t in times)
                else np.vstack(
                    [
                        times[0] if times[0] is not None else np.full((n1, m), np.nan),
                        times[1] if times[1] is not None else np.full((n2, m), np.nan),
                    ]
                )
            )
            errors = list(a.errors if a else []) + [
                (t + n1, c, msg) for t, c, msg in (b.errors if b else [])
            ]
            tables[key] = {
                "configs": ref.configs,
                "space": ref.space,
                "scores": scores,
                "fit_time": fit_time,
                "errors": errors,
            }
        return KnowledgeBase(
            pd.concat([self.tasks, other.tasks]),
            pd.concat([self.metafeatures, other.metafeatures]),
            tables,
            {**self.metrics, **other.metrics},
            {"merged": [self.provenance, other.provenance]},
            self.algorithms if self.algorithms is not None else other.algorithms,
        )

    # ------------------------------------------------------------ building
    @classmethod
    def from_results(
        cls,
        results: pd.DataFrame,
        metafeatures: pd.DataFrame,
        *,
        metrics: dict,
        provenance: dict | None = None,
    ) -> KnowledgeBase:
        """A knowledge base from a run history (one row per evaluation).

        Parameters
        ----------
        results : DataFrame
            Columns ``task``, ``family`` and ``config`` (a dict, or its JSON text), and
            one column per metric. Repeated (task, family, config) rows, e.g. CV folds,
            are averaged. A missing score (NaN) marks a failed evaluation.
        metafeatures : DataFrame
            One row per task, indexed by task name (all tasks of ``results``).
        metrics : dict
            Metric column -> 'max' or 'min'.
        provenance : dict, default=None
        """
        if not isinstance(results, pd.DataFrame):
            raise TypeError("results must be a pandas DataFrame.")
        if not isinstance(metrics, Mapping) or not metrics:
            raise TypeError(
                "metrics must map each metric column of results to 'max' or 'min', e.g. "
                f"{{'accuracy': 'max'}}; got {metrics!r}."
            )
        required = ["task", "family", "config", *metrics]
        missing = [c for c in required if c not in results.columns]
        if missing:
            raise ValueError(f"results lacks the column(s) {missing}.")
        if results.empty:
            raise ValueError("results is empty.")
        if not isinstance(metafeatures, pd.DataFrame):
            raise TypeError(
                "metafeatures must be a DataFrame indexed by task name (e.g. "
                f"compute_metafeatures_batch's); got {type(metafeatures).__name__}."
            )
        if provenance is not None and not isinstance(provenance, Mapping):
            raise TypeError(f"provenance must be a dict; got {type(provenance).__name__}.")
        frame = results[required].copy()
        for column in ("task", "family"):
            # groupby would drop the rows of a missing family without a word
            missing = np.flatnonzero(frame[column].isna().to_numpy())
            if missing.size:
                raise ValueError(
                    f"results' {column} is missing in {missing.size} row(s) (first at row "
                    f"{missing[0]}); every evaluation needs its {column}."
                )
        frame["task"] = frame["task"].astype(str)
        frame["config_key"] = [
            _config_key(_config_of(c, i), i) for i, c in enumerate(frame["config"])
        ]
        for metric in metrics:
            frame[metric] = numbers_in(frame[metric], f"results column {metric!r}")
        if metafeatures.shape[1] == 0:
            raise ValueError("metafeatures has no columns: tasks are compared by them.")
        metafeatures = metafeatures.copy()
        metafeatures.index = metafeatures.index.astype(str)
        twice = repeated(metafeatures.index)
        if twice:
            raise ValueError(f"metafeatures has more than one row for task(s) {twice[:5]}.")
        for name in metafeatures.columns:
            metafeatures[name] = numbers_in(metafeatures[name], f"metafeatures column {name!r}")
        unknown = sorted(set(frame["task"]) - set(metafeatures.index))
        if unknown:
            raise ValueError(f"No meta-features for task(s) {unknown[:5]}.")
        names = list(dict.fromkeys(frame["task"]))
        metafeatures = metafeatures.loc[names]
        tables = {}
        for family, part in frame.groupby("family", sort=False):
            keys = list(dict.fromkeys(part["config_key"]))
            configs = [json.loads(k) for k in keys]
            means = part.groupby(["task", "config_key"], sort=False)[list(metrics)].mean()
            scores = {}
            for metric in metrics:
                wide = means[metric].unstack("config_key")
                scores[metric] = wide.reindex(index=names, columns=keys).to_numpy(np.float64)
            tables[str(family)] = {"configs": configs, "scores": scores, "space": None}
        tasks = pd.DataFrame(index=pd.Index(names, name="name"))
        tasks["source"] = "user"
        return cls(tasks, metafeatures, tables, metrics, provenance or {"source": "user results"})

    @classmethod
    def from_store(cls, path: PathLike_, *, source: str = "") -> KnowledgeBase:
        """Assemble a knowledge base from a (finished or partial) build store.

        Tasks that failed or whose units are not all done are left out.
        """
        path = as_path(path)
        manifest_path = path / "manifest.json"
        if not manifest_path.exists():
            raise StoreError(f"{path} is not a build store (no manifest.json).")
        manifest = json.loads(manifest_path.read_text())
        store = BuildStore(
            path, {k: v for k, v in manifest.items() if k not in ("schema", "version")}
        )
        protocol = manifest["protocol"]
        families = sorted(
            {key.split("/")[0] for key in manifest["spaces"]},
            key=lambda f: list(manifest["spaces"]).index(f"{f}/classification"),
        )
        rows, infos, skipped = [], [], {}
        for name in manifest["tasks"]:
            if not store.has_task(name):
                continue
            info = store.read_task(name)
            if info.get("error"):
                skipped[name] = info["error"]
                continue
            if all(store.has_unit(name, f) for f in families):
                rows.append(name)
                infos.append(info)
        if not rows:
            raise StoreError(f"The store {path} holds no finished task yet.")
        metrics = {m: d for kind in protocol["metrics"].values() for m, d in kind.items()}
        tables = {}
        for key, space_dict in manifest["spaces"].items():
            family, kind = key.split("/")
            configs = manifest["configs"][key]
            kind_metrics = list(protocol["metrics"][kind])
            n, m = len(rows), len(configs)
            scores = {metric: np.full((n, m), np.nan) for metric in kind_metrics}
            fit_time = np.full((n, m), np.nan)
            errors = []
            for i, (name, info) in enumerate(zip(rows, infos, strict=True)):
                if info["kind"] != kind:
                    continue
                unit = store.read_unit(name, family, (m, protocol["cv"], len(kind_metrics)))
                with np.errstate(all="ignore"):
                    failed = np.isnan(unit["scores"]).all(axis=2).any(axis=1)
                    mean = unit["scores"].mean(axis=1)
                for j, metric in enumerate(kind_metrics):
                    column = mean[:, j]
                    column[failed] = np.nan
                    scores[metric][i] = column
                fit_time[i] = np.where(
                    failed, np.nan, unit["fit_time"].astype(np.float64).mean(axis=1)
                )
                errors += [(i, c, str(msg)) for c, msg in enumerate(unit["errors"]) if msg]
            tables[key] = {
                "configs": configs,
                "space": SearchSpace.from_dict(space_dict),
                "scores": scores,
                "fit_time": fit_time,
                "errors": errors,
            }
        tasks = pd.DataFrame(
            [{c: info.get(c) for c in _TASK_COLUMNS} for info in infos],
            index=pd.Index(rows, name="name"),
        )
        mf_names = list(dict.fromkeys(k for info in infos for k in info["metafeatures"]))
        metafeatures = pd.DataFrame(
            [
                [
                    np.nan if info["metafeatures"].get(k) is None else info["metafeatures"][k]
                    for k in mf_names
                ]
                for info in infos
            ],
            index=rows,
            columns=mf_names,
        )
        # copies of one dataset filed under two names are held out together
        tasks["group"], united = unite_copies(tasks, metafeatures)
        provenance = {
            "source": source,
            "protocol": protocol,
            "united_groups": united,
            "n_tasks_requested": len(manifest["tasks"]),
            "skipped_tasks": skipped,
            "openml_ids": {
                n: i["openml_id"] for n, i in zip(rows, infos, strict=True) if i.get("openml_id")
            },
            "sklearn_version": manifest.get("sklearn_version"),
            "skmeta_version": __version__,
            "date": datetime.date.today().isoformat(),
        }
        return cls(tasks, metafeatures, tables, metrics, provenance)

    # ------------------------------------------------------------- storage
    def save(self, path: PathLike_) -> Path:
        """Write ``knowledge.json`` and ``knowledge.npz`` into the directory ``path``.

        The JSON holds everything readable (tasks, configurations, spaces, provenance,
        array shapes and the npz file's SHA-256); the npz holds the number arrays.
        """
        path = as_path(path)
        arrays: dict[str, np.ndarray] = {"metafeatures": self.metafeatures.to_numpy(np.float64)}
        tables = {}
        for i, (key, t) in enumerate(self._tables.items()):
            entry = {
                "configs": t.configs,
                "space": None if t.space is None else t.space.to_dict(),
                "scores": {},
                "fit_time": None,
                "errors": [list(e) for e in t.errors],
            }
            for j, (metric, values) in enumerate(t.scores.items()):
                name = f"table{i}_metric{j}"
                arrays[name] = values
                entry["scores"][metric] = name
            if t.fit_time is not None:
                arrays[f"table{i}_fit_time"] = t.fit_time
                entry["fit_time"] = f"table{i}_fit_time"
            tables[key] = entry
        payload, digest = npz_payload(arrays)
        doc = {
            "schema": SCHEMA,
            "version": SCHEMA_VERSION,
            "skmeta_version": __version__,
            "sklearn_version": sklearn.__version__,
            "provenance": self.provenance,
            "metrics": self.metrics,
            "tasks": {
                "names": self.task_names,
                **{c: [_plain(v) for v in self.tasks[c]] for c in _TASK_COLUMNS},
            },
            "metafeature_names": list(self.metafeatures.columns),
            "tables": tables,
            "arrays": {k: list(v.shape) for k, v in arrays.items()},
            "npz_sha256": digest,
            "algorithms": None if self.algorithms is None else self.algorithms.to_dict(),
        }
        return write_pair(path, "knowledge", "a knowledge base", doc, payload)

    @classmethod
    def load(cls, path: PathLike_) -> KnowledgeBase:
        """Read a knowledge base written by :meth:`save`, validating everything.

        Raises
        ------
        KnowledgeFileError
            Missing or unreadable files, a newer or unknown schema, arrays whose names,
            shapes or checksum do not match the JSON, infinite values.
        SpaceMismatchError
            A stored parameter name that the installed scikit-learn does not have.
        """
        json_path, npz_path = file_pair(path, "knowledge", "a knowledge base", KnowledgeFileError)
        try:
            doc = json.loads(json_path.read_text())
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise KnowledgeFileError(f"{json_path} is not valid JSON: {exc}") from None
        if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
            raise KnowledgeFileError(f"{json_path} is not a skmeta knowledge file.")
        version = doc.get("version")
        if not isinstance(version, int) or version < 1:
            raise KnowledgeFileError(f"{json_path} has an invalid schema version {version!r}.")
        if version > SCHEMA_VERSION:
            raise KnowledgeFileError(
                f"{json_path} uses knowledge schema version {version}, written by skmeta "
                f"{doc.get('skmeta_version')}; this skmeta ({__version__}) reads up to version "
                f"{SCHEMA_VERSION}. Upgrade skmeta to read it."
            )
        for key in ("metrics", "tasks", "metafeature_names", "tables", "arrays", "npz_sha256"):
            if key not in doc:
                raise KnowledgeFileError(f"{json_path} lacks the entry {key!r}.")
        arrays = read_npz(npz_path, json_path, doc, KnowledgeFileError, allow_nan=True)
        try:
            names = doc["tasks"]["names"]
            mf_names = doc["metafeature_names"]
            if not isinstance(mf_names, list) or not all(isinstance(n, str) for n in mf_names):
                raise TypeError("its meta-feature names must be a list of strings")
            tasks = pd.DataFrame(
                {c: doc["tasks"][c] for c in _TASK_COLUMNS}, index=pd.Index(names, name="name")
            )
            metafeatures = pd.DataFrame(
                arrays["metafeatures"], index=names, columns=doc["metafeature_names"]
            )
            tables = {}
            if not isinstance(doc["tables"], dict):
                raise TypeError("its 'tables' entry is not a mapping of tables")
            for key, entry in doc["tables"].items():
                if not isinstance(entry, dict) or not isinstance(entry.get("scores"), dict):
                    raise TypeError(f"table {key!r} is not a mapping with a mapping of 'scores'")
                space = (
                    None if entry.get("space") is None else SearchSpace.from_dict(entry["space"])
                )
                tables[key] = {
                    "configs": entry["configs"],
                    "space": space,
                    "scores": {m: arrays[a] for m, a in entry["scores"].items()},
                    "fit_time": None
                    if entry.get("fit_time") is None
                    else arrays[entry["fit_time"]],
                    "errors": entry.get("errors", []),
                }
            algorithms = (
                None
                if doc.get("algorithms") is None
                else AlgorithmTable.from_dict(doc["algorithms"])
            )
            return cls(
                tasks, metafeatures, tables, doc["metrics"], doc.get("provenance"), algorithms
            )
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, KnowledgeFileError) or type(exc).__name__ == "SpaceMismatchError":
                raise
            raise KnowledgeFileError(f"{json_path} is inconsistent: {exc}") from None

    @classmethod
    def load_default(cls) -> KnowledgeBase:
        """The knowledge base shipped with skmeta (built from the PMLB corpus).

        Examples
        --------
        >>> from skmeta.knowledge import KnowledgeBase
        >>> kb = KnowledgeBase.load_default()
        >>> kb.configs("random_forest/classification")[0]["max_features"]
        'sqrt'
        """
        root = resources.files("skmeta") / "data" / "default_knowledge"
        with resources.as_file(root) as path:
            if not (Path(path) / "knowledge.json").is_file():
                raise FileNotFoundError(
                    "The default knowledge base is not installed with this copy of skmeta "
                    f"(looked in {path})."
                )
            return cls.load(path)


def _checked_configs(key: str, table: Any) -> tuple[list[dict], SearchSpace | None]:
    """A table's configurations and space, checked before anything reads them."""
    if not isinstance(table, Mapping):
        raise TypeError(f"Table {key!r} must be a dict; got {type(table).__name__}.")
    for entry in ("configs", "scores"):
        if entry not in table:
            raise ValueError(f"Table {key!r} lacks the entry {entry!r}.")
    if not isinstance(table["scores"], Mapping):
        raise TypeError(
            f"The scores of table {key!r} must be a dict of metric -> array; got "
            f"{type(table['scores']).__name__}."
        )
    configs = table["configs"]
    if isinstance(configs, str | bytes | Mapping) or not isinstance(configs, Sequence):
        raise TypeError(
            f"The configurations of table {key!r} must be a list of dicts; got "
            f"{type(configs).__name__}."
        )
    for i, config in enumerate(configs):
        if not isinstance(config, Mapping) or not all(isinstance(k, str) for k in config):
            raise TypeError(
                f"Configuration {i} of table {key!r} must be a dict of parameter names to "
                f"values; got {config!r}."
            )
    space = table.get("space")
    if space is not None:
        if not isinstance(space, SearchSpace):
            raise TypeError(
                f"The space of table {key!r} must be a SearchSpace or None; got "
                f"{type(space).__name__}."
            )
        try:
            space.encode(configs)
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"Table {key!r}: {exc}") from None
    return [dict(c) for c in configs], space


def _checked_errors(key: str, errors: Any) -> list[tuple[int, int, str]]:
    """A table's failed fits as (task index, configuration index, message) triples."""
    message = (
        f"The errors of table {key!r} must be a list of (task index, configuration index, "
        "message) triples"
    )
    if isinstance(errors, str | bytes | Mapping) or not isinstance(errors, Sequence):
        raise TypeError(f"{message}; got {type(errors).__name__}.")
    out = []
    for entry in errors:
        if (
            isinstance(entry, str | bytes | Mapping)
            or not isinstance(entry, Sequence)
            or len(entry) != 3
            or not all(is_int(v) for v in entry[:2])
        ):
            raise ValueError(f"{message}; got {entry!r}.")
        out.append((int(entry[0]), int(entry[1]), str(entry[2])))
    return out


def _table_dict(t: _Table) -> dict:
    return {
        "configs": t.configs,
        "space": t.space,
        "scores": t.scores,
        "fit_time": t.fit_time,
        "errors": t.errors,
    }


def _plain(v):
    if v is None:
        return None
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return None if np.isnan(v) else float(v)
    return v


def _config_key(config: dict, row: int) -> str:
    """A configuration's JSON text (NumPy numbers as Python's), or a ValueError naming
    the row whose configuration JSON cannot store."""
    try:
        return json.dumps(config, sort_keys=True, default=json_default)
    except TypeError as exc:
        raise ValueError(
            f"results' config in row {row} holds {exc}; give numbers, text, booleans, None "
            "or lists of them."
        ) from None


def _config_of(value, row: int) -> dict:
    """A results row's configuration: a dict, or the JSON text of one."""
    config = value
    if isinstance(value, str):
        try:
            config = json.loads(value)
        except json.JSONDecodeError:
            config = None
    if not isinstance(config, dict):
        raise ValueError(
            f"results' config in row {row} must be a dict of parameters (or its JSON "
            f"text), e.g. {{'C': 1.0}}; got {value!r}."
        )
    return config
