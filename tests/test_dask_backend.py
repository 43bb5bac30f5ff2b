"""Beyond one machine: the parallel code runs on a dask cluster through joblib's
backend, with the same results as on one core."""

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.neighbors import KNeighborsClassifier

from skmeta import MetaDefaultClassifier, MetaSearchCV
from skmeta.fewshot import MetaSGDRegressor, ReptileClassifier


@pytest.fixture(scope="module")
def dask_backend():
    distributed = pytest.importorskip("dask.distributed")
    from joblib import parallel_backend

    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False) as cluster,
        distributed.Client(cluster),
    ):
        yield lambda: parallel_backend("dask")


def _family(seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(400, 3))
    groups = np.repeat(np.arange(20), 20)
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.1 * groups
    return X, y, groups


@pytest.mark.parametrize("cls", [MetaSGDRegressor, ReptileClassifier])
def test_meta_training_on_dask_equals_serial(dask_backend, cls):
    X, y, groups = _family()
    if cls is ReptileClassifier:
        y = (y > np.median(y)).astype(int)
    params = dict(hidden_layer_sizes=(8,), n_iter=20, meta_batch_size=8, random_state=0)
    serial = cls(**params).fit(X, y, groups)
    with dask_backend():
        distributed = cls(**params, n_jobs=-1).fit(X, y, groups)
    for a, b in zip(serial.start_.params, distributed.start_.params, strict=True):
        np.testing.assert_array_equal(a, b)


def test_meta_search_on_dask_equals_serial(dask_backend):
    X, y = load_iris(return_X_y=True)
    serial = MetaSearchCV(KNeighborsClassifier(), n_iter=5, cv=3, random_state=0).fit(X, y)
    with dask_backend():
        search = MetaSearchCV(KNeighborsClassifier(), n_iter=5, cv=3, random_state=0, n_jobs=-1)
        search.fit(X, y)
    np.testing.assert_array_equal(
        search.cv_results_["mean_test_score"], serial.cv_results_["mean_test_score"]
    )
    assert search.cv_results_["params"] == serial.cv_results_["params"]


def test_few_shot_selection_on_dask_equals_serial(dask_backend):
    X, y = load_iris(return_X_y=True)
    serial = MetaDefaultClassifier(KNeighborsClassifier(), n_candidates=3, cv=3).fit(X, y)
    with dask_backend():
        model = MetaDefaultClassifier(KNeighborsClassifier(), n_candidates=3, cv=3, n_jobs=-1)
        model.fit(X, y)
    assert [c["cv_score"] for c in model.candidates_] == [c["cv_score"] for c in serial.candidates_]
    assert model.suggested_params_ == serial.suggested_params_
