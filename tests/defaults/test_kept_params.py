"""Search-space parameters the user sets away from scikit-learn's defaults are kept."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_iris, make_regression
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import RandomizedSearchCV
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skmeta import MetaDefaultClassifier, MetaPrior, MetaSearchCV, suggest
from skmeta.defaults import MetaDefaultRegressor
from skmeta.knowledge import build_knowledge
from skmeta.tasks import Task, load_sklearn_dataset


@pytest.fixture(scope="module")
def kb():
    tasks = [load_sklearn_dataset(n) for n in ("wine", "breast_cancer", "digits")]
    for i in range(2):
        X, y = make_regression(120, 4 + i, noise=3.0, random_state=i)
        tasks.append(Task(X, y, name=f"reg{i}", kind="regression"))
    return build_knowledge(tasks, ["k_neighbors", "linear"], n_configs=8, verbose=0)


@pytest.fixture(scope="module")
def iris():
    return load_iris(return_X_y=True)


def test_meta_default_keeps_what_the_estimator_sets(kb, iris):
    X, y = iris
    knn = KNeighborsClassifier(weights="distance", leaf_size=10)  # leaf_size: not searched
    clf = MetaDefaultClassifier(knn, knowledge=kb, n_candidates=4).fit(X, y)
    assert clf.kept_params_ == {"weights": "distance"}
    params = [c["params"] for c in clf.candidates_]
    assert all(p["weights"] == "distance" for p in params)
    assert len({repr(sorted(p.items())) for p in params}) == len(params) == 4
    table = kb.configs("k_neighbors/classification")
    # the other parameters come from the knowledge's configurations
    assert all(
        any(p["n_neighbors"] == t["n_neighbors"] and p["p"] == t["p"] for t in table)
        for p in params
    )
    assert clf.estimator_.weights == "distance"
    assert clf.estimator_.leaf_size == 10
    assert knn.get_params()["weights"] == "distance"  # untouched
    # without such settings, nothing is kept and the configurations are the stored ones
    plain = MetaDefaultClassifier(KNeighborsClassifier(n_neighbors=5), knowledge=kb).fit(X, y)
    assert plain.kept_params_ == {}
    assert plain.suggested_params_ in table


def test_a_pipelines_final_step_keeps_its_settings(kb, iris):
    X, y = iris
    pipe = make_pipeline(StandardScaler(), KNeighborsClassifier(p=1))
    clf = MetaDefaultClassifier(pipe, knowledge=kb).fit(X, y)
    assert clf.kept_params_ == {"p": 1}
    assert clf.estimator_[-1].p == 1
    assert clf.suggested_params_["p"] == 1


def test_configurations_that_then_coincide_count_once(kb):
    X, y = make_regression(100, 4, noise=1.0, random_state=5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # unscaled columns
        reg = MetaDefaultRegressor(Ridge(alpha=2.0), knowledge=kb, n_candidates=4).fit(X, y)
    assert reg.kept_params_ == {"alpha": 2.0}
    assert [c["params"] for c in reg.candidates_] == [{"alpha": 2.0}]
    assert reg.estimator_.alpha == 2.0


def test_suggest_keeps_them_in_every_configuration(kb, iris):
    X, y = iris
    s = suggest(X, y, KNeighborsClassifier(weights="distance"), k=5, knowledge=kb)
    assert s.kept_params == {"weights": "distance"}
    assert len(s) == 5
    assert all(c["weights"] == "distance" for c in s)
    assert len({repr(sorted(c.items())) for c in s}) == 5
    # the ranking is the plain one (none coincide here), with the kept value set;
    # predicted scores are those of the stored configurations they come from
    plain = suggest(X, y, KNeighborsClassifier(), k=5, knowledge=kb)
    assert list(s) == [{**c, "weights": "distance"} for c in plain]
    assert s.predicted_scores == plain.predicted_scores


def test_meta_prior_leaves_kept_parameters_to_the_search(kb, iris):
    X, y = iris
    prior = MetaPrior(make_pipeline(StandardScaler(), KNeighborsClassifier(p=1)), knowledge=kb)
    prior.fit(X, y)
    assert prior.kept_params_ == {"p": 1}
    assert sorted(prior.param_distributions_) == [
        "kneighborsclassifier__n_neighbors",
        "kneighborsclassifier__weights",
    ]
    search = RandomizedSearchCV(
        prior.estimator, prior.param_distributions_, n_iter=3, cv=3, random_state=0
    ).fit(X, y)
    assert search.best_estimator_[-1].p == 1


def test_meta_search_tunes_only_the_other_parameters(kb, iris):
    X, y = iris
    search = MetaSearchCV(
        KNeighborsClassifier(weights="distance"), knowledge=kb, n_iter=12, cv=3, random_state=0
    ).fit(X, y)
    assert search.kept_params_ == {"weights": "distance"}
    params = search.cv_results_["params"]
    assert len(params) == 12
    assert all("weights" not in p for p in params)
    assert search.best_estimator_.weights == "distance"
    # no knowledge configuration is run twice
    table = [p for p, s in zip(params, search.candidate_sources_, strict=True) if s != "prior"]
    assert len({repr(sorted(p.items())) for p in table}) == len(table)


def test_meta_search_with_every_parameter_kept_evaluates_that_one(kb):
    X, y = make_regression(100, 4, noise=1.0, random_state=5)
    with pytest.warns(UserWarning, match=r"every parameter of its search space \(\['alpha'\]\)"):
        search = MetaSearchCV(
            make_pipeline(StandardScaler(), Ridge(alpha=2.0)), knowledge=kb, n_iter=5, cv=3
        ).fit(X, y)
    assert search.cv_results_["params"] == [{}]
    assert search.best_estimator_[-1].alpha == 2.0
    assert np.isfinite(search.best_score_)


def test_meta_search_runs_configurations_that_coincide_once(kb, iris):
    X, y = iris
    est = make_pipeline(StandardScaler(), LogisticRegression(C=3.0))
    search = MetaSearchCV(est, knowledge=kb, n_iter=6, cv=3, random_state=0)
    # with C kept, the table's configurations differ only in class_weight: the
    # search has no more than those to evaluate, and says so
    with pytest.warns(UserWarning, match="fewer than n_iter=6"):
        search.fit(X, y)
    table = kb.configs("linear/classification")
    distinct = {c["class_weight"] for c in table}
    sources = list(search.candidate_sources_)
    assert sources.count("warm") + sources.count("adaptive") == len(distinct) == len(sources)
    params = search.cv_results_["params"]
    assert len({repr(sorted(p.items())) for p in params}) == len(distinct)
    assert all(set(p) == {"logisticregression__class_weight"} for p in params)
    assert search.best_estimator_[-1].C == 3.0
