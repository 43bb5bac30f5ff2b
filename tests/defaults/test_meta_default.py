import warnings
import weakref

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import load_breast_cancer, load_iris, make_regression
from sklearn.ensemble import StackingClassifier
from sklearn.exceptions import FitFailedWarning
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

import skmeta
from skmeta.defaults import (
    FarFromKnowledgeWarning,
    MetaDefaultClassifier,
    MetaDefaultRegressor,
    resolve_knowledge,
)
from skmeta.defaults._meta_default import final_step
from skmeta.knowledge import build_knowledge

from ._tasks import small_tasks


def assert_same_description(actual, desired):
    """The same meta-features, to rounding: a table's numbers read in place keep its
    memory layout, and NumPy's sums differ in the last digits between layouts."""
    assert actual.keys() == desired.keys()
    np.testing.assert_allclose(
        np.array([actual[k] for k in desired], dtype=float),
        np.array(list(desired.values()), dtype=float),
        rtol=1e-12,
        atol=0,
        equal_nan=True,
    )


@pytest.fixture(scope="module")
def kb():
    return build_knowledge(small_tasks(), ["k_neighbors", "linear"], n_configs=6, verbose=0)


def test_zero_shot_uses_the_top_ranked_configuration(kb):
    X, y = load_iris(return_X_y=True)
    est = KNeighborsClassifier()
    clf = MetaDefaultClassifier(est, knowledge=kb).fit(X, y)
    assert clf.suggested_params_ == clf.candidates_[0]["params"]
    assert clf.suggested_params_ in kb.configs("k_neighbors/classification")
    assert clf.estimator_.get_params()["n_neighbors"] == clf.suggested_params_["n_neighbors"]
    assert est.get_params() == KNeighborsClassifier().get_params()  # untouched
    assert clf.neighbors_[0][0] == "iris"  # the same data is its own nearest task
    assert clf.neighbors_[0][1] == pytest.approx(0.0, abs=1e-9)
    assert not clf.fallback_
    assert clf.metafeatures_["NumberOfInstances"] == 150
    assert clf.score(X, y) > 0.9
    assert clone(clf).get_params()["knowledge"] is not None
    # the fitted estimator's prediction methods, and only those
    np.testing.assert_array_equal(clf.predict_proba(X), clf.estimator_.predict_proba(X))
    for method in ("decision_function", "predict_log_proba"):  # k-NN has neither
        assert not hasattr(clf, method)
        assert not hasattr(MetaDefaultClassifier(est, knowledge=kb), method)  # nor before fit
    lr = MetaDefaultClassifier(LogisticRegression(), knowledge=kb).fit(X, y)
    np.testing.assert_array_equal(lr.predict_log_proba(X), lr.estimator_.predict_log_proba(X))
    np.testing.assert_array_equal(lr.decision_function(X), lr.estimator_.decision_function(X))


def test_few_shot_cross_validates_the_candidates(kb):
    X, y = load_breast_cancer(return_X_y=True)
    clf = MetaDefaultClassifier(KNeighborsClassifier(), knowledge=kb, n_candidates=3)
    clf.fit(X, y)
    scores = [c["cv_score"] for c in clf.candidates_]
    assert len(scores) == 3
    assert all(s is not None for s in scores)
    assert clf.suggested_params_ == clf.candidates_[int(np.argmax(scores))]["params"]


def test_far_from_the_knowledge_falls_back_to_the_default(kb):
    rng = np.random.default_rng(0)
    X = rng.lognormal(size=(60, 300)) * 1e6  # nothing like the known tasks
    y = rng.integers(0, 2, 60)
    near = MetaDefaultClassifier(KNeighborsClassifier(), knowledge=kb).fit(
        *load_iris(return_X_y=True)
    )
    threshold = near.distance_ratio_ + 1e-6  # iris is in the knowledge: ratio 0
    with pytest.warns(FarFromKnowledgeWarning, match="default configuration"):
        clf = MetaDefaultClassifier(
            KNeighborsClassifier(), knowledge=kb, max_distance_ratio=max(threshold, 0.5)
        ).fit(X, y)
    assert clf.distance_ratio_ > 0.5
    assert clf.fallback_
    assert clf.suggested_params_ == {"n_neighbors": 5, "weights": "uniform", "p": 2}


def test_regressor_and_pipeline_and_grid_search(kb):
    X, y = make_regression(200, 5, noise=2.0, random_state=5)
    reg = MetaDefaultRegressor(Ridge(), knowledge=kb)
    pipe = make_pipeline(StandardScaler(), reg).fit(X, y)
    assert pipe.score(X, y) > 0.9
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FarFromKnowledgeWarning)
        search = GridSearchCV(reg, {"n_candidates": [1, 2]}, cv=3).fit(X, y)
    assert search.best_params_["n_candidates"] in (1, 2)


def test_clear_errors(kb):
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match=r"no configurations for SVC.*covers"):
        MetaDefaultClassifier(SVC(), knowledge=kb).fit(X, y)
    # a regressor given to the classifier (and the other way): which one to use
    with pytest.raises(ValueError, match=r"Ridge is a regressor.*use MetaDefaultRegressor"):
        MetaDefaultClassifier(Ridge(), knowledge=kb).fit(X, y)
    with pytest.raises(ValueError, match=r"is a classifier.*use MetaDefaultClassifier"):
        MetaDefaultRegressor(LogisticRegression(), knowledge=kb).fit(X, y.astype(float))
    with pytest.raises(ValueError, match="only one class"):
        MetaDefaultClassifier(LogisticRegression(), knowledge=kb).fit(X, np.zeros(150))
    with pytest.raises(TypeError, match="knowledge must be"):
        resolve_knowledge(3.5)
    # the functions reject a one-class target as the estimators do
    with pytest.raises(ValueError, match="only one class"):
        skmeta.suggest(X, np.zeros(150), LogisticRegression(), knowledge=kb)
    with pytest.raises(ValueError, match="only one class"):
        skmeta.MetaPrior(LogisticRegression(), knowledge=kb).fit(X, np.zeros(150))
    with pytest.raises(ValueError, match="only one class"):
        skmeta.defaults.rank_families(X, np.zeros(150), knowledge=kb)
    # a y of another length is named as such, even when the rows it has hold one class
    for call in (
        lambda y: skmeta.suggest(X, y, LogisticRegression(), knowledge=kb),
        lambda y: skmeta.MetaPrior(LogisticRegression(), knowledge=kb).fit(X, y),
        lambda y: skmeta.defaults.rank_families(X, y, knowledge=kb),
        lambda y: skmeta.defaults.warm_started_model(X, y, knowledge=kb),
    ):
        for short in (y[:10], list(y[:60])):
            with pytest.raises(ValueError, match="X has 150 rows, y has"):
                call(short)
    with pytest.raises(ValueError, match="metric"):
        MetaDefaultClassifier(LogisticRegression(), knowledge=kb, metric="f1").fit(X, y)
    # badly shaped X: the meta-features' own message, for the families checked for scale
    for bad, match in ((X[:, 0], "2-D"), (X[:, :0], "0 columns"), (X[:0], "empty")):
        with pytest.raises(ValueError, match=match):
            skmeta.suggest(bad, y[: len(bad)], KNeighborsClassifier(), knowledge=kb)
    # MetaPrior checks its input as the estimators do, naming itself
    for bad, match in (
        (X[:, 0], "Expected 2D array"),
        (X[:, :0], "0 feature.*required by MetaPrior"),
        (X[:0], "empty"),
    ):
        with pytest.raises(ValueError, match=match):
            skmeta.MetaPrior(KNeighborsClassifier(), knowledge=kb).fit(bad, y[: len(bad)])


def test_an_estimator_that_is_not_one_is_named_before_any_work(kb):
    X, y = load_iris(return_X_y=True)
    with pytest.raises(TypeError, match=r"got str 'k_neighbors'.*family_estimator\('k_neighbors'"):
        skmeta.suggest(X, y, "k_neighbors", knowledge=kb)
    with pytest.raises(TypeError, match=r"an object with fit.*got int 3\."):
        skmeta.suggest(X, y, 3, knowledge=kb)
    with pytest.raises(ValueError, match=r"'estimator' parameter of MetaSearchCV must be"):
        skmeta.MetaSearchCV("k_neighbors", knowledge=kb).fit(X, y)


def test_selection_functions_check_their_settings_before_any_work(kb):
    import pandas as pd

    from skmeta.defaults import dates_as_days, family_estimator, rank_families

    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match=r"n_neighbors == 0, must be >= 1"):
        rank_families(X, y, knowledge=kb, n_neighbors=0)
    with pytest.raises(ValueError, match=r"'n_candidates' parameter of MetaDefaultClassifier"):
        skmeta.defaults.warm_started_model(X, y, knowledge=kb, n_candidates=0)
    for call in (
        lambda: skmeta.defaults.warm_started_model(X, y, knowledge=kb, random_state="x"),
        lambda: family_estimator("random_forest", "classification", random_state="x"),
    ):
        with pytest.raises(ValueError, match=r"'x' cannot be used to seed"):
            call()
    with pytest.raises(TypeError, match=r"column 'when' is \w+ \(read text as dates with pd"):
        dates_as_days(pd.DataFrame({"when": ["2024-03-01"]}))
    # a misspelt kind had been read as regression ("... but this is a regression task")
    for call in (
        lambda: rank_families(X, y, knowledge=kb, kind="clf"),
        lambda: skmeta.suggest(X, y, knowledge=kb, kind="classif"),
        lambda: skmeta.MetaPrior(KNeighborsClassifier(), knowledge=kb).fit(X, y, kind="clf"),
    ):
        with pytest.raises(ValueError, match=r"kind must be 'classification', 'regression' or"):
            call()
    with pytest.raises(ValueError, match=r"kind='regression' was given, but KNeighborsClassifier"):
        skmeta.suggest(X, y, KNeighborsClassifier(), knowledge=kb, kind="regression")


def test_columns_that_cannot_help_are_pointed_out_with_the_code_to_drop_them(kb):
    import pandas as pd

    from skmeta.defaults import ColumnWarning

    X, y = load_iris(return_X_y=True, as_frame=True)
    X = X.assign(
        id=[f"cust-{i}" for i in range(150)],
        row=np.arange(150),
        when=pd.date_range("2024-01-01", periods=150).astype(str),
    )
    # only the command line had said so; a library user got an identifier one-hot encoded
    with pytest.warns(ColumnWarning) as record:
        skmeta.suggest(X, y, KNeighborsClassifier(), knowledge=kb)
    messages = [str(w.message) for w in record if w.category is ColumnWarning]
    assert len(messages) == 3
    assert messages[0].endswith("leave it out with X.drop(columns=['id']).")
    assert "counts the rows (0, 1, ...)" in messages[1]
    assert "read it as dates with pd.to_datetime(X['when'])" in messages[2]
    with warnings.catch_warnings():
        warnings.simplefilter("error", ColumnWarning)
        skmeta.suggest(
            X.drop(columns=["id", "row", "when"]), y, KNeighborsClassifier(), knowledge=kb
        )
        skmeta.suggest(
            X.drop(columns=["id", "when"]).to_numpy(), y, KNeighborsClassifier(), knowledge=kb
        )


@pytest.mark.parametrize(
    ("entry", "columns", "message"),
    [
        (entry, columns, message)
        for entry in ("MetaDefaultClassifier", "MetaPrior", "suggest", "warm_started_model")
        for columns, message in (([], "X has 0 columns"), (["a", "a"], r"duplicate.*\['a'\]"))
    ],
)
def test_a_frame_without_columns_or_with_a_repeated_name_is_named_by_every_entry_point(
    kb, entry, columns, message
):
    from skmeta.defaults import warm_started_model

    X, y = load_iris(return_X_y=True, as_frame=True)
    frame = X.iloc[:, : len(columns)].set_axis(columns, axis=1)
    calls = {
        "MetaDefaultClassifier": lambda: MetaDefaultClassifier(
            KNeighborsClassifier(), knowledge=kb
        ).fit(frame, y),
        "MetaPrior": lambda: skmeta.MetaPrior(KNeighborsClassifier(), knowledge=kb).fit(frame, y),
        "suggest": lambda: skmeta.suggest(frame, y, KNeighborsClassifier(), knowledge=kb),
        "warm_started_model": lambda: warm_started_model(frame, y, knowledge=kb),
    }
    # scikit-learn had failed with "at least one array or dtype is required" or a
    # narwhals DuplicateError, and warm_started_model deep inside pandas
    with pytest.raises(ValueError, match=message):
        calls[entry]()


def test_cells_holding_lists_are_named_though_the_column_warnings_look_first(kb):
    import pandas as pd

    # the column warnings' count of distinct values had failed on them: "unhashable type"
    X = pd.DataFrame({"a": np.arange(30.0), "tags": [[i] for i in range(30)]})
    y = np.arange(30) % 2
    with pytest.raises(ValueError, match=r"'tags' holds values of types \['list'\]"):
        skmeta.suggest(X, y, KNeighborsClassifier(), knowledge=kb)


def test_top_level_names():
    assert skmeta.MetaDefaultClassifier is MetaDefaultClassifier
    assert skmeta.MetaDefaultRegressor is MetaDefaultRegressor


def test_suggestions_of_the_same_data_are_equal_with_undefined_metafeatures(kb):
    X, y = load_iris(return_X_y=True)
    first = skmeta.suggest(X, y, KNeighborsClassifier(), knowledge=kb)
    assert any(np.isnan(v) for v in first.metafeatures.values())  # entropy of no nominal
    assert first == skmeta.suggest(X, y, KNeighborsClassifier(), knowledge=kb)
    assert first != skmeta.suggest(X[:120], y[:120], KNeighborsClassifier(), knowledge=kb)
    assert first != first.configs


