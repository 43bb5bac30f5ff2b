"""The knowledge metric and the scikit-learn scoring measure the same thing."""

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_iris, make_regression
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC

from skmeta import MetaSearchCV
from skmeta.defaults import MetaDefaultClassifier, MetaDefaultRegressor, suggest
from skmeta.defaults._scoring import metric_for_scoring, ovr_auc_score
from skmeta.knowledge import build_knowledge
from skmeta.knowledge._build import _classification_scores

from ._tasks import small_tasks

# the unscaled columns' warning is beside the point here
pytestmark = pytest.mark.filterwarnings("ignore:The knowledge's .* standardized columns")


@pytest.fixture(scope="module")
def kb():
    return build_knowledge(small_tasks(), ["k_neighbors", "linear", "svm"], n_configs=6, verbose=0)


def test_metric_for_scoring():
    assert metric_for_scoring("roc_auc") == "roc_auc"
    assert metric_for_scoring("roc_auc_ovr") == "roc_auc"
    assert metric_for_scoring("neg_log_loss") == "log_loss"
    assert metric_for_scoring("neg_mean_squared_error") == "rmse"
    assert metric_for_scoring("f1_macro") is None
    assert metric_for_scoring(None) is None
    assert metric_for_scoring(ovr_auc_score) is None
    assert metric_for_scoring(["accuracy", "roc_auc"], "roc_auc") == "roc_auc"
    assert metric_for_scoring(["accuracy", "roc_auc"], True) is None
    assert metric_for_scoring({"auc": "roc_auc", "acc": "accuracy"}, "auc") == "roc_auc"
    assert metric_for_scoring({"auc": ovr_auc_score}, "auc") is None


def test_ovr_auc_score_is_scikit_learns_and_the_builds():
    X, y = load_breast_cancer(return_X_y=True)
    labels = np.array(["benign", "malignant"])[y]
    svc = SVC().fit(X, labels)  # no probabilities: the decision function
    assert ovr_auc_score(svc, X, labels) == pytest.approx(
        roc_auc_score(y, svc.decision_function(X))
    )
    X, y = load_iris(return_X_y=True)
    lr = LogisticRegression(max_iter=1000).fit(X, y)
    proba = lr.predict_proba(X)
    assert ovr_auc_score(lr, X, y) == pytest.approx(roc_auc_score(y, proba, multi_class="ovr"))
    # the builds' ROC AUC of the knowledge, for both kinds of scores
    for est in (lr, SVC().fit(X, y)):
        assert ovr_auc_score(est, X, y) == pytest.approx(_classification_scores(est, X, y, 3)[1])
    # a test fold without one class: the mean over the classes present
    part = y > 0
    expected = np.mean([roc_auc_score(y[part] == c, proba[part, c]) for c in (1, 2)])
    assert ovr_auc_score(lr, X[part], y[part]) == pytest.approx(expected)
    # a class the fit never saw is a negative for every class
    with_unknown = np.where(np.arange(150) < 5, 7, y)
    expected = np.mean([roc_auc_score(with_unknown == c, proba[:, c]) for c in (0, 1, 2)])
    assert ovr_auc_score(lr, X, with_unknown) == pytest.approx(expected)


def _params(model):
    return [c["params"] for c in model.candidates_]


def test_few_shot_scores_the_candidates_by_the_metric(kb):
    X, y = load_breast_cancer(return_X_y=True)
    est = KNeighborsClassifier()
    by_accuracy = MetaDefaultClassifier(est, knowledge=kb, n_candidates=3).fit(X, y)
    by_auc = MetaDefaultClassifier(est, knowledge=kb, n_candidates=3, metric="roc_auc").fit(X, y)
    # ranked by the knowledge's ROC AUC, as suggest ranks with that metric
    assert _params(by_auc) == suggest(X, y, est, knowledge=kb, k=3, metric="roc_auc").configs
    assert _params(by_auc) != _params(by_accuracy)
    cv = StratifiedKFold(3)
    for candidate in by_auc.candidates_:
        model = KNeighborsClassifier(**candidate["params"])
        expected = cross_val_score(model, X, y, cv=cv, scoring=ovr_auc_score).mean()
        assert candidate["cv_score"] == pytest.approx(expected)
    for candidate in by_accuracy.candidates_:  # unchanged: the estimator's accuracy
        expected = cross_val_score(KNeighborsClassifier(**candidate["params"]), X, y, cv=cv)
        assert candidate["cv_score"] == pytest.approx(expected.mean())
    # a scoring that measures a knowledge metric ranks by it too
    by_scoring = MetaDefaultClassifier(est, knowledge=kb, n_candidates=3, scoring="roc_auc")
    by_scoring.fit(X, y)
    assert _params(by_scoring) == _params(by_auc)
    np.testing.assert_allclose(
        [c["cv_score"] for c in by_scoring.candidates_],
        [c["cv_score"] for c in by_auc.candidates_],
    )
    # one that measures none ranks by accuracy and scores with itself
    by_f1 = MetaDefaultClassifier(est, knowledge=kb, n_candidates=3, scoring="f1").fit(X, y)
    assert _params(by_f1) == _params(by_accuracy)
    f1 = cross_val_score(KNeighborsClassifier(**_params(by_f1)[0]), X, y, cv=cv, scoring="f1")
    assert by_f1.candidates_[0]["cv_score"] == pytest.approx(f1.mean())
    # a metric named explicitly wins over the scoring's
    explicit = MetaDefaultClassifier(
        est, knowledge=kb, n_candidates=3, scoring="roc_auc", metric="accuracy"
    ).fit(X, y)
    assert _params(explicit) == _params(by_accuracy)


