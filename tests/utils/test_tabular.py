import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import sparse

from skmeta.utils._tabular import check_tabular, check_target, dense_codes, infer_kind


def _slow_codes(column):
    """Per-column reference: rank of each value among the sorted distinct values."""
    present = column[~np.isnan(column)]
    levels = np.unique(present)
    codes = np.full(column.shape, -1)
    for i, v in enumerate(column):
        if not np.isnan(v):
            codes[i] = int(np.searchsorted(levels, v))
    return codes, levels.size


def _assert_dense_codes_match_reference(A):
    """``dense_codes(A)`` equals the per-column reference; returns the codes."""
    codes, n_levels = dense_codes(A)
    for j in range(A.shape[1]):
        ref_codes, ref_levels = _slow_codes(A[:, j])
        np.testing.assert_array_equal(codes[:, j], ref_codes)
        assert n_levels[j] == ref_levels
    return codes


@settings(max_examples=60, deadline=None)
@given(
    arrays(
        np.float64,
        st.tuples(st.integers(1, 30), st.integers(1, 5)),
        elements=st.one_of(st.integers(-3, 3).map(float), st.just(np.nan)),
    )
)
def test_dense_codes_matches_per_column_reference(A):
    _assert_dense_codes_match_reference(A)


@settings(max_examples=60, deadline=None)
@given(
    arrays(
        np.float64,
        st.tuples(st.integers(1, 30), st.integers(1, 5)),
        elements=st.one_of(st.floats(-1e3, 1e3, width=32), st.just(np.nan)),
    )
)
def test_dense_codes_of_non_integer_values_matches_reference(A):
    # non-integer values take the sorting path, integer ones the bincount path
    _assert_dense_codes_match_reference(A)


def test_dense_codes_wide_integer_range_and_layouts():
    A = np.array([[1e12, 3.0], [-5.0, 3.0], [1e12, np.nan], [7.0, -2.0]])
    for layout in (A, np.asfortranarray(A)):
        codes, n_levels = dense_codes(layout)
        np.testing.assert_array_equal(codes, [[2, 1], [0, 1], [2, -1], [1, 0]])
        np.testing.assert_array_equal(n_levels, [3, 2])
    codes, n_levels = dense_codes(np.full((3, 2), np.nan))
    assert (codes == -1).all()
    assert (n_levels == 0).all()


@pytest.mark.parametrize("dtype", [np.float64, np.int64, np.int32])
@pytest.mark.parametrize("layout", ["C", "F", "frame"])
@pytest.mark.parametrize("gaps", [False, True])
def test_integer_coded_columns_blocked_path_matches_reference(dtype, layout, gaps, monkeypatch):
    # several row blocks, columns selected non-contiguously (a numeric column between
    # them), values dense 0..k-1 (the unshift shortcut) or with gaps (the rank gather)
    import skmeta.utils._tabular as tabular

    monkeypatch.setattr(tabular, "_BLOCK_CELLS", 64)
    rng = np.random.default_rng(0)
    A = rng.integers(-2, 3, size=(500, 5)) * (7 if gaps else 1)
    A[:, 2] = rng.integers(0, 10_000, size=500)  # the numeric column
    X = np.asarray(A.astype(dtype), order="F" if layout == "F" else "C")
    if layout == "frame":
        X = pd.DataFrame(X, columns=[f"c{j}" for j in range(5)])
    data = check_tabular(X, categorical_features=[0, 1, 3, 4])
    assert data.categorical.flags.c_contiguous
    for k, j in enumerate([0, 1, 3, 4]):
        ref_codes, ref_levels = _slow_codes(A[:, j].astype(float))
        np.testing.assert_array_equal(data.categorical[:, k], ref_codes)
        assert data.n_levels[k] == ref_levels
    np.testing.assert_array_equal(data.numeric[:, 0], A[:, 2])


def test_coded_columns_with_fractions_or_missing_take_the_general_path():
    A = np.array([[0.5, 1.0], [2.0, np.nan], [0.5, 3.0], [-1.0, 1.0]])
    data = check_tabular(A, categorical_features=[0, 1])
    for j in range(2):
        ref_codes, ref_levels = _slow_codes(A[:, j])
        np.testing.assert_array_equal(data.categorical[:, j], ref_codes)
        assert data.n_levels[j] == ref_levels
    with pytest.raises(ValueError, match="infinite"):
        check_tabular(np.array([[1.0, np.inf], [2.0, 1.0]]), categorical_features=[1])