def test_suggestions_mark_scikit_learns_default_with_the_kept_parameters(kb):
    X, y = load_iris(return_X_y=True)
    s = skmeta.suggest(X, y, KNeighborsClassifier(), k=6, knowledge=kb)
    assert s.default_config == {"n_neighbors": 5, "weights": "uniform", "p": 2}
    frame = s.to_frame()
    assert frame["is_default"].tolist() == [c == s.default_config for c in s.configs]
    assert frame["is_default"].sum() == 1  # the knowledge holds the default
    kept = skmeta.suggest(X, y, KNeighborsClassifier(weights="distance"), k=6, knowledge=kb)
    assert kept.default_config == {"n_neighbors": 5, "weights": "distance", "p": 2}


def test_suggest_ranks_without_training(kb):
    X, y = load_iris(return_X_y=True)
    s = skmeta.suggest(X, y, KNeighborsClassifier(), k=4, knowledge=kb)
    assert s.estimator == "KNeighborsClassifier"
    assert len(s.configs) == len(s.predicted_scores) == 4
    # a sequence of its configurations, best first: straight into a grid search
    assert len(s) == 4
    assert list(s) == s.configs
    assert s[0] == s.configs[0]
    grid = GridSearchCV(KNeighborsClassifier(), [{p: [v] for p, v in c.items()} for c in s], cv=3)
    assert len(grid.fit(X, y).cv_results_["params"]) == 4
    # 'nearest' without the safety check ranks purely by predicted score
    plain = skmeta.suggest(
        X, y, KNeighborsClassifier(), k=4, knowledge=kb, strategy="nearest", min_advantage=0
    )
    assert plain.predicted_scores == sorted(plain.predicted_scores, reverse=True)
    # the default ('hybrid') starts with the nearest tasks' safe choice
    safe = skmeta.suggest(X, y, KNeighborsClassifier(), k=1, knowledge=kb, strategy="nearest")
    assert s.configs[0] == safe.configs[0]
    clf = MetaDefaultClassifier(KNeighborsClassifier(), knowledge=kb).fit(X, y)
    assert s.configs[0] == clf.suggested_params_  # the zero-shot choice is the top
    frame = s.to_frame()
    assert list(frame.index) == [1, 2, 3, 4]
    assert "n_neighbors" in frame.columns
    assert s.neighbors[0][0] == "iris"
    Xr, yr = make_regression(100, 4, random_state=1)
    assert skmeta.suggest(Xr, yr, knowledge=kb, estimator=Ridge(), k=2).estimator == "Ridge"
    with pytest.raises(ValueError, match="k must be"):
        skmeta.suggest(X, y, KNeighborsClassifier(), k=0, knowledge=kb)
    # a NumPy integer is a count too (it had been refused as not a positive integer)
    s = skmeta.suggest(X, y, KNeighborsClassifier(), k=np.int64(2), knowledge=kb)
    assert len(s.configs) == 2


def test_meta_prior_concentrates_on_what_worked_nearby(kb):
    X, y = load_iris(return_X_y=True)
    prior = skmeta.MetaPrior(
        KNeighborsClassifier(), knowledge=kb, uniform_weight=0.0, bandwidth=0.01, top_fraction=0.2
    ).fit(X, y)
    assert set(prior.param_distributions_) == {"n_neighbors", "weights", "p"}
    draws = prior.param_distributions_["n_neighbors"].rvs(size=200, random_state=0)
    # the draws sit on the anchors: configurations in the top fifth of the nearest tasks
    configs = kb.configs("k_neighbors/classification")
    assert set(draws) <= {c["n_neighbors"] for c in configs} | {
        v + d for c in configs for v in [c["n_neighbors"]] for d in (-1, 1)
    }
    one = prior.param_distributions_["p"].rvs(random_state=3)
    assert one in (1, 2)
    with pytest.raises(ValueError, match="top_fraction"):
        skmeta.MetaPrior(KNeighborsClassifier(), knowledge=kb, top_fraction=0).fit(X, y)


def test_meta_prior_plugs_into_halving_random_search(kb):
    from sklearn.experimental import enable_halving_search_cv  # noqa: F401
    from sklearn.model_selection import HalvingRandomSearchCV

    X, y = load_breast_cancer(return_X_y=True)
    pipe = make_pipeline(StandardScaler(), KNeighborsClassifier())
    prior = skmeta.MetaPrior(pipe, knowledge=kb, uniform_weight=0.0, bandwidth=0.01).fit(X, y)
    search = HalvingRandomSearchCV(
        pipe, prior.param_distributions_, n_candidates=8, factor=2, random_state=0
    ).fit(X, y)
    # every candidate it tried came from the prior, under the pipeline's names
    tried = search.cv_results_["param_kneighborsclassifier__n_neighbors"]
    anchors = {c["n_neighbors"] for c in kb.configs("k_neighbors/classification")}
    assert set(np.asarray(tried, dtype=int)) <= {a + d for a in anchors for d in (-1, 0, 1)}
    assert search.n_iterations_ >= 2
    assert search.best_estimator_.score(X, y) > 0.9


def test_meta_prior_clones_and_ends_a_pipeline(kb):
    X, y = load_iris(return_X_y=True)
    prior = skmeta.MetaPrior(KNeighborsClassifier(), knowledge=kb, n_neighbors=3)
    copy = clone(prior)
    assert copy.get_params()["n_neighbors"] == 3
    assert not hasattr(copy, "param_distributions_")
    # after a preprocessing step, it describes the data that step hands on
    pipe = make_pipeline(StandardScaler(), prior).fit(X, y)
    alone = clone(prior).fit(StandardScaler().fit_transform(X), y)
    np.testing.assert_equal(pipe[-1].metafeatures_, alone.metafeatures_)
    assert pipe[-1].n_features_in_ == 4
    assert sorted(pipe[-1].param_distributions_) == sorted(alone.param_distributions_)
    with pytest.raises(ValueError, match="n_neighbors"):
        skmeta.MetaPrior(knowledge=kb, n_neighbors=0).fit(X, y)


def test_meta_search_evaluates_the_warm_start_first(kb):
    X, y = load_iris(return_X_y=True)
    search = skmeta.MetaSearchCV(
        KNeighborsClassifier(), knowledge=kb, n_iter=8, n_warm=3, cv=3, random_state=0
    ).fit(X, y)
    params = search.cv_results_["params"]
    assert len(params) == 8
    warm = skmeta.suggest(X, y, KNeighborsClassifier(), k=3, knowledge=kb).configs
    assert params[:3] == warm
    assert search.best_score_ == max(search.cv_results_["mean_test_score"])
    assert search.predict(X[:5]).shape == (5,)
    again = skmeta.MetaSearchCV(
        KNeighborsClassifier(), knowledge=kb, n_iter=8, n_warm=3, cv=3, random_state=0
    ).fit(X, y)
    assert again.cv_results_["params"] == params  # reproducible with random_state
    # where each candidate came from, and what the search started from
    kb_configs = kb.configs("k_neighbors/classification")
    n_adaptive = min(search.n_adaptive, len(kb_configs) - 3, 8 - 3)
    assert search.candidate_sources_.tolist() == (
        ["warm"] * 3 + ["adaptive"] * n_adaptive + ["prior"] * (8 - 3 - n_adaptive)
    )
    table = [p for p, src in zip(params, search.candidate_sources_, strict=True) if src != "prior"]
    assert all(p in kb_configs for p in table)
    suggestions = skmeta.suggest(X, y, KNeighborsClassifier(), knowledge=kb)
    assert search.neighbors_ == suggestions.neighbors
    assert search.metafeatures_ == pytest.approx(suggestions.metafeatures, nan_ok=True)


def _table_index(kb, key, params):
    configs = [skmeta.defaults._meta_default.space_params(None, c) for c in kb.configs(key)]
    return configs.index(params) if params in configs else None


def _knn_ranking(kb, X, y):
    """MetaSearchCV's fitted strategy for k-NN classification and its ranking for (X, y)."""
    from skmeta.defaults._meta_default import _helper_for
    from skmeta.metafeatures import compute_metafeatures

    _, helper = _helper_for(KNeighborsClassifier(), y, None, knowledge=kb, n_neighbors=10)
    strategy = helper._fitted_strategy(kb, "k_neighbors/classification", "accuracy")
    return strategy, strategy.rank(compute_metafeatures(X, y)).order


def test_meta_search_ends_a_pipeline_and_grid_search_tunes_it(kb):
    X, y = load_iris(return_X_y=True)
    search = skmeta.MetaSearchCV(KNeighborsClassifier(), knowledge=kb, n_iter=4, random_state=0)
    pipe = make_pipeline(StandardScaler(), clone(search)).fit(X, y)
    assert pipe[-1].n_features_in_ == 4
    assert pipe.score(X, y) > 0.9
    outer = GridSearchCV(search, {"n_warm": [1, 4], "strategy": ["hybrid", "nearest"]}, cv=3)
    outer.fit(StandardScaler().fit_transform(X), y)
    assert outer.best_params_["n_warm"] in (1, 4)
    assert len(outer.cv_results_["params"]) == 4
    assert not hasattr(search, "cv_results_")  # GridSearchCV fitted clones of it


def test_results_are_the_same_on_one_or_two_cores(kb):
    X, y = load_breast_cancer(return_X_y=True)
    pipe = make_pipeline(StandardScaler(), KNeighborsClassifier())
    few = [
        MetaDefaultClassifier(pipe, knowledge=kb, n_candidates=4, n_jobs=n).fit(X, y)
        for n in (1, 2)
    ]
    assert few[0].candidates_ == few[1].candidates_  # the CV scores included
    assert few[0].suggested_params_ == few[1].suggested_params_
    searches = [
        skmeta.MetaSearchCV(pipe, knowledge=kb, n_iter=20, random_state=0, n_jobs=n).fit(X, y)
        for n in (1, 2)
    ]
    assert searches[0].cv_results_["params"] == searches[1].cv_results_["params"]
    np.testing.assert_array_equal(
        searches[0].cv_results_["mean_test_score"], searches[1].cv_results_["mean_test_score"]
    )
    assert searches[0].best_params_ == searches[1].best_params_
    assert len(searches[0].cv_results_["params"]) == 20  # past the table, into the prior


def test_meta_search_adaptive_rounds_follow_the_observed_scores(kb):
    from skmeta.strategies import rank_by_observed

    X, y = load_iris(return_X_y=True)
    key = "k_neighbors/classification"

    def search(**kw):
        params = {"knowledge": kb, "n_iter": 6, "n_warm": 2, "cv": 3, "random_state": 0}
        return skmeta.MetaSearchCV(KNeighborsClassifier(), **{**params, **kw}).fit(X, y)

    res = search(n_adaptive=4, batch_size=2).cv_results_
    idx = [_table_index(kb, key, p) for p in res["params"]]
    assert None not in idx  # all from the table,
    assert len(set(idx)) == 6  # none twice
    strategy, order = _knn_ranking(kb, X, y)
    assert idx[:2] == order[:2].tolist()  # the warm start
    for done in (2, 4):  # each round: the best by the tasks that respond alike
        expected = rank_by_observed(
            strategy.normalized_, idx[:done], res["mean_test_score"][:done], order, n_tasks=10
        )[:2]
        assert idx[done : done + 2] == expected.tolist()
    assert idx[2:] != order[2:6].tolist()  # (here that differs from the plain ranking)

    # n_adaptive=0: the warm start, then MetaPrior's draws; the draws come after the
    # adaptive rounds otherwise, from the same random_state
    plain = search(n_adaptive=0, prior="metafeatures").cv_results_["params"]
    assert plain[:2] == res["params"][:2]
    from sklearn.model_selection import ParameterSampler

    prior = skmeta.MetaPrior(KNeighborsClassifier(), knowledge=kb).fit(X, y)
    assert plain[2:] == list(ParameterSampler(prior.param_distributions_, 4, random_state=0))
    mixed = search(n_adaptive=2, prior="metafeatures").cv_results_["params"]
    assert [_table_index(kb, key, p) for p in mixed[:4]] == idx[:2] + list(
        rank_by_observed(
            strategy.normalized_, idx[:2], res["mean_test_score"][:2], order, n_tasks=10
        )[:2]
    )
    assert mixed[4:] == plain[2:4]


def test_meta_search_ranks_the_warm_start_as_suggest_and_the_rounds_by_n_alike(kb):
    from skmeta.strategies import rank_by_observed

    X, y = load_iris(return_X_y=True)
    key = "k_neighbors/classification"
    params = {"knowledge": kb, "n_iter": 6, "n_warm": 2, "n_adaptive": 4, "batch_size": 2}
    for n_neighbors in (1, 10):  # the warm start: suggest's ranking, same neighbours
        search = skmeta.MetaSearchCV(
            KNeighborsClassifier(), n_neighbors=n_neighbors, cv=3, **params
        ).fit(X, y)
        ranked = skmeta.suggest(
            X, y, KNeighborsClassifier(), k=2, knowledge=kb, n_neighbors=n_neighbors
        )
        assert search.cv_results_["params"][:2] == [
            skmeta.defaults._meta_default.space_params(None, c) for c in ranked.configs
        ]
    strategy, order = _knn_ranking(kb, X, y)
    rounds = {}
    for n_alike in (1, 10):  # each round: ranked by the n_alike tasks that respond alike
        res = skmeta.MetaSearchCV(KNeighborsClassifier(), n_alike=n_alike, cv=3, **params).fit(X, y)
        res = res.cv_results_
        idx = [_table_index(kb, key, p) for p in res["params"]]
        for done in (2, 4):
            expected = rank_by_observed(
                strategy.normalized_,
                idx[:done],
                res["mean_test_score"][:done],
                order,
                n_tasks=n_alike,
            )[:2]
            assert idx[done : done + 2] == expected.tolist()
        rounds[n_alike] = idx
    assert rounds[1] != rounds[10]  # (so that n_alike is seen to matter here)
    with pytest.raises(ValueError, match="n_alike"):
        skmeta.MetaSearchCV(KNeighborsClassifier(), knowledge=kb, n_alike=0).fit(X, y)


