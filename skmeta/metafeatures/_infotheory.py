"""Information-theoretic meta-features of the nominal attributes.

As on OpenML, these use the nominal (categorical) attributes only, entropies are in
bits, and missing values are left out of each attribute's distribution:

- ``*AttributeEntropy``: summaries of each attribute's entropy H(X_j).
- ``*MutualInformation``: summaries of I(X_j; Y) = H(X_j) + H(Y) - H(X_j, Y), over the
  rows where X_j is present (classification only).
- ``EquivalentNumberOfAtts`` = ClassEntropy / MeanMutualInformation and
  ``MeanNoiseToSignalRatio`` = (MeanAttributeEntropy - MeanMutualInformation) /
  MeanMutualInformation (Michie, Spiegelhalter & Taylor, "Machine Learning, Neural and
  Statistical Classification", 1994, ch. 7). Both are undefined (NaN) when the mean
  mutual information is 0 or there is no nominal attribute.
"""

from __future__ import annotations

import numpy as np

from ..utils._tabular import level_offsets
from ._general import entropy_bits
from ._prepare import PreparedTask, summarize_rows, summary_names

__all__ = ["NAMES", "compute_infotheory", "nominal_entropies"]

NAMES = (
    *summary_names("AttributeEntropy"),
    *summary_names("MutualInformation"),
    "EquivalentNumberOfAtts",
    "MeanNoiseToSignalRatio",
)


def _grouped_entropy(counts: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
    """Entropy in bits of each group of cells of ``counts`` (one bincount, no loop)."""
    totals = np.bincount(group, weights=counts, minlength=n_groups)
    totals[totals == 0] = 1.0  # empty groups: 0 / 1, no 0 / 0
    p = counts / totals[group]
    # empty cells contribute nothing: log2(1) = 0 stands in for log2(0)
    terms = p * np.log2(p + (p == 0))
    return np.bincount(group, weights=np.negative(terms, out=terms), minlength=n_groups)


def nominal_entropies(
    codes: np.ndarray, n_levels: np.ndarray, y: np.ndarray | None, n_classes: int
) -> tuple[np.ndarray, np.ndarray | None]:
    """Entropy of every categorical column and its mutual information with y.

    All columns at once: codes are shifted by per-column offsets into one index space,
    so one ``bincount`` counts every (column, level) and (column, level, class) cell.

    Parameters
    ----------
    codes : ndarray of shape (n_samples, n_columns)
        Dense codes, -1 for missing.
    n_levels : ndarray of shape (n_columns,)
    y : ndarray of shape (n_samples,) or None
        Class codes; None skips the mutual information.
    n_classes : int

    Returns
    -------
    entropy : ndarray of shape (n_columns,)
    mutual_information : ndarray of shape (n_columns,) or None
    """
    n_columns = codes.shape[1]
    if n_columns == 0:
        return np.zeros(0), (None if y is None else np.zeros(0))
    offsets = level_offsets(n_levels)
    total_levels = int(n_levels.sum())
    level_column = np.repeat(np.arange(n_columns), n_levels)
    complete = codes.size == 0 or codes.min() >= 0
    if complete and y is not None and n_classes:
        # one pass: count (column, level, class) cells; level counts are their sums
        cells = codes + offsets
        cells *= n_classes
        cells += y[:, None]
        joint = np.bincount(cells.ravel(), minlength=total_levels * n_classes)
        joint = joint.reshape(total_levels, n_classes).astype(np.float64)
        level_counts = joint.sum(axis=1)
    else:
        present = codes >= 0
        flat = (codes + offsets).ravel() if complete else (codes + offsets)[present]
        level_counts = np.bincount(flat, minlength=total_levels).astype(np.float64)
        joint = None
    if y is None:
        return _grouped_entropy(level_counts, level_column, n_columns), None
    if joint is None:
        y_cells = np.broadcast_to(y[:, None], codes.shape)
        y_cells = y_cells.ravel() if complete else y_cells[present]
        joint = np.bincount(flat * n_classes + y_cells, minlength=total_levels * n_classes)
        joint = joint.reshape(total_levels, n_classes).astype(np.float64)
    # class distribution restricted to the rows where each column is present
    if (n_levels > 0).all():
        class_by_column = np.add.reduceat(joint, offsets, axis=0)
    else:  # a column with no present value has no levels (and no rows)
        class_by_column = np.zeros((n_columns, n_classes))
        np.add.at(class_by_column, level_column, joint)
    # the three entropies (column, class given column present, joint) in one pass
    columns = np.arange(n_columns)
    entropies = _grouped_entropy(
        np.concatenate([level_counts, class_by_column.ravel(), joint.ravel()]),
        np.concatenate(
            [
                level_column,
                np.repeat(columns, n_classes) + n_columns,
                np.repeat(level_column, n_classes) + 2 * n_columns,
            ]
        ),
        3 * n_columns,
    )
    entropy, class_entropy, joint_entropy = entropies.reshape(3, n_columns)
    mutual_information = np.maximum(entropy + class_entropy - joint_entropy, 0.0)
    return entropy, mutual_information


def compute_infotheory(task: PreparedTask) -> dict[str, float]:
    """Compute the information-theoretic group."""
    data = task.data
    y = task.y if task.is_classification else None
    n_classes = int(task.class_counts.size) if task.is_classification else 0
    entropy, mutual_information = nominal_entropies(data.categorical, data.n_levels, y, n_classes)
    mi = mutual_information if mutual_information is not None else np.full_like(entropy, np.nan)
    out = summarize_rows(np.vstack([entropy, mi]), ("AttributeEntropy", "MutualInformation"))
    mi = mi[~np.isnan(mi)]
    mean_mi = out["MeanMutualInformation"]
    if mi.size and mean_mi > 0:
        out["EquivalentNumberOfAtts"] = entropy_bits(task.class_counts) / mean_mi
        out["MeanNoiseToSignalRatio"] = (out["MeanAttributeEntropy"] - mean_mi) / mean_mi
    else:
        out["EquivalentNumberOfAtts"] = np.nan
        out["MeanNoiseToSignalRatio"] = np.nan
    return {name: out[name] for name in NAMES}
