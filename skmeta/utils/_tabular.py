"""Validation of tabular input: mixed numeric and categorical columns, missing values.

Everything that describes a task (meta-features, loaders, the command line) goes
through :func:`check_tabular` and :func:`check_target`, so bad input is rejected
early, in one place, with a message that names the column or value at fault.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from ._checks import repeated

__all__ = [
    "TabularData",
    "as_pandas_frame",
    "check_kind",
    "check_tabular",
    "check_target",
    "dense_codes",
    "infer_kind",
]

KINDS = ("classification", "regression")

# A numeric target with at most this many distinct integer values is taken to be
# a classification target when the caller does not say which kind it is.
_MAX_INFERRED_CLASSES = 20


@dataclass(frozen=True)
class TabularData:
    """A validated feature matrix split into numeric and categorical blocks.

    Attributes
    ----------
    numeric : ndarray or sparse matrix of shape (n_samples, n_numeric)
        float64 values; NaN marks a missing value. Sparse (CSC) when X was sparse.
    categorical : ndarray of shape (n_samples, n_categorical)
        int64 codes ``0 .. n_levels - 1``; -1 marks a missing value.
    n_levels : ndarray of shape (n_categorical,)
        Number of distinct observed (non-missing) values of each categorical column.
    numeric_names, categorical_names : list of str
        Column names of the two blocks.
    numeric_complete : bool or None
        True when ``numeric`` has no missing value, False when it has, None when not
        checked.
    """

    numeric: np.ndarray
    categorical: np.ndarray
    n_levels: np.ndarray
    numeric_names: list[str]
    categorical_names: list[str]
    numeric_complete: bool | None = None

    @property
    def n_samples(self) -> int:
        return self.numeric.shape[0]

    @property
    def n_features(self) -> int:
        return self.numeric.shape[1] + self.categorical.shape[1]

    @property
    def level_offsets(self) -> np.ndarray:
        """Start of each categorical column's levels in one index space over all columns."""
        return level_offsets(self.n_levels)


def level_offsets(n_levels: np.ndarray) -> np.ndarray:
    """Offsets that shift each column's codes into one shared index space (one-hot order)."""
    n_levels = np.asarray(n_levels, dtype=np.int64)
    if n_levels.size == 0:
        return np.zeros(1, dtype=np.int64)
    return np.cumsum(n_levels) - n_levels