def test_bool_array_is_categorical_like_a_bool_column():
    flags = np.array([[True, False], [False, False], [True, True]])
    from_array = check_tabular(flags)
    from_frame = check_tabular(pd.DataFrame(flags, columns=["x0", "x1"]))
    assert from_array.categorical_names == from_frame.categorical_names == ["x0", "x1"]
    np.testing.assert_array_equal(from_array.categorical, from_frame.categorical)
    np.testing.assert_array_equal(from_array.n_levels, [2, 2])
    assert from_array.numeric.shape == (3, 0)


@pytest.mark.parametrize(
    "y",
    [
        np.array([3, 1, 3, 2]),
        np.array([0.5, 1.5, 2.25, 0.5]),
        np.array([1.0, 0.0, 1.0, 1.0]),
        pd.Series([7, 7, 9, 8], dtype="int32"),
        np.arange(40.0)[:4] * 1e6,
    ],
)
@pytest.mark.parametrize("kind", [None, "classification", "regression"])
def test_check_target_numpy_path_equals_pandas_path(y, kind):
    fast = check_target(y, len(y), kind=kind)
    general = check_target(
        pd.Series(np.asarray(y), dtype=object).astype("Float64"), len(y), kind=kind
    )
    assert fast[1] == general[1]
    np.testing.assert_array_equal(fast[0], general[0])
    assert fast[0].dtype == general[0].dtype


def test_check_tabular_splits_blocks_by_dtype():
    X = pd.DataFrame(
        {
            "num": [1.0, 2.0, np.nan, 4.0],
            "txt": ["a", None, "b", "a"],
            "flag": [True, False, True, True],
            "cat": pd.Categorical(["x", "y", "x", "x"]),
            "numtext": ["1", "2", "3", None],
        }
    )
    data = check_tabular(X)
    assert data.numeric_names == ["num", "numtext"]
    assert data.categorical_names == ["txt", "flag", "cat"]
    np.testing.assert_array_equal(data.categorical[:, 0], [0, -1, 1, 0])
    np.testing.assert_array_equal(data.n_levels, [2, 2, 2])
    assert np.isnan(data.numeric[2, 0])
    assert np.isnan(data.numeric[3, 1])


@pytest.mark.parametrize("unit", ["ns", "us", "s"])
def test_dates_and_durations_are_numbers_of_days_with_nat_missing(unit):
    from skmeta.metafeatures import compute_metafeatures

    day = pd.Series(
        pd.to_datetime(["1970-01-02", None, "1970-01-04 12:00"], format="ISO8601")
    ).astype(f"datetime64[{unit}]")
    X = pd.DataFrame(
        {
            "day": day,
            "zoned": day.dt.tz_localize("Europe/Paris"),  # 1 h ahead of UTC in winter
            "wait": (day - day.iloc[0]).astype(f"timedelta64[{unit}]"),
        }
    )
    data = check_tabular(X)
    assert data.numeric_names == ["day", "zoned", "wait"]
    np.testing.assert_allclose(
        data.numeric,
        [[1, 1 - 1 / 24, 0], [np.nan, np.nan, np.nan], [3.5, 3.5 - 1 / 24, 2.5]],
    )
    if unit == "s":  # a date beyond nanoseconds' range (year 2262) is read in its unit
        far = pd.Series(np.array(["3000-01-01", "1970-01-01"], dtype="datetime64[s]"))
        assert check_tabular(far.to_frame("day")).numeric[:, 0].tolist() == [376200, 0]
    # NaT is a gap, as NaN is (it once read as -9.2e18, an extreme value)
    y = [0, 1, 0]
    days = pd.DataFrame(data.numeric, columns=list(X.columns))
    assert compute_metafeatures(X, y)["NumberOfMissingValues"] == 3
    np.testing.assert_equal(compute_metafeatures(X, y), compute_metafeatures(days, y))


def test_periods_are_days_to_their_start_as_family_estimator_sees_them():
    from skmeta.defaults import dates_as_days, family_estimator

    month = pd.Series(pd.period_range("1970-02", periods=3, freq="M")).where([True, False, True])
    X = pd.DataFrame(
        {"month": month, "hour": pd.period_range("1970-01-02 06:00", periods=3, freq="h")}
    )
    # 1970-02-01 is day 31; 1970-04-01 day 90; 06:00 a quarter of a day
    expected = [[31, 1.25], [np.nan, 1 + 7 / 24], [90, 1 + 8 / 24]]
    np.testing.assert_allclose(check_tabular(X).numeric, expected)
    np.testing.assert_allclose(dates_as_days(X), expected)
    # the meta-features and the models see the same numbers (not months as categories)
    pipe = family_estimator("linear", "classification", X)
    assert [(n, c) for n, _, c in pipe.steps[0][1].transformers] == [("date", ["month", "hour"])]


