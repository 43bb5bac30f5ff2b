"""Shared intermediates of all meta-feature groups, computed once per task."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..utils._tabular import TabularData, check_tabular, check_target

__all__ = ["PreparedTask", "prepare_task", "summarize"]

SUMMARY_PREFIXES = ("Min", "Quartile1", "Quartile2", "Mean", "Quartile3", "Max")


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
    values = np.asarray(values, dtype=np.float64)
    values = values[~np.isnan(values)]
    if values.size == 0:
        return {f"{prefix}{stem}": np.nan for prefix in SUMMARY_PREFIXES}
    # OpenML's quartiles are the p * (n + 1)-th order statistics (interpolated), which
    # is NumPy's "weibull" method; checked against OpenML's values for vehicle/spambase.
    q1, q2, q3 = np.percentile(values, [25.0, 50.0, 75.0], method="weibull")
    return {
        f"Min{stem}": float(values.min()),
        f"Quartile1{stem}": float(q1),
        f"Quartile2{stem}": float(q2),
        f"Mean{stem}": float(values.mean()),
        f"Quartile3{stem}": float(q3),
        f"Max{stem}": float(values.max()),
    }


def summary_names(stem: str) -> tuple[str, ...]:
    return tuple(f"{prefix}{stem}" for prefix in SUMMARY_PREFIXES)