def dense_codes(A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Code each column of a numeric matrix as dense ranks of its distinct values.

    One vectorized pass (a stable sort per column) instead of a Python loop over
    columns: equal values get equal codes ``0 .. n_levels - 1``; NaN gets -1.

    Parameters
    ----------
    A : ndarray of shape (n_samples, n_columns)
        float64 values (NaN for missing) or integers.

    Returns
    -------
    codes : ndarray of shape (n_samples, n_columns), dtype int64
    n_levels : ndarray of shape (n_columns,), dtype int64
    """
    n_samples, n_columns = A.shape
    if n_columns == 0 or n_samples == 0:
        return np.empty(A.shape, dtype=np.int64), np.zeros(n_columns, dtype=np.int64)
    fast = _integer_dense_codes(A)
    if fast is not None:
        return fast
    order = np.argsort(A, axis=0, kind="stable")  # NaN sorts last
    S = np.take_along_axis(A, order, axis=0)
    is_new = np.empty(S.shape, dtype=bool)
    is_new[0] = True
    is_new[1:] = S[1:] != S[:-1]  # NaN != NaN, but NaN rows are overwritten below
    ranks = np.cumsum(is_new, axis=0) - 1
    codes = np.empty(A.shape, dtype=np.int64)
    np.put_along_axis(codes, order, ranks, axis=0)
    missing = np.isnan(A)
    codes[missing] = -1
    n_missing = missing.sum(axis=0)
    # rank of the last non-missing entry + 1; columns that are all missing have 0 levels
    last = np.clip(n_samples - 1 - n_missing, 0, None)
    n_levels = np.where(
        n_missing < n_samples, np.take_along_axis(ranks, last[None, :], axis=0)[0] + 1, 0
    )
    return codes, n_levels.astype(np.int64)


def _integer_dense_codes(A: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """``dense_codes`` for integer-valued columns of modest range, without sorting.

    Integer codes (the usual way categorical columns are stored in numeric files) are
    shifted to start at 0, one ``bincount`` over all columns marks the values present,
    and a cumulative sum turns those marks into dense ranks: O(n) instead of a sort.
    Returns None when the values are not integers or span too wide a range.
    """
    missing = None if A.dtype.kind in "iu" else np.isnan(A)
    if missing is None or not missing.any():  # complete: the blocked coder
        return _blocked_integer_codes(A, np.arange(A.shape[1]))
    # with missing values (coded -1): ranges and ranks over the present cells only
    empty = missing.all(axis=0)
    low = np.where(empty, 0.0, np.where(missing, np.inf, A).min(axis=0))
    high = np.where(empty, 0.0, np.where(missing, -np.inf, A).max(axis=0))
    span = high - low + 1.0
    if not (np.isfinite(span).all() and span.sum() <= 4 * A.size + 1024):
        return None
    shifted = np.subtract(A, low)
    shifted[missing] = 0.0
    cells = shifted.astype(np.int64)
    # integer values, not just integer differences: A - low rounds a tiny fraction away
    # when low < 0 (-1 and 1e-17 would share a code)
    if not np.array_equal(cells, shifted) or not (missing | (np.trunc(A) == A)).all():
        return None
    del shifted
    span = span.astype(np.int64)
    offsets = level_offsets(span)
    cells += offsets
    seen = np.zeros(int(span.sum()), dtype=np.int64)
    seen[cells[~missing]] = 1
    n_levels = np.add.reduceat(seen, offsets)
    # dense rank of each value within its own column
    local_rank = np.cumsum(seen) - 1 - np.repeat(np.cumsum(n_levels) - n_levels, span)
    codes = local_rank[cells]
    codes[missing] = -1
    return codes, np.where(empty, 0, n_levels).astype(np.int64)


# cells per block of rows in the blocked coding pass (temporaries stay small and hot)
_BLOCK_CELLS = 16384


def _coded_columns(values: np.ndarray, cols: np.ndarray, names: list[str]):
    """Dense codes (C order, int64) and level counts of the numeric-coded columns ``cols``.

    Complete integer-valued columns of modest range are coded block by block of rows
    straight from ``values``: the only n x p array made is the result. Anything else
    (missing values, non-integers, wide ranges) goes through :func:`dense_codes`.
    """
    fast = _blocked_integer_codes(values, cols)
    if fast is not None:
        return fast
    block = _select_columns(values, cols)
    if block.dtype.kind == "f" and np.isinf(block).any():
        bad = cols[int(np.flatnonzero(np.isinf(block).any(axis=0))[0])]
        raise ValueError(f"Column {names[bad]!r} contains infinite values.")
    codes, n_levels = dense_codes(block)
    return np.ascontiguousarray(codes), n_levels


def _blocked_integer_codes(values: np.ndarray, cols: np.ndarray):
    """:func:`_integer_dense_codes` without n x p temporaries, or None when it does not apply."""
    n_rows = values.shape[0]
    n_cols = cols.size
    is_float = values.dtype.kind == "f"
    if not is_float and values.dtype.kind not in "iu":
        return None
    # column reductions over the run of columns from the first to the last selected
    first, last = int(cols[0]), int(cols[-1])
    within = cols - first
    span_view = values[:, first : last + 1]
    # finite column sums: no NaN and no infinity in those columns
    with np.errstate(over="ignore"):  # a sum that overflows: not codes either
        if is_float and not np.isfinite(span_view.sum(axis=0)[within]).all():
            return None
    low = span_view.min(axis=0)[within]
    high = span_view.max(axis=0)[within]
    # the range check in float: an int64 span can overflow
    span_f = high.astype(np.float64) - low + 1.0
    if not (np.isfinite(span_f).all() and span_f.sum() <= 4 * n_rows * n_cols + 1024):
        return None
    span = span_f.astype(np.int64)
    offsets = level_offsets(span)
    # value -> code in one shared index space over all columns
    shift = low - offsets if is_float else low.astype(np.int64) - offsets
    contiguous = last - first + 1 == n_cols
    step = max(1, _BLOCK_CELLS // n_cols)
    codes = np.empty((n_rows, n_cols), dtype=np.int64)
    for start in range(0, n_rows, step):
        rows = values[start : start + step]
        block = rows[:, first : last + 1] if contiguous else rows[:, cols]
        out = codes[start : start + step]
        if not is_float:
            np.subtract(block, shift, out=out, dtype=np.int64, casting="unsafe")
            continue
        shifted = block - shift
        np.copyto(out, shifted, casting="unsafe")
        # the values themselves must be integers: the shift can round a tiny fraction
        # away (1e-38 + 1 == 1), and then distinct values would share a code
        if not ((out == shifted).all() and (np.trunc(block) == block).all()):
            return None  # not integer-valued
    seen = np.zeros(int(span.sum()), dtype=np.int64)
    seen[codes] = 1
    n_levels = np.add.reduceat(seen, offsets)
    if (n_levels == span).all():  # already dense within each column: just unshift
        codes -= offsets
        return codes, n_levels
    local_rank = np.cumsum(seen) - 1 - np.repeat(np.cumsum(n_levels) - n_levels, span)
    for start in range(0, n_rows, step):
        block = codes[start : start + step]
        block[...] = local_rank[block]
    return codes, n_levels


def _select_columns(values: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """``values[:, idx]``, as a view (no copy) when ``idx`` is one run of columns."""
    if idx.size == 0:
        return values[:, :0]
    if idx[-1] - idx[0] + 1 == idx.size:  # sorted and contiguous
        return values[:, idx[0] : idx[-1] + 1]
    if values.flags.f_contiguous:  # gather whole columns (contiguous copies)
        return values.T[idx].T
    return values[:, idx]


def as_pandas_frame(X):
    """A polars DataFrame or an Arrow table as the pandas DataFrame with the same
    columns; anything else as it is.

    Column names, missing values and which columns are categorical survive: a polars
    ``Categorical``/``Enum`` column and an Arrow dictionary column become pandas
    ``category`` columns, text stays text. So a polars or Arrow frame is described,
    validated and fitted exactly as its pandas equivalent (scikit-learn itself takes
    polars but not Arrow tables). A polars ``LazyFrame`` is refused: collect it first.
    """
    if isinstance(X, pd.DataFrame) or sparse.issparse(X) or isinstance(X, np.ndarray):
        return X
    module = type(X).__module__ or ""
    if module.startswith("polars"):
        import polars as pl

        if isinstance(X, pl.LazyFrame):
            raise TypeError(
                "X is a polars LazyFrame, which holds a query, not data: pass X.collect()."
            )
        if isinstance(X, pl.DataFrame):
            # column by column through NumPy: no pyarrow needed
            return pd.DataFrame(
                {
                    name: (
                        pd.Categorical(X[name].to_numpy())
                        if isinstance(X[name].dtype, pl.Categorical | pl.Enum)
                        else X[name].to_numpy()
                    )
                    for name in X.columns
                },
                columns=X.columns,
            )
        return X
    # a Table or RecordBatch (with column names), not one array
    if module.startswith("pyarrow") and hasattr(X, "column_names"):
        return X.to_pandas()
    return X


def _check_size(n_samples: int, n_columns: int) -> None:
    """At least 2 rows and 1 column."""
    if n_samples == 0:
        raise ValueError("X is empty: it has 0 rows; at least 2 are needed.")
    if n_columns == 0:
        raise ValueError("X has 0 columns; at least 1 feature is needed.")
    if n_samples < 2:
        raise ValueError("X has a single row (1 sample); at least 2 rows are needed.")


def _check_sparse(X, categorical_features) -> TabularData:
    """:func:`check_tabular` for a SciPy sparse matrix: numbers only, kept sparse (CSC,
    float64) in the numeric block; declared categorical columns are coded densely."""
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (n_samples, n_features); got a sparse array of {X.shape}.")
    n_samples, n_columns = X.shape
    _check_size(n_samples, n_columns)
    if X.dtype.kind not in "biuf":
        raise TypeError(f"A sparse X must hold numbers; got dtype {X.dtype}.")
    A = sparse.csc_matrix(X, dtype=np.float64, copy=True)
    A.sum_duplicates()
    A.eliminate_zeros()
    names = _column_names(n_columns)
    if np.isinf(A.data).any():
        bad = int(np.searchsorted(A.indptr, np.flatnonzero(np.isinf(A.data))[0], side="right"))
        raise _infinite_values(names[bad - 1])
    mask = _resolve_categorical(categorical_features, names, np.zeros(n_columns, dtype=bool))
    num_idx, cat_idx = np.flatnonzero(~mask), np.flatnonzero(mask)
    if cat_idx.size:
        block = A[:, cat_idx].toarray()
        categorical, n_levels = _coded_columns(
            block, np.arange(cat_idx.size), [names[j] for j in cat_idx]
        )
    else:
        categorical = np.empty((n_samples, 0), dtype=np.int64)
        n_levels = np.zeros(0, dtype=np.int64)
    numeric = A[:, num_idx] if cat_idx.size else A
    complete = not np.isnan(numeric.data).any()
    return _assemble(numeric, categorical, n_levels, names, num_idx, cat_idx, complete)


def _assemble(numeric, categorical, n_levels, names, num_idx, cat_idx, complete) -> TabularData:
    """The checked blocks as :class:`TabularData`, each block with its columns' names."""
    return TabularData(
        numeric=numeric,
        categorical=categorical,
        n_levels=n_levels,
        numeric_names=[names[j] for j in num_idx],
        categorical_names=[names[j] for j in cat_idx],
        numeric_complete=complete,
    )


def _infinite_values(name: str) -> ValueError:
    """The error for a numeric column holding an infinity."""
    return ValueError(
        f"Column {name!r} contains infinite values; replace them (for example with NaN, "
        "which is treated as missing)."
    )


def _column_names(n: int) -> list[str]:
    return [f"x{j}" for j in range(n)]


def _resolve_categorical(
    categorical_features, names: list[str], auto_mask: np.ndarray
) -> np.ndarray:
    """Turn the user's ``categorical_features`` into a boolean mask over columns."""
    n = len(names)
    if categorical_features is None or (
        isinstance(categorical_features, str) and categorical_features == "auto"
    ):
        return auto_mask
    if isinstance(categorical_features, str):
        raise ValueError(
            "categorical_features must be 'auto', None, a boolean mask, or a list of column "
            f"names or indices; got the string {categorical_features!r}."
        )
    if np.ndim(categorical_features) != 1:
        raise ValueError(
            "categorical_features must be a boolean mask, or a list of column names or "
            f"indices (one dimension); got an array of shape {np.shape(categorical_features)}."
        )
    values = list(categorical_features)
    if values and all(isinstance(v, (bool, np.bool_)) for v in values):
        if len(values) != n:
            raise ValueError(
                f"categorical_features is a boolean mask of {len(values)} entries, but X has "
                f"{n} columns."
            )
        return np.asarray(values, dtype=bool)
    mask = np.zeros(n, dtype=bool)
    index = {name: j for j, name in enumerate(names)}
    for v in values:
        if isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_)):
            if not -n <= v < n:
                raise ValueError(f"categorical_features index {v} is out of range for {n} columns.")
            mask[v] = True
        elif v in index:
            mask[index[v]] = True
        else:
            raise ValueError(
                f"categorical_features names column {v!r}, which is not among the "
                f"columns {names[:10]}{' ...' if n > 10 else ''}."
            )
    return mask