def test_categorical_features_override_by_name_index_and_mask():
    X = np.array([[1.0, 10.0], [2.0, 10.0], [1.0, 20.0]])
    for spec in (["x1"], [1], [False, True]):
        data = check_tabular(X, categorical_features=spec)
        assert data.categorical_names == ["x1"]
        np.testing.assert_array_equal(data.categorical[:, 0], [0, 0, 1])


@pytest.mark.parametrize(
    ("X", "error", "match"),
    [
        (np.empty((0, 3)), ValueError, "0 rows"),
        (np.empty((5, 0)), ValueError, "0 columns"),
        (np.ones((1, 3)), ValueError, "single row"),
        (np.ones(4), ValueError, "2-D"),
        (np.array([[1.0, np.inf], [2.0, 3.0]]), ValueError, "infinite"),
        (sparse.csr_matrix(np.empty((0, 3))), ValueError, "0 rows"),
        (sparse.csr_matrix(np.empty((5, 0))), ValueError, "0 columns"),
        (sparse.csr_matrix(np.ones((1, 3))), ValueError, "single row"),
        (sparse.csr_matrix(np.array([[1.0, 0.0], [0.0, -np.inf]])), ValueError, "'x1'.*infinite"),
        (sparse.csr_matrix(np.eye(3), dtype=complex), TypeError, "must hold numbers"),
        (
            pd.DataFrame({"a": ["1", "2", "3", "oops", "5"]}),
            ValueError,
            "'a' looks numeric but holds the non-numeric value 'oops'",
        ),
        (
            pd.DataFrame({"a": [1.0, 2.0], "b": [[1, 2], [3]]}),
            ValueError,
            r"Column 'b' holds values of types \['list'\] that cannot be read as categories",
        ),
        (
            pd.DataFrame({"tags": [{"k": 1}, "x", None]}),
            ValueError,
            r"'tags' holds values of types \['dict', 'str'\]",
        ),
        # (not the real parts, silently: NumPy's cast drops the imaginary ones)
        (np.ones((4, 2)) * (1 + 2j), ValueError, "Complex data not supported"),
        (
            pd.DataFrame({"a": [1.0, 2.0], "z": [1j, 2.0]}),
            ValueError,
            r"Complex data not supported: X holds complex numbers \(columns \['z'\]\)",
        ),
    ],
)
def test_check_tabular_rejects_bad_input(X, error, match):
    with pytest.raises(error, match=match):
        check_tabular(X)


@pytest.mark.parametrize("fmt", ["csr", "csc", "coo", "lil"])
def test_sparse_X_stays_sparse_and_agrees_with_its_dense_self(fmt):
    rng = np.random.default_rng(0)
    A = rng.normal(size=(40, 6)) * (rng.uniform(size=(40, 6)) < 0.4)
    A[3, 2] = np.nan
    A[:, 4] = rng.integers(0, 3, 40)  # declared categorical below
    X = sparse.csr_matrix(A).asformat(fmt)
    data = check_tabular(X, categorical_features=[4])
    dense = check_tabular(A, categorical_features=[4])
    assert sparse.issparse(data.numeric)
    assert data.numeric.format == "csc"
    np.testing.assert_array_equal(data.numeric.toarray(), dense.numeric)
    np.testing.assert_array_equal(data.categorical, dense.categorical)
    np.testing.assert_array_equal(data.n_levels, dense.n_levels)
    assert data.numeric_names == dense.numeric_names
    assert data.categorical_names == dense.categorical_names
    assert data.numeric_complete is False
    assert dense.numeric_complete is False
    assert check_tabular(sparse.csr_matrix(np.eye(3))).numeric_complete is True


def test_unknown_categorical_column_is_named():
    with pytest.raises(ValueError, match="'nope'"):
        check_tabular(pd.DataFrame({"a": [1, 2]}), categorical_features=["nope"])