def _new_samples(distributions, n, evaluated):
    """ParameterSampler's first ``n`` draws (random_state=0) that differ from those
    ``evaluated`` and from each other."""
    from sklearn.model_selection import ParameterSampler

    out = []
    for draw in ParameterSampler(distributions, 100 * n, random_state=0):
        if draw not in evaluated and draw not in out:
            out.append(draw)
        if len(out) == n:
            return out
    raise AssertionError("too few distinct draws")


def test_meta_search_prior_follows_the_tasks_that_respond_alike(kb):
    from skmeta.strategies._strategies import _alike_tasks

    X, y = load_iris(return_X_y=True)
    key = "k_neighbors/classification"
    strategy, _ = _knn_ranking(kb, X, y)
    params = {"knowledge": kb, "n_iter": 9, "n_warm": 2, "n_adaptive": 2, "cv": 3}
    res = skmeta.MetaSearchCV(KNeighborsClassifier(), random_state=0, **params).fit(X, y)
    res = res.cv_results_
    idx = [_table_index(kb, key, p) for p in res["params"][:4]]
    alike = _alike_tasks(strategy.normalized_, np.array(idx), res["mean_test_score"][:4], 10)
    prior = skmeta.MetaPrior(KNeighborsClassifier(), knowledge=kb)
    expected = prior._distributions(kb.space(key), strategy, alike, np.ones(alike.size))
    assert res["params"][4:] == _new_samples(expected, 5, res["params"][:4])
    # 'metafeatures': MetaPrior itself
    plain = skmeta.MetaSearchCV(
        KNeighborsClassifier(), random_state=0, prior="metafeatures", **params
    ).fit(X, y)
    fitted = prior.fit(X, y).param_distributions_
    done = plain.cv_results_["params"]
    assert done[4:] == _new_samples(fitted, 5, done[:4])
    with pytest.raises(ValueError, match="prior"):
        skmeta.MetaSearchCV(KNeighborsClassifier(), knowledge=kb, prior="nope").fit(X, y)


def test_meta_search_evaluates_no_configuration_twice(kb):
    import json

    X, y = load_iris(return_X_y=True)
    # k-NN's space is all integers and choices: the prior's draws repeat (10 of 40
    # candidates were configurations already evaluated)
    search = skmeta.MetaSearchCV(
        KNeighborsClassifier(), knowledge=kb, n_iter=40, cv=3, random_state=0
    ).fit(X, y)
    params = [json.dumps(p, sort_keys=True) for p in search.cv_results_["params"]]
    assert len(params) == len(set(params)) == 40
    # a space of few configurations runs out, and says so
    few = KNeighborsClassifier(weights="distance", p=1)  # n_neighbors is left to search
    search = skmeta.MetaSearchCV(few, knowledge=kb, n_iter=300, cv=3, random_state=0)
    with pytest.warns(
        UserWarning, match=r"evaluates \d+ distinct candidates, fewer than n_iter=300"
    ):
        search.fit(X, y)
    params = [p["n_neighbors"] for p in search.cv_results_["params"]]
    assert len(params) == len(set(params)) < 300


def test_meta_search_refit_false_leaves_no_earlier_best_estimator(kb):
    # scikit-learn's searches keep the previous fit's best_estimator_ (and its
    # predictions) when refit is then switched off
    X, y = load_iris(return_X_y=True)
    search = skmeta.MetaSearchCV(KNeighborsClassifier(), knowledge=kb, n_iter=3, cv=3)
    assert hasattr(search.fit(X, y), "best_estimator_")
    search.set_params(refit=False).fit(X[:100], y[:100])
    assert not hasattr(search, "best_estimator_")
    assert len(search.cv_results_["params"]) == 3


@pytest.mark.parametrize("estimator", [KNeighborsClassifier(), Ridge()])
def test_meta_search_names_gaps_and_infinities_in_y_before_the_folds(kb, estimator):
    import warnings

    X, y = load_iris(return_X_y=True)
    y = y.astype(float)
    for bad, match in (
        (np.nan, r"The target has 2 missing value\(s\) \(first at row 3\)"),
        (np.inf, "infinit"),
    ):
        y_bad = y.copy()
        y_bad[[3, 7]] = bad
        search = skmeta.MetaSearchCV(estimator, knowledge=kb, n_iter=2, cv=3)
        with warnings.catch_warnings():
            # no NumPy warning ahead of the error (a classifier's folds cast y to int)
            warnings.simplefilter("error", RuntimeWarning)
            with pytest.raises(ValueError, match=match):
                search.fit(X, y_bad)


def test_meta_search_draws_a_continuous_prior_as_parameter_sampler_does():
    from scipy.stats import loguniform
    from sklearn.model_selection import ParameterSampler

    from skmeta.defaults._search import _new_draws

    space = {"C": loguniform(1e-3, 1e3), "kernel": ["rbf", "linear"]}
    drawn = _new_draws(space, 12, 3, dict, set(), 12)
    assert drawn == list(ParameterSampler(space, 12, random_state=3))
    # one already evaluated is left out, and the next draw taken instead
    first = drawn[0]
    from skmeta.spaces._space import _key

    again = _new_draws(space, 12, 3, dict, {_key(first)}, 13)
    assert again == list(ParameterSampler(space, 13, random_state=3))[1:]


def test_meta_search_runs_out_of_table_and_with_several_metrics(kb):
    X, y = load_iris(return_X_y=True)
    key = "k_neighbors/classification"
    # 6 table configurations, 9 candidates: the prior fills in
    search = skmeta.MetaSearchCV(
        KNeighborsClassifier(),
        knowledge=kb,
        n_iter=9,
        n_warm=2,
        n_adaptive=20,
        cv=3,
        random_state=0,
    ).fit(X, y)
    params = search.cv_results_["params"]
    assert len(params) == 9
    assert sorted(_table_index(kb, key, p) for p in params[:6]) == list(range(6))
    # several metrics: the refit one is followed; without a named refit, the ranking
    from skmeta.strategies import rank_by_observed

    strategy, order = _knn_ranking(kb, X, y)
    for refit in ("balanced_accuracy", False):
        res = (
            skmeta.MetaSearchCV(
                KNeighborsClassifier(),
                knowledge=kb,
                n_iter=5,
                n_warm=2,
                cv=3,
                scoring=["accuracy", "balanced_accuracy"],
                refit=refit,
                random_state=0,
            )
            .fit(X, y)
            .cv_results_
        )
        idx = [_table_index(kb, key, p) for p in res["params"]]
        if refit:
            observed = res["mean_test_balanced_accuracy"][:2]
            expected = rank_by_observed(strategy.normalized_, idx[:2], observed, order)[:3]
            assert expected.tolist() != order[2:5].tolist()  # (so the two cases differ)
        else:
            expected = order[2:5]
        assert idx == order[:2].tolist() + expected.tolist()
    with pytest.raises(ValueError, match="batch_size"):
        skmeta.MetaSearchCV(KNeighborsClassifier(), knowledge=kb, batch_size=0).fit(X, y)
    with pytest.raises(ValueError, match="n_adaptive"):
        skmeta.MetaSearchCV(KNeighborsClassifier(), knowledge=kb, n_adaptive=-1).fit(X, y)


def test_rank_families_and_the_one_liner(kb, lcdb_dir):
    from skmeta.defaults import rank_families, warm_started_model
    from skmeta.knowledge import AlgorithmTable, KnowledgeBase

    X, y = load_iris(return_X_y=True)
    ranking = rank_families(X, y, knowledge=kb)
    assert set(ranking["family"]) == {"k_neighbors", "linear"}
    assert ranking["score"].is_monotonic_decreasing
    assert ranking["score"].between(0, 1).all()
    assert ranking["lcdb_score"].isna().all()  # this knowledge has no learner table
    with_lcdb = KnowledgeBase(
        kb.tasks,
        kb.metafeatures,
        {
            k: {
                "configs": kb.configs(k),
                "space": kb.space(k),
                "scores": {m: kb.scores(k, m) for m in kb._tables[k].scores},
            }
            for k in kb.table_keys
        },
        kb.metrics,
        algorithms=AlgorithmTable.from_lcdb(lcdb_dir),
    )
    ranked = rank_families(X, y, knowledge=with_lcdb)
    assert ranked["lcdb_score"].notna().all()  # both families have LCDB learners
    model = warm_started_model(X, y, knowledge=kb)
    # both families were measured on standardized columns: the model scales them too
    scaler, final = (step for _, step in model.estimator.steps)
    assert isinstance(scaler, StandardScaler)
    assert type(final).__name__ in {"KNeighborsClassifier", "LogisticRegression"}
    assert model.fit(X, y).score(X, y) > 0.8
    Xr, yr = make_regression(120, 4, random_state=2)
    assert rank_families(Xr, yr, knowledge=kb)["estimator"].tolist()[0] in {
        "KNeighborsRegressor",
        "Ridge",
    }


def test_results_do_not_depend_on_n_jobs(kb):
    X, y = load_breast_cancer(return_X_y=True)
    runs = []
    for n_jobs in (1, 2):
        clf = MetaDefaultClassifier(
            LogisticRegression(max_iter=500), knowledge=kb, n_candidates=3, n_jobs=n_jobs
        ).fit(X, y)
        search = skmeta.MetaSearchCV(
            LogisticRegression(max_iter=500),
            knowledge=kb,
            n_iter=5,
            n_warm=2,
            random_state=0,
            n_jobs=n_jobs,
        ).fit(X, y)
        runs.append((clf, search))
    (c1, s1), (c2, s2) = runs
    assert [c["cv_score"] for c in c1.candidates_] == [c["cv_score"] for c in c2.candidates_]
    assert c1.suggested_params_ == c2.suggested_params_
    np.testing.assert_array_equal(c1.predict_proba(X), c2.predict_proba(X))
    assert s1.cv_results_["params"] == s2.cv_results_["params"]
    np.testing.assert_array_equal(
        s1.cv_results_["mean_test_score"], s2.cv_results_["mean_test_score"]
    )


def test_fitted_strategies_are_cached_per_knowledge_and_settings(kb):
    X, y = load_iris(return_X_y=True)
    a = MetaDefaultClassifier(KNeighborsClassifier(), knowledge=kb)
    key = "k_neighbors/classification"
    s1 = a._fitted_strategy(kb, key, "accuracy")
    assert a._fitted_strategy(kb, key, "accuracy") is s1
    b = clone(a).set_params(n_neighbors=2)
    assert b._fitted_strategy(kb, key, "accuracy") is not s1
    # a cached strategy ranks exactly as a fresh one
    mf = skmeta.metafeatures.compute_metafeatures(X, y)
    fresh = a._strategy().fit(kb, key, "accuracy").rank(mf)
    assert s1.rank(mf).order.tolist() == fresh.order.tolist()


def test_fallback_without_the_default_in_the_table_uses_the_space_default(kb, monkeypatch):
    from skmeta.defaults import _meta_default
    from skmeta.strategies import Hybrid

    original = Hybrid.fit

    def fit_without_default(self, *args):
        out = original(self, *args)
        self.default_index_ = None  # as for a table whose configurations lack the default
        return out

    monkeypatch.setattr(Hybrid, "fit", fit_without_default)
    monkeypatch.setattr(_meta_default, "_FITTED_STRATEGIES", weakref.WeakKeyDictionary())
    rng = np.random.default_rng(0)
    X = rng.lognormal(size=(60, 300)) * 1e6
    y = rng.integers(0, 2, 60)
    with pytest.warns(FarFromKnowledgeWarning):
        clf = MetaDefaultClassifier(
            KNeighborsClassifier(), knowledge=kb, max_distance_ratio=0.01, n_candidates=2
        ).fit(X, y)
    assert clf.candidates_[0]["params"] == {"n_neighbors": 5, "weights": "uniform", "p": 2}
    assert clf.candidates_[0]["predicted_score"] is None
    assert len(clf.candidates_) == 2
    assert clf.candidates_[1]["params"] != clf.candidates_[0]["params"]


def test_min_advantage_auto_is_the_default_and_tunable(kb):
    X, y = load_iris(return_X_y=True)
    clf = MetaDefaultClassifier(KNeighborsClassifier(), knowledge=kb).fit(X, y)
    assert clf.get_params()["min_advantage"] == "auto"
    assert clf.min_advantage_ in skmeta.strategies.AUTO_MIN_ADVANTAGES
    fixed = MetaDefaultClassifier(KNeighborsClassifier(), knowledge=kb, min_advantage=0.3)
    assert fixed.fit(X, y).min_advantage_ == 0.3
    search = GridSearchCV(
        MetaDefaultClassifier(KNeighborsClassifier(), knowledge=kb),
        {"min_advantage": ["auto", 0.0, 0.5]},
        cv=3,
    ).fit(X, y)
    assert search.best_params_["min_advantage"] in ("auto", 0.0, 0.5)
    for bad in ("always", 2.0):
        with pytest.raises(ValueError, match="min_advantage"):
            MetaDefaultClassifier(KNeighborsClassifier(), knowledge=kb, min_advantage=bad).fit(X, y)
        with pytest.raises(ValueError, match="min_advantage"):
            skmeta.MetaSearchCV(KNeighborsClassifier(), knowledge=kb, min_advantage=bad).fit(X, y)