def is_date_dtype(dtype) -> bool:
    """Whether ``dtype`` holds dates, time stamps, periods or durations (datetime64,
    with or without a time zone, period, or timedelta64)."""
    return (
        pd.api.types.is_datetime64_any_dtype(dtype)
        or pd.api.types.is_timedelta64_dtype(dtype)
        or isinstance(dtype, pd.PeriodDtype)
    )


def days_of(column: pd.Series) -> np.ndarray:
    """A date, period or duration column as float days: since 1970-01-01 (UTC, for a
    time zone's dates; to its start, for a period such as a month), or of the
    duration; NaT is NaN. Whatever pandas' resolution (ns, us, ...), the same numbers."""
    column = pd.Series(column)
    if isinstance(column.dtype, pd.PeriodDtype):
        seconds = column.dt.asfreq("s", how="start")  # its ordinals: seconds since 1970
        days = seconds.array.asi8 / 86400.0
        return np.where(seconds.isna().to_numpy(), np.nan, days)
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        column = column.dt.tz_convert("UTC").dt.tz_localize(None)
    values = column.to_numpy()  # in the column's own unit: a year-3000 date fits in 's'
    if values.dtype.kind == "M":
        values = values - np.datetime64(0, "s")  # NaT stays NaT, then NaN
    return (values / np.timedelta64(1, "D")).astype(np.float64)