@pytest.mark.parametrize(
    ("y", "match"),
    [
        ([np.nan, np.nan, np.nan], "all missing"),
        ([1.0, np.nan, 2.0], "1 missing value"),
        ([1, 2], "different lengths"),
        (np.ones((3, 2)), r"y has 2 columns \(shape \(3, 2\)\).*MultiOutputRegressor"),
        (pd.DataFrame({"a": [1, 2, 3], "b": [1, 2, 3]}), "y has 2 columns"),
        ([[1, 2], [3, 4], [5, 6]], "y has 2 columns"),
        (np.ones((3, 1, 1)), "1-D"),
        # complex numbers: refused, not cast to their real part or taken as classes
        (np.array([1, 2, 3]) + 1j, "Complex data not supported: y"),
        (pd.Series([1.5, 2, 3]) + 1j, "Complex data not supported: y"),
        ([1 + 1j, 2, 3], "Complex data not supported: y"),
    ],
)
@pytest.mark.parametrize("kind", [None, "classification", "regression"])
def test_check_target_rejects_bad_targets(y, match, kind):
    with pytest.raises(ValueError, match=match):
        check_target(y, 3, kind=kind)


def test_check_target_encodes_and_infers():
    codes, kind = check_target(["b", "a", "b"], 3)
    assert kind == "classification"
    np.testing.assert_array_equal(codes, [1, 0, 1])
    _values, kind = check_target([0.5, 1.5, 2.25], 3)
    assert kind == "regression"
    assert infer_kind(np.arange(100)) == "regression"
    assert infer_kind([0, 1, 1, 0]) == "classification"
    with pytest.raises(ValueError, match="kind must be"):
        check_target([1, 2], 2, kind="ranking")


def test_infer_kind_refuses_numbers_with_a_few_bad_cells():
    y = np.array([f"{0.37 * i:.2f}" for i in range(40)] + ["oops", "n/a!", "oops"], dtype=object)
    with pytest.raises(ValueError, match=r"40 of 43 .* 3 that are not: 'oops' \(row 40\), 'n/a!'"):
        infer_kind(y)
    with pytest.raises(ValueError, match=r"numbers as text .* 40 distinct values; pass kind"):
        infer_kind(y[:40])
    # the ways out the messages name
    assert check_target(y, kind="classification")[1] == "classification"
    assert check_target(y[:40], kind="regression")[0][1] == pytest.approx(0.37)
    # text labels, including a few numbers among them, stay classes
    assert infer_kind(np.array(["1.5", "x", "2.5", "1.5"])) == "classification"
    assert infer_kind(np.array(["1", "2", "3"] * 10)) == "classification"
    assert infer_kind(np.array([str(i) for i in range(15)] + ["a"] * 30)) == "classification"


@pytest.mark.parametrize(
    "A",
    [
        # hypothesis found this: 1e-38 + 1 == 1 in the shifted index space
        np.array([[0.0, 1.17549435e-38], [0.0, 0.0]]),
        # a negative minimum rounds a tiny fraction away: -1 - (-1), 1e-17 - (-1) == 1
        np.array([[-1.0], [1e-17], [0.0]]),
        # the same with a missing value elsewhere (the other integer path)
        np.array([[-1.0, np.nan], [1e-17, 1.0], [0.0, 2.0]]),
    ],
)
def test_dense_codes_keep_tiny_fractions_apart(A):
    codes = _assert_dense_codes_match_reference(A)
    # and as categorical columns of a table
    data = check_tabular(A, categorical_features=np.ones(A.shape[1], bool))
    np.testing.assert_array_equal(data.categorical, codes)


@pytest.mark.parametrize(
    ("spec", "match"),
    [
        ([True, False], "boolean mask of 2 entries, but X has 3 columns"),
        (np.array([[0, 1]]), r"one dimension\); got an array of shape \(1, 2\)"),
        (2, r"shape \(\)"),
    ],
)
def test_a_categorical_specification_of_the_wrong_shape_is_named(spec, match):
    with pytest.raises(ValueError, match=match):
        check_tabular(np.ones((4, 3)), categorical_features=spec)


def _label_consumers():
    from sklearn.linear_model import LogisticRegression

    from skmeta.defaults import MetaDefaultClassifier, MetaSearchCV, rank_families, suggest
    from skmeta.fewshot import MAMLClassifier, TaskEnsembleClassifier, WarmStartClassifier

    groups = np.arange(60) % 6
    return {
        "MetaDefaultClassifier": lambda X, y: MetaDefaultClassifier(LogisticRegression()).fit(X, y),
        "MetaSearchCV": lambda X, y: MetaSearchCV(LogisticRegression(), n_iter=2).fit(X, y),
        "MAMLClassifier": lambda X, y: MAMLClassifier(n_iter=2).fit(X, y, groups),
        "WarmStartClassifier": lambda X, y: WarmStartClassifier().fit(X, y),
        "TaskEnsembleClassifier": lambda X, y: TaskEnsembleClassifier().fit(X, y),
        "suggest": lambda X, y: suggest(X, y, LogisticRegression()),
        "rank_families": lambda X, y: rank_families(X, y, kind="classification"),
    }


