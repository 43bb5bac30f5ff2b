"""General (simple) meta-features: counts, percentages, class sizes, class entropy.

Definitions follow OpenML's data qualities (Vanschoren et al., "OpenML: networked
science in machine learning", SIGKDD Explorations 15(2), 2013). As on OpenML, the
target counts as a feature: ``NumberOfFeatures`` is the number of attributes plus
one, a nominal (classification) target is one of ``NumberOfSymbolicFeatures`` and a
numeric (regression) target one of ``NumberOfNumericFeatures``.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import sparse

from ._prepare import PreparedTask

__all__ = ["NAMES", "compute_general", "entropy_bits"]

NAMES = (
    "NumberOfInstances",
    "NumberOfFeatures",
    "NumberOfNumericFeatures",
    "NumberOfSymbolicFeatures",
    "NumberOfBinaryFeatures",
    "PercentageOfNumericFeatures",
    "PercentageOfSymbolicFeatures",
    "PercentageOfBinaryFeatures",
    "Dimensionality",
    "NumberOfMissingValues",
    "NumberOfInstancesWithMissingValues",
    "PercentageOfMissingValues",
    "PercentageOfInstancesWithMissingValues",
    "NumberOfClasses",
    "MajorityClassSize",
    "MinorityClassSize",
    "MajorityClassPercentage",
    "MinorityClassPercentage",
    "ClassEntropy",
    "AutoCorrelation",
    "MinNominalAttDistinctValues",
    "MaxNominalAttDistinctValues",
    "MeanNominalAttDistinctValues",
    "StdvNominalAttDistinctValues",
    "NumberOfFeaturesAfterBinarization",
)


def entropy_bits(counts: np.ndarray) -> float:
    """Shannon entropy in bits of a count vector (zero counts contribute nothing)."""
    counts = np.asarray(counts, dtype=np.float64)
    total = counts.sum()
    if total <= 0:
        return 0.0
    p = counts[counts > 0] / total
    return float(-(p * np.log2(p)).sum())


def compute_general(task: PreparedTask) -> dict[str, float]:
    """Compute the general group; see the module docstring for conventions."""
    data = task.data
    n = task.n_samples
    n_num, n_cat = data.numeric.shape[1], data.categorical.shape[1]
    is_clf = task.is_classification
    n_features = n_num + n_cat + 1
    n_numeric = n_num + (0 if is_clf else 1)
    n_symbolic = n_cat + (1 if is_clf else 0)
    n_classes = int(task.class_counts.size) if is_clf else 0
    n_binary = int((data.n_levels == 2).sum()) + int(is_clf and n_classes == 2)

    missing_cat = data.categorical < 0
    if data.numeric_complete:  # known from validation: skip an n x p pass
        n_missing = int(missing_cat.sum())
        rows_missing = int(missing_cat.any(axis=1).sum()) if n_missing else 0
    elif sparse.issparse(data.numeric):  # only stored entries can be NaN
        nan = np.isnan(data.numeric.data)
        rows = np.zeros(n, dtype=bool)
        rows[data.numeric.indices[nan]] = True  # CSC: the row of each stored entry
        n_missing = int(nan.sum() + missing_cat.sum())
        rows_missing = int((rows | missing_cat.any(axis=1)).sum())
    else:
        missing_num = np.isnan(data.numeric)
        n_missing = int(missing_num.sum() + missing_cat.sum())
        rows_missing = int((missing_num.any(axis=1) | missing_cat.any(axis=1)).sum())

    out = {
        "NumberOfInstances": float(n),
        "NumberOfFeatures": float(n_features),
        "NumberOfNumericFeatures": float(n_numeric),
        "NumberOfSymbolicFeatures": float(n_symbolic),
        "NumberOfBinaryFeatures": float(n_binary),
        "PercentageOfNumericFeatures": 100.0 * n_numeric / n_features,
        "PercentageOfSymbolicFeatures": 100.0 * n_symbolic / n_features,
        "PercentageOfBinaryFeatures": 100.0 * n_binary / n_features,
        "Dimensionality": n_features / n,
        "NumberOfMissingValues": float(n_missing),
        "NumberOfInstancesWithMissingValues": float(rows_missing),
        # OpenML divides by all cells, the target column included.
        "PercentageOfMissingValues": 100.0 * n_missing / (n * n_features),
        "PercentageOfInstancesWithMissingValues": 100.0 * rows_missing / n,
        "NumberOfClasses": float(n_classes),
        "NumberOfFeaturesAfterBinarization": float(n_num + data.n_levels.sum()),
    }
    distinct = data.n_levels.astype(np.float64)
    if is_clf:
        counts = task.class_counts
        out.update(
            {
                "MajorityClassSize": float(counts.max()),
                "MinorityClassSize": float(counts.min()),
                "MajorityClassPercentage": 100.0 * counts.max() / n,
                "MinorityClassPercentage": 100.0 * counts.min() / n,
                "ClassEntropy": entropy_bits(counts),
                # share of consecutive rows (in file order) with the same class
                "AutoCorrelation": np.count_nonzero(task.y[1:] == task.y[:-1]) / (n - 1),
            }
        )
        distinct = np.append(distinct, n_classes)
    else:
        for name in (
            "MajorityClassSize",
            "MinorityClassSize",
            "MajorityClassPercentage",
            "MinorityClassPercentage",
            "ClassEntropy",
            "AutoCorrelation",
        ):
            out[name] = np.nan
    if distinct.size:
        out["MinNominalAttDistinctValues"] = float(distinct.min())
        out["MaxNominalAttDistinctValues"] = float(distinct.max())
        mean = float(distinct.sum()) / distinct.size
        out["MeanNominalAttDistinctValues"] = mean
        deviation = distinct - mean
        out["StdvNominalAttDistinctValues"] = (
            math.sqrt(float(deviation @ deviation) / (distinct.size - 1))
            if distinct.size > 1
            else 0.0
        )
    else:
        for prefix in ("Min", "Max", "Mean", "Stdv"):
            out[f"{prefix}NominalAttDistinctValues"] = np.nan
    return {name: out[name] for name in NAMES}