def _object_column_to_numeric(col: pd.Series, name: str) -> np.ndarray | None:
    """Parse an object column as numbers; None when it is genuinely categorical.

    A column whose values are mostly numbers but not all is almost certainly a numeric
    column with garbage in it: that is an error, not a silent switch to categorical.
    """
    if is_date_dtype(col.dtype):  # days, as family_estimator hands them to the models
        return days_of(col)
    present = col.notna()
    n_present = int(present.sum())
    if n_present == 0:
        return None
    parsed = pd.to_numeric(col, errors="coerce")
    bad = present & parsed.isna()
    n_bad = int(bad.sum())
    if n_bad == 0:
        return parsed.to_numpy(dtype=np.float64)
    if n_bad < n_present / 2:
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise ValueError(
            f"Column {name!r} looks numeric but holds the non-numeric value "
            f"{col.iloc[row]!r} (row {row}; {n_bad} such value(s)). Fix or remove those "
            "values, or declare the column categorical with categorical_features."
        )
    return None


def _dtype_roles(dtypes: list) -> tuple[np.ndarray, np.ndarray]:
    """Which DataFrame columns are flags (bool, category) and which are plain numbers."""
    is_flag = np.zeros(len(dtypes), dtype=bool)
    is_number = np.zeros(len(dtypes), dtype=bool)
    for j, d in enumerate(dtypes):
        kind = d.kind if isinstance(d, np.dtype) else None
        if kind is not None and kind in "biuf":  # the common case, without pandas' checks
            is_flag[j] = kind == "b"
            is_number[j] = kind != "b"
        elif pd.api.types.is_bool_dtype(d) or isinstance(d, pd.CategoricalDtype):
            is_flag[j] = True
        else:
            is_number[j] = pd.api.types.is_numeric_dtype(d)
    return is_flag, is_number


def _numeric_block(frame: pd.DataFrame, dtypes: list) -> np.ndarray:
    """The values of a frame of numeric columns: int64 when all are plain integers, else
    float64 (pd.NA as NaN), a read-only view of a float64 frame's block where pandas
    has one."""
    plain = all(isinstance(d, np.dtype) for d in dtypes)  # no pd.NA possible
    if plain and all(d.kind == "i" for d in dtypes):  # integers stay integers
        return frame.to_numpy(dtype=np.int64)
    if plain:
        # nothing writes into it: the meta-features then add a tenth of the frame's
        # size, not a whole copy
        values = frame.to_numpy(dtype=np.float64, copy=False).view()
        values.flags.writeable = False  # it may be the caller's own block
        return values
    return frame.to_numpy(dtype=np.float64, na_value=np.nan)