def test_a_pipeline_is_warm_started_through_its_final_step(kb):
    from sklearn.model_selection import RandomizedSearchCV

    X, y = load_breast_cancer(return_X_y=True)
    pipe = make_pipeline(StandardScaler(), KNeighborsClassifier())
    before = pipe.get_params()
    bare = MetaDefaultClassifier(KNeighborsClassifier(), knowledge=kb, n_candidates=2).fit(X, y)
    clf = MetaDefaultClassifier(pipe, knowledge=kb, n_candidates=2).fit(X, y)
    # the same description of the data as given, so the same candidates
    np.testing.assert_equal(clf.metafeatures_, bare.metafeatures_)
    assert [c["params"] for c in clf.candidates_] == [c["params"] for c in bare.candidates_]
    # but cross-validated and fitted behind the scaler
    expected = max(
        clf.candidates_,
        key=lambda c: np.mean(
            cross_val_score(clone(pipe).set_params(**_prefixed(c["params"])), X, y, cv=3)
        ),
    )
    assert clf.suggested_params_ == expected["params"]
    assert (
        clf.estimator_.named_steps["kneighborsclassifier"].n_neighbors
        == (clf.suggested_params_["n_neighbors"])
    )
    assert clf.score(X, y) > 0.9
    assert pipe.get_params() == before  # untouched
    suggested = skmeta.suggest(X, y, pipe, k=3, knowledge=kb)
    alone = skmeta.suggest(X, y, KNeighborsClassifier(), k=3, knowledge=kb)
    assert suggested.configs == alone.configs
    # MetaPrior's names and MetaSearchCV's candidates are the pipeline's
    prior = skmeta.MetaPrior(pipe, knowledge=kb).fit(X, y)
    assert sorted(prior.param_distributions_) == sorted(_prefixed(suggested.configs[0]))
    RandomizedSearchCV(pipe, prior.param_distributions_, n_iter=2, cv=3).fit(X, y)
    common = {"knowledge": kb, "n_iter": 6, "n_warm": 2, "n_adaptive": 0, "cv": 3}
    common.update(prior="metafeatures", random_state=0)
    search = skmeta.MetaSearchCV(pipe, **common).fit(X, y)
    plain = skmeta.MetaSearchCV(KNeighborsClassifier(), **common).fit(X, y)
    assert search.cv_results_["params"] == [_prefixed(p) for p in plain.cv_results_["params"]]
    assert search.best_estimator_.steps[0][0] == "standardscaler"


