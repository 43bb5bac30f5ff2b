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
from scipy import sparse

from ._prepare import PreparedTask, summarize_rows, summary_names

__all__ = ["NAMES", "column_moments", "compute_statistical"]

_STEMS = (
    "MeansOfNumericAtts",
    "StdDevOfNumericAtts",
    "SkewnessOfNumericAtts",
    "KurtosisOfNumericAtts",
)
NAMES = tuple(name for stem in _STEMS for name in summary_names(stem))


# cells per block in the complete-data pass: the two float temporaries of a block are
# reused, instead of two fresh n x p arrays (whose page faults cost more than the
# arithmetic on tables of a few MB)
_BLOCK_CELLS = 65536


def column_moments(
    A: np.ndarray, complete: bool | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per-column mean, sample std, G1 skewness and G2 excess kurtosis, ignoring NaN.

    Whole-matrix operations (over blocks of rows when nothing is missing). Where an
    estimator is undefined it is NaN: the skewness and kurtosis of a constant column (or
    of one with fewer than 3, resp. 4, present values). A constant column has std 0,
    whatever its value; a column with no present value has mean 0 and std 0. The few
    columns where powers of deviations would lose the answer (a constant value the row
    sum does not hold exactly, a tiny spread around a large mean, values beyond about
    1e±60) are computed again, shifted and scaled, so the result does not change with
    the columns' scale.

    Parameters
    ----------
    A : ndarray or sparse matrix of shape (n_samples, n_columns)
        A sparse matrix is not densified (its implicit entries are zeros).
    complete : bool or None, default=None
        Whether ``A`` is known to have no NaN; None checks (dense ``A`` only).

    Returns
    -------
    mean, std, skewness, kurtosis : ndarray of shape (n_columns,)
    """
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        count, mean, m2, m3, m4 = _column_sums(A, complete)
        moments = _finish_moments(count, mean, m2, m3, m4)
        var = m2 / np.maximum(count, 1.0)
        # Numerical traps, caught here and mended column by column in _moments_again:
        # - a constant column whose value the row sum does not hold exactly (0.1 on 10,000
        #   rows) gets a mean a few ulps off, and its deviations look like a spread;
        # - fourth powers of deviations overflow from |x| ~ 1e77 and underflow below
        #   1e-77, and a spread under ~1e-31 reads as constant.
        odd = ~(np.isfinite(m2) & np.isfinite(m3) & np.isfinite(m4))
        odd |= (var > _LARGE_VARIANCE) | (var < _SMALL_VARIANCE)
        odd |= var < (_SMALL_RELATIVE_SPREAD * mean) ** 2
    if odd.any():
        _moments_again(A, np.flatnonzero(odd), complete, moments)
    return moments


# columns whose variance is outside these bounds, or whose spread is this small against
# their mean, have their moments computed again
_LARGE_VARIANCE = 1e75
_SMALL_VARIANCE = 1e-60
_SMALL_RELATIVE_SPREAD = 1e-7


def _moments_again(A, cols, complete, moments):
    """Recompute the moments of columns ``cols`` of ``A`` into ``moments``, in place.

    A column whose present values are all equal gets its value as mean, std 0 and no
    skewness or kurtosis. The others (few: a sparse matrix's are densified) are shifted
    by their minimum and divided by their largest remaining |value|: skewness and
    kurtosis do not change, and the mean and std are mapped back.
    """
    sub = A[:, cols]
    low, high = _column_range(sub)
    constant = ~(high > low)  # also a column without present values (low inf, high -inf)
    mean = np.where(np.isfinite(low), low, 0.0)
    std = np.zeros(len(cols))
    skew, kurt = np.full(len(cols), np.nan), np.full(len(cols), np.nan)
    rest = np.flatnonzero(~constant)
    if rest.size:
        sub = sub[:, rest]
        sub = sub.toarray() if sparse.issparse(sub) else sub
        sub = sub - low[rest]
        scale = _column_abs_max(sub)
        scale = np.where(np.isfinite(scale) & (scale > 0), scale, 1.0)
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
            again = _finish_moments(*_column_sums(sub / scale, complete))
        mean[rest] = again[0] * scale + low[rest]
        std[rest] = again[1] * scale
        skew[rest], kurt[rest] = again[2], again[3]
    for whole, part in zip(moments, (mean, std, skew, kurt), strict=True):
        whole[cols] = part


def _column_range(A) -> tuple[np.ndarray, np.ndarray]:
    """Smallest and largest present value of each column (inf and -inf without any)."""
    if sparse.issparse(A):
        A = sparse.csc_matrix(A, copy=True)
        nan = np.isnan(A.data)
        A.data[nan] = np.inf
        low = A.min(axis=0).toarray().ravel()
        A.data[nan] = -np.inf
        high = A.max(axis=0).toarray().ravel()
        return low, high
    return (
        np.fmin.reduce(A, axis=0, initial=np.inf),
        np.fmax.reduce(A, axis=0, initial=-np.inf),
    )


def _column_abs_max(A: np.ndarray) -> np.ndarray:
    """Largest |value| of each column of a dense array, ignoring NaN (0 without any)."""
    return np.fmax.reduce(np.abs(A), axis=0, initial=0.0)


def _column_sums(A, complete):
    """Count of present values, mean and central sums of d**2, d**3, d**4 per column."""
    if sparse.issparse(A):
        return _sparse_central_sums(A)
    n_rows, n_cols = A.shape
    sums = None
    if complete is None:
        sums = A.sum(axis=0)
        complete = bool(np.isfinite(sums).all()) or not np.isnan(A).any()
    if complete:
        count = np.full(n_cols, float(n_rows))
        safe = count
        mean = (A.sum(axis=0) if sums is None else sums) / safe
        m2, m3, m4 = _central_sums(A, mean)
    else:
        missing = np.isnan(A)
        count = (~missing).sum(axis=0).astype(np.float64)
        safe = np.maximum(count, 1.0)
        mean = np.where(missing, 0.0, A).sum(axis=0) / safe
        d = np.where(missing, 0.0, A - mean)
        d2 = d * d
        m2 = d2.sum(axis=0)
        # column-wise dot products: no further n x p temporaries
        m3 = np.einsum("ij,ij->j", d2, d)
        m4 = np.einsum("ij,ij->j", d2, d2)
    return count, mean, m2, m3, m4


def _finish_moments(count, mean, m2, m3, m4):
    """Mean, std, G1 and G2 from the present values' count, mean and central sums."""
    safe = np.maximum(count, 1.0)
    m2, m3, m4 = m2 / safe, m3 / safe, m4 / safe
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


def _sparse_central_sums(A):
    """Count of present values, mean, and central sums of d**2, d**3 and d**4 per column
    of a sparse matrix, without densifying it: the stored entries (NaN ones missing)
    contribute their own deviations, the implicit zeros ``count - stored`` times
    ``(0 - mean)**k``."""
    A = sparse.csc_matrix(A)
    n_rows, n_cols = A.shape
    data = np.asarray(A.data, dtype=np.float64)
    col = np.repeat(np.arange(n_cols), np.diff(A.indptr))
    nan = np.isnan(data)
    count = n_rows - np.bincount(col[nan], minlength=n_cols).astype(np.float64)
    values, col = data[~nan], col[~nan]
    mean = np.bincount(col, values, n_cols) / np.maximum(count, 1.0)
    zeros = count - np.bincount(col, minlength=n_cols)
    d = values - mean[col]
    d2 = d * d
    m2 = np.bincount(col, d2, n_cols) + zeros * mean**2
    m3 = np.bincount(col, d2 * d, n_cols) - zeros * mean**3
    m4 = np.bincount(col, d2 * d2, n_cols) + zeros * mean**4
    return count, mean, m2, m3, m4


def _central_sums(A: np.ndarray, mean: np.ndarray):
    """Column sums of d**2, d**3 and d**4 (d = A - mean), block by block.

    Blocks follow the memory layout: runs of rows of a C-ordered array, runs of columns
    of an F-ordered one (a DataFrame's ``to_numpy`` is F-ordered).
    """
    if A.flags.f_contiguous and not A.flags.c_contiguous:
        B, center = A.T, mean[:, None]  # (n_columns, n_rows), C-ordered
        axis, spec = 1, "ij,ij->i"
    else:
        B, center = A, mean
        axis, spec = 0, "ij,ij->j"
    n_out = A.shape[1]
    step = max(1, _BLOCK_CELLS // max(B.shape[1], 1))
    if step >= B.shape[0]:  # one block: no buffers needed
        d = B - center
        d2 = d * d
        return d2.sum(axis=axis), np.einsum(spec, d2, d), np.einsum(spec, d2, d2)
    m2, m3, m4 = np.zeros(n_out), np.zeros(n_out), np.zeros(n_out)
    d_buf = np.empty((step, B.shape[1]))
    d2_buf = np.empty((step, B.shape[1]))
    for start in range(0, B.shape[0], step):
        block = B[start : start + step]
        k = block.shape[0]
        d = np.subtract(block, center[start : start + k] if axis == 1 else center, out=d_buf[:k])
        d2 = np.multiply(d, d, out=d2_buf[:k])
        if axis == 1:  # each block holds whole columns: their sums are final
            m2[start : start + k] = d2.sum(axis=1)
            m3[start : start + k] = np.einsum(spec, d2, d)
            m4[start : start + k] = np.einsum(spec, d2, d2)
        else:  # each block holds some rows of every column: accumulate
            m2 += d2.sum(axis=0)
            m3 += np.einsum(spec, d2, d)
            m4 += np.einsum(spec, d2, d2)
    return m2, m3, m4


def compute_statistical(task: PreparedTask) -> dict[str, float]:
    """Compute the statistical group.

    As on OpenML, attributes whose skewness or kurtosis is undefined (constant ones) are
    left out of those two summaries; they count in the means and standard deviations.
    Summaries over no attribute at all are NaN.
    """
    moments = column_moments(task.data.numeric, task.data.numeric_complete)
    return summarize_rows(np.vstack(moments), _STEMS)