def check_tabular(X, *, categorical_features="auto") -> TabularData:
    """Validate a feature matrix and split it into numeric and categorical blocks.

    Parameters
    ----------
    X : array-like, sparse matrix or DataFrame of shape (n_samples, n_features)
        Numeric, boolean, string or pandas categorical columns; NaN/None are missing.
        Date and duration columns are numeric, in days (:func:`days_of`; NaT missing).
        A sparse matrix holds numbers (a stored NaN is missing); its numeric block stays
        sparse (CSC). A polars DataFrame or Arrow table is read as its pandas
        equivalent (:func:`as_pandas_frame`).
    categorical_features : 'auto', None, array-like of bool, or list of str or int, \
            default='auto'
        Which columns are categorical. 'auto' (or None) takes pandas ``category``,
        ``bool``, ``object`` and string columns as categorical and numeric columns as
        numeric. A boolean mask or a list of column names/indices overrides that.

    Returns
    -------
    TabularData

    Raises
    ------
    TypeError
        If X is not tabular.
    ValueError
        If X is empty, not 2-D, holds infinite values, or a numeric column holds
        non-numeric values.
    """
    if sparse.issparse(X):
        return _check_sparse(X, categorical_features)
    X = as_pandas_frame(X)
    frame = None
    if isinstance(X, pd.DataFrame):
        frame = X
        shape = X.shape
    else:
        try:
            arr = np.asarray(X)
        except Exception as exc:  # ragged lists and the like
            raise TypeError(f"X could not be converted to a 2-D array: {exc}") from exc
        if arr.ndim != 2:
            raise ValueError(
                f"X must be 2-D (n_samples, n_features); got an array of shape {arr.shape}."
            )
        shape = arr.shape
        if arr.dtype.kind not in "biuf":
            frame = pd.DataFrame(arr, columns=_column_names(arr.shape[1]))
    n_samples, n_columns = shape
    _check_size(n_samples, n_columns)
    complex_columns = (
        [str(c) for c, d in frame.dtypes.items() if getattr(d, "kind", "") == "c"]
        if frame is not None
        else []
    )
    if complex_columns or (frame is None and arr.dtype.kind == "c"):
        which = f" (columns {complex_columns[:5]})" if complex_columns else ""
        raise ValueError(f"Complex data not supported: X holds complex numbers{which}.")

    # Fast path: numeric columns are converted in one block, not column by column;
    # only text columns need per-column parsing.
    auto = np.zeros(n_columns, dtype=bool)
    parsed = np.ones(n_columns, dtype=bool)  # column has float values in `values`
    if frame is None:
        names = _column_names(n_columns)
        # no copy of float64 input: nothing below writes into ``values``; integer input
        # stays integer (no NaN or infinity to look for, and codes without a float trip)
        exact = arr.dtype.kind == "i" or (arr.dtype.kind == "u" and arr.dtype.itemsize < 8)
        values = arr if exact else arr.astype(np.float64, copy=False)
        # booleans are categorical, as a bool DataFrame column is
        auto[:] = arr.dtype.kind == "b"
        at = np.arange(n_columns)  # every column has its values, in place
    else:
        names = check_frame_columns(frame)
        dtypes = list(frame.dtypes)  # pandas builds a Series for each .dtypes: once
        is_flag, is_number = _dtype_roles(dtypes)
        # text columns that hold numbers, parsed column by column (the number columns
        # are read below, in one block)
        numbers_in_text = {}
        for j in np.flatnonzero(~is_number & ~is_flag):
            column = _object_column_to_numeric(frame.iloc[:, j], names[j])
            if column is not None:
                numbers_in_text[j] = column
        parsed = is_number.copy()
        parsed[list(numbers_in_text)] = True
        auto = ~parsed  # flags and text: categorical
        # column j's values are values[:, at[j]]: only the columns of `parsed` have any
        at = np.cumsum(parsed) - 1
        if not numbers_in_text:
            # the numeric columns as the frame holds them (a view of its block where
            # pandas has one): no array as wide as the frame for its text columns
            # (pandas 3 selects columns as views; pandas 2 copies them, still only the
            # number columns)
            cols = np.flatnonzero(is_number)
            numbers = frame if is_number.all() else frame.iloc[:, cols]
            values = _numeric_block(numbers, [dtypes[j] for j in cols])
        else:
            # the number columns and the parsed text ones side by side, in their order
            values = np.empty((n_samples, int(parsed.sum())))
            if is_number.any():
                block = frame.iloc[:, np.flatnonzero(is_number)]
                values[:, at[is_number]] = block.to_numpy(dtype=np.float64, na_value=np.nan)
            for j, column in numbers_in_text.items():
                values[:, at[j]] = column
    value_names = [names[j] for j in np.flatnonzero(parsed)]
    mask = _resolve_categorical(categorical_features, names, auto)

    num_idx = np.flatnonzero(~mask)
    cat_idx = np.flatnonzero(mask)
    for j in num_idx:
        if not parsed[j]:
            raise ValueError(
                f"Column {names[j]!r} is declared numeric but holds non-numeric values "
                f"such as {frame.iloc[:, j].dropna().iloc[0]!r}."
            )
    integer = values.dtype.kind in "iu"
    numeric = _select_columns(values, at[num_idx])
    numeric = numeric.astype(np.float64) if integer else numeric.view()
    numeric.flags.writeable = False  # it may be a view of the caller's X
    # One allocation-free pass: finite column sums mean no NaN and no infinity (a sum
    # with an inf or NaN in it is not finite); only otherwise look closer.
    with np.errstate(over="ignore"):  # an overflowing sum is looked at closer below
        complete = integer or bool(np.isfinite(numeric.sum(axis=0)).all())
    if not complete and np.isinf(numeric).any():
        bad_col = int(np.flatnonzero(np.isinf(numeric).any(axis=0))[0])
        raise _infinite_values(names[num_idx[bad_col]])
    if not complete:  # NaN present, or finite values whose sum overflows
        complete = not np.isnan(numeric).any()

    # Categorical columns: numeric-coded ones are ranked in one vectorized pass; the
    # others (strings, categories, booleans) are factorized column by column.
    coded_cols = cat_idx[parsed[cat_idx]]
    other_cols = cat_idx[~parsed[cat_idx]]
    position = {j: k for k, j in enumerate(cat_idx)}
    if other_cols.size == 0:  # the common case: no column scatter needed
        categorical, n_levels = (
            _coded_columns(values, at[coded_cols], value_names)
            if coded_cols.size
            else (np.empty((n_samples, 0), dtype=np.int64), np.zeros(0, dtype=np.int64))
        )
    else:
        categorical = np.empty((n_samples, len(cat_idx)), dtype=np.int64)
        n_levels = np.empty(len(cat_idx), dtype=np.int64)
    if coded_cols.size and other_cols.size:
        targets = [position[j] for j in coded_cols]
        categorical[:, targets], n_levels[targets] = _coded_columns(
            values, at[coded_cols], value_names
        )
    for j in other_cols:
        try:
            codes, uniques = pd.factorize(frame.iloc[:, j], sort=True, use_na_sentinel=True)
        except TypeError as exc:  # lists or dicts in cells, or values that do not sort
            kinds = sorted({type(v).__name__ for v in frame.iloc[:, j].dropna().tolist()})
            raise ValueError(
                f"Column {names[j]!r} holds values of types {kinds} that cannot be read as "
                "categories (a cell holds a list or dict, or values do not sort together); "
                "give each cell one number or one text."
            ) from exc
        categorical[:, position[j]] = codes
        n_levels[position[j]] = len(uniques)
    return _assemble(numeric, categorical, n_levels, names, num_idx, cat_idx, complete)


def check_kind(kind) -> str | None:
    """Validate a task kind: 'classification', 'regression' or None (infer)."""
    if kind is None or kind in KINDS:
        return kind
    raise ValueError(f"kind must be 'classification', 'regression' or None; got {kind!r}.")


def infer_kind(y) -> str:
    """Infer the task kind from a target.

    Non-numeric, boolean and categorical targets are classification targets. A numeric
    target is a classification target when all its values are integers and it has at
    most 20 distinct values; otherwise it is a regression target. Pass ``kind``
    explicitly when this rule does not fit (for example a count target).
    """
    s = pd.Series(np.asarray(y) if not isinstance(y, pd.Series) else y)
    dtype = s.dtype
    if pd.api.types.is_bool_dtype(dtype) or isinstance(dtype, pd.CategoricalDtype):
        return "classification"
    if not pd.api.types.is_numeric_dtype(dtype):
        _check_not_numbers_as_text(s)
        return "classification"
    values = s.to_numpy(dtype=np.float64, na_value=np.nan)
    values = values[~np.isnan(values)]
    if (
        values.size
        and np.all(values == np.round(values))
        and np.unique(values).size <= _MAX_INFERRED_CLASSES
    ):
        return "classification"
    return "regression"


