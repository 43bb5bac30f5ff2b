"""Cross-check a few meta-features against pymfe (skipped when pymfe is not installed)."""

import numpy as np
import pytest

from skmeta.metafeatures import compute_metafeatures
from skmeta.tasks import Task

pymfe_mfe = pytest.importorskip("pymfe.mfe")


def test_agrees_with_pymfe_on_mixed_data():
    rng = np.random.default_rng(0)
    n = 300
    num = rng.lognormal(size=(n, 4))
    cat = rng.integers(0, 4, size=(n, 3)).astype(float)
    y = (num[:, 0] + cat[:, 0] + rng.normal(size=n) > 3).astype(int)
    X = np.hstack([num, cat])
    mask = [False] * 4 + [True] * 3
    mfe = pymfe_mfe.MFE(
        groups=["general", "statistical", "info-theory"], summary=["mean", "max"], random_state=0
    )
    mfe.fit(
        X, y, cat_cols=[4, 5, 6], transform_num=False, transform_cat=None, suppress_warnings=True
    )
    theirs = dict(zip(*mfe.extract(suppress_warnings=True), strict=True))
    ours = compute_metafeatures(Task(X, y, categorical_features=mask))
    pairs = {
        "nr_inst": ours["NumberOfInstances"],
        "nr_cat": ours["NumberOfSymbolicFeatures"] - 1,  # pymfe does not count the target
        "nr_num": ours["NumberOfNumericFeatures"],
        "class_ent": ours["ClassEntropy"],
        "attr_ent.mean": ours["MeanAttributeEntropy"],
        "attr_ent.max": ours["MaxAttributeEntropy"],
        "mean.mean": ours["MeanMeansOfNumericAtts"],
        "sd.max": ours["MaxStdDevOfNumericAtts"],
    }
    for key, value in pairs.items():
        assert theirs[key] == pytest.approx(value, rel=1e-9), key
    # pymfe's mutual information differs from OpenML's in the last digits
    assert theirs["mut_inf.mean"] == pytest.approx(ours["MeanMutualInformation"], rel=1e-3)