def test_a_wrapper_is_warm_started_through_the_estimator_it_holds(kb):
    """TransformedTargetRegressor, CalibratedClassifierCV and one-vs-rest pass X on as
    it is: the warm starts configure the estimator they hold, as a pipeline's final
    step, and its input checks apply."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.compose import TransformedTargetRegressor
    from sklearn.multiclass import OneVsRestClassifier

    X, y = make_regression(120, 5, noise=5.0, random_state=0)
    target = TransformedTargetRegressor(Ridge(), func=np.cbrt, inverse_func=lambda z: z**3)
    bare = skmeta.suggest(X, y, Ridge(), k=3, knowledge=kb)
    assert skmeta.suggest(X, y, target, k=3, knowledge=kb).configs == bare.configs
    reg = MetaDefaultRegressor(target, knowledge=kb, n_candidates=2).fit(X, y)
    assert reg.estimator_.regressor_.alpha == reg.suggested_params_["alpha"]
    prior = skmeta.MetaPrior(target, knowledge=kb).fit(X, y)
    assert sorted(prior.param_distributions_) == sorted(_prefixed(bare.configs[0], "regressor__"))
    search = skmeta.MetaSearchCV(target, knowledge=kb, n_iter=3, cv=3, random_state=0)
    assert set(search.fit(X, y).best_params_) <= set(prior.param_distributions_)
    # what the user set on the held estimator is kept
    kept = MetaDefaultRegressor(
        TransformedTargetRegressor(Ridge(alpha=7.0)), knowledge=kb, n_candidates=2
    ).fit(X, y)
    assert kept.suggested_params_["alpha"] == 7.0
    # classifiers: calibration and one-vs-rest, behind a scaler or not
    Xc, yc = load_iris(return_X_y=True)
    for wrapper in (
        CalibratedClassifierCV(KNeighborsClassifier(), cv=3),
        OneVsRestClassifier(KNeighborsClassifier()),
    ):
        pipe = make_pipeline(StandardScaler(), wrapper)
        clf = MetaDefaultClassifier(pipe, knowledge=kb).fit(Xc, yc)
        prefix = f"{pipe.steps[-1][0]}__estimator__"
        assert (
            clf.estimator_.get_params()[prefix + "n_neighbors"]
            == (clf.suggested_params_["n_neighbors"])
        )
        with pytest.warns(UserWarning, match="standardized columns"):  # no scaler
            MetaDefaultClassifier(clone(wrapper), knowledge=kb).fit(Xc * [1, 100, 1, 1000], yc)
    frame, labels = _table_with_text()  # text columns reach the k-NN as they are
    with pytest.raises(ValueError, match=r"non-numeric columns.*KNeighborsClassifier cannot"):
        MetaDefaultClassifier(OneVsRestClassifier(KNeighborsClassifier()), knowledge=kb).fit(
            frame, labels
        )


def _prefixed(params, prefix="kneighborsclassifier__"):
    return {prefix + k: v for k, v in params.items()}


def test_family_estimator_adds_the_preprocessing_of_the_knowledge():
    from sklearn.ensemble import RandomForestRegressor
    from sklearn.impute import SimpleImputer
    from sklearn.neural_network import MLPClassifier

    from skmeta.defaults import family_estimator

    svm = family_estimator("svm", "classification")
    assert [type(s) for _, s in svm.steps] == [StandardScaler, SVC]
    X = np.ones((5, 2))
    X[1, 0] = np.nan
    mlp = family_estimator("mlp", "classification", X, random_state=3)
    assert [type(s) for _, s in mlp.steps] == [SimpleImputer, StandardScaler, MLPClassifier]
    assert mlp.steps[-1][1].random_state == 3
    forest = family_estimator("random_forest", "regression", np.ones((5, 2)), random_state=0)
    assert type(forest) is RandomForestRegressor
    assert forest.random_state == 0
    with pytest.raises(ValueError, match="nope"):
        family_estimator("nope", "classification")


def test_unscaled_columns_for_a_family_measured_on_scaled_ones_warn(kb):
    X, y = load_breast_cancer(return_X_y=True)  # standard deviations 0.003 to 570
    match = r"measured on standardized columns.*family_estimator\('k_neighbors'"
    with pytest.warns(UserWarning, match=match):
        MetaDefaultClassifier(KNeighborsClassifier(), knowledge=kb).fit(X, y)
    with pytest.warns(UserWarning, match=match):
        skmeta.suggest(X, y, KNeighborsClassifier(), knowledge=kb)
    with pytest.warns(UserWarning, match=match):
        skmeta.MetaSearchCV(KNeighborsClassifier(), knowledge=kb, n_iter=2, cv=3).fit(X, y)
    with pytest.warns(UserWarning, match=match):
        skmeta.MetaPrior(KNeighborsClassifier(), knowledge=kb).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pipe = make_pipeline(StandardScaler(), KNeighborsClassifier())
        MetaDefaultClassifier(pipe, knowledge=kb).fit(X, y)  # behind the scaler: quiet
        scaled = StandardScaler().fit_transform(X)
        MetaDefaultClassifier(KNeighborsClassifier(), knowledge=kb).fit(scaled, y)
        Xi, yi = load_iris(return_X_y=True)  # near unit scale
        MetaDefaultClassifier(KNeighborsClassifier(), knowledge=kb).fit(Xi, yi)


def test_fit_params_reach_the_estimator_and_the_few_shot_folds(kb):
    from sklearn.model_selection import KFold

    X, y = load_breast_cancer(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    w = np.random.default_rng(0).uniform(0.1, 3.0, y.size)
    cv = KFold(3, shuffle=True, random_state=0)
    clf = MetaDefaultClassifier(LogisticRegression(), knowledge=kb, n_candidates=2, cv=cv)
    clf.fit(X, y, sample_weight=w)
    for candidate in clf.candidates_:
        est = LogisticRegression(**candidate["params"])
        expected = cross_val_score(est, X, y, cv=cv, params={"sample_weight": w}).mean()
        assert candidate["cv_score"] == pytest.approx(expected)
    direct = LogisticRegression(**clf.suggested_params_).fit(X, y, sample_weight=w)
    np.testing.assert_allclose(clf.estimator_.coef_, direct.coef_)
    unweighted = LogisticRegression(**clf.suggested_params_).fit(X, y)
    assert not np.allclose(clf.estimator_.coef_, unweighted.coef_)
    # a pipeline's final step, by its own name
    pipe = make_pipeline(StandardScaler(), LogisticRegression())
    piped = MetaDefaultClassifier(pipe, knowledge=kb).fit(X, y, logisticregression__sample_weight=w)
    np.testing.assert_allclose(
        piped.estimator_[-1].coef_,
        clone(pipe)
        .set_params(**_prefixed(piped.suggested_params_, "logisticregression__"))
        .fit(X, y, logisticregression__sample_weight=w)[-1]
        .coef_,
    )


def test_few_shot_surfaces_the_estimators_own_error_when_every_candidate_fails(kb):
    X, y = load_breast_cancer(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    X[0, 0] = np.nan  # LogisticRegression takes no missing values, in no fold
    with pytest.raises(ValueError, match=r"^Input X contains NaN"):
        MetaDefaultClassifier(LogisticRegression(), knowledge=kb, n_candidates=3).fit(X, y)
    # a fit parameter of the wrong length: the estimator's own error, not "All the fits failed"
    X, y = load_iris(return_X_y=True)
    clf = MetaDefaultClassifier(LogisticRegression(), knowledge=kb, n_candidates=3)
    with pytest.raises(ValueError, match=r"^sample_weight.shape == \(10,\), expected \(150,\)"):
        clf.fit(X, y, sample_weight=np.ones(10))


def test_few_shot_passes_over_a_candidate_that_fails_on_every_fold(kb):
    X, y = load_iris(return_X_y=True)
    rows = np.r_[0:4, 50:54, 100:104]  # 12 rows: 6 to fit on in each of 2 folds
    clf = MetaDefaultClassifier(KNeighborsClassifier(), knowledge=kb, n_candidates=6, cv=2)
    with pytest.warns(FitFailedWarning, match="Few-shot candidate"):
        clf.fit(X[rows], y[rows])
    scores = {c["params"]["n_neighbors"]: c["cv_score"] for c in clf.candidates_}
    too_many = [k for k in scores if k > 6]  # more neighbours than rows to fit on
    assert too_many
    assert all(np.isnan(scores[k]) for k in too_many)
    assert clf.suggested_params_["n_neighbors"] <= 6
    assert clf.predict(X[rows]).shape == (12,)


def test_few_shot_says_why_when_every_candidate_scores_nan(kb):
    # binary ROC AUC on three classes fails in every fold: the zero-shot choice had been
    # kept without a word
    X, y = load_iris(return_X_y=True)
    clf = MetaDefaultClassifier(
        KNeighborsClassifier(), knowledge=kb, n_candidates=3, scoring="roc_auc"
    )
    with pytest.warns(FitFailedWarning, match=r"Every few-shot candidate.*multi_class must be"):
        clf.fit(X, y)
    assert all(np.isnan(c["cv_score"]) for c in clf.candidates_)
    assert clf.suggested_params_ == clf.candidates_[0]["params"]


def test_few_shot_on_too_few_rows_per_class_names_cv_and_n_candidates(kb):
    X, y = load_iris(return_X_y=True)
    rows = [0, 1, 100]  # two of class 0, one of class 2: no stratified 3-fold split
    clf = MetaDefaultClassifier(KNeighborsClassifier(1), knowledge=kb, n_candidates=3)
    with pytest.raises(ValueError, match=r"n_candidates=3 .* cv=3.*members.*n_candidates=1"):
        clf.fit(X[rows], y[rows])
    # zero-shot needs no split, and fewer folds do for few-shot
    clf.set_params(n_candidates=1).fit(X[rows], y[rows])
    clf.set_params(n_candidates=3, cv=2).fit(X[[0, 1, 100, 101]], y[[0, 1, 100, 101]])
    assert all(c["cv_score"] is not None for c in clf.candidates_)


def _table_with_text(n=150, seed=0):
    import pandas as pd

    X, y = load_iris(return_X_y=True, as_frame=True)
    rng = np.random.default_rng(seed)
    X = X.assign(
        colour=pd.Categorical(rng.choice(["red", "green", "blue"], len(X))),
        size=rng.choice(["s", "m", None], len(X)).astype(object),  # text, with gaps
    )
    return X, y.to_numpy()


def test_family_estimator_encodes_a_dataframes_text_columns():
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder

    from skmeta.defaults import family_estimator

    X, _ = _table_with_text()
    svm = family_estimator("svm", "classification", X)
    prep, final = (step for _, step in svm.steps)
    assert isinstance(prep, ColumnTransformer)
    assert isinstance(final, SVC)
    (_, cat, cat_cols), (_, num, num_cols) = prep.transformers
    assert cat_cols == ["colour", "size"]
    assert num_cols == list(X.columns[:4])
    assert [type(s) for _, s in cat.steps] == [SimpleImputer, OneHotEncoder]
    assert [type(s) for _, s in num.steps] == [StandardScaler]  # no gaps in the numbers
    forest = family_estimator("random_forest", "classification", X)
    (_, cat, _), (_, num, _) = forest.steps[0][1].transformers
    assert [type(s) for _, s in cat.steps] == [SimpleImputer, OrdinalEncoder]
    assert num == "passthrough"
    assert isinstance(forest.steps[-1][1], RandomForestClassifier)


def test_family_estimator_turns_dates_and_durations_into_days(kb):
    import pandas as pd
    from sklearn.ensemble import HistGradientBoostingClassifier

    from skmeta.defaults import dates_as_days, family_estimator, warm_started_model

    rng = np.random.default_rng(0)
    n = 120
    day = pd.Series(pd.date_range("2021-01-01", periods=n, freq="D", tz="Europe/Paris"))
    X = pd.DataFrame(
        {
            "x": rng.normal(size=n),
            "day": day.where(rng.random(n) > 0.1),  # NaT in some rows
            "wait": pd.to_timedelta(rng.integers(0, 48, n), unit="h"),
            "colour": rng.choice(["red", "blue"], n),
        }
    )
    y = (np.arange(n) >= n // 2).astype(int)  # decided by the date alone
    since_1970 = day - pd.Timestamp("1970-01-01", tz="UTC")  # Paris midnight: 22h/23h UTC
    got = dates_as_days(X[["day", "wait"]])
    present = X["day"].notna().to_numpy()
    np.testing.assert_allclose(got[present, 0], since_1970[present].dt.total_seconds() / 86400)
    assert got[0, 0] == 18627 + 23 / 24  # 2021-01-01 00:00 in Paris, 23:00 UTC the day before
    assert np.isnan(got[~present, 0]).all()
    np.testing.assert_allclose(got[:, 1], X["wait"].dt.total_seconds() / 86400)
    for family in ("linear", "random_forest"):
        pipe = family_estimator(family, "classification", X)
        prep = pipe.steps[0][1]
        assert [(name, cols) for name, _, cols in prep.transformers] == [
            ("cat", ["colour"]),
            ("num", ["x"]),
            ("date", ["day", "wait"]),  # numbers, not 20 one-hot categories
        ]
        assert pipe.fit(X, y).score(X, y) > 0.85
        assert list(prep.get_feature_names_out())[-2:] == ["date__day", "date__wait"]
    # dates without text: no empty block of categories
    pipe = family_estimator("svm", "classification", X[["x", "day"]])
    assert [name for name, _, _ in pipe.steps[0][1].transformers] == ["num", "date"]
    assert pipe.fit(X[["x", "day"]], y).score(X[["x", "day"]], y) > 0.85
    # declared categorical, a date column is encoded as one
    pipe = family_estimator("linear", "classification", X, categorical_features=["day"])
    assert pipe.steps[0][1].transformers[0][2] == ["day", "colour"]
    model = warm_started_model(X, y, knowledge=kb, random_state=0).fit(X, y)
    assert model.score(X, y) > 0.85
    # an estimator without a pipeline: the error names the date column alone and says how
    X = X.astype({"colour": "category"})
    with pytest.raises(ValueError, match=r"columns \['day', 'wait'\].*turn them into numbers"):
        MetaDefaultClassifier(HistGradientBoostingClassifier(), knowledge=kb).fit(X, y)


def test_family_estimator_fills_every_kind_of_gap_in_text_columns(kb):
    import pandas as pd

    from skmeta.defaults import family_estimator, warm_started_model

    X, y = _table_with_text()
    rng = np.random.default_rng(1)
    gaps = rng.random(len(X)) < 0.2
    X = X.assign(
        # pandas' nullable dtypes mark gaps with pd.NA, which np.nan's mask misses
        label=pd.array(np.where(gaps, None, rng.choice(["x", "y"], len(X))), dtype="string"),
        flag=pd.array(np.where(gaps, None, rng.random(len(X)) < 0.5), dtype="boolean"),
        size=X["size"].astype(object).where(X["size"].notna(), None),  # None, not NaN
    )
    for family in ("k_neighbors", "random_forest"):  # one-hot and ordinal codes
        pipe = family_estimator(family, "classification", X)
        assert pipe.steps[0][1].transformers[0][2] == ["colour", "size", "label"]
        assert pipe.fit(X, y).score(X, y) > 0.8
    model = warm_started_model(X, y, knowledge=kb).fit(X, y)
    assert model.score(X, y) > 0.8


def test_a_dataframe_with_text_columns_goes_to_a_pipeline_as_it_is(kb):
    from skmeta.defaults import family_estimator, warm_started_model
    from skmeta.metafeatures import compute_metafeatures

    X, y = _table_with_text()
    pipe = family_estimator("k_neighbors", "classification", X)
    clf = MetaDefaultClassifier(pipe, knowledge=kb, n_candidates=2).fit(X, y)
    # described with its categorical columns, as the knowledge's tasks are
    assert_same_description(clf.metafeatures_, compute_metafeatures(X, y))
    assert clf.metafeatures_["NumberOfSymbolicFeatures"] == 3  # OpenML counts the target
    assert list(clf.feature_names_in_) == list(X.columns)
    assert clf.score(X, y) > 0.8
    assert clf.predict_proba(X[:3]).shape == (3, 3)
    with pytest.raises(ValueError, match="feature names"):
        clf.predict(X[X.columns[::-1]])
    # an estimator that cannot take text: a clear error before any work
    with pytest.raises(ValueError, match=r"non-numeric columns \['colour', 'size'\].*Pipeline"):
        MetaDefaultClassifier(KNeighborsClassifier(), knowledge=kb).fit(X, y)
    with pytest.raises(ValueError, match=r"non-numeric columns \['colour', 'size'\].*Pipeline"):
        skmeta.MetaSearchCV(KNeighborsClassifier(), knowledge=kb, n_iter=2).fit(X, y)
    model = warm_started_model(X, y, knowledge=kb).fit(X, y)
    assert model.score(X, y) > 0.8
    # the search, suggest and the prior take the same table and pipeline
    search = skmeta.MetaSearchCV(pipe, knowledge=kb, n_iter=4, cv=3, random_state=0)
    assert search.fit(X, y).best_estimator_.score(X, y) > 0.8
    alone = skmeta.suggest(X, y, pipe, k=2, knowledge=kb)
    np.testing.assert_equal(alone.metafeatures, clf.metafeatures_)
    prior = skmeta.MetaPrior(pipe, knowledge=kb).fit(X, y)
    assert sorted(prior.param_distributions_) == sorted(
        _prefixed(alone.configs[0], "kneighborsclassifier__")
    )


@pytest.mark.filterwarnings("ignore:X does not have valid feature names")
def test_after_a_fit_on_text_columns_predict_hands_x_to_the_estimator_as_it_is(kb):
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OrdinalEncoder

    from skmeta.defaults import family_estimator

    X, y = _table_with_text()
    rows = X.to_numpy()[:5]  # an object array: numbers and text
    # a pipeline that picks its columns by name: its own error for an array, not
    # NumPy's failure to make numbers of the text
    by_name = family_estimator("k_neighbors", "classification", X)
    clf = MetaDefaultClassifier(by_name, knowledge=kb).fit(X, y)
    with pytest.raises(ValueError, match="only supported for dataframes"):
        clf.predict(rows)
    with pytest.raises(ValueError, match="only supported for dataframes"):
        clf.predict(rows.tolist())
    with pytest.raises(ValueError, match="X has 3 features, but MetaDefaultClassifier"):
        clf.predict(rows[:, :3])
    # one that picks them by position takes the array, as it would alone
    by_position = make_pipeline(
        ColumnTransformer([("text", OrdinalEncoder(), [4, 5])], remainder="passthrough"),
        SimpleImputer(),
        KNeighborsClassifier(),
    )
    clf = MetaDefaultClassifier(by_position, knowledge=kb).fit(X, y)
    with pytest.warns(UserWarning, match="does not have valid feature names"):
        from_array = clf.predict(rows)
    np.testing.assert_array_equal(from_array, clf.predict(X[:5]))


def _as_other_frame(X, library):
    """``X`` (pandas) as a polars DataFrame or an Arrow table, categories kept."""
    import pandas as pd

    if library == "polars":
        pl = pytest.importorskip("polars")
        return pl.DataFrame(
            {
                c: pl.Series(
                    [None if pd.isna(v) else v for v in X[c]],
                    dtype=pl.Categorical if isinstance(X[c].dtype, pd.CategoricalDtype) else None,
                )
                for c in X.columns
            }
        )
    try:  # (pyarrow 26 refuses NumPy 1.x at import: an ImportError, not a missing module)
        import pyarrow as pa
    except ImportError as exc:
        pytest.skip(f"no working pyarrow: {exc}")
    return pa.Table.from_pandas(X, preserve_index=False)


@pytest.mark.parametrize("library", ["polars", "pyarrow"])
def test_a_polars_or_arrow_frame_is_taken_as_its_pandas_equivalent(kb, library):
    from sklearn.ensemble import HistGradientBoostingClassifier

    from skmeta.defaults import family_estimator, rank_families, warm_started_model

    X, y = _table_with_text()
    other = _as_other_frame(X, library)
    pipe = family_estimator("k_neighbors", "classification", other)  # encodes the text
    assert pipe.steps[0][1].transformers[0][2] == ["colour", "size"]
    expected = MetaDefaultClassifier(pipe, knowledge=kb, n_candidates=2).fit(X, y)
    clf = MetaDefaultClassifier(pipe, knowledge=kb, n_candidates=2).fit(other, y)
    np.testing.assert_equal(clf.metafeatures_, expected.metafeatures_)
    assert clf.suggested_params_ == expected.suggested_params_
    assert list(clf.feature_names_in_) == list(X.columns)
    np.testing.assert_array_equal(clf.predict_proba(other), expected.predict_proba(X))
    np.testing.assert_array_equal(clf.predict(X), expected.predict(other))  # either way
    # columns declared by name, as in a pandas frame
    declared = MetaDefaultClassifier(pipe, knowledge=kb, categorical_features=["colour", "size"])
    assert declared.fit(other, y).metafeatures_["NumberOfSymbolicFeatures"] == 3
    # the search, suggest, the prior and family selection take it too
    search = skmeta.MetaSearchCV(pipe, knowledge=kb, n_iter=3, cv=3, random_state=0)
    from_pandas = clone(search).fit(X, y)
    np.testing.assert_array_equal(
        search.fit(other, y).cv_results_["mean_test_score"],
        from_pandas.cv_results_["mean_test_score"],
    )
    # and its prediction methods take the frame too
    np.testing.assert_array_equal(search.predict_proba(other), from_pandas.predict_proba(X))
    np.testing.assert_array_equal(search.predict(other), from_pandas.predict(X))
    assert search.score(other, y) == from_pandas.score(X, y)
    assert skmeta.suggest(other, y, pipe, k=2, knowledge=kb).configs == (
        skmeta.suggest(X, y, pipe, k=2, knowledge=kb).configs
    )
    prior = skmeta.MetaPrior(pipe, knowledge=kb).fit(other, y)
    assert sorted(prior.param_distributions_) == sorted(
        skmeta.MetaPrior(pipe, knowledge=kb).fit(X, y).param_distributions_
    )
    assert rank_families(other, y, knowledge=kb).equals(rank_families(X, y, knowledge=kb))
    assert warm_started_model(other, y, knowledge=kb).fit(other, y).score(other, y) > 0.8
    # gradient boosting takes the categorical columns natively, as from pandas
    categories = X.astype({"size": "category"})
    boosting = MetaDefaultClassifier(HistGradientBoostingClassifier(max_iter=20))
    boosting.fit(_as_other_frame(categories, library), y)
    assert boosting.estimator_.is_categorical_.tolist() == [False] * 4 + [True, True]


def test_missing_values_do_not_make_a_dataset_unlike_the_shipped_knowledge():
    # one of its 125 classification tasks has missing values: the share of missing
    # values says nothing there, and a table with gaps is as near as one without
    X, y = load_breast_cancer(return_X_y=True)
    gaps = X.copy()
    gaps[np.random.default_rng(0).random(X.shape) < 0.1] = np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("error", skmeta.defaults.FarFromKnowledgeWarning)
        full = MetaDefaultClassifier().fit(X, y)
        holed = MetaDefaultClassifier().fit(gaps, y)
    assert holed.metafeatures_["PercentageOfMissingValues"] > 9
    assert not holed.fallback_
    assert holed.distance_ratio_ < 1.5 * full.distance_ratio_ + 0.5


def test_columns_the_estimator_encodes_are_described_as_nominal():
    import pandas as pd
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder

    from skmeta.metafeatures import compute_metafeatures

    # an array whose last two columns are category codes: it cannot say so itself
    rng = np.random.default_rng(0)
    X = np.column_stack([rng.normal(size=(150, 3)), rng.integers(0, 4, (150, 2))])
    y = (X[:, 0] + X[:, 3] > 1).astype(int)
    codes = np.array([False, False, False, True, True])
    as_numbers = compute_metafeatures(X, y)
    as_codes = compute_metafeatures(X, y, categorical_features=codes)
    assert as_numbers["NumberOfSymbolicFeatures"] == 1  # the target only
    assert as_codes["NumberOfSymbolicFeatures"] == 3
    encode = ColumnTransformer(
        [("cat", OneHotEncoder(handle_unknown="ignore"), [3, 4])], remainder="passthrough"
    )
    for estimator in (
        make_pipeline(encode, LogisticRegression()),  # one-hot in the pipeline
        make_pipeline(  # ordinal codes after an imputer, by mask
            ColumnTransformer(
                [
                    (
                        "cat",
                        make_pipeline(SimpleImputer(strategy="most_frequent"), OrdinalEncoder()),
                        codes,
                    )
                ],
                remainder="passthrough",
            ),
            HistGradientBoostingClassifier(),
        ),
        HistGradientBoostingClassifier(categorical_features=[3, 4]),  # boosting's own
    ):
        fitted = MetaDefaultClassifier(estimator).fit(X, y)
        np.testing.assert_equal(fitted.metafeatures_, as_codes)
        np.testing.assert_equal(skmeta.suggest(X, y, estimator).metafeatures, as_codes)
        np.testing.assert_equal(skmeta.MetaPrior(estimator).fit(X, y).metafeatures_, as_codes)
    # an estimator that encodes nothing: the columns stay numbers
    np.testing.assert_equal(MetaDefaultClassifier().fit(X, y).metafeatures_, as_numbers)
    # a DataFrame's bool column is nominal, as OpenML has it, for the estimators as for
    # suggest (the estimator gets it as numbers)
    frame = pd.DataFrame(X[:, :3], columns=["a", "b", "c"]).assign(flag=X[:, 3] > 1)
    fitted = MetaDefaultClassifier().fit(frame, y)
    assert fitted.metafeatures_["NumberOfBinaryFeatures"] >= 2  # the flag and the target
    np.testing.assert_equal(fitted.metafeatures_, skmeta.suggest(frame, y).metafeatures)
    np.testing.assert_equal(fitted.metafeatures_, compute_metafeatures(frame, y))


def test_an_empty_column_is_refused_for_gradient_boosting_before_any_work():
    from sklearn.ensemble import HistGradientBoostingRegressor
    from sklearn.impute import SimpleImputer

    X, y = make_regression(80, 4, random_state=0)
    X[:, 2] = np.nan
    # (scikit-learn's own gradient boosting fails deep in its binning on such a column)
    with pytest.raises(ValueError, match=r"1 column\(s\) with no values.*\[2\].*imputer"):
        MetaDefaultRegressor().fit(X, y)
    # a DataFrame with pandas categories, which gradient boosting takes as it is
    frame, labels = _table_with_text()
    frame = frame.astype({"size": "category"}).assign(petal_width=np.nan)
    with pytest.raises(ValueError, match=r"no values.*\['petal_width'\]"):
        MetaDefaultClassifier().fit(frame, labels)
    # the search says so once, before any candidate's fit (not 'All the fits failed')
    from sklearn.ensemble import HistGradientBoostingClassifier

    for estimator, data, target in (
        (HistGradientBoostingRegressor(), X, y),
        (HistGradientBoostingClassifier(), frame, labels),
    ):
        with pytest.raises(ValueError, match=r"1 column\(s\) with no values"):
            skmeta.MetaSearchCV(estimator, n_iter=2).fit(data, target)
    # behind an imputer, the pipeline decides (SimpleImputer drops the column)
    pipe = make_pipeline(SimpleImputer(), HistGradientBoostingRegressor(max_iter=10))
    assert MetaDefaultRegressor(pipe).fit(X, y).predict(X[:2]).shape == (2,)


def test_gradient_boosting_takes_pandas_categories_as_they_are():
    from sklearn.ensemble import HistGradientBoostingClassifier

    X, y = _table_with_text()
    X = X.astype({"size": "category"})  # both text columns now of 'category' dtype
    clf = MetaDefaultClassifier(HistGradientBoostingClassifier(max_iter=20)).fit(X, y)
    # gradient boosting treats them as categorical itself, as scikit-learn's does
    assert clf.estimator_.is_categorical_.tolist() == [False] * 4 + [True, True]
    assert clf.metafeatures_["NumberOfSymbolicFeatures"] == 3
    assert clf.predict(X[:5]).shape == (5,)
    prior = skmeta.MetaPrior(HistGradientBoostingClassifier()).fit(X, y)
    assert list(prior.feature_names_in_) == list(X.columns)
    # text of 'object' dtype it cannot take: the error says how to pass it
    with pytest.raises(ValueError, match=r"non-numeric columns \['colour', 'size'\].*'category'"):
        MetaDefaultClassifier().fit(X.astype({"colour": object, "size": object}), y)
    # nor categories when told which columns are categorical by position
    with pytest.raises(ValueError, match="non-numeric columns"):
        MetaDefaultClassifier(HistGradientBoostingClassifier(categorical_features=[4, 5])).fit(X, y)


def test_rank_families_scores_a_family_between_its_default_and_its_best(kb):
    from skmeta.defaults._select import _family_score, _rank_families

    key = "k_neighbors/classification"
    rows = np.flatnonzero((kb.tasks["kind"] == "classification").to_numpy())
    A = kb.scores(key, "accuracy")[rows]
    d = kb.configs(key).index(kb.space(key).default_config())
    np.testing.assert_allclose(
        _family_score(kb, key, "accuracy", rows), (A[:, d] + np.nanmax(A, axis=1)) / 2
    )
    # the ranking follows those scores on the nearest tasks (here: all of them, alike)
    mf = kb.metafeatures.iloc[rows[0]].to_dict()
    ranking = _rank_families(kb, mf, "classification", n_neighbors=1)
    first = kb.task_names[rows[0]]
    scores = {
        f: _family_score(kb, f"{f}/classification", "accuracy", rows)[0]
        for f in ("k_neighbors", "linear")
    }
    assert ranking["family"].iloc[0] == max(scores, key=scores.get), first


def _one_hot_table(n=240, seed=0):
    """A table whose one-hot encoding comes out sparse, as ColumnTransformer gives it."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    df = pd.DataFrame(
        {
            "a": rng.choice(list("abcdefghij"), n),
            "b": rng.choice([f"x{i}" for i in range(30)], n),
            "c": rng.normal(size=n),
        }
    )
    y = (df["a"].isin(list("abc")) ^ (df["c"] > 0)).to_numpy().astype(int)
    return df, y