def _check_not_numbers_as_text(s: pd.Series) -> None:
    """Refuse to guess a kind for a text target of numbers that read as a regression
    target: most likely a numeric column with a few bad cells (or read as text)."""
    values = s.dropna()
    try:  # the distinct labels first: a million rows of 'yes' / 'no' parse two strings
        distinct = pd.Series(pd.unique(values.to_numpy(dtype=object)), dtype=object)
        parsed_distinct = pd.to_numeric(distinct, errors="coerce")
    except (TypeError, ValueError):  # cells pandas cannot hash or parse (lists, dicts)
        return
    if parsed_distinct.notna().sum() <= _MAX_INFERRED_CLASSES:
        return  # text labels, or a few numbers among them: classes
    parsed = pd.to_numeric(values, errors="coerce")
    numbers = parsed.notna().to_numpy()
    if numbers.sum() < 0.5 * numbers.size:
        return
    hint = (
        "pass kind='regression' (--kind regression on the command line) to read it as "
        "numbers, or kind='classification' if every distinct value is a class"
    )
    if numbers.all():
        raise ValueError(
            f"The target holds numbers as text ({values.iloc[0]!r}, ...) with "
            f"{parsed.nunique()} distinct values; {hint}."
        )
    bad = values[~numbers]
    first = bad.drop_duplicates()
    shown = ", ".join(
        f"{v!r} (row {i})" for i, v in zip(first.index[:3], first.iloc[:3], strict=True)
    )
    raise ValueError(
        f"The target looks numeric ({int(numbers.sum())} of {numbers.size} values are "
        f"numbers) but also holds {bad.size} that are not: {shown}"
        f"{' ...' if first.size > 3 else ''}. Fix or drop those rows for a regression "
        "target, or pass kind='classification' (--kind on the command line) if every "
        "distinct value is a class."
    )


def _numeric_target(
    arr: np.ndarray, n_samples: int | None, kind: str | None
) -> tuple[np.ndarray, str] | None:
    """``check_target`` for a clean int/float array in NumPy alone; None defers to pandas.

    The general path (pandas factorize, dtype inspection) costs more than all the
    meta-features of a small table, so the common case of a complete numeric target
    is handled here; anything unusual (missing values, wrong length) returns None and
    the general path raises its error.
    """
    if arr.size == 0 or (n_samples is not None and arr.size != n_samples):
        return None
    values = arr.astype(np.float64, copy=False)
    if not np.isfinite(values).all():
        return None
    if kind == "regression":
        return values.astype(np.float64, copy=True), kind
    # O(n) for integer labels (integer arrays without a float round trip)
    dense = _integer_dense_codes((arr if arr.dtype.kind == "i" else values)[:, None])
    if dense is not None:
        codes = dense[0][:, 0]
        uniques = np.arange(int(dense[1][0]), dtype=np.float64)  # integral, same count
    else:
        uniques, codes = np.unique(values, return_inverse=True)
    if kind is None:
        integral = arr.dtype.kind in "iu" or bool(np.all(uniques == np.round(uniques)))
        if not (integral and uniques.size <= _MAX_INFERRED_CLASSES):
            return values.astype(np.float64, copy=True), "regression"
        kind = "classification"
    return codes.reshape(-1).astype(np.int64), kind


def check_classification_labels(y) -> None:
    """Refuse class labels with gaps (None, NaN or pd.NA among the labels of an object
    array), which NumPy cannot sort, with a ValueError that counts them and names the
    first row, and labels of types that do not sort together (1 and 'a'), naming the
    types (scikit-learn's estimators raise a TypeError from inside NumPy or pandas
    there)."""
    try:
        arr = np.asarray(y)
    except (TypeError, ValueError):  # ragged and the like: scikit-learn's checks name it
        return
    if arr.dtype != object:
        return  # numeric labels: scikit-learn names NaN itself
    missing = np.flatnonzero(pd.isna(arr.reshape(-1)))
    if missing.size:
        raise ValueError(
            f"y has {missing.size} missing label(s) (None, NaN or pd.NA; first at row "
            f"{int(missing[0])}); drop those rows or give them a class."
        )
    try:
        np.unique(arr)
    except TypeError:  # NumPy's "'<' not supported between instances of 'int' and 'str'"
        kinds = sorted({type(v).__name__ for v in arr.reshape(-1).tolist()})
        raise ValueError(
            (
                f"y mixes class labels of types {kinds}"
                if len(kinds) > 1
                else f"y holds class labels of type {kinds[0]}"
            )
            + ", which do not sort together; give every class a label of one type that "
            "sorts (all strings, say)."
        ) from None


