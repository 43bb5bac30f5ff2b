"""Hand-checkable golden values on tiny datasets (see each comment for the arithmetic)."""

import math

import numpy as np
import pandas as pd
import pytest
import scipy.stats

from skmeta.metafeatures import compute_metafeatures, list_metafeatures
from skmeta.metafeatures._prepare import prepare_task
from skmeta.metafeatures._statistical import column_moments
from skmeta.utils._tabular import check_tabular

TINY = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], "c": ["a", "a", "b", "b"]})


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("NumberOfInstances", 4),
        ("NumberOfFeatures", 3),  # 2 attributes + the target
        ("NumberOfNumericFeatures", 1),
        ("NumberOfSymbolicFeatures", 2),  # c and the nominal target
        ("NumberOfBinaryFeatures", 2),  # c has 2 values, the target 2 classes
        ("PercentageOfSymbolicFeatures", 100 * 2 / 3),
        ("Dimensionality", 3 / 4),
        ("NumberOfClasses", 2),
        ("MajorityClassSize", 2),
        ("MinorityClassPercentage", 50),
        ("ClassEntropy", 1.0),
        ("AutoCorrelation", 2 / 3),  # pairs (0,0) (0,1) (1,1): 2 of 3 equal
        ("MeanNominalAttDistinctValues", 2),
        ("NumberOfFeaturesAfterBinarization", 3),  # x, c=a, c=b
        ("MeanMeansOfNumericAtts", 2.5),
        ("MeanStdDevOfNumericAtts", math.sqrt(5 / 3)),
        ("MeanSkewnessOfNumericAtts", 0.0),
        # G2 of 1..4: g2 = 2.5625 / 1.25**2 - 3 = -1.36; ((n+1) g2 + 6)(n-1)/((n-2)(n-3))
        ("MeanKurtosisOfNumericAtts", -1.2),
        ("MeanAttributeEntropy", 1.0),
        ("MeanMutualInformation", 1.0),  # c determines y
        ("EquivalentNumberOfAtts", 1.0),
        ("MeanNoiseToSignalRatio", 0.0),
    ],
)
def test_golden_values_tiny(name, expected):
    mf = compute_metafeatures(TINY, [0, 0, 1, 1])
    assert mf[name] == pytest.approx(expected, abs=1e-12)


def test_golden_values_independent_attribute():
    # c = a a b b, y = 0 1 0 1: c says nothing about y
    mf = compute_metafeatures(TINY, [0, 1, 0, 1])
    assert mf["MeanMutualInformation"] == pytest.approx(0.0, abs=1e-12)
    assert math.isnan(mf["EquivalentNumberOfAtts"])  # ClassEntropy / 0 is undefined
    assert mf["AutoCorrelation"] == 0.0


def test_golden_values_with_missing():
    X = pd.DataFrame({"x": [1.0, np.nan, 3.0, 4.0, 5.0], "c": ["a", "a", None, "b", "b"]})
    mf = compute_metafeatures(X, [0, 0, 1, 1, 1])
    assert mf["NumberOfMissingValues"] == 2
    assert mf["NumberOfInstancesWithMissingValues"] == 2
    assert mf["PercentageOfMissingValues"] == pytest.approx(100 * 2 / (5 * 3))
    assert mf["PercentageOfInstancesWithMissingValues"] == pytest.approx(40.0)
    assert mf["MeanMeansOfNumericAtts"] == pytest.approx(13 / 4)  # mean of 1, 3, 4, 5
    assert mf["MeanAttributeEntropy"] == pytest.approx(1.0)  # a a b b once None is dropped
    # on the rows where c is present, c = a a b b and y = 0 0 1 1
    assert mf["MeanMutualInformation"] == pytest.approx(1.0)


def test_constant_column_and_single_class_are_well_defined():
    X = pd.DataFrame({"const": [7.0] * 5, "x": [1.0, 2.0, 4.0, 8.0, 16.0], "k": ["z"] * 5})
    mf = compute_metafeatures(X, ["only"] * 5)
    assert mf["MinStdDevOfNumericAtts"] == 0.0
    # the constant column has no skewness (left out, as on OpenML); x = 1, 2, 4, 8, 16
    assert mf["MinSkewnessOfNumericAtts"] == mf["MaxSkewnessOfNumericAtts"]
    assert mf["MaxSkewnessOfNumericAtts"] == pytest.approx(
        scipy.stats.skew([1.0, 2, 4, 8, 16], bias=False)
    )
    _mean, std, skew, kurt = column_moments(X[["const"]].to_numpy())
    assert std[0] == 0.0
    assert np.isnan(skew[0])
    assert np.isnan(kurt[0])
    assert mf["NumberOfClasses"] == 1
    assert mf["ClassEntropy"] == 0.0
    assert mf["MinAttributeEntropy"] == 0.0
    assert mf["MaxMutualInformation"] == 0.0
    defined = [
        k for k in list_metafeatures() if not k.startswith(("Target", "Equivalent", "MeanNoise"))
    ]
    assert all(np.isfinite(mf[k]) for k in defined)


def test_moments_match_scipy_bias_corrected():
    rng = np.random.default_rng(0)
    A = rng.lognormal(size=(200, 6))
    A[rng.random(A.shape) < 0.1] = np.nan
    mean, std, skew, kurt = column_moments(A)
    for j in range(A.shape[1]):
        col = A[~np.isnan(A[:, j]), j]
        assert mean[j] == pytest.approx(col.mean())
        assert std[j] == pytest.approx(col.std(ddof=1))
        assert skew[j] == pytest.approx(scipy.stats.skew(col, bias=False))
        assert kurt[j] == pytest.approx(scipy.stats.kurtosis(col, bias=False))