def test_regression_rmse_is_scored_as_such(kb):
    X, y = make_regression(120, 5, noise=5.0, random_state=3)
    model = MetaDefaultRegressor(Ridge(), knowledge=kb, n_candidates=2, metric="rmse").fit(X, y)
    for candidate in model.candidates_:
        expected = cross_val_score(
            Ridge(**candidate["params"]), X, y, cv=3, scoring="neg_root_mean_squared_error"
        ).mean()
        assert candidate["cv_score"] == pytest.approx(expected)


def test_a_metric_the_table_lacks_is_named(kb):
    X, y = load_iris(return_X_y=True)
    # an SVC without probabilities has no log loss in the knowledge
    with pytest.raises(
        ValueError,
        match=r"'log_loss' is not in the knowledge's 'svm/class.*"
        r"\['accuracy', 'roc_auc'\]",
    ):
        MetaDefaultClassifier(SVC(), knowledge=kb, metric="log_loss").fit(X, y)
    with pytest.raises(ValueError, match="'rmse' is not in the knowledge's 'k_neighbors/class"):
        MetaDefaultClassifier(KNeighborsClassifier(), knowledge=kb, metric="rmse").fit(X, y)
    # inferred from a scoring, it falls back to accuracy instead
    inferred = MetaDefaultClassifier(SVC(), knowledge=kb, scoring="neg_log_loss").fit(X, y)
    assert (
        inferred.suggested_params_
        == MetaDefaultClassifier(SVC(), knowledge=kb).fit(X, y).suggested_params_
    )
    with pytest.raises(ValueError, match="scoring"):
        MetaDefaultClassifier(SVC(), knowledge=kb, scoring="no_such_scorer").fit(X, y)


def test_search_ranks_by_the_metric_its_scoring_measures(kb):
    X, y = load_breast_cancer(return_X_y=True)
    est = KNeighborsClassifier()
    auc_first = suggest(X, y, est, knowledge=kb, k=2, metric="roc_auc").configs
    accuracy_first = suggest(X, y, est, knowledge=kb, k=2).configs
    assert auc_first != accuracy_first

    def warm(**params):
        search = MetaSearchCV(est, knowledge=kb, n_iter=2, random_state=0, **params)
        return search.fit(X, y).cv_results_["params"]

    assert warm() == accuracy_first
    assert warm(scoring="roc_auc") == auc_first
    assert warm(scoring=["accuracy", "roc_auc"], refit="roc_auc") == auc_first
    assert warm(scoring={"auc": "roc_auc", "acc": "accuracy"}, refit="acc") == accuracy_first
    assert warm(metric="roc_auc") == auc_first
    assert warm(scoring="roc_auc", metric="accuracy") == accuracy_first


def test_rank_families_by_a_metric_that_improves_downwards():
    from skmeta.defaults import rank_families, warm_started_model
    from skmeta.defaults._select import _family_score
    from skmeta.knowledge import KnowledgeBase
    from skmeta.strategies._strategies import _default_index

    kb = KnowledgeBase.load_default()
    rows = (kb.tasks["kind"] == "classification").to_numpy()
    key = "random_forest/classification"
    A = kb.scores(key, "log_loss")[rows]
    d = _default_index(kb, key)
    expected = -(A[:, d] + np.nanmin(A, axis=1)) / 2  # the least loss is the best
    np.testing.assert_allclose(_family_score(kb, key, "log_loss", rows), expected)
    X, y = load_breast_cancer(return_X_y=True)
    by_accuracy = rank_families(X, y)
    assert by_accuracy["lcdb_score"].notna().any()  # the learner table's accuracies
    by_loss = rank_families(X, y, metric="log_loss")
    assert by_loss["lcdb_score"].isna().all()  # they measure no log loss
    # an SVC without probabilities has no log loss: not ranked by it
    assert "svm" in set(by_accuracy["family"])
    assert "svm" not in set(by_loss["family"])
    assert by_loss["score"].is_monotonic_decreasing
    model = warm_started_model(X, y, metric="log_loss")
    assert model.metric == "log_loss"
    with pytest.raises(ValueError, match="'rmse' has no scores in the knowledge's classification"):
        rank_families(X, y, metric="rmse")