def check_group_labels(groups, n_samples: int, *, name: str = "groups") -> np.ndarray:
    """``groups`` as a 1-D array of task labels, one per row: a ValueError for a wrong
    shape, for missing labels (NaN, None, pd.NA; NumPy would make them one group, or
    fail to sort them) and for labels of types that do not sort together (1 and 'a').
    ``name`` is how the errors call them (``--group-by column 'site'``)."""
    arr = np.asarray(groups)
    if arr.ndim != 1 or arr.shape[0] != n_samples:
        raise ValueError(
            f"{name} must be 1-D with one entry per row: X has {n_samples} rows, {name} has "
            f"shape {arr.shape}."
        )
    missing = np.flatnonzero(pd.isna(arr)) if arr.dtype.kind in "fcOmM" else np.empty(0)
    if missing.size:
        raise ValueError(
            f"{name} has {missing.size} missing label(s) (first at row {int(missing[0])}): "
            "None, NaN or pd.NA, where every row needs the task or group it belongs to."
        )
    if arr.dtype == object:
        try:
            np.unique(arr)
        except TypeError:
            kinds = sorted({type(v).__name__ for v in arr.tolist()})
            raise ValueError(
                f"{name} mixes labels of types {kinds}, which do not sort together; give "
                "every task or group a label of one type (all strings, say)."
            ) from None
    return arr


def check_row_weights(sample_weight, X) -> np.ndarray | None:
    """``sample_weight`` as float64 row weights for ``X`` (None stays None): one
    finite weight per row, non-negative and with a positive sum, else a ValueError
    saying which."""
    if sample_weight is None:
        return None
    from sklearn.utils.validation import _check_sample_weight

    weights = _check_sample_weight(sample_weight, X, dtype=np.float64)  # NaN: its error
    if (weights < 0).any() or not weights.sum() > 0:
        raise ValueError(
            "sample_weight must be non-negative with a positive sum; got "
            f"{'negative weights' if (weights < 0).any() else 'weights summing to 0'}."
        )
    return weights


def check_one_target(y) -> None:
    """A ValueError when ``y`` holds several targets (a 2-D y of more than one column),
    saying how to warm-start one model per target; anything else passes."""
    shape = getattr(y, "shape", None)
    nested = isinstance(y, (list, tuple)) and y and hasattr(y[0], "__len__")
    if shape is None and nested and not isinstance(y[0], (str, bytes)):
        try:
            shape = np.shape(y)
        except ValueError:  # ragged: scikit-learn's own checks name it
            return
    if shape is not None and len(shape) == 2 and shape[1] > 1:
        raise ValueError(
            f"y has {shape[1]} columns (shape {tuple(shape)}); the meta-features and the "
            "knowledge describe tasks of one target. To warm-start one model per column, "
            "wrap the skmeta estimator (not the one it warm-starts) in sklearn.multioutput's "
            "MultiOutputRegressor or MultiOutputClassifier, e.g. "
            "MultiOutputRegressor(MetaDefaultRegressor(Ridge()))."
        )
    if shape is not None and len(shape) > 2:
        raise ValueError(f"y must be 1-D; got shape {tuple(shape)}.")


def check_frame_and_target(owner, X: pd.DataFrame, y, *, y_dtype=None):
    """A DataFrame passed on as it is, checked for its width and column names only
    (which ``owner`` records, as ``validate_data`` does), and ``y`` as a 1-D array of
    its length (``y_dtype``: as ``check_array`` takes it). For estimators that hand a
    frame on to models that encode its columns by name."""
    from sklearn.utils import check_array, check_consistent_length, column_or_1d

    from ._compat import validate_data

    validate_data(owner, X, y, skip_check_array=True)  # a y of None: scikit-learn's error
    y = column_or_1d(check_array(y, ensure_2d=False, dtype=y_dtype), warn=True)
    check_consistent_length(X, y)
    return X, y


def check_same_length(n_x: int, n_y: int) -> None:
    """A ValueError when X (``n_x`` rows) and y (``n_y`` entries) differ in length."""
    if n_x != n_y:
        raise ValueError(f"X and y have different lengths: X has {n_x} rows, y has {n_y}.")


def refuse_missing_target(missing: np.ndarray) -> None:
    """A ValueError saying how many rows of the target are missing (``missing``: one
    boolean per row), if any."""
    if missing.all():
        raise ValueError("The target is all missing (NaN); there is nothing to learn from.")
    if missing.any():
        raise ValueError(
            f"The target has {int(missing.sum())} missing value(s) (first at row "
            f"{int(np.flatnonzero(missing)[0])}); drop those rows first."
        )


def check_target(y, n_samples: int | None = None, *, kind=None) -> tuple[np.ndarray, str]:
    """Validate a target and encode it.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
    n_samples : int, default=None
        Expected length (the number of rows of X).
    kind : {'classification', 'regression'} or None, default=None
        None infers the kind with :func:`infer_kind`.

    Returns
    -------
    y_encoded : ndarray of shape (n_samples,)
        int64 class codes ``0 .. n_classes - 1`` (in sorted order of the labels) for
        classification, float64 values for regression.
    kind : str
    """
    kind = check_kind(kind)
    if sparse.issparse(y):
        raise TypeError("y must be a 1-D array-like, not a sparse matrix.")
    check_one_target(y)
    if isinstance(y, pd.DataFrame):
        y = y.iloc[:, 0]
    if isinstance(y, pd.Series):
        s = y
        if isinstance(s.dtype, np.dtype) and s.dtype.kind in "iuf":
            fast = _numeric_target(s.to_numpy(), n_samples, kind)
            if fast is not None:
                return fast
    else:
        arr = np.asarray(y)
        if arr.ndim == 2 and arr.shape[1] == 1:
            arr = arr.ravel()
        if arr.ndim != 1:
            raise ValueError(f"y must be 1-D; got shape {arr.shape}.")
        if arr.dtype.kind in "iuf":
            fast = _numeric_target(arr, n_samples, kind)
            if fast is not None:
                return fast
        s = pd.Series(arr)
    if pd.api.types.is_complex_dtype(s.dtype):  # as scikit-learn words it, for y
        raise ValueError("Complex data not supported: y holds complex numbers.")
    if n_samples is not None:
        check_same_length(n_samples, len(s))
    if len(s) == 0:
        raise ValueError("y is empty.")
    refuse_missing_target(s.isna().to_numpy())
    if kind is None:
        kind = infer_kind(s)
    if kind == "classification":
        codes, _ = pd.factorize(s, sort=True)
        return codes.astype(np.int64), kind
    if not pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
        parsed = pd.to_numeric(s, errors="coerce")
        if parsed.isna().any():
            bad = s[parsed.isna()].iloc[0]
            raise ValueError(f"A regression target must be numeric; found {bad!r}.")
        s = parsed
    values = s.to_numpy(dtype=np.float64)
    if not np.isfinite(values).all():
        raise ValueError("The regression target contains infinite values.")
    return values, kind


