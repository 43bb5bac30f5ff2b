"""Statistical meta-features: summaries of per-column moments of the numeric attributes.

OpenML describes each numeric attribute by its mean, standard deviation (sample,
``ddof=1``), skewness and kurtosis, and summarizes each of these over the attributes
with min, quartiles, mean and max (``MeanSkewnessOfNumericAtts``, ...). Skewness and
kurtosis are the bias-corrected sample estimators G1 and G2 (Joanes & Gill, "Comparing
measures of sample skewness and kurtosis", The Statistician 47(1), 1998), as in
``scipy.stats.skew(bias=False)`` and ``scipy.stats.kurtosis(bias=False)``; kurtosis is
excess kurtosis. Constant attributes have no skewness or kurtosis and are left out of
those summaries (checked against OpenML's values for optdigits, which has two).
"""

from __future__ import annotations

import numpy as np

from ._prepare import PreparedTask, summarize_rows, summary_names

__all__ = ["NAMES", "column_moments", "compute_statistical"]

_STEMS = (
    "MeansOfNumericAtts",
    "StdDevOfNumericAtts",
    "SkewnessOfNumericAtts",
    "KurtosisOfNumericAtts",
)
NAMES = tuple(name for stem in _STEMS for name in summary_names(stem))


def column_moments(A: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per-column mean, sample std, G1 skewness and G2 excess kurtosis, ignoring NaN.

    One pass of whole-matrix operations. Where an estimator is undefined it is NaN: the
    skewness and kurtosis of a constant column (or of one with fewer than 3, resp. 4,
    present values). A constant column has std 0; a column with no present value has
    mean 0 and std 0.

    Parameters
    ----------
    A : ndarray of shape (n_samples, n_columns)

    Returns
    -------
    mean, std, skewness, kurtosis : ndarray of shape (n_columns,)
    """
    missing = np.isnan(A)
    if missing.any():
        count = (~missing).sum(axis=0).astype(np.float64)
        safe = np.maximum(count, 1.0)
        mean = np.where(missing, 0.0, A).sum(axis=0) / safe
        d = np.where(missing, 0.0, A - mean)
    else:
        count = np.full(A.shape[1], float(A.shape[0]))
        safe = count
        mean = A.mean(axis=0)
        d = A - mean
    d2 = d * d
    m2 = d2.sum(axis=0) / safe
    # column-wise dot products: no further n x p temporaries
    m3 = np.einsum("ij,ij->j", d2, d) / safe
    m4 = np.einsum("ij,ij->j", d2, d2) / safe
    std = np.sqrt(m2 * count / np.maximum(count - 1.0, 1.0))
    # Numerical trap: a constant column leaves m2 at rounding-error size, where m3/m2**1.5
    # is noise; treat variance below (eps * |mean|)**2 as zero, like scipy does.
    eps = np.finfo(np.float64).eps
    varying = m2 > (eps * np.maximum(np.abs(mean), eps)) ** 2 * 10.0
    n = count
    with np.errstate(divide="ignore", invalid="ignore"):
        g1 = m3 / m2**1.5
        g2 = m4 / m2**2 - 3.0
        skew = g1 * np.sqrt(n * (n - 1.0)) / (n - 2.0)
        kurt = ((n + 1.0) * g2 + 6.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0))
    skew = np.where(varying & (n >= 3), skew, np.nan)
    kurt = np.where(varying & (n >= 4), kurt, np.nan)
    std = np.where(varying, std, 0.0)
    return mean, std, skew, kurt


def compute_statistical(task: PreparedTask) -> dict[str, float]:
    """Compute the statistical group.

    As on OpenML, attributes whose skewness or kurtosis is undefined (constant ones) are
    left out of those two summaries; they count in the means and standard deviations.
    Summaries over no attribute at all are NaN.
    """
    return summarize_rows(np.vstack(column_moments(task.data.numeric)), _STEMS)
