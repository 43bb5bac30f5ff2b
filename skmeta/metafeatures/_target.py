"""Target meta-features of regression tasks, the analogue of the class-based ones.

OpenML defines its class qualities for nominal targets only. For a numeric target we
describe its distribution with the same estimators the statistical group uses, under
``Target*`` names; they are NaN for classification tasks.
"""

from __future__ import annotations

import numpy as np

from ._prepare import PreparedTask
from ._statistical import column_moments

__all__ = ["NAMES", "compute_target"]

NAMES = (
    "TargetMean",
    "TargetStdDev",
    "TargetSkewness",
    "TargetKurtosis",
    "TargetAutoCorrelation",
)


def compute_target(task: PreparedTask) -> dict[str, float]:
    """Moments and lag-1 autocorrelation (in row order) of a regression target."""
    if task.is_classification:
        return dict.fromkeys(NAMES, np.nan)
    y = task.y
    # a constant target has no asymmetry or tails: 0 rather than undefined
    mean, std, skew, kurt = (
        float(np.nan_to_num(v[0], nan=0.0)) for v in column_moments(y[:, None])
    )
    # Pearson correlation of consecutive values: the numeric analogue of AutoCorrelation
    # (share of consecutive equal classes). A constant target has none: 0. It does not
    # change with scale: y / max|y| keeps the products from over- or underflowing.
    peak = float(np.abs(y).max()) if y.size else 0.0
    y = y / peak if np.isfinite(peak) and peak > 0 else y
    a, b = y[:-1] - y[:-1].mean(), y[1:] - y[1:].mean()
    denom = np.sqrt((a * a).sum() * (b * b).sum())
    auto = float((a * b).sum() / denom) if denom > 0 else 0.0
    return {
        "TargetMean": mean,
        "TargetStdDev": std,
        "TargetSkewness": skew,
        "TargetKurtosis": kurt,
        "TargetAutoCorrelation": auto,
    }
