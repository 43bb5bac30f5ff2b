"""Shared intermediates of all meta-feature groups, computed once per task."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from ..utils._tabular import TabularData, check_tabular, check_target

__all__ = ["PreparedTask", "prepare_task", "summarize", "summarize_rows"]

SUMMARY_PREFIXES = ("Min", "Quartile1", "Quartile2", "Mean", "Quartile3", "Max")
_QUARTILES = np.array([0.25, 0.5, 0.75])


@dataclass(frozen=True)
class PreparedTask:
    """A validated task with the intermediates several groups share.

    Attributes
    ----------
    data : TabularData
        The numeric block (NaN missing) and categorical codes (-1 missing).
    y : ndarray of shape (n_samples,)
        Class codes (classification) or float values (regression).
    kind : str
    class_counts : ndarray of shape (n_classes,) or None
        Counts of each class (classification only).
    """

    data: TabularData
    y: np.ndarray
    kind: str
    class_counts: np.ndarray | None

    @property
    def n_samples(self) -> int:
        return self.data.n_samples

    @property
    def is_classification(self) -> bool:
        return self.kind == "classification"


def prepare_task(X, y, *, kind=None, categorical_features="auto") -> PreparedTask:
    """Validate X and y and compute the shared intermediates."""
    data = check_tabular(X, categorical_features=categorical_features)
    y_enc, kind = check_target(y, data.n_samples, kind=kind)
    class_counts = np.bincount(y_enc) if kind == "classification" else None
    return PreparedTask(data=data, y=y_enc, kind=kind, class_counts=class_counts)


def summarize(values: np.ndarray, stem: str) -> dict[str, float]:
    """OpenML's six-number summary of per-attribute values.

    ``Min<stem>``, ``Quartile1<stem>``, ``Quartile2<stem>``, ``Mean<stem>``,
    ``Quartile3<stem>``, ``Max<stem>``; all NaN when there are no values (OpenML
    leaves these qualities empty then). NaN entries (values undefined for an attribute)
    are left out.
    """
    return summarize_rows(np.asarray(values, dtype=np.float64)[None, :], (stem,))


def summarize_rows(values: np.ndarray, stems: tuple[str, ...]) -> dict[str, float]:
    """:func:`summarize` of each row of ``values``, all rows in one vectorized pass.

    Parameters
    ----------
    values : ndarray of shape (n_stems, n_attributes)
        One row of per-attribute values per stem; NaN entries are left out.
    stems : tuple of str
        The name stem of each row.
    """
    values = np.asarray(values, dtype=np.float64)
    n_cols = values.shape[1]
    # NaN sorts last, so the first n[i] entries of row i are its present values.
    ordered = np.sort(values, axis=1)
    # sorted rows: the two ends show any NaN (sorted last) or infinity
    if n_cols and np.isfinite(ordered[:, [0, -1]]).all():
        out = _summaries_complete(ordered)
    else:
        out = _summaries_with_gaps(values, ordered)
    flat = out.tolist()
    return {
        f"{prefix}{stem}": flat[i][k]
        for i, stem in enumerate(stems)
        for k, prefix in enumerate(SUMMARY_PREFIXES)
    }


def _summaries_complete(ordered: np.ndarray) -> np.ndarray:
    """The six summaries of sorted rows without NaN: one product with fixed weights."""
    return ordered @ _summary_weights(ordered.shape[1])


@functools.lru_cache(maxsize=256)
def _summary_weights(m: int) -> np.ndarray:
    """Weights (m, 6) that turn a sorted row of m values into its six summaries.

    Min and max pick the ends, the mean weighs all by 1/m, and each quartile
    interpolates between its two order statistics (NumPy's 'weibull' method).
    """
    weights = np.zeros((m, 6))
    weights[0, 0] = 1.0
    weights[:, 3] = 1.0 / m
    weights[m - 1, 5] = 1.0
    for column, q in zip((1, 2, 4), (0.25, 0.5, 0.75), strict=True):
        h = min(max(q * (m + 1.0) - 1.0, 0.0), m - 1.0)
        lo = math.floor(h)
        hi = min(lo + 1, m - 1)
        weights[lo, column] += 1.0 - (h - lo)
        weights[hi, column] += h - lo
    weights.flags.writeable = False
    return weights


def _summaries_with_gaps(values: np.ndarray, ordered: np.ndarray) -> np.ndarray:
    """The six summaries of rows with NaN entries (left out) or no entries at all."""
    n_rows, n_cols = values.shape
    n = n_cols - np.isnan(values).sum(axis=1)
    out = np.full((n_rows, 6), np.nan)
    rows = np.flatnonzero(n > 0)
    if rows.size:
        m = n[rows].astype(np.float64)
        S = ordered[rows]
        # OpenML's quartiles are the p * (n + 1)-th order statistics (interpolated),
        # NumPy's "weibull" percentile method (checked against OpenML's values for
        # vehicle/spambase); computed from the one sort, since np.percentile's fixed cost
        # exceeds that of all summaries of a small table.
        h = np.clip(_QUARTILES[None, :] * (m[:, None] + 1.0) - 1.0, 0.0, m[:, None] - 1.0)
        lo = np.floor(h).astype(np.intp)
        hi = np.minimum(lo + 1, (m[:, None] - 1).astype(np.intp))
        a = np.take_along_axis(S, lo, axis=1)
        b = np.take_along_axis(S, hi, axis=1)
        out[rows, 0] = S[:, 0]
        out[rows[:, None], [1, 2, 4]] = a + (h - lo) * (b - a)
        out[rows, 3] = np.where(np.isnan(S), 0.0, S).sum(axis=1) / m
        out[rows, 5] = S[np.arange(rows.size), n[rows] - 1]
    return out


def summary_names(stem: str) -> tuple[str, ...]:
    return tuple(f"{prefix}{stem}" for prefix in SUMMARY_PREFIXES)
