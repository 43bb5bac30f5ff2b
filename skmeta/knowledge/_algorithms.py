"""Learner-level knowledge: which algorithm wins where, keyed by OpenML meta-features."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..utils._checks import as_path
from ..utils._tabular import numbers_in
from ..utils._typing import PathLike_

__all__ = ["AlgorithmTable"]

# LCDB learner -> skmeta family (None: a learner skmeta has no search space for)
_FAMILY_OF = {
    "SVC_rbf": "svm",
    "sklearn.ensemble.ExtraTreesClassifier": "extra_trees",
    "sklearn.ensemble.RandomForestClassifier": "random_forest",
    "sklearn.ensemble.GradientBoostingClassifier": "gradient_boosting",
    "sklearn.linear_model.LogisticRegression": "linear",
    "sklearn.neighbors.KNeighborsClassifier": "k_neighbors",
    "sklearn.neural_network.MLPClassifier": "mlp",
}


class AlgorithmTable:
    """Test accuracy of many learners on many OpenML datasets, with the datasets' qualities.

    Parameters
    ----------
    qualities : DataFrame
        One row per dataset (indexed by OpenML dataset id), OpenML quality names as
        columns; NaN where OpenML has no value.
    scores : DataFrame
        Same index; one column per learner (its test accuracy; NaN: not run).
    provenance : dict, default=None
        Where the tables come from (source, version, notes), kept in saved files.

    Examples
    --------
    >>> import pandas as pd
    >>> from skmeta.knowledge import AlgorithmTable
    >>> q = pd.DataFrame({"NumberOfInstances": [100.0, 5000.0]}, index=[3, 6])
    >>> s = pd.DataFrame({"svm": [0.9, 0.7], "random_forest": [0.8, 0.95]}, index=[3, 6])
    >>> AlgorithmTable(q, s).winners().tolist()
    ['svm', 'random_forest']
    """

    def __init__(
        self, qualities: pd.DataFrame, scores: pd.DataFrame, provenance: dict | None = None
    ) -> None:
        qualities = _number_frame(qualities, "qualities")
        scores = _number_frame(scores, "scores")
        if list(qualities.index) != list(scores.index):
            raise ValueError("qualities and scores must have the same index (datasets).")
        if qualities.index.has_duplicates:
            raise ValueError("Each dataset may appear only once.")
        if len(scores) == 0 or scores.shape[1] == 0:
            raise ValueError(
                f"An algorithm table needs at least one dataset and one learner; got "
                f"{len(scores)} dataset(s) and {scores.shape[1]} learner(s)."
            )
        for name, frame in (("qualities", qualities), ("scores", scores)):
            if np.isinf(frame.to_numpy()).any():
                raise ValueError(f"{name} contain infinite values.")
        self.qualities = qualities
        self.scores = scores
        self.provenance = dict(provenance or {})

    @property
    def learners(self) -> list[str]:
        return list(self.scores.columns)

    @staticmethod
    def family_of(learner: str) -> str | None:
        """The skmeta family of an LCDB learner name (None if skmeta has no such space)."""
        return _FAMILY_OF.get(learner)

    def winners(self) -> pd.Series:
        """The best learner on each dataset (ties: the first column; None where no
        learner has a score)."""
        scored = self.scores.notna().any(axis=1)
        best = self.scores.fillna(-np.inf).idxmax(axis=1).astype(object)
        return best.where(scored, None)

    def __repr__(self) -> str:
        return f"AlgorithmTable(n_datasets={len(self.scores)}, n_learners={len(self.learners)})"

    @classmethod
    def from_lcdb(cls, path: PathLike_) -> AlgorithmTable:
        """Derive the table from the Learning Curve Database files in ``path``.

        Reads ``openml_qualities.csv`` (OpenML's qualities of each dataset) and
        ``accuracy_at_max_anchor.csv`` (each learner's test accuracy at the largest
        training size); keeps datasets present in both.
        """
        path = as_path(path)
        q_path, a_path = path / "openml_qualities.csv", path / "accuracy_at_max_anchor.csv"
        for p in (q_path, a_path):
            if not p.is_file():
                raise FileNotFoundError(f"{p} is missing; expected the LCDB files in {path}.")
        qualities = pd.read_csv(q_path)
        results = pd.read_csv(a_path)
        for frame, p, cols in (
            (qualities, q_path, ["openmlid"]),
            (results, a_path, ["openmlid", "learner", "score_test"]),
        ):
            missing = [c for c in cols if c not in frame.columns]
            if missing:
                raise ValueError(f"{p} lacks the column(s) {missing}.")
        qualities = qualities.set_index("openmlid").drop(columns=["Name"], errors="ignore")
        qualities = qualities.select_dtypes("number")
        scores = results.pivot_table(
            index="openmlid", columns="learner", values="score_test", aggfunc="mean"
        )
        ids = sorted(set(qualities.index) & set(scores.index))
        provenance = {
            "source": "Learning Curve Database (LCDB): OpenML qualities and test accuracy at "
            "the largest anchor",
            "files": [q_path.name, a_path.name],
            "n_datasets": len(ids),
        }
        return cls(qualities.loc[ids], scores.loc[ids], provenance)

    def to_dict(self) -> dict:
        """The table as a JSON-ready dict (:meth:`from_dict` rebuilds it)."""

        def column_lists(frame):
            return {
                str(c): [None if np.isnan(v) else float(v) for v in frame[c].to_numpy()]
                for c in frame.columns
            }

        return {
            "datasets": [int(i) for i in self.scores.index],
            "qualities": column_lists(self.qualities),
            "scores": column_lists(self.scores),
            "provenance": self.provenance,
        }

    @classmethod
    def from_dict(cls, d: dict) -> AlgorithmTable:
        """Rebuild a table from :meth:`to_dict`; a malformed dict raises ValueError."""
        if not isinstance(d, Mapping):
            raise ValueError(
                f"Invalid algorithm table: expected a dict (from to_dict()); got "
                f"{type(d).__name__}."
            )
        try:
            index = pd.Index(d["datasets"], name="openmlid")
            qualities = pd.DataFrame(d["qualities"], index=index, dtype=np.float64)
            scores = pd.DataFrame(d["scores"], index=index, dtype=np.float64)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"Invalid algorithm table: {exc}") from None
        return cls(qualities, scores, d.get("provenance"))


def _number_frame(frame, what: str) -> pd.DataFrame:
    """``frame`` as a float DataFrame; a ValueError naming a repeated column or a cell
    that is not a number."""
    frame = pd.DataFrame(frame)
    if frame.columns.has_duplicates:
        twice = frame.columns[frame.columns.duplicated()][0]
        raise ValueError(f"{what} has the column {twice!r} more than once.")
    return pd.DataFrame(
        {c: numbers_in(frame[c], f"{what} column {c!r}") for c in frame.columns},
        index=frame.index,
        columns=frame.columns,
    )