@pytest.mark.parametrize("shape", [(7, 3), (70_000, 3), (5_000, 40), (4, 20_000)])
@pytest.mark.parametrize("order", ["C", "F"])
def test_moments_blocked_pass_matches_scipy(shape, order):
    # complete data of several blocks, in both memory layouts (a DataFrame's to_numpy
    # is F-ordered); and the same with complete=False forced (the NaN-aware path)
    rng = np.random.default_rng(1)
    A = np.asarray(rng.gamma(2.0, size=shape) * 3.0 + 1.0, order=order)
    for complete in (None, False):
        mean, std, skew, kurt = column_moments(A, complete)
        np.testing.assert_allclose(mean, A.mean(axis=0), rtol=1e-12)
        np.testing.assert_allclose(std, A.std(axis=0, ddof=1), rtol=1e-10)
        np.testing.assert_allclose(skew, scipy.stats.skew(A, axis=0, bias=False), rtol=1e-8)
        np.testing.assert_allclose(kurt, scipy.stats.kurtosis(A, axis=0, bias=False), rtol=1e-8)


def test_numeric_input_is_not_copied_or_modified():
    X = np.random.default_rng(0).normal(size=(50, 4))
    before = X.copy()
    data = check_tabular(X)
    assert np.shares_memory(data.numeric, X)
    assert not data.numeric.flags.writeable
    assert data.numeric_complete
    X[0, 0] = np.nan
    assert not check_tabular(X).numeric_complete
    X[0, 0] = before[0, 0]
    compute_metafeatures(X, np.arange(50) % 2)
    np.testing.assert_array_equal(X, before)


def test_a_float_dataframe_is_not_copied_or_modified():
    # its block is read in place: the meta-features of a large frame add a fraction
    # of its size, not a copy (0.07x instead of 1.1x on 200,000 x 50 floats)
    import pandas as pd

    frame = pd.DataFrame(np.random.default_rng(0).normal(size=(60, 4)), columns=list("abcd"))
    frame.iloc[3, 1] = np.nan
    before = frame.copy()
    data = check_tabular(frame)
    assert np.shares_memory(data.numeric, frame.to_numpy(copy=False))
    assert not data.numeric.flags.writeable
    compute_metafeatures(frame, np.arange(60) % 2, groups="all")
    pd.testing.assert_frame_equal(frame, before)


def test_a_dataframes_float_block_is_read_in_place_beside_its_text_columns():
    # a table of numbers and text: its numbers are not copied into an array as wide
    # as the table (1.48x the input on 200,000 x 50 with 10 text columns, before)
    import pandas as pd

    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.normal(size=(60, 4)), columns=list("abcd"))
    frame["t"] = rng.choice(["x", "y"], 60)
    frame["u"] = pd.Categorical(rng.choice(["p", "q", "r"], 60))
    frame.iloc[3, 1] = np.nan
    before = frame.copy()
    data = check_tabular(frame)
    if np.shares_memory(frame.iloc[:, :4].to_numpy(copy=False), frame["a"].to_numpy()):
        # (pandas 3 gives views of the block; pandas 2 copies the columns it selects)
        assert np.shares_memory(data.numeric, frame["a"].to_numpy())
    assert not data.numeric.flags.writeable
    # the same description as the columns in an array and a frame of the text alone
    alone = check_tabular(frame[list("abcd")].to_numpy().copy())
    np.testing.assert_array_equal(data.numeric, alone.numeric)
    assert data.numeric_complete is alone.numeric_complete is False
    np.testing.assert_array_equal(data.categorical, check_tabular(frame[["t", "u"]]).categorical)
    # (to rounding: a copy may lay the numbers out otherwise in memory, which changes
    # the last digits of NumPy's sums)
    in_place = compute_metafeatures(frame, np.arange(60) % 2, groups="all")
    copied = compute_metafeatures(before, np.arange(60) % 2, groups="all")
    assert in_place.keys() == copied.keys()
    np.testing.assert_allclose(
        list(in_place.values()), [copied[k] for k in in_place], rtol=1e-12, equal_nan=True
    )
    pd.testing.assert_frame_equal(frame, before)


def test_regression_targets():
    X = np.arange(20.0).reshape(10, 2)
    y = np.array([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 100])
    mf = compute_metafeatures(X, y, kind="regression")
    assert mf["NumberOfClasses"] == 0
    assert mf["NumberOfNumericFeatures"] == 3  # the numeric target counts, as on OpenML
    assert math.isnan(mf["ClassEntropy"])
    assert mf["TargetMean"] == pytest.approx(y.mean())
    assert mf["TargetSkewness"] == pytest.approx(scipy.stats.skew(y, bias=False))
    assert mf["TargetAutoCorrelation"] == pytest.approx(np.corrcoef(y[:-1], y[1:])[0, 1])


def test_all_groups_and_order_are_stable():
    mf = compute_metafeatures(TINY, [0, 0, 1, 1], groups="all")
    assert list(mf) == list_metafeatures("all")
    mf2 = compute_metafeatures(TINY, [0, 0, 1, 1], groups=["info-theory", "general"])
    assert list(mf2) == list_metafeatures(["general", "info-theory"])


def test_prepared_intermediates_reused():
    prepared = prepare_task(TINY, [0, 0, 1, 1])
    np.testing.assert_array_equal(prepared.class_counts, [2, 2])
    assert prepared.kind == "classification"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"groups": ["nope"]}, "Unknown meta-feature group"),
        ({"groups": []}, "groups is empty"),
        ({"kind": "ranking"}, "kind must be"),
    ],
)
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        compute_metafeatures(TINY, [0, 0, 1, 1], **kwargs)


def test_y_required():
    with pytest.raises(ValueError, match="y is required"):
        compute_metafeatures(TINY)