@pytest.mark.parametrize("container", ["object", "string"])
@pytest.mark.parametrize("name", sorted(_label_consumers()))
def test_missing_class_labels_are_counted_not_sorted(name, container):
    # NumPy cannot sort None among text, nor can pandas compare its pd.NA (the gap of a
    # 'string' column): a TypeError from inside them, unless refused first
    X = np.random.default_rng(0).normal(size=(60, 3))
    y = np.array(["yes", "no", None], dtype=object)[np.arange(60) % 3]
    if container == "string":
        y = pd.Series(y, dtype="string")
    with pytest.raises(ValueError, match=r"y has 20 missing label\(s\) .*first at row 2\)"):
        _label_consumers()[name](X, y)


@pytest.mark.parametrize("name", sorted(_label_consumers()))
def test_class_labels_of_types_that_do_not_sort_together_are_named(name):
    # NumPy's "'<' not supported between instances of 'int' and 'str'" had come first
    X = np.random.default_rng(0).normal(size=(60, 3))
    y = np.array(["yes", "no", 3], dtype=object)[np.arange(60) % 3]
    with pytest.raises(ValueError, match=r"y mixes class labels of types \['int', 'str'\]"):
        _label_consumers()[name](X, y)
    labels = np.empty(60, dtype=object)
    labels[:] = [{"a": 1}, {"b": 2}] * 30
    with pytest.raises(ValueError, match=r"y holds class labels of type dict, which do not sort"):
        _label_consumers()[name](X, labels)


def _mixed_frame():
    return pd.DataFrame(
        {
            "num": [1.5, np.nan, 3.0, 4.0, 0.5, 2.0],
            "count": [1, 2, 3, 4, 5, 6],
            "text": ["a", None, "b", "a", "c", "b"],
            "kind": pd.Categorical(["u", "v", "u", "u", "v", "v"]),
        }
    )


def test_polars_frame_is_read_as_its_pandas_equivalent():
    pl = pytest.importorskip("polars")
    from skmeta.utils._tabular import as_pandas_frame

    frame = _mixed_frame()
    polars = pl.DataFrame(
        {
            "num": [1.5, None, 3.0, 4.0, 0.5, 2.0],
            "count": [1, 2, 3, 4, 5, 6],
            "text": ["a", None, "b", "a", "c", "b"],
            "kind": pl.Series(["u", "v", "u", "u", "v", "v"], dtype=pl.Categorical),
        }
    )
    converted = as_pandas_frame(polars)
    assert list(converted.columns) == ["num", "count", "text", "kind"]
    assert isinstance(converted["kind"].dtype, pd.CategoricalDtype)
    assert converted["num"].isna().tolist() == frame["num"].isna().tolist()
    mine, theirs = check_tabular(polars), check_tabular(frame)
    assert mine.numeric_names == theirs.numeric_names == ["num", "count"]
    assert mine.categorical_names == theirs.categorical_names == ["text", "kind"]
    np.testing.assert_array_equal(mine.numeric, theirs.numeric)
    np.testing.assert_array_equal(mine.categorical, theirs.categorical)
    # declared by name, as for pandas
    declared = check_tabular(polars, categorical_features=["count", "text", "kind"])
    assert declared.categorical_names == ["count", "text", "kind"]
    with pytest.raises(TypeError, match=r"LazyFrame.*collect"):
        as_pandas_frame(polars.lazy())


def test_arrow_table_is_read_as_its_pandas_equivalent():
    try:  # (pyarrow 26 refuses NumPy 1.x at import: an ImportError, not a missing module)
        import pyarrow as pa
    except ImportError as exc:
        pytest.skip(f"no working pyarrow: {exc}")
    from skmeta.utils._tabular import as_pandas_frame

    frame = _mixed_frame()
    table = pa.Table.from_pandas(frame, preserve_index=False)
    converted = as_pandas_frame(table)
    assert list(converted.columns) == list(frame.columns)
    assert isinstance(converted["kind"].dtype, pd.CategoricalDtype)
    mine, theirs = check_tabular(table), check_tabular(frame)
    np.testing.assert_array_equal(mine.numeric, theirs.numeric)
    np.testing.assert_array_equal(mine.categorical, theirs.categorical)
    array = pa.array([1.0, 2.0])  # one column, not a table: left alone
    assert as_pandas_frame(array) is array