def numbers_in(column: pd.Series, what: str) -> pd.Series:
    """A column of scores or meta-features as floats (NaN stays missing); a ValueError
    naming a cell that is not a number or is infinite."""
    values = pd.to_numeric(column, errors="coerce")
    bad = values.isna() & column.notna()
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise ValueError(f"{what} must hold numbers; row {row} holds {column.iloc[row]!r}.")
    values = values.astype(np.float64)
    infinite = np.flatnonzero(np.isinf(values.to_numpy()))
    if infinite.size:  # the strategies would scale the column's other values to 0 or NaN
        row = int(infinite[0])
        raise ValueError(
            f"{what} must hold finite numbers (NaN for a missing one); row {row} holds "
            f"{values.iloc[row]}."
        )
    return values


def check_frame_columns(X) -> list[str] | None:
    """The column names of the DataFrame ``X`` as text (None for anything else), or a
    ValueError when it has none or repeats one, before scikit-learn's validation meets
    them (a deep "at least one array or dtype is required", a narwhals error)."""
    if not isinstance(X, pd.DataFrame):
        return None
    if X.shape[1] == 0:
        _check_size(1, 0)  # its message
    names = [str(c) for c in X.columns]
    dup = repeated(names)
    if dup:
        raise ValueError(f"X has duplicate column names: {dup[:5]}.")
    return names


class ColumnWarning(UserWarning):
    """A feature column cannot help predict as it is read: text of dates, an
    identifier, or a row number (the message says how to read or drop it)."""


# text that reads as a date or a time stamp: 2024-03-01, 2024-03-01 12:30[:00], 1/3/2024
_DATE_TEXT = re.compile(
    r"^\s*(\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}( \d{1,2}:\d{2}(:\d{2})?)?)\s*$"
)


def _all_distinct(values: pd.Series) -> bool:
    """Every value differs from the others (False for unhashable cells, such as
    lists, which the validation names)."""
    try:
        return values.nunique() == len(values)
    except TypeError:
        return False


def warn_about_columns(
    X, *, drop: Callable[[str], str], read_dates: Callable[[str], str], stacklevel: int = 2
) -> None:
    """Warn about the feature columns of the DataFrame ``X`` that cannot help as they
    are read: text of dates (each date a category of its own), identifiers (a different
    text in every row) and row numbers. ``drop(name)`` and ``read_dates(name)`` say how
    to leave a column out and how to read it as dates (a CLI option, or code)."""
    if not isinstance(X, pd.DataFrame):
        return
    n = len(X)
    for j, name in enumerate(X.columns):
        column = X.iloc[:, j]  # by position: a repeated name is an error elsewhere
        present = column.dropna()
        if len(present) < 20 or is_date_dtype(column.dtype):
            continue  # dates and durations: numbers of days to the models
        hint = f"leave it out with {drop(name)}"
        if isinstance(column.dtype, pd.CategoricalDtype) or not pd.api.types.is_numeric_dtype(
            column
        ):
            sample = present.astype(str).iloc[:: max(1, len(present) // 50)]
            if sample.map(lambda v: bool(_DATE_TEXT.match(v))).all():
                warnings.warn(
                    f"column {name!r} holds dates, read as text categories (each date one "
                    f"of its own): read it as dates with {read_dates(name)}, or {hint}.",
                    ColumnWarning,
                    stacklevel=stacklevel,
                )
            elif _all_distinct(present):
                warnings.warn(
                    f"column {name!r} has a different value in every row (an identifier or free "
                    f"text), which cannot help predict as categories; {hint}.",
                    ColumnWarning,
                    stacklevel=stacklevel,
                )
        elif pd.api.types.is_integer_dtype(column) and len(present) == n:
            values = column.to_numpy()
            if values[0] in (0, 1) and (np.diff(values) == 1).all():
                warnings.warn(
                    f"column {name!r} counts the rows ({column.iloc[0]}, {column.iloc[1]}, "
                    f"...): a row number, which cannot help predict; {hint}.",
                    ColumnWarning,
                    stacklevel=stacklevel,
                )


def passed_as_given(owner, X) -> bool:
    """Whether ``owner``'s predict hands ``X`` to what it fitted as it is, without
    making numbers of it: a DataFrame with text columns, or, once ``owner`` was fitted
    on one (its ``_fitted_on_text``), anything but a sparse matrix. The fitted
    estimators then take, or refuse with their own message, what they were fitted to
    encode."""
    if text_columns(X):
        return True
    return getattr(owner, "_fitted_on_text", False) and not sparse.issparse(X)


def text_columns(X) -> list:
    """The columns of a DataFrame that are neither numbers nor booleans (text,
    categories); [] for anything else."""
    if not isinstance(X, pd.DataFrame):
        return []
    return [
        c
        for c, d in X.dtypes.items()
        if isinstance(d, pd.CategoricalDtype)
        or not (pd.api.types.is_numeric_dtype(d) or pd.api.types.is_bool_dtype(d))
    ]
