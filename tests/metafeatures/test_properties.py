"""Property tests: permutation invariance, determinism, batch = single, n_jobs, references."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats

from skmeta.metafeatures import (
    compute_metafeatures,
    compute_metafeatures_batch,
    list_metafeatures,
)
from skmeta.metafeatures._infotheory import nominal_entropies
from skmeta.metafeatures._prepare import summarize
from skmeta.tasks import Task, load_sklearn_dataset

ORDER_DEPENDENT = {"AutoCorrelation", "TargetAutoCorrelation"}


def _mixed_frame(seed, n=60):
    rng = np.random.default_rng(seed)
    X = pd.DataFrame(
        {
            "a": rng.normal(size=n),
            "b": rng.exponential(size=n),
            "c": rng.choice(["u", "v", "w"], size=n),
            "d": rng.integers(0, 2, size=n).astype(bool),
        }
    )
    X.loc[rng.random(n) < 0.1, "a"] = np.nan
    X.loc[rng.random(n) < 0.1, "c"] = None
    y = rng.choice(["p", "q", "r"], size=n)
    return X, y


def _assert_same(a, b, skip=()):
    for k in a:
        if k in skip:
            continue
        if np.isnan(a[k]):
            assert np.isnan(b[k]), k
        else:
            assert b[k] == pytest.approx(a[k], rel=1e-9, abs=1e-12), k


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_row_permutation_leaves_metafeatures_unchanged(seed):
    X, y = _mixed_frame(seed)
    perm = np.random.default_rng(seed + 1).permutation(len(y))
    a = compute_metafeatures(X, y)
    b = compute_metafeatures(X.iloc[perm].reset_index(drop=True), y[perm])
    _assert_same(a, b, skip=ORDER_DEPENDENT)


def test_same_seed_same_output_and_landmarking_seeded():
    X, y = _mixed_frame(3)
    a = compute_metafeatures(X, y, groups="all", random_state=7)
    b = compute_metafeatures(X, y, groups="all", random_state=7)
    _assert_same(a, b)
    # a seed that cannot seed is refused, also when no landmarker would use it
    with pytest.raises(ValueError, match=r"'x' cannot be used to seed"):
        compute_metafeatures(X, y, random_state="x")


def _slow_entropies(codes, y, n_classes):
    """Per-column reference with explicit loops (kept only in the tests)."""
    ent, mi = [], []
    for j in range(codes.shape[1]):
        keep = codes[:, j] >= 0
        x, yy = codes[keep, j], y[keep]

        def h(values):
            _, counts = np.unique(values, return_counts=True, axis=0)
            p = counts / counts.sum()
            return float(-(p * np.log2(p)).sum()) if len(values) else 0.0

        ent.append(h(x))
        mi.append(h(x) + h(yy) - h(np.column_stack([x, yy])) if len(x) else 0.0)
    return np.array(ent), np.array(mi)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 40), k=st.integers(1, 6))
def test_batched_entropies_equal_per_column_reference(seed, n, k):
    rng = np.random.default_rng(seed)
    n_levels_max = rng.integers(1, 5, size=k)
    codes = np.column_stack([rng.integers(-1, m, size=n) for m in n_levels_max])
    # re-code densely so that codes are 0..L-1 as check_tabular produces
    levels = np.zeros(k, dtype=np.int64)
    for j in range(k):
        present = np.unique(codes[codes[:, j] >= 0, j])
        lookup = {v: i for i, v in enumerate(present)}
        codes[:, j] = [lookup.get(v, -1) for v in codes[:, j]]
        levels[j] = present.size
    y = rng.integers(0, 3, size=n)
    ent, mi = nominal_entropies(codes, levels, y, 3)
    ref_ent, ref_mi = _slow_entropies(codes, y, 3)
    np.testing.assert_allclose(ent, ref_ent, atol=1e-12)
    np.testing.assert_allclose(mi, ref_mi, atol=1e-12)


def test_batch_matches_single_and_n_jobs_do_not_change_results():
    tasks = [load_sklearn_dataset(n) for n in ("iris", "wine", "diabetes")]
    X, y = _mixed_frame(5)
    tasks.append(Task(X, y, name="mixed"))
    one = compute_metafeatures_batch(tasks, groups="all", n_jobs=1, random_state=0)
    two = compute_metafeatures_batch(tasks, groups="all", n_jobs=2, random_state=0)
    pd.testing.assert_frame_equal(one, two)
    assert list(one.columns) == list_metafeatures("all")
    single = compute_metafeatures(tasks[3], groups=["general", "statistical"])
    for k, v in single.items():
        assert one.loc["mixed", k] == pytest.approx(v, nan_ok=True)


def test_batch_rejects_empty_task_list():
    with pytest.raises(ValueError, match="empty"):
        compute_metafeatures_batch([])


def test_batch_names_what_is_not_a_task_and_takes_one_task():
    iris = load_sklearn_dataset("iris")
    with pytest.raises(TypeError, match=r"must hold Task objects.*entry 1 is a tuple"):
        compute_metafeatures_batch([iris, (iris.X, iris.y)])
    with pytest.raises(TypeError, match=r"sequence of Task.*got str"):
        compute_metafeatures_batch("iris")
    assert compute_metafeatures_batch(iris).index.tolist() == ["iris"]
    assert compute_metafeatures_batch(t for t in [iris]).index.tolist() == ["iris"]


def test_batch_refuses_tasks_of_the_same_name():
    # they had come out as rows of one repeated index entry, which .loc cannot tell apart
    iris = load_sklearn_dataset("iris")
    with pytest.raises(ValueError, match=r"unique to index the table; repeated: \['iris'\]"):
        compute_metafeatures_batch([iris, iris])


def test_never_nan_where_defined_on_builtin_data():
    for name in ("iris", "wine", "breast_cancer", "digits"):
        mf = compute_metafeatures(load_sklearn_dataset(name), groups=["general", "statistical"])
        assert all(np.isfinite(v) for v in mf.values()), name


@settings(max_examples=80, deadline=None)
@given(
    values=st.lists(st.one_of(st.floats(-1e6, 1e6), st.just(float("nan"))), min_size=0, max_size=25)
)
def test_summaries_equal_numpy_weibull_percentiles(values):
    values = np.array(values, dtype=np.float64)
    out = summarize(values, "X")
    present = values[~np.isnan(values)]
    if present.size == 0:
        assert all(np.isnan(v) for v in out.values())
        return
    q1, q2, q3 = np.percentile(present, [25, 50, 75], method="weibull")
    expected = [present.min(), q1, q2, present.mean(), q3, present.max()]
    got = [out[f"{p}X"] for p in ("Min", "Quartile1", "Quartile2", "Mean", "Quartile3", "Max")]
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize("fmt", ["csr", "csc", "coo"])
@pytest.mark.parametrize("kind", ["classification", "regression"])
def test_a_sparse_matrix_gets_the_metafeatures_of_its_dense_self(fmt, kind):
    from scipy import sparse

    rng = np.random.default_rng(1)
    A = rng.lognormal(size=(200, 9)) * (rng.uniform(size=(200, 9)) < 0.3)
    A[[4, 9, 9], [1, 1, 7]] = np.nan  # stored NaN: missing
    A[:, 3] = 0.0  # constant, all implicit
    A[:, 5] = 2.5  # constant, all stored
    A[:, 6] = 1e6 + rng.normal(size=200)  # large mean: moments about the mean
    y = rng.integers(0, 3, 200) if kind == "classification" else rng.normal(size=200)
    X = sparse.csr_matrix(A).asformat(fmt)
    dense = compute_metafeatures(A, y, kind=kind, groups="all")
    got = compute_metafeatures(X, y, kind=kind, groups="all")
    assert list(got) == list(dense)
    for name, value in dense.items():
        assert got[name] == pytest.approx(value, rel=1e-9, abs=1e-12, nan_ok=True), name
    assert dense["NumberOfMissingValues"] == 3
    assert dense["NumberOfInstancesWithMissingValues"] == 2


SCALED = {"MeansOfNumericAtts", "StdDevOfNumericAtts"}


@pytest.mark.parametrize("power", [-300, -120, -40, 40, 120, 300])
@pytest.mark.parametrize("layout", ["dense", "missing", "sparse"])
def test_metafeatures_do_not_change_with_the_scale_of_the_columns(power, layout):
    """Only the means and standard deviations scale; the moments of columns of values
    near 1e300 or 1e-300 neither overflow nor read as constant, without warnings."""
    from scipy import sparse

    rng = np.random.default_rng(2)
    A = np.c_[rng.lognormal(size=(120, 3)), rng.normal(size=(120, 2)), np.full(120, 2.0)]
    if layout == "missing":
        A[[3, 8], [0, 4]] = np.nan
    if layout == "sparse":
        A[rng.uniform(size=A.shape) < 0.5] = 0.0
    y = A[:, 0] * 2 + rng.normal(size=120)
    y = np.nan_to_num(y)
    c = 10.0**power
    wrap = sparse.csr_matrix if layout == "sparse" else np.asarray
    base = compute_metafeatures(wrap(A), y, kind="regression")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scaled_x = compute_metafeatures(wrap(A * c), y, kind="regression")
        scaled_y = compute_metafeatures(wrap(A), y * c, kind="regression")
    for name, value in base.items():
        if any(name.endswith(stem) for stem in SCALED):
            assert scaled_x[name] == pytest.approx(value * c, rel=1e-9, nan_ok=True), name
        else:
            assert scaled_x[name] == pytest.approx(value, rel=1e-9, abs=1e-12, nan_ok=True), name
        if name in ("TargetMean", "TargetStdDev"):
            assert scaled_y[name] == pytest.approx(value * c, rel=1e-9), name
        elif name.startswith("Target"):
            assert scaled_y[name] == pytest.approx(value, rel=1e-9, abs=1e-12), name


@pytest.mark.parametrize("power", [-307, 307])
def test_every_group_takes_values_whose_sums_overflow_or_whose_squares_vanish(power):
    # iris times 1e307: column sums overflow (a NumPy RuntimeWarning in reading X), and
    # the landmarks' naive Bayes had returned NaN probabilities (roc_auc_score's "Input
    # contains NaN"); times 1e-307 its variances vanish
    iris = load_sklearn_dataset("iris")
    X, y = iris.X.to_numpy(), iris.y
    base = compute_metafeatures(X, y, groups="all", random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scaled = compute_metafeatures(X * 10.0**power, y, groups="all", random_state=0)
        target = compute_metafeatures(X[:, 1:], X[:, 0] * 10.0**power, groups="all")
    for name, value in base.items():
        if not any(name.endswith(stem) for stem in SCALED):
            assert scaled[name] == pytest.approx(value, rel=1e-6, abs=1e-9, nan_ok=True), name
    assert np.isfinite(target["TargetStdDev"])


@pytest.mark.parametrize("layout", ["dense", "fortran", "missing", "sparse"])
def test_a_constant_column_is_constant_whatever_its_value(layout):
    """Summing 10,000 copies of 0.1 is not exact: the moments must still see a constant
    column (std 0, no skewness or kurtosis), and a nearly constant one keeps its shape."""
    from scipy import sparse

    from skmeta.metafeatures._statistical import column_moments

    rng = np.random.default_rng(0)
    n = 10_000
    wiggle = rng.normal(size=n)
    A = np.c_[rng.normal(size=(n, 3)), np.full((n, 3), [0.1, 7.77, 2e40]), 1e6 + wiggle * 1e-3]
    if layout == "missing":
        A[[5, 50], [3, 6]] = np.nan
    X = {"fortran": np.asfortranarray, "sparse": sparse.csc_matrix}.get(layout, np.asarray)(A)
    mean, std, skew, kurt = column_moments(X)
    np.testing.assert_array_equal(mean[3:6], [0.1, 7.77, 2e40])
    np.testing.assert_array_equal(std[3:6], 0.0)
    assert np.isnan(skew[3:6]).all()
    assert np.isnan(kurt[3:6]).all()
    ref = wiggle if layout != "missing" else np.delete(wiggle, 50)
    assert skew[6] == pytest.approx(scipy_stats.skew(ref, bias=False), rel=1e-6)
    assert kurt[6] == pytest.approx(scipy_stats.kurtosis(ref, bias=False), rel=1e-6)
    assert std[6] == pytest.approx(np.std(ref, ddof=1) * 1e-3, rel=1e-6)