def test_sparse_input_after_a_one_hot_encoder(kb):
    from scipy import sparse
    from sklearn.compose import make_column_transformer
    from sklearn.preprocessing import OneHotEncoder

    df, y = _one_hot_table()
    encode = make_column_transformer(
        (OneHotEncoder(handle_unknown="ignore"), ["a", "b"]), remainder=StandardScaler()
    )
    X = encode.fit_transform(df)
    assert sparse.issparse(X)
    dense = X.toarray()
    # what is learned from the sparse matrix is what is learned from its dense self
    for n_candidates in (1, 3):
        a = MetaDefaultClassifier(LogisticRegression(), knowledge=kb, n_candidates=n_candidates)
        b = clone(a)
        a.fit(X, y)
        b.fit(dense, y)
        assert a.metafeatures_ == pytest.approx(b.metafeatures_, nan_ok=True)
        assert a.suggested_params_ == b.suggested_params_
        np.testing.assert_allclose(a.predict_proba(X), b.predict_proba(dense), atol=1e-6)
    search = skmeta.MetaSearchCV(LogisticRegression(), knowledge=kb, n_iter=4, cv=3)
    sparse_params = search.fit(X, y).cv_results_["params"]
    assert sparse_params == clone(search).fit(dense, y).cv_results_["params"]
    prior = skmeta.MetaPrior(LogisticRegression(), knowledge=kb).fit(X, y)
    dense_prior = skmeta.MetaPrior(LogisticRegression(), knowledge=kb).fit(dense, y)
    # the same tasks, at distances equal up to rounding (NumPy versions sum differently)
    assert [n for n, _ in prior.neighbors_] == [n for n, _ in dense_prior.neighbors_]
    assert [d for _, d in prior.neighbors_] == pytest.approx(
        [d for _, d in dense_prior.neighbors_], rel=1e-12
    )
    assert skmeta.suggest(X, y, LogisticRegression(), knowledge=kb).configs == (
        skmeta.suggest(dense, y, LogisticRegression(), knowledge=kb).configs
    )
    # the usual place: inside a pipeline, after the encoder
    pipe = make_pipeline(encode, MetaDefaultClassifier(LogisticRegression(), knowledge=kb))
    assert cross_val_score(pipe, df, y, cv=3).mean() > 0.6


def test_sparse_input_for_an_estimator_that_refuses_it_fails_early(kb, monkeypatch):
    from scipy import sparse
    from sklearn.ensemble import HistGradientBoostingClassifier

    import skmeta.metafeatures

    X = sparse.random(60, 5, density=0.3, random_state=0, format="csr")
    y = np.arange(60) % 2

    def not_reached(*args, **kwargs):
        raise AssertionError("the meta-features were computed before the check")

    monkeypatch.setattr(skmeta.metafeatures, "compute_metafeatures", not_reached)
    for est in (
        MetaDefaultClassifier(HistGradientBoostingClassifier(), knowledge=kb),
        skmeta.MetaSearchCV(HistGradientBoostingClassifier(), knowledge=kb, n_iter=2),
    ):
        with pytest.raises(TypeError, match=r"[Ss]parse data was passed"):
            est.fit(X, y)
    assert MetaDefaultClassifier(knowledge=kb).__sklearn_tags__().input_tags.sparse is False
    assert MetaDefaultClassifier(SVC()).__sklearn_tags__().input_tags.sparse is True
    assert MetaDefaultClassifier().__sklearn_tags__().input_tags.allow_nan is True


def test_the_one_liner_on_a_sparse_matrix_picks_a_family_that_takes_it(kb, monkeypatch):
    import pandas as pd
    from scipy import sparse

    from skmeta.defaults import _select, family_estimator, warm_started_model

    X, y = load_breast_cancer(return_X_y=True)
    X = sparse.csr_matrix(X * (np.arange(X.size).reshape(X.shape) % 3 == 0))
    X.data[::40] = np.nan
    svm = family_estimator("svm", "classification", X)
    assert [type(s).__name__ for _, s in svm.steps] == ["SimpleImputer", "StandardScaler", "SVC"]
    assert svm.steps[1][1].with_mean is False  # centring would make X dense
    ranked = ["hist_gradient_boosting", "linear"]  # the first refuses sparse matrices
    monkeypatch.setattr(_select, "rank_families", lambda *a, **k: pd.DataFrame({"family": ranked}))
    model = warm_started_model(X, y, knowledge=kb)
    assert type(model.estimator.steps[-1][1]) is LogisticRegression
    assert cross_val_score(model, X, y, cv=3).mean() > 0.8
    dense = warm_started_model(X.toarray(), y, knowledge=kb).estimator
    assert type(dense.steps[-1][1]).__name__ == "HistGradientBoostingClassifier"
    ranked = ["hist_gradient_boosting"]
    with pytest.raises(ValueError, match="No family of the knowledge takes a sparse X"):
        warm_started_model(X, y, knowledge=kb)


@pytest.mark.parametrize("kind", ["classification", "regression"])
def test_meta_prior_takes_every_family_of_the_shipped_knowledge(kind):
    # an unfitted forest's len() raises: the estimator is looked at as `is None`, never
    # by truth value (MetaPrior(RandomForestClassifier()) failed in its input tags)
    from skmeta.defaults import family_estimator
    from skmeta.spaces import FAMILIES

    X, y = (
        load_iris(return_X_y=True)
        if kind == "classification"
        else make_regression(120, 5, noise=1.0, random_state=0)
    )
    for family in FAMILIES:
        estimator = family_estimator(family, kind)
        prior = skmeta.MetaPrior(estimator).fit(X, y)
        assert prior.param_distributions_, family
        draw = {k: v.rvs(random_state=0) for k, v in prior.param_distributions_.items()}
        clone(estimator).set_params(**draw)  # names the estimator takes


def test_declared_category_codes_are_described_as_nominal():
    import pandas as pd
    from sklearn.ensemble import RandomForestClassifier

    from skmeta.defaults import rank_families
    from skmeta.metafeatures import compute_metafeatures

    rng = np.random.default_rng(0)
    X = np.column_stack([rng.normal(size=(150, 3)), rng.integers(0, 4, (150, 2))])
    y = (X[:, 0] + X[:, 3] > 1).astype(int)
    as_codes = compute_metafeatures(X, y, categorical_features=[3, 4])
    forest = RandomForestClassifier(n_estimators=5, random_state=0)
    # a bare forest encodes nothing: only the declaration says the codes are categories
    for spec in ([3, 4], np.array([3, -1]), [False, False, False, True, True], ["x3", "x4"]):
        fitted = MetaDefaultClassifier(forest, categorical_features=spec).fit(X, y)
        np.testing.assert_equal(fitted.metafeatures_, as_codes)
        assert forest.get_params() == fitted.estimator.get_params()  # untouched
        assert "categorical_features" in clone(fitted).get_params()
    assert MetaDefaultClassifier(forest).fit(X, y).metafeatures_["NumberOfSymbolicFeatures"] == 1
    prior = skmeta.MetaPrior(forest, categorical_features=[3, 4]).fit(X, y)
    np.testing.assert_equal(prior.metafeatures_, as_codes)
    found = skmeta.suggest(X, y, forest, categorical_features=[3, 4]).metafeatures
    np.testing.assert_equal(found, as_codes)
    # the declaration adds to what the estimator encodes
    one_hot = make_pipeline(_one_hot([3]), RandomForestClassifier(n_estimators=5, random_state=0))
    fitted = MetaDefaultClassifier(one_hot, categorical_features=[4]).fit(X, y)
    np.testing.assert_equal(fitted.metafeatures_, as_codes)
    # a DataFrame's columns by name, besides its own category columns
    frame = pd.DataFrame(X, columns=list("abcde")).astype({"e": "category"})
    by_name = MetaDefaultClassifier(categorical_features=["d"]).fit(frame, y)
    assert_same_description(by_name.metafeatures_, as_codes)
    # MetaSearchCV ranks its warm start from the same description
    search = skmeta.MetaSearchCV(
        forest, n_iter=2, n_warm=2, cv=2, random_state=0, categorical_features=[3, 4]
    ).fit(X, y)
    top = skmeta.suggest(X, y, forest, k=2, categorical_features=[3, 4]).configs
    assert search.cv_results_["params"] == top
    ranked = rank_families(X, y, categorical_features=[3, 4])
    assert set(ranked["family"]) >= {"random_forest", "hist_gradient_boosting"}


def _one_hot(columns):
    from sklearn.compose import ColumnTransformer
    from sklearn.preprocessing import OneHotEncoder

    return ColumnTransformer(
        [("cat", OneHotEncoder(handle_unknown="ignore"), columns)], remainder="passthrough"
    )


@pytest.mark.parametrize(
    ("spec", "match"),
    [
        ([7], "index 7 is out of range for 5 columns"),
        (["nope"], "'nope', which is not among the columns"),
        ([True, False], "boolean mask of 2 entries, but X has 5 columns"),
        ([[3, 4]], r"one dimension.*shape \(1, 2\)"),
    ],
)
def test_a_declaration_that_does_not_fit_X_is_refused_before_any_work(spec, match):
    X, y = make_regression(60, 5, random_state=0)
    for estimator in (
        MetaDefaultRegressor(categorical_features=spec),
        skmeta.MetaPrior(categorical_features=spec),
        skmeta.MetaSearchCV(Ridge(), n_iter=2, categorical_features=spec),
    ):
        with pytest.raises(ValueError, match=match):
            estimator.fit(X, y)
        assert not hasattr(estimator, "metafeatures_")
    with pytest.raises(ValueError, match=match):
        skmeta.suggest(X, y, categorical_features=spec)


