import warnings

import numpy as np
import pytest
from joblib import Parallel, delayed
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_info

import skmeta
from skmeta.utils._parallel import one_thread_per_fit


def _threads():
    """The most threads any BLAS / OpenMP pool of this process may use."""
    return max((p["num_threads"] for p in threadpool_info()), default=1)


def _thread_score(estimator, X, y):
    return float(_threads())


def test_one_thread_per_fit_here_and_in_the_workers():
    before = _threads()
    with one_thread_per_fit():
        assert _threads() == 1
        assert Parallel(n_jobs=2)(delayed(_threads)() for _ in range(2)) == [1, 1]
    assert _threads() == before


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_candidates_are_cross_validated_on_one_thread(n_jobs):
    # multithreaded BLAS can round differently with another number of threads: every
    # candidate's folds run on one, for any n_jobs, so that n_jobs changes no result
    X, y = load_breast_cancer(return_X_y=True)
    search = skmeta.MetaSearchCV(
        LogisticRegression(max_iter=20), n_iter=3, n_jobs=n_jobs, scoring=_thread_score, cv=2
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        search.fit(X, y)
    np.testing.assert_array_equal(search.cv_results_["mean_test_score"], 1.0)

    clf = skmeta.MetaDefaultClassifier(
        LogisticRegression(max_iter=20), n_candidates=2, n_jobs=n_jobs, cv=2, scoring=_thread_score
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf.fit(X, y)
    assert [c["cv_score"] for c in clf.candidates_] == [1.0, 1.0]


def test_one_thread_per_fit_leaves_the_callers_backend_as_it_was():
    from joblib import parallel_config
    from joblib.parallel import get_active_backend

    with parallel_config("loky", n_jobs=2):
        mine, _ = get_active_backend()
        before = mine.inner_max_num_threads
        with one_thread_per_fit():
            assert Parallel()(delayed(_threads)() for _ in range(2)) == [1, 1]
        assert get_active_backend()[0] is mine
        assert mine.inner_max_num_threads == before