def test_family_estimator_and_warm_started_model_encode_declared_codes(kb):
    import pandas as pd
    from scipy import sparse
    from sklearn.compose import ColumnTransformer
    from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder

    from skmeta.defaults import family_estimator, warm_started_model

    rng = np.random.default_rng(1)
    X = np.column_stack([rng.normal(size=(150, 3)), rng.integers(0, 4, (150, 2))])
    y = (X[:, 0] + (X[:, 3] == 2) > 0.5).astype(int)
    svm = family_estimator("svm", "classification", X, categorical_features=[3, 4])
    (_, cat, cat_cols), (_, num, num_cols) = svm.steps[0][1].transformers
    assert (cat_cols, num_cols) == ([3, 4], [0, 1, 2])
    assert [type(s) for _, s in cat.steps] == [OneHotEncoder]
    assert [type(s) for _, s in num.steps] == [StandardScaler]
    forest = family_estimator("random_forest", "classification", X, categorical_features=[4])
    assert isinstance(forest.steps[0][1].transformers[0][1].steps[0][1], OrdinalEncoder)
    # a DataFrame: the declared columns and its own text columns, by name
    frame = pd.DataFrame(X, columns=list("abcde")).assign(colour=np.where(y, "red", "blue"))
    pipe = family_estimator("linear", "classification", frame, categorical_features=["d"])
    assert pipe.steps[0][1].transformers[0][2] == ["d", "colour"]
    with pytest.raises(ValueError, match="needs X as a dense array"):
        family_estimator("svm", "classification", None, categorical_features=[0])
    with pytest.raises(ValueError, match="sparse matrix"):
        family_estimator("svm", "classification", sparse.csr_matrix(X), categorical_features=[0])
    model = warm_started_model(X, y, knowledge=kb, categorical_features=[3, 4])
    assert isinstance(model.estimator.steps[0][1], ColumnTransformer)
    model.fit(X, y)
    assert model.metafeatures_["NumberOfSymbolicFeatures"] == 3
    assert model.score(X, y) > 0.8


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_few_shot_routes_fit_params_as_cross_val_score_with_metadata_routing(kb, n_jobs):
    import sklearn
    from sklearn.exceptions import UnsetMetadataPassedError
    from sklearn.model_selection import KFold

    X, y = load_breast_cancer(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    w = np.random.default_rng(0).uniform(0.1, 3.0, y.size)
    cv = KFold(3, shuffle=True, random_state=0)
    with sklearn.config_context(enable_metadata_routing=True):
        est = LogisticRegression().set_fit_request(sample_weight=True)
        est.set_score_request(sample_weight=True)
        clf = MetaDefaultClassifier(est, knowledge=kb, n_candidates=2, cv=cv, n_jobs=n_jobs)
        clf.fit(X, y, sample_weight=w)
        for candidate in clf.candidates_:
            one = clone(est).set_params(**candidate["params"])
            expected = cross_val_score(one, X, y, cv=cv, params={"sample_weight": w}).mean()
            assert candidate["cv_score"] == pytest.approx(expected)
        # weights the estimator did not ask for: scikit-learn's own error, not a NaN
        plain = MetaDefaultClassifier(LogisticRegression(), knowledge=kb, n_candidates=2, cv=cv)
        with pytest.raises(UnsetMetadataPassedError, match="sample_weight"):
            plain.set_params(n_jobs=n_jobs).fit(X, y, sample_weight=w)


def test_the_one_liner_chooses_among_the_families_asked_for(kb):
    from skmeta.defaults import warm_started_model

    X, y = load_iris(return_X_y=True)
    for families, name in (("linear", "LogisticRegression"), (["k_neighbors"], "KNeighbors")):
        model = warm_started_model(X, y, knowledge=kb, families=families, random_state=3)
        final = model.estimator.steps[-1][1]
        assert type(final).__name__.startswith(name)
    lr = warm_started_model(X, y, knowledge=kb, families="linear", random_state=3)
    assert lr.estimator.steps[-1][1].random_state == 3
    with pytest.raises(ValueError, match=r"covers \['k_neighbors', 'linear'\]"):
        warm_started_model(X, y, knowledge=kb, families=["random_forest"])
    for bad, message in (
        ("forest", "Unknown family 'forest'; give a family"),
        ([], "families must name some of"),
        (["linear", "nope"], "Unknown family 'nope'"),
    ):
        with pytest.raises(ValueError, match=message):
            warm_started_model(X, y, knowledge=kb, families=bad)
    with pytest.raises(TypeError, match="families must be a family's name or a list of them"):
        warm_started_model(X, y, knowledge=kb, families=3)
    # short names and class names, as on the command line
    model = warm_started_model(X, y, knowledge=kb, families=["knn", "LogisticRegression"])
    assert type(final_step(model.estimator)[0]).__name__ in {
        "KNeighborsClassifier",
        "LogisticRegression",
    }


def test_the_one_liner_is_reproducible_with_random_state():
    from skmeta.defaults import warm_started_model

    X, y = load_breast_cancer(return_X_y=True)
    probas = [
        warm_started_model(X, y, families="random_forest", random_state=0)
        .fit(X, y)
        .predict_proba(X)
        for _ in range(2)
    ]
    np.testing.assert_array_equal(*probas)


def test_few_shot_splits_by_the_groups_given_to_fit(kb):
    from sklearn.model_selection import GroupKFold

    X, y = load_iris(return_X_y=True)
    groups = np.arange(len(y)) % 6
    clf = MetaDefaultClassifier(
        KNeighborsClassifier(), knowledge=kb, n_candidates=3, cv=GroupKFold(3)
    )
    clf.fit(X, y, groups=groups)
    # the scores are those of the group folds
    for candidate in clf.candidates_:
        est = KNeighborsClassifier(**candidate["params"])
        expected = cross_val_score(est, X, y, groups=groups, cv=GroupKFold(3)).mean()
        assert candidate["cv_score"] == pytest.approx(expected)
    with pytest.raises(ValueError, match=r"splits by groups: pass them to fit"):
        clone(clf).fit(X, y)
    # labels that cannot split: named before any work, here and in the search (not
    # GroupKFold's TypeError from sorting None among text)
    gaps = np.where(groups == 4, None, groups.astype(str)).astype(object)
    mixed = groups.astype(object)
    mixed[groups == 4] = "four"
    search = skmeta.MetaSearchCV(KNeighborsClassifier(), knowledge=kb, n_iter=2, cv=GroupKFold(3))
    for estimator in (clone(clf), search, MetaDefaultClassifier(KNeighborsClassifier())):
        with pytest.raises(ValueError, match=r"X has 150 rows, groups has shape \(5,\)"):
            clone(estimator).fit(X, y, groups=groups[:5])
        with pytest.raises(
            ValueError, match=r"groups has 25 missing label\(s\) \(first at row 4\)"
        ):
            clone(estimator).fit(X, y, groups=gaps)
        with pytest.raises(ValueError, match=r"groups mixes labels of types \['int', 'str'\]"):
            clone(estimator).fit(X, y, groups=mixed)
    # zero-shot takes them and has no use for them
    MetaDefaultClassifier(KNeighborsClassifier(), knowledge=kb).fit(X, y, groups=groups)


def test_grid_search_routes_groups_to_the_few_shot_cv(kb):
    import sklearn
    from sklearn.model_selection import GroupKFold

    X, y = load_iris(return_X_y=True)
    groups = np.arange(len(y)) % 6
    with sklearn.config_context(enable_metadata_routing=True):
        clf = MetaDefaultClassifier(
            KNeighborsClassifier(), knowledge=kb, n_candidates=2, cv=GroupKFold(2)
        ).set_fit_request(groups=True)
        search = GridSearchCV(clf, {"n_neighbors": [5, 10]}, cv=GroupKFold(3))
        search.fit(X, y, groups=groups)
    assert search.best_estimator_.candidates_[0]["cv_score"] is not None


def test_several_targets_are_refused_with_the_wrapper_that_takes_them(kb):
    from sklearn.multioutput import MultiOutputRegressor

    X, Y = make_regression(120, 4, n_targets=2, random_state=0)
    for call in (
        lambda: MetaDefaultRegressor(Ridge(), knowledge=kb).fit(X, Y),
        lambda: skmeta.MetaPrior(Ridge(), knowledge=kb).fit(X, Y),
        lambda: skmeta.MetaSearchCV(Ridge(), knowledge=kb, n_iter=2).fit(X, Y),
        lambda: skmeta.suggest(X, Y, Ridge(), knowledge=kb),
        lambda: skmeta.defaults.rank_families(X, Y, knowledge=kb),
        # the base estimator wrapped instead: the message says which one to wrap
        lambda: MetaDefaultRegressor(MultiOutputRegressor(Ridge()), knowledge=kb).fit(X, Y),
    ):
        with pytest.raises(
            ValueError,
            match=r"y has 2 columns.*wrap the skmeta estimator \(not the one it warm-starts\)"
            r".*MultiOutputRegressor\(MetaDefaultRegressor\(Ridge\(\)\)\)",
        ):
            call()
    wrapped = MultiOutputRegressor(MetaDefaultRegressor(Ridge(), knowledge=kb)).fit(X, Y)
    assert len(wrapped.estimators_) == 2
    for j, model in enumerate(wrapped.estimators_):
        alone = MetaDefaultRegressor(Ridge(), knowledge=kb).fit(X, Y[:, j])
        assert model.suggested_params_ == alone.suggested_params_
    assert wrapped.score(X, Y) > 0.9


def test_methods_are_those_of_the_estimator_before_fit_so_stacking_can_choose(kb):
    X, y = load_breast_cancer(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    svc = MetaDefaultClassifier(SVC())  # the shipped knowledge covers SVC
    assert not hasattr(svc, "predict_proba")
    assert hasattr(svc, "decision_function")
    assert hasattr(MetaDefaultClassifier(SVC(probability=True), knowledge=kb), "predict_proba")
    assert hasattr(MetaDefaultClassifier(knowledge=kb), "predict_proba")
    assert not hasattr(MetaDefaultClassifier(knowledge=kb), "predict_log_proba")
    assert not hasattr(MetaDefaultRegressor(Ridge(), knowledge=kb), "predict_proba")
    # StackingClassifier picks "predict_proba" when the unfitted estimator has it
    stack = StackingClassifier([("svc", svc), ("lr", LogisticRegression())], cv=3)
    stack.fit(X, y)
    assert stack.stack_method_ == ["decision_function", "predict_proba"]
    assert stack.score(X, y) > 0.9


def test_random_state_seeds_what_the_estimator_leaves_open():
    from sklearn.ensemble import HistGradientBoostingClassifier

    X, y = load_breast_cancer(return_X_y=True)
    hgb = HistGradientBoostingClassifier(max_iter=15)

    def proba(**params):
        return MetaDefaultClassifier(hgb, **params).fit(X, y).predict_proba(X)

    clf = MetaDefaultClassifier(hgb, random_state=3).fit(X, y)
    assert clf.suggested_params_["max_features"] < 1  # the configuration draws columns
    assert clf.estimator_.random_state == 3
    assert hgb.random_state is None  # the estimator given is left as it is
    np.testing.assert_array_equal(proba(random_state=3), proba(random_state=3))
    assert not np.array_equal(proba(random_state=3), proba(random_state=4))
    # a seed the estimator sets is kept
    own = MetaDefaultClassifier(clone(hgb).set_params(random_state=7), random_state=3)
    assert own.fit(X, y).estimator_.random_state == 7
    # a RandomState draws a seed each fit; few-shot candidates are seeded alike
    few = MetaDefaultClassifier(hgb, n_candidates=3, random_state=np.random.RandomState(0))
    first = [c["cv_score"] for c in few.fit(X, y).candidates_]
    again = MetaDefaultClassifier(hgb, n_candidates=3, random_state=np.random.RandomState(0))
    assert [c["cv_score"] for c in again.fit(X, y).candidates_] == first
    # every open random_state of a pipeline's steps
    pipe = skmeta.defaults.family_estimator("mlp", "classification", X)
    fitted = MetaDefaultClassifier(pipe.set_params(mlpclassifier__max_iter=20), random_state=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitted.fit(X, y)
    assert fitted.estimator_[-1].random_state == 1


def test_meta_search_random_state_seeds_what_the_estimator_leaves_open():
    from sklearn.ensemble import HistGradientBoostingClassifier

    X, y = load_breast_cancer(return_X_y=True)
    hgb = HistGradientBoostingClassifier(max_iter=10)

    def search(estimator=hgb, random_state=0):
        search = skmeta.MetaSearchCV(estimator, n_iter=5, cv=2, random_state=random_state)
        return search.fit(X, y)

    first = search()
    assert first.estimator is hgb  # given back as it was
    assert hgb.random_state is None
    assert first.best_estimator_.random_state == 0
    assert any(p["max_features"] < 1 for p in first.cv_results_["params"])
    again = search()
    np.testing.assert_array_equal(
        first.cv_results_["mean_test_score"], again.cv_results_["mean_test_score"]
    )
    np.testing.assert_array_equal(first.predict_proba(X), again.predict_proba(X))
    own = search(clone(hgb).set_params(random_state=7))
    assert own.best_estimator_.random_state == 7
    assert search(random_state=None).best_estimator_.random_state is None


def test_sparse_64_bit_indices_reach_k_neighbors_as_32_bit_ones(kb):
    # scikit-learn's k-NN with p=1 fails on 64-bit indices; p=1 is a configuration
    # the knowledge can choose (kept here, so that it is the one fitted)
    import scipy.sparse as sp

    X, y = load_iris(return_X_y=True)
    wide = sp.csr_matrix(X)
    wide.indices, wide.indptr = wide.indices.astype(np.int64), wide.indptr.astype(np.int64)
    clf = MetaDefaultClassifier(KNeighborsClassifier(p=1), knowledge=kb).fit(wide, y)
    assert clf.estimator_.p == 1
    np.testing.assert_array_equal(clf.predict(wide), clf.predict(X))
    assert wide.indices.dtype == np.int64  # the caller's matrix is left as it was


def test_metadata_routing_from_outside_reaches_the_estimators_fit(kb):
    import sklearn
    from sklearn.exceptions import UnsetMetadataPassedError
    from sklearn.model_selection import cross_validate

    X, y = load_breast_cancer(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    w = np.r_[np.ones(300), np.full(y.size - 300, 0.01)]

    def coefs(estimators):
        return [e.estimator_.coef_ for e in estimators]

    # without routing, cross_validate passes the weights to fit (**fit_params)
    plain = cross_validate(
        MetaDefaultClassifier(LogisticRegression(), knowledge=kb),
        X,
        y,
        params={"sample_weight": w},
        return_estimator=True,
    )
    with sklearn.config_context(enable_metadata_routing=True):
        est = LogisticRegression().set_fit_request(sample_weight=True)
        clf = MetaDefaultClassifier(est, knowledge=kb).set_score_request(sample_weight=False)
        routed = cross_validate(clf, X, y, params={"sample_weight": w}, return_estimator=True)
        for a, b in zip(coefs(routed["estimator"]), coefs(plain["estimator"]), strict=True):
            np.testing.assert_array_equal(a, b)
        # the estimator asked for nothing: scikit-learn's own error, before any work
        unasked = MetaDefaultClassifier(LogisticRegression(), knowledge=kb)
        with pytest.raises(UnsetMetadataPassedError, match="sample_weight"):
            unasked.fit(X, y, sample_weight=w)
        assert not hasattr(unasked, "metafeatures_")


def test_fit_shows_sample_weight_when_the_estimators_fit_takes_it(kb):
    import inspect

    from sklearn.ensemble import AdaBoostClassifier, BaggingClassifier, VotingClassifier
    from sklearn.utils.validation import has_fit_parameter

    X, y = load_breast_cancer(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    w = np.r_[np.ones(300), np.full(y.size - 300, 0.01)]
    lr = MetaDefaultClassifier(LogisticRegression(), knowledge=kb)
    knn = MetaDefaultClassifier(KNeighborsClassifier(), knowledge=kb)
    assert has_fit_parameter(lr, "sample_weight")
    assert not has_fit_parameter(knn, "sample_weight")
    assert "sample_weight" not in inspect.signature(MetaDefaultClassifier.fit).parameters
    assert lr.fit.__doc__ == MetaDefaultClassifier.fit.__doc__
    # AdaBoost requires it, Voting passes weights only where it is shown
    boost = AdaBoostClassifier(lr, n_estimators=3, random_state=0).fit(X, y)
    assert boost.score(X, y) > 0.9
    vote = VotingClassifier([("lr", lr)]).fit(X, y, sample_weight=w)
    alone = clone(lr).fit(X, y, sample_weight=w)
    np.testing.assert_array_equal(vote.estimators_[0].estimator_.coef_, alone.estimator_.coef_)
    # Bagging draws its bootstraps as rows for k-NN, as before
    bag = BaggingClassifier(knn, n_estimators=2, random_state=0).fit(X, y)
    assert bag.score(X, y) > 0.9


def test_meta_search_verbose_says_where_each_round_comes_from(kb, capsys):
    X, y = load_iris(return_X_y=True)
    est = make_pipeline(StandardScaler(), KNeighborsClassifier())
    search = skmeta.MetaSearchCV(est, knowledge=kb, n_iter=5, n_warm=2, cv=2, random_state=0)
    search.fit(X, y)
    assert capsys.readouterr().out == ""
    search.set_params(verbose=1).fit(X, y)
    lines = [line for line in capsys.readouterr().out.splitlines() if "[MetaSearchCV]" in line]
    assert lines[0] == "[MetaSearchCV] evaluations 1-2 of 5: ranked first for this dataset"
    announced = [line.split(": ", 1)[1] for line in lines]
    labels = {
        "warm": "ranked first for this dataset",
        "adaptive": "picked from the knowledge by the scores so far",
        "prior": "drawn from the learned prior",
    }
    told = [labels[source] for source in dict.fromkeys(search.candidate_sources_)]
    assert list(dict.fromkeys(announced)) == told


def test_a_seeded_random_configuration_is_the_same_on_one_or_two_cores():
    from sklearn.ensemble import HistGradientBoostingClassifier

    X, y = load_breast_cancer(return_X_y=True)
    hgb = HistGradientBoostingClassifier(max_iter=10)

    def fitted(n_jobs):
        clf = MetaDefaultClassifier(hgb, n_candidates=3, random_state=0, n_jobs=n_jobs)
        return clf.fit(X, y)

    one, two = fitted(1), fitted(2)
    assert any(c["params"]["max_features"] < 1 for c in one.candidates_)
    assert [c["cv_score"] for c in one.candidates_] == [c["cv_score"] for c in two.candidates_]
    np.testing.assert_array_equal(one.predict_proba(X), two.predict_proba(X))


@pytest.mark.filterwarnings("ignore::skmeta.defaults.FarFromKnowledgeWarning")
def test_feature_selectors_take_it_as_they_take_the_estimator(kb):
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.feature_selection import RFE, SelectFromModel

    X, y = load_breast_cancer(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    linear = MetaDefaultClassifier(LogisticRegression(max_iter=2000), knowledge=kb)
    assert not hasattr(linear, "coef_")  # before fit
    with pytest.raises(AttributeError, match="no coef_ before fit"):
        linear.coef_  # noqa: B018
    linear.fit(X, y)
    np.testing.assert_array_equal(linear.coef_, linear.estimator_.coef_)
    np.testing.assert_array_equal(linear.intercept_, linear.estimator_.intercept_)
    with pytest.raises(AttributeError, match="LogisticRegression, has none"):
        linear.feature_importances_  # noqa: B018
    forest = MetaDefaultClassifier(RandomForestClassifier(n_estimators=10, random_state=0))
    forest.fit(X, y)
    np.testing.assert_array_equal(
        forest.feature_importances_, forest.estimator_.feature_importances_
    )
    assert not hasattr(forest, "coef_")
    # importance_getter='auto' finds them: before, both refused the object
    assert SelectFromModel(forest).fit(X, y).transform(X).shape[1] < X.shape[1]
    assert RFE(linear, n_features_to_select=5).fit(X, y).support_.sum() == 5
    regressor = MetaDefaultRegressor(Ridge(), knowledge=kb).fit(X, X[:, 0] + X[:, 1])
    assert regressor.coef_.shape == (X.shape[1],)


class _FewNeighbors(KNeighborsClassifier):
    """A subclass with its own default of a space parameter."""

    def __init__(self, n_neighbors=3, *, weights="uniform", p=2):
        super().__init__(n_neighbors=n_neighbors, weights=weights, p=p)


def test_a_subclass_of_a_covered_estimator_is_covered_as_its_base_class(kb):
    from sklearn.linear_model import LogisticRegressionCV

    X, y = load_iris(return_X_y=True)
    clf = MetaDefaultClassifier(_FewNeighbors(), knowledge=kb).fit(X, y)
    assert type(clf.estimator_) is _FewNeighbors
    assert clf.suggested_params_ in [
        {**c, "n_neighbors": 3} for c in kb.configs("k_neighbors/classification")
    ]
    # its own default differs from scikit-learn's: kept, as a setting of the user's
    assert clf.kept_params_ == {"n_neighbors": 3}
    assert clf.estimator_.n_neighbors == 3
    ranked = skmeta.suggest(X, y, _FewNeighbors(weights="distance"), knowledge=kb, k=2)
    assert [c["weights"] for c in ranked.configs] == ["distance"] * len(ranked.configs) != []
    # a subclass without the space's parameters is not: LogisticRegressionCV has no C
    with pytest.raises(ValueError, match="no configurations for LogisticRegressionCV"):
        MetaDefaultClassifier(LogisticRegressionCV(), knowledge=kb).fit(X, y)


def test_weights_count_the_rows_the_meta_features_describe():
    from skmeta.defaults._meta_default import weighted_rows

    X, y = load_iris(return_X_y=True)
    rng = np.random.default_rng(0)
    w = rng.integers(0, 3, size=len(y))
    repeated = np.repeat(np.arange(len(y)), w)
    # weight 2 describes the dataset with the row twice, weight 0 without it
    model = MetaDefaultClassifier(LogisticRegression(max_iter=2000), random_state=0)
    weighted = clone(model).fit(X, y, sample_weight=w)
    plain = clone(model).fit(X[repeated], y[repeated])
    np.testing.assert_equal(weighted.metafeatures_, plain.metafeatures_)  # NaN == NaN
    assert weighted.metafeatures_["NumberOfInstances"] == w.sum()
    assert weighted.suggested_params_ == plain.suggested_params_
    # a pipeline's step weights are the rows' weights too
    pipe = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    stepped = MetaDefaultClassifier(pipe).fit(X, y, logisticregression__sample_weight=w)
    np.testing.assert_equal(stepped.metafeatures_, plain.metafeatures_)
    # the search describes the same dataset
    search = skmeta.MetaSearchCV(LogisticRegression(max_iter=2000), n_iter=2, random_state=0)
    np.testing.assert_equal(search.fit(X, y, sample_weight=w).metafeatures_, plain.metafeatures_)
    # and so does the prior, for the weights a search will fit with
    prior = skmeta.MetaPrior(LogisticRegression()).fit(X, y, sample_weight=w)
    np.testing.assert_equal(prior.metafeatures_, plain.metafeatures_)
    with pytest.raises(ValueError, match="sample_weight must be non-negative"):
        skmeta.MetaPrior(LogisticRegression()).fit(X, y, sample_weight=-w)
    # fractions keep the rows of positive weight; all ones, every row
    fractions = np.where(w > 0, 0.37, 0.0)
    kept = weighted_rows(X, y, fractions)
    np.testing.assert_array_equal(kept[0], X[w > 0])
    np.testing.assert_array_equal(kept[1], y[w > 0])
    assert weighted_rows(X, y, np.ones(len(y)))[0] is X
    # weights that are no frequencies are the estimator's to judge: X as given
    for odd in (-w, np.full(len(y), np.nan), np.zeros(len(y)), w[:10], "heavy"):
        assert weighted_rows(X, y, odd)[0] is X
    # repeats past the cap: the rows of positive weight
    for huge in (10**9, 1e20):  # 1e20 overflows int64
        heavy = np.where(w > 0, huge, 0)
        assert weighted_rows(X, y, heavy)[0].shape == (int((w > 0).sum()), X.shape[1])


def test_weights_for_an_estimator_that_takes_none_are_refused_before_any_fit(kb, monkeypatch):
    from sklearn.compose import TransformedTargetRegressor

    X, y = load_iris(return_X_y=True)
    w = np.ones(len(y))
    fits = []
    monkeypatch.setattr(KNeighborsClassifier, "fit", lambda self, X, y: fits.append(1) or self)
    few_shot = MetaDefaultClassifier(KNeighborsClassifier(), knowledge=kb, n_candidates=4)
    with pytest.raises(TypeError, match=r"KNeighborsClassifier\.fit takes no sample_weight"):
        few_shot.fit(X, y, sample_weight=w)
    with pytest.raises(TypeError, match=r"KNeighborsClassifier\.fit takes no sample_weight"):
        skmeta.MetaSearchCV(KNeighborsClassifier(), knowledge=kb, n_iter=4).fit(
            X, y, sample_weight=w
        )
    pipe = make_pipeline(StandardScaler(), KNeighborsClassifier())
    # not "pass the weights to a step by name, e.g. kneighborsclassifier__sample_weight"
    with pytest.raises(TypeError, match=r"\(the pipeline's step 'kneighborsclassifier'\) takes"):
        MetaDefaultClassifier(pipe, knowledge=kb, n_candidates=4).fit(X, y, sample_weight=w)
    with pytest.raises(TypeError, match=r"\(the pipeline's step 'kneighborsclassifier'\) takes"):
        MetaDefaultClassifier(pipe, knowledge=kb, n_candidates=4).fit(
            X, y, kneighborsclassifier__sample_weight=w
        )
    assert fits == []  # before any fit
    # a wrapper that passes **fit_params on takes them, and so does a step that does
    ttr = MetaDefaultRegressor(TransformedTargetRegressor(Ridge()), knowledge=kb)
    ttr.fit(X, X[:, 0], sample_weight=w)
    scaled = make_pipeline(StandardScaler(), LogisticRegression())
    MetaDefaultClassifier(scaled, knowledge=kb).fit(X, y, logisticregression__sample_weight=w)
    with pytest.raises(ValueError, match=r"by name, e.g. fit\(X, y, logisticregression__sample"):
        MetaDefaultClassifier(scaled, knowledge=kb).fit(X, y, sample_weight=w)


def test_an_estimator_given_by_name_is_refused_with_how_to_build_it(kb):
    from sklearn.utils._param_validation import InvalidParameterError

    from skmeta.defaults import family_estimator

    X, y = load_iris(return_X_y=True)
    for call, built in (
        (lambda: MetaDefaultClassifier("rf", knowledge=kb).fit(X, y), "('rf', 'classification')"),
        (lambda: MetaDefaultRegressor("knn", knowledge=kb).fit(X, y), "('knn', 'regression')"),
        (lambda: skmeta.MetaSearchCV("svm", knowledge=kb).fit(X, y), "('svm', kind)"),
        (lambda: skmeta.MetaPrior("hgb", knowledge=kb).fit(X, y), "('hgb', kind)"),
    ):
        with pytest.raises(InvalidParameterError) as info:
            call()
        message = str(info.value)
        assert "'estimator' parameter" in message
        assert message.endswith(f"pass skmeta.defaults.family_estimator{built}.")
    with pytest.raises(TypeError, match=r"family_estimator\('linear', kind\)\.$"):
        skmeta.suggest(X, y, "linear", knowledge=kb)
    # the advice works; anything else that is no estimator gets scikit-learn's message alone
    assert (
        MetaDefaultClassifier(family_estimator("knn", "classification"), knowledge=kb)
        .fit(X, y)
        .score(X, y)
        > 0.9
    )
    with pytest.raises(InvalidParameterError) as info:
        MetaDefaultClassifier(3, knowledge=kb).fit(X, y)
    assert str(info.value).endswith("Got 3 instead.")
