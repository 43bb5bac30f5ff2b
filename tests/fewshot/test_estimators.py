import json
import warnings

import numpy as np
import pandas as pd
import pytest
import sklearn
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import (
    LinearRegression,
    LogisticRegression,
    Ridge,
    SGDClassifier,
    SGDRegressor,
)
from sklearn.model_selection import GridSearchCV, GroupKFold
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skmeta.fewshot import (
    LearnedStart,
    MAMLClassifier,
    MAMLRegressor,
    MetaSGDClassifier,
    MetaSGDRegressor,
    ReptileRegressor,
    SourceModels,
    StartFileError,
    TaskEnsembleClassifier,
    TaskEnsembleRegressor,
    WarmStartClassifier,
    WarmStartRegressor,
)


def linear_family(n_tasks=40, rows=20, d=3, seed=0):
    """Tasks y = x @ (w0 + small task offset): a shared start helps a lot."""
    rng = np.random.default_rng(seed)
    w0 = np.array([2.0, -1.0, 0.5])[:d]
    groups = np.repeat(np.arange(n_tasks), rows)
    W = w0 + 0.3 * rng.normal(size=(n_tasks, d))
    X = rng.normal(size=(n_tasks * rows, d))
    y = np.einsum("nd,nd->n", X, W[groups]) + 0.05 * rng.normal(size=len(groups))
    return X, y, groups


def class_family(n_tasks=40, rows=20, n_classes=3, seed=0):
    rng = np.random.default_rng(seed)
    groups = np.repeat(np.arange(n_tasks), rows)
    centers = rng.normal(size=(n_classes, 2)) * 3
    y = rng.integers(0, n_classes, size=len(groups))
    X = centers[y] + rng.normal(size=(len(groups), 2)) + 0.3 * rng.normal(size=(n_tasks, 2))[groups]
    return X, y, groups


FAST = {"n_iter": 150, "meta_batch_size": 8, "random_state": 0}


def test_meta_learned_start_beats_scratch_on_new_tasks():
    X, y, groups = linear_family()
    maml = MAMLRegressor(hidden_layer_sizes=(), inner_steps=3, inner_lr=0.1, meta_lr=0.05, **FAST)
    maml.fit(X, y, groups)
    Xn, yn, gn = linear_family(n_tasks=10, seed=1)
    warm, scratch = [], []
    for g in range(10):
        rows = gn == g
        Xs, ys, Xq, yq = Xn[rows][:5], yn[rows][:5], Xn[rows][5:], yn[rows][5:]
        warm.append(WarmStartRegressor(maml.start_).fit(Xs, ys).score(Xq, yq))
        scratch.append(WarmStartRegressor(n_steps=3, step_size=0.1).fit(Xs, ys).score(Xq, yq))
    assert np.mean(warm) > 0.9
    assert np.mean(warm) > np.mean(scratch) + 0.3


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("cls", [MAMLRegressor, MetaSGDRegressor, ReptileRegressor])
def test_n_jobs_do_not_change_the_result(cls, dtype):
    X, y, groups = linear_family(n_tasks=12)
    params = dict(
        hidden_layer_sizes=(6,), n_iter=20, meta_batch_size=6, random_state=3, dtype=dtype
    )
    one = cls(**params, n_jobs=1).fit(X, y, groups).start_
    two = cls(**params, n_jobs=2).fit(X, y, groups).start_
    for a, b in zip(one.params + one.step_sizes, two.params + two.step_sizes, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("cls", [MAMLRegressor, MetaSGDRegressor])
def test_float32_meta_training_matches_float64(cls):
    X, y, groups = linear_family()
    params = dict(hidden_layer_sizes=(8,), inner_lr=0.05, meta_lr=0.01, **FAST)
    f64 = cls(**params).fit(X, y, groups)
    f32 = cls(**params, dtype="float32").fit(X, y, groups)
    assert all(p.dtype == np.float64 for p in f32.start_.params + f32.start_.step_sizes)
    np.testing.assert_allclose(f32.loss_curve_, f64.loss_curve_, rtol=1e-3)
    Xn, yn, gn = linear_family(n_tasks=10, seed=1)
    assert f32.score(Xn, yn, gn) == pytest.approx(f64.score(Xn, yn, gn), abs=1e-3)


def test_grid_search_over_meta_settings_with_grouped_cv():
    X, y, groups = linear_family(n_tasks=30)
    with sklearn.config_context(enable_metadata_routing=True):
        search = GridSearchCV(
            MAMLRegressor(hidden_layer_sizes=(), inner_steps=2, meta_lr=0.05, **FAST),
            {"inner_lr": [1e-4, 0.1]},
            cv=GroupKFold(3),
        )
        search.fit(X, y, groups=groups)
    assert search.best_params_ == {"inner_lr": 0.1}
    assert search.best_score_ > 0.8
    # every test fold held out whole tasks: the score adapts to unseen tasks


def test_classifier_meta_training_and_adaptation():
    X, y, groups = class_family()
    clf = MAMLClassifier(hidden_layer_sizes=(), inner_steps=2, inner_lr=0.5, meta_lr=0.05, **FAST)
    clf.fit(X, y, groups)
    assert clf.score(X, y, groups) > 0.75
    Xn, yn, _gn = class_family(n_tasks=1, seed=2)
    warm = WarmStartClassifier(clf.start_).fit(Xn[:6], yn[:6])
    np.testing.assert_array_equal(warm.classes_, [0, 1, 2])
    assert warm.score(Xn[6:], yn[6:]) > 0.7
    assert warm.predict_proba(Xn).shape == (len(Xn), 3)


def test_warm_start_estimator_clones_and_pipelines():
    X, y, groups = linear_family(n_tasks=10)
    start = ReptileRegressor(hidden_layer_sizes=(), **FAST).fit(X, y, groups).start_
    est = WarmStartRegressor(start, n_steps=2)
    copy = clone(est)
    assert copy.start is not start  # deep-copied, same values
    np.testing.assert_array_equal(copy.start.params[0], start.params[0])
    pipe = make_pipeline(StandardScaler(), WarmStartRegressor(start)).fit(X[:20], y[:20])
    assert pipe.predict(X[:3]).shape == (3,)


@pytest.mark.parametrize("learned", [False, True])
def test_warm_start_weights_rows_as_repetitions(learned):
    X, y, groups = class_family(n_tasks=12)
    start = None
    if learned:
        start = MAMLClassifier(hidden_layer_sizes=(8,), **FAST).fit(X, y, groups).start_
    rows = slice(0, 30)
    Xt, yt = X[rows], y[rows]
    w = np.random.default_rng(1).integers(0, 4, size=30).astype(float)
    w[:3] = [0.0, 3.0, 2.0]
    repeated = WarmStartClassifier(start, n_steps=5).fit(
        np.repeat(Xt, w.astype(int), axis=0), np.repeat(yt, w.astype(int))
    )
    for scale in (1.0, 0.01):  # only the weights' shares count
        weighted = WarmStartClassifier(start, n_steps=5).fit(Xt, yt, sample_weight=scale * w)
        np.testing.assert_allclose(weighted.predict_proba(X), repeated.predict_proba(X))
    unweighted = WarmStartClassifier(start, n_steps=5).fit(Xt, yt).predict_proba(X)
    assert not np.allclose(unweighted, repeated.predict_proba(X))
    ones = WarmStartClassifier(start, n_steps=5).fit(Xt, yt, sample_weight=np.ones(30))
    np.testing.assert_allclose(ones.predict_proba(X), unweighted, rtol=1e-12)
    # a regression target is scaled with the weights too
    Xr, yr, _ = linear_family(n_tasks=2)
    yr = 100.0 * yr + 5.0
    wr = np.r_[np.zeros(10), np.full(30, 2.0)]
    weighted = WarmStartRegressor().fit(Xr, yr, sample_weight=wr)
    np.testing.assert_allclose(
        weighted.predict(Xr), WarmStartRegressor().fit(Xr[10:], yr[10:]).predict(Xr)
    )
    with pytest.raises(ValueError, match="non-negative"):
        WarmStartRegressor().fit(Xr, yr, sample_weight=-wr)
    with pytest.raises(ValueError, match="sample_weight"):
        WarmStartRegressor().fit(Xr, yr, sample_weight=wr[:5])


@pytest.mark.parametrize("sizes", [(0,), (2.5,), (True,), ((2, 3),), (4, -1)])
def test_hidden_layer_sizes_are_positive_integers(sizes):
    X, y, groups = linear_family(n_tasks=5)
    with pytest.raises(ValueError, match="hidden_layer_sizes must be positive integers"):
        MAMLRegressor(hidden_layer_sizes=sizes, n_iter=2).fit(X, y, groups)


def test_inner_steps_are_bounded_as_a_start_is():
    # every start a meta-trainer makes can be saved and loaded again
    X, y, groups = linear_family(n_tasks=5)
    with pytest.raises(ValueError, match=r"inner_steps.*range \[1, 100000\]"):
        MAMLRegressor(inner_steps=100_001, n_iter=2).fit(X, y, groups)


def test_one_hidden_layer_by_its_size():
    X, y, groups = linear_family(n_tasks=5)
    # an int is one layer, as in scikit-learn's MLPs (it was refused as not array-like)
    one = MAMLRegressor(hidden_layer_sizes=3, n_iter=2, random_state=0).fit(X, y, groups)
    layer = MAMLRegressor(hidden_layer_sizes=(3,), n_iter=2, random_state=0).fit(X, y, groups)
    np.testing.assert_array_equal(one.predict(X), layer.predict(X))


def test_bad_input_is_named():
    X, y, groups = linear_family(n_tasks=5)
    est = MAMLRegressor(hidden_layer_sizes=(), n_iter=2)
    with pytest.raises(ValueError, match="groups is required"):
        est.fit(X, y)
    with pytest.raises(ValueError, match="one entry per row"):
        est.fit(X, y, groups[:-1])
    lonely = groups.copy()
    lonely[0] = 99
    with pytest.raises(ValueError, match=r"\[99\] have only 1 sample"):
        est.fit(X, y, lonely)
    # missing task labels: NumPy made the NaNs one task, and failed on None
    gaps = groups.astype(float)
    gaps[[7, 30]] = np.nan
    named = np.array([f"t{g}" for g in groups], dtype=object)
    named[12] = None
    for labels, first in ((gaps, 7), (named, 12)):
        for fit in (est.fit, lambda X, y, g: SourceModels.fit(LinearRegression(), X, y, g)):
            with pytest.raises(
                ValueError, match=rf"groups has \d missing label.*first at row {first}"
            ):
                fit(X, y, labels)
    mixed = groups.astype(object)
    mixed[:20] = "first"
    with pytest.raises(ValueError, match=r"groups mixes labels of types \['int', 'str'\]"):
        est.fit(X, y, mixed)
    bad = X.copy()
    bad[3, 1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        est.fit(bad, y, groups)
    bad[3, 1] = np.inf
    with pytest.raises(ValueError, match="infinity"):
        est.fit(bad, y, groups)
    with pytest.raises(ValueError, match="only one class"):
        MAMLClassifier(n_iter=2).fit(X, np.zeros(len(y), int), groups)
    # more classes at adaptation than at meta-training
    Xc, yc, gc = class_family(n_tasks=6, n_classes=2)
    start = MAMLClassifier(hidden_layer_sizes=(), n_iter=5).fit(Xc, yc, gc).start_
    with pytest.raises(ValueError, match=r"classes \[2\].*not meta-trained"):
        WarmStartClassifier(start).fit(Xc[:6], np.array([0, 1, 2, 0, 1, 2]))
    # a start of another feature count
    with pytest.raises(ValueError, match=r"3 features.*meta-trained on 2"):
        WarmStartClassifier(start).fit(X[:6], (X[:6, 0] > 0).astype(int))
    # a start of the other task type, both ways
    with pytest.raises(ValueError, match=r"for classification.*Use WarmStartClassifier"):
        WarmStartRegressor(start).fit(Xc[:6], Xc[:6, 0])
    reg_start = MAMLRegressor(hidden_layer_sizes=(), n_iter=2).fit(Xc, Xc[:, 0], gc).start_
    with pytest.raises(ValueError, match=r"for regression.*Use WarmStartRegressor"):
        WarmStartClassifier(reg_start).fit(Xc[:6], yc[:6])


def test_learned_start_save_load_and_tampering(tmp_path):
    X, y, groups = class_family(n_tasks=8)
    start = (
        MAMLClassifier(hidden_layer_sizes=(5,), n_iter=5, random_state=0).fit(X, y, groups).start_
    )
    start.save(tmp_path / "s")
    again = LearnedStart.load(tmp_path / "s")
    np.testing.assert_array_equal(again.predict_raw(X), start.predict_raw(X))
    np.testing.assert_array_equal(again.classes, start.classes)
    doc = json.loads((tmp_path / "s" / "start.json").read_text())
    doc["version"] = 7
    (tmp_path / "s" / "start.json").write_text(json.dumps(doc))
    with pytest.raises(StartFileError, match="version 7"):
        LearnedStart.load(tmp_path / "s")
    start.save(tmp_path / "s")
    npz = tmp_path / "s" / "start.npz"
    npz.write_bytes(npz.read_bytes()[:-5])
    with pytest.raises(StartFileError, match="SHA-256"):
        LearnedStart.load(tmp_path / "s")
    # a consistent pair (checksum recomputed) whose arrays are wrong is still refused
    start.params[0][0, 0] = np.nan
    start.save(tmp_path / "s")
    with pytest.raises(StartFileError, match=r"param0.*non-finite"):
        LearnedStart.load(tmp_path / "s")
    start.params[0][0, 0] = 0.0
    start.save(tmp_path / "s")
    doc = json.loads((tmp_path / "s" / "start.json").read_text())
    doc["arrays"]["param0"] = [1, 1]
    (tmp_path / "s" / "start.json").write_text(json.dumps(doc))
    with pytest.raises(StartFileError, match="shape"):
        LearnedStart.load(tmp_path / "s")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d.update(classes=[0, 1]), "needs 3 class labels"),
        (lambda d: d.update(classes=None), "needs 3 class labels"),
        (lambda d: d.update(classes=[0, 0, 1]), r"must be distinct; got \[0, 0, 1\]"),
        (lambda d: d.update(classes=[0, "1", 2]), "must be a list of one type"),
        (lambda d: d.update(classes=[[0], [1], [2]]), "numbers or strings"),
        (lambda d: d["model"].update(hidden_layer_sizes=[6]), "Parameter 0 has shape"),
        (lambda d: d["model"].update(loss="squared_error", n_outputs=1), "Parameter 2 has shape"),
        (lambda d: d.update(y_scale=0.0), "y_scale positive"),
        (lambda d: d.update(y_mean=None), "invalid learned start"),
        (lambda d: d["model"].update(activation="sigmoid"), "invalid learned start"),
        (lambda d: d.pop("n_steps"), "n_steps"),
        (lambda d: d.update(n_steps=-1), r"n_steps must be an int in \[0, 100,000\]"),
        (lambda d: d.update(n_steps=2.5), r"n_steps must be an int in \[0, 100,000\]"),
        # a warm-started fit would run for ever
        (lambda d: d.update(n_steps=10**30), r"n_steps must be an int in \[0, 100,000\]"),
        (lambda d: d["model"].update(hidden_layer_sizes=[0]), "sizes must be positive ints"),
        (lambda d: d["model"].update(hidden_layer_sizes=["5"]), "sizes must be positive ints"),
    ],
)
def test_a_start_whose_parts_disagree_is_refused_on_load(tmp_path, edit, message):
    # start.json edited by hand: consistent with start.npz's checksum, wrong as a start
    X, y, groups = class_family(n_tasks=6)
    start = MAMLClassifier(hidden_layer_sizes=(5,), n_iter=3, random_state=0).fit(X, y, groups)
    path = start.start_.save(tmp_path / "s")
    doc = json.loads((path / "start.json").read_text())
    edit(doc)
    (path / "start.json").write_text(json.dumps(doc))
    with pytest.raises(StartFileError, match=message):
        LearnedStart.load(path)


def test_a_regression_start_with_class_labels_is_refused_on_load(tmp_path):
    # it was taken for a classification start: "WarmStartRegressor cannot adapt it"
    X, y, groups = linear_family(n_tasks=5)
    start = MAMLRegressor(hidden_layer_sizes=(), n_iter=2, random_state=0).fit(X, y, groups)
    path = start.start_.save(tmp_path / "s")
    doc = json.loads((path / "start.json").read_text())
    doc["classes"] = [0, 1]
    (path / "start.json").write_text(json.dumps(doc))
    with pytest.raises(StartFileError, match=r"A regression start has no class labels"):
        LearnedStart.load(path)


def test_a_start_with_misshapen_step_sizes_or_scales_is_refused(tmp_path):
    X, y, groups = class_family(n_tasks=6)
    start = MAMLClassifier(hidden_layer_sizes=(5,), n_iter=3, random_state=0).fit(X, y, groups)
    start = start.start_
    start.step_sizes[1] = np.ones(3)
    start.save(tmp_path / "s")
    with pytest.raises(StartFileError, match=r"Step size 1 has shape \(3,\); expected \(\) or"):
        LearnedStart.load(tmp_path / "s")
    start.step_sizes[1] = np.array(0.01)
    start.x_scale[0] = 0.0
    start.save(tmp_path / "s")
    with pytest.raises(StartFileError, match="x_scale positive"):
        LearnedStart.load(tmp_path / "s")


@pytest.mark.parametrize("cls", [MAMLRegressor, ReptileRegressor, MetaSGDRegressor])
def test_regression_does_not_depend_on_the_targets_units(cls):
    """The target is standardized like the inputs: y in other units (a shift of 1e5
    and a factor of 1e4, where the raw target made meta-training diverge) gives the
    same task scores, and the same predictions in those units."""
    X, y, groups = linear_family(n_tasks=12)
    params = dict(hidden_layer_sizes=(6,), n_iter=60, meta_batch_size=6, random_state=0)
    a, b = 1e4, 1e5
    base = cls(**params).fit(X, y, groups)
    moved = cls(**params).fit(X, a * y + b, groups)
    assert moved.start_.y_mean == pytest.approx(a * base.start_.y_mean + b)
    assert moved.start_.y_scale == pytest.approx(a * base.start_.y_scale)
    assert moved.score(X, a * y + b, groups) == pytest.approx(base.score(X, y, groups), abs=1e-9)
    np.testing.assert_allclose(moved.predict(X[:5]), a * base.predict(X[:5]) + b, rtol=1e-9)
    warm = WarmStartRegressor(base.start_).fit(X[:10], y[:10])
    warm_moved = WarmStartRegressor(moved.start_).fit(X[:10], a * y[:10] + b)
    np.testing.assert_allclose(
        warm_moved.predict(X[10:20]), a * warm.predict(X[10:20]) + b, rtol=1e-9
    )
    # and without a learned start, the task's own target is standardized
    scratch = WarmStartRegressor().fit(X[:10], y[:10])
    scratch_moved = WarmStartRegressor().fit(X[:10], a * y[:10] + b)
    np.testing.assert_allclose(
        scratch_moved.predict(X[10:20]), a * scratch.predict(X[10:20]) + b, rtol=1e-9
    )


@pytest.mark.parametrize(("sx", "sy"), [(1e200, 1.0), (1.0, 1e300), (1e-200, 1e-300)])
def test_extreme_magnitudes_are_standardized_like_any_others(sx, sy):
    """Columns and targets beyond 1e154 (whose squares overflow) or near 1e-300: the same
    fitted model in those units, without a warning (the standard deviations overflowed
    to inf and zeroed every column, or the target's to a scale of 1)."""
    X, y, groups = linear_family(n_tasks=12)
    X = np.column_stack([X, np.full(len(y), 0.1)])  # constant: its rounding is no spread
    params = dict(hidden_layer_sizes=(6,), n_iter=40, meta_batch_size=6, random_state=0)
    base = ReptileRegressor(**params).fit(X, y, groups)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        moved = ReptileRegressor(**params).fit(X * sx, y * sy, groups)
        warm = WarmStartRegressor().fit(X[:20] * sx, y[:20] * sy)
        predicted = moved.predict(X[:5] * sx) / sy
        warm_predicted = warm.predict(X[20:25] * sx) / sy
    np.testing.assert_allclose(predicted, base.predict(X[:5]), rtol=1e-9, atol=1e-9)
    expected = WarmStartRegressor().fit(X[:20], y[:20]).predict(X[20:25])
    np.testing.assert_allclose(warm_predicted, expected, rtol=1e-9, atol=1e-9)
    assert moved.start_.x_scale[-1] == 1.0


def test_adapting_that_diverges_is_an_error_not_a_model_predicting_nan():
    X, y, groups = linear_family(n_tasks=6)
    start = MAMLRegressor(hidden_layer_sizes=(8,), n_iter=3, random_state=0).fit(X, y, groups)
    rows = groups == groups[0]
    # a target far from the meta-training tasks' scale: the weights or fitted values had
    # overflowed, and predict had returned NaN
    for target, step_size in ((y[rows] * 1e150, None), (y[rows], 1e6)):
        model = WarmStartRegressor(start.start_, step_size=step_size, n_steps=50)
        with pytest.raises(ValueError, match="Adapting diverged"):
            model.fit(X[rows], target)
    assert np.isfinite(WarmStartRegressor(start.start_).fit(X[rows], y[rows]).predict(X)).all()
    # a step size that makes the loss grow without overflowing: warned, not silent
    with pytest.warns(ConvergenceWarning, match="the training loss rose from"):
        WarmStartRegressor(start.start_, step_size=1.0, n_steps=4).fit(X[rows], y[rows])


@pytest.mark.parametrize("loader", ["iris", "diabetes"])
def test_the_zero_start_converges_on_correlated_inputs(loader):
    from sklearn import datasets
    from sklearn.linear_model import LinearRegression

    # steps of 0.5 had diverged where inputs go together (iris's petal length and width):
    # R^2 of -3e56 on iris and -4e95 on diabetes
    X, y = getattr(datasets, f"load_{loader}")(return_X_y=True)
    model = WarmStartRegressor().fit(X, y)
    assert model.start_.step_sizes[0] < 0.5
    ols = LinearRegression().fit(X, y).score(X, y)
    assert model.score(X, y) == pytest.approx(ols, abs=0.01)
    # uncorrelated inputs keep the step of 0.5
    Z = np.tile([[1.0, 1.0], [1.0, -1.0], [-1.0, 1.0], [-1.0, -1.0]], (10, 1))
    assert WarmStartRegressor().fit(Z, Z[:, 0]).start_.step_sizes[0] == pytest.approx(0.5)


def test_the_zero_starts_step_for_many_inputs_equals_the_dense_one(monkeypatch):
    from skmeta.fewshot._estimators import _stable_step

    rng = np.random.default_rng(0)
    Z = rng.normal(size=(60, 250)) + rng.normal(size=(60, 1))  # correlated: L far above 1
    w = rng.uniform(0.5, 2.0, 60)
    A = np.column_stack([Z, np.ones(60)])
    top = np.linalg.eigvalsh((A * (w / w.sum())[:, None]).T @ A)[-1]
    for loss, c in (("squared_error", 2.0), ("log_loss", 0.25), ("softmax", 0.5)):
        assert _stable_step(Z, w, loss) == pytest.approx(min(0.5, 1 / (c * top)), rel=1e-8)

    # where Lanczos does not converge, the trace (an upper bound) sets a safe step
    import scipy.sparse.linalg

    def no_convergence(*args, **kwargs):
        raise scipy.sparse.linalg.ArpackNoConvergence("no", np.empty(0), np.empty((0, 0)))

    monkeypatch.setattr(scipy.sparse.linalg, "eigsh", no_convergence)
    trace = np.trace((A * (w / w.sum())[:, None]).T @ A)
    assert _stable_step(Z, w, "squared_error") == pytest.approx(1 / (2 * trace), rel=1e-8)


def test_warm_start_given_the_meta_trainer_says_to_pass_its_start():
    X, y, groups = linear_family(n_tasks=6)
    meta = MAMLRegressor(hidden_layer_sizes=(), n_iter=2).fit(X, y, groups)
    with pytest.raises(TypeError, match=r"not a MAMLRegressor.*WarmStartRegressor\(start=meta"):
        WarmStartRegressor(meta).fit(X[:5], y[:5])
    WarmStartRegressor(meta.start_).fit(X[:5], y[:5])


def test_a_regression_starts_target_scaling_is_saved_and_version_1_files_load(tmp_path):
    X, y, groups = linear_family(n_tasks=8)
    start = MAMLRegressor(hidden_layer_sizes=(), n_iter=5).fit(X, 50 * y + 7, groups).start_
    start.save(tmp_path / "s")
    again = LearnedStart.load(tmp_path / "s")
    assert (again.y_mean, again.y_scale) == (start.y_mean, start.y_scale)
    np.testing.assert_array_equal(again.predict_raw(X), start.predict_raw(X))
    # a file of schema version 1 (before target scaling) fits the raw target
    doc = json.loads((tmp_path / "s" / "start.json").read_text())
    doc["version"] = 1
    del doc["y_mean"], doc["y_scale"]
    (tmp_path / "s" / "start.json").write_text(json.dumps(doc))
    old = LearnedStart.load(tmp_path / "s")
    assert (old.y_mean, old.y_scale) == (0.0, 1.0)
    doc["version"] = 2
    (tmp_path / "s" / "start.json").write_text(json.dumps(doc))
    with pytest.raises(StartFileError, match="y_mean"):
        LearnedStart.load(tmp_path / "s")


def test_diverging_meta_training_warns():
    X, y, groups = linear_family(n_tasks=10)
    with pytest.warns(ConvergenceWarning, match=r"diverged.*Lower inner_lr"):
        MAMLRegressor(hidden_layer_sizes=(), inner_lr=50.0, n_iter=20).fit(X, y, groups)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        MAMLRegressor(hidden_layer_sizes=(), n_iter=20).fit(X, y, groups)
        # a constant target is no divergence, however slowly a hidden layer fits it
        MAMLRegressor(hidden_layer_sizes=(5,), n_iter=20).fit(X, np.full(len(y), 3.0), groups)


def test_export_to_sgd_starts_from_the_learned_weights():
    X, y, groups = linear_family()
    start = (
        MAMLRegressor(hidden_layer_sizes=(), inner_lr=0.1, meta_lr=0.05, **FAST)
        .fit(X, y, groups)
        .start_
    )
    init = start.sgd_init()
    # the folded weights reproduce the start's predictions on raw inputs
    np.testing.assert_allclose(
        X @ init["coef_init"] + init["intercept_init"], start.predict_raw(X)[:, 0]
    )
    sgd = SGDRegressor(max_iter=1, tol=None, eta0=1e-12, learning_rate="constant")
    sgd.fit(X[:10], y[:10], **init)
    np.testing.assert_allclose(sgd.coef_, init["coef_init"], atol=1e-8)
    # classification
    Xc, yc, gc = class_family(n_classes=2)
    cstart = MAMLClassifier(hidden_layer_sizes=(), **FAST).fit(Xc, yc, gc).start_
    cinit = cstart.sgd_init()
    clf = SGDClassifier(
        loss="log_loss", max_iter=1, tol=None, eta0=1e-12, learning_rate="constant"
    ).fit(Xc[:10], yc[:10], **cinit)
    np.testing.assert_allclose(clf.coef_, cinit["coef_init"], atol=1e-8)


@pytest.mark.parametrize("kind", ["regression", "binary", "multiclass"])
def test_export_to_mlp_starts_from_the_learned_weights(kind):
    if kind == "regression":
        X, y, groups = linear_family(n_tasks=10)
        start = MAMLRegressor(hidden_layer_sizes=(7,), **FAST).fit(X, y, groups).start_
        est = MLPRegressor(hidden_layer_sizes=(7,), max_iter=50)
        expected = start.predict_raw(X)[:, 0]
    else:
        X, y, groups = class_family(n_tasks=10, n_classes=2 if kind == "binary" else 3)
        start = MAMLClassifier(hidden_layer_sizes=(7,), **FAST).fit(X, y, groups).start_
        est = MLPClassifier(hidden_layer_sizes=(7,), max_iter=50)
        raw = start.predict_raw(X)
        expected = (
            np.column_stack([1 - 1 / (1 + np.exp(-raw[:, 0])), 1 / (1 + np.exp(-raw[:, 0]))])
            if kind == "binary"
            else np.exp(raw) / np.exp(raw).sum(axis=1, keepdims=True)
        )
    start.init_mlp(est, X[:20], y[:20])
    got = est.predict(X) if kind == "regression" else est.predict_proba(X)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-8)
    assert est.warm_start
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est.fit(X[:20], y[:20])  # continues from the start
    with pytest.raises(ValueError, match="hidden_layer_sizes"):
        start.init_mlp(type(est)(hidden_layer_sizes=(3,)), X, y)


def test_export_to_mlp_refuses_an_estimator_or_classes_the_start_does_not_fit():
    # each had been accepted: a regression start in a classifier, a classifier's output
    # layer of the wrong width (predicting classes by the wrong index), or a Ridge
    X, y, groups = linear_family(n_tasks=10)
    reg = MAMLRegressor(hidden_layer_sizes=(7,), **FAST).fit(X, y, groups).start_
    Xc, yc, gc = class_family(n_tasks=10, n_classes=3)
    clf = MAMLClassifier(hidden_layer_sizes=(7,), **FAST).fit(Xc, yc, gc).start_
    with pytest.raises(TypeError, match="A regression start initializes an MLPRegressor; got"):
        reg.init_mlp(MLPClassifier(hidden_layer_sizes=(7,)), X, (y > 0).astype(int))
    with pytest.raises(TypeError, match="initializes an MLPRegressor; got Ridge"):
        reg.init_mlp(Ridge(), X, y)
    with pytest.raises(TypeError, match="A classification start initializes an MLPClassifier"):
        clf.init_mlp(MLPRegressor(hidden_layer_sizes=(7,)), Xc, yc)
    two = np.isin(yc, [0, 1])
    with pytest.raises(ValueError, match=r"y has the classes \[0, 1\], but the start was"):
        clf.init_mlp(MLPClassifier(hidden_layer_sizes=(7,)), Xc[two], yc[two])


def _three_linear_sources(rng):
    """Linear models of three tasks: y = x0, y = x1 and y = -x0."""
    X = rng.normal(size=(90, 2))
    groups = np.repeat([0, 1, 2], 30)
    y = np.choose(groups, [X[:, 0], X[:, 1], -X[:, 0]])
    return SourceModels.fit(LinearRegression(), X, y, groups)


def test_task_ensemble_weights_the_matching_source():
    rng = np.random.default_rng(0)
    sources = _three_linear_sources(rng)
    X_new = rng.normal(size=(10, 2))
    y_new = -X_new[:, 0]
    ens = TaskEnsembleRegressor(sources).fit(X_new, y_new)
    assert ens.weights_.shape == (4,)
    assert ens.weights_.sum() == pytest.approx(1.0)
    assert (ens.weights_ >= 0).all()
    assert ens.weights_[2] > 0.8
    assert clone(ens).sources is not None  # the fitted sources survive clone
    assert clone(ens).sources.models[0].coef_ is not None
    with pytest.raises(ValueError, match="features"):
        TaskEnsembleRegressor(sources).fit(np.ones((5, 3)), np.ones(5))


def test_source_models_check_their_input_and_name_a_task_that_fails():
    X, y, groups = linear_family(n_tasks=4)
    with pytest.raises(ValueError, match=r"y must have one entry per row of X \(80\)"):
        SourceModels.fit(LinearRegression(), X, y[:10], groups)
    with pytest.raises(ValueError, match="X must be 2-D"):
        SourceModels.fit(LinearRegression(), X[:, 0], y, groups)
    labels = (y > np.median(y)).astype(int)
    labels[groups == 2] = 0
    with pytest.raises(ValueError, match=r"model of task 2 failed: .*only one class"):
        SourceModels.fit(LogisticRegression(), X, labels, groups)
    one = SourceModels.fit(LinearRegression(), X, y, groups, n_jobs=1)
    two = SourceModels.fit(LinearRegression(), X, y, groups, n_jobs=2)
    assert one.names == two.names == [0, 1, 2, 3]
    # one model, not a list: a fitted forest would have passed as its own trees
    from sklearn.ensemble import RandomForestRegressor

    forest = RandomForestRegressor(n_estimators=3, random_state=0).fit(X, y)
    for model in (forest, one.models[0]):
        with pytest.raises(TypeError, match=r"list of fitted models.*SourceModels\.fit\("):
            SourceModels(model)
    for a, b in zip(one.models, two.models, strict=True):
        np.testing.assert_array_equal(a.coef_, b.coef_)
    # names: one distinct name per model, and a string is not a list of its letters
    assert SourceModels(one.models[:2], ("north", "south")).names == ["north", "south"]
    with pytest.raises(TypeError, match=r"one name per model; got str 'ab'"):
        SourceModels(one.models[:2], "ab")
    with pytest.raises(ValueError, match=r"names has 1 entries for 2 models"):
        SourceModels(one.models[:2], ["north"])
    with pytest.raises(ValueError, match=r"distinct; \['north'\] appear more than once"):
        SourceModels(one.models[:2], ["north", "north"])


@pytest.mark.parametrize(("scale", "shift"), [(1.0, 0.0), (100.0, 1000.0), (1e3, -5e4)])
def test_task_ensemble_finds_the_local_model_in_any_units(scale, shift):
    """Sources that predict in other units than the new task's target lose to the
    local model (the weights' solver stopped at uniform weights before, R² -150)."""
    rng = np.random.default_rng(0)
    sources = _three_linear_sources(rng)
    X_new = rng.normal(size=(12, 2))
    y_new = shift + scale * (X_new[:, 0] + X_new[:, 1])  # no source's task
    ens = TaskEnsembleRegressor(sources).fit(X_new, y_new)
    if scale != 1.0:
        assert ens.weights_[3] > 0.95
    X_test = rng.normal(size=(50, 2))
    assert ens.score(X_test, shift + scale * (X_test[:, 0] + X_test[:, 1])) > 0.9


def test_task_ensemble_refuses_sources_of_the_other_task_type():
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 2))
    groups = np.repeat([0, 1], 20)
    classifiers = SourceModels.fit(LogisticRegression(), X, (X[:, 0] > 0).astype(int), groups)
    regressors = SourceModels.fit(LinearRegression(), X, X[:, 0], groups)
    with pytest.raises(ValueError, match=r"are classifiers.*TaskEnsembleRegressor combines"):
        TaskEnsembleRegressor(classifiers).fit(X[:6], X[:6, 0])
    with pytest.raises(ValueError, match=r"are regressors.*TaskEnsembleClassifier combines"):
        TaskEnsembleClassifier(regressors).fit(X[:6], (X[:6, 0] > 0).astype(int))


def test_task_ensemble_classifier_aligns_classes():
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(1)
    X = rng.normal(size=(60, 2))
    y_a = (X[:30, 0] > 0).astype(int)  # classes 0, 1
    y_b = np.where(X[30:, 1] > 0, 2, 1)  # classes 1, 2
    sources = SourceModels(
        [LogisticRegression().fit(X[:30], y_a), LogisticRegression().fit(X[30:], y_b)]
    )
    X_new = rng.normal(size=(12, 2))
    y_new = np.where(X_new[:, 1] > 0, 2, 1)
    ens = TaskEnsembleClassifier(sources, include_local=False).fit(X_new, y_new)
    np.testing.assert_array_equal(ens.classes_, [0, 1, 2])
    assert ens.weights_[1] > 0.9
    np.testing.assert_allclose(ens.predict_proba(X_new).sum(axis=1), 1.0)


def test_task_ensemble_refuses_labels_of_another_type_than_the_sources():
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(1)
    X = rng.normal(size=(60, 2))
    y = (X[:, 0] > 0).astype(int)
    sources = SourceModels([LogisticRegression().fit(X[:30], y[:30])])
    # text labels had been merged with the sources' numbers into '0', '1', 'no', 'yes',
    # and the sources' probabilities filed under the wrong classes
    with pytest.raises(ValueError, match=r"classes \['no', 'yes'\] and a source model's"):
        TaskEnsembleClassifier(sources).fit(X[30:], np.array(["no", "yes"])[y[30:]])
    ens = TaskEnsembleClassifier(sources).fit(X[30:], y[30:].astype(float))
    np.testing.assert_array_equal(ens.classes_, [0, 1])


def _mixed_rows(rng, n=24):
    """New-task rows, the first half following source 0's task, the rest source 1's."""
    X = rng.normal(size=(n, 2))
    y = np.where(np.arange(n) < n // 2, X[:, 0], X[:, 1])
    return X, y


def test_task_ensemble_regressor_weighs_rows():
    rng = np.random.default_rng(0)
    sources = _three_linear_sources(rng)
    X_new, y_new = _mixed_rows(rng)
    half = np.arange(24) < 12
    favour_0 = TaskEnsembleRegressor(sources, include_local=False).fit(
        X_new, y_new, sample_weight=np.where(half, 20.0, 1.0)
    )
    favour_1 = TaskEnsembleRegressor(sources, include_local=False).fit(
        X_new, y_new, sample_weight=np.where(half, 1.0, 20.0)
    )
    assert favour_0.weights_[0] > 0.8
    assert favour_1.weights_[1] > 0.8
    # weight 0 is removal, the local model and its out-of-fold folds included
    w = rng.integers(0, 3, size=24).astype(float)
    for estimator in (None, make_pipeline(StandardScaler(), LinearRegression())):
        ens = TaskEnsembleRegressor(sources, estimator=estimator)
        weighted = clone(ens).fit(X_new, y_new, sample_weight=w)
        removed = clone(ens).fit(X_new[w > 0], y_new[w > 0], sample_weight=w[w > 0])
        np.testing.assert_allclose(weighted.weights_, removed.weights_, atol=1e-8)
        np.testing.assert_allclose(weighted.predict(X_new), removed.predict(X_new), atol=1e-8)
    ones = TaskEnsembleRegressor(sources).fit(X_new, y_new, sample_weight=np.ones(24))
    plain = TaskEnsembleRegressor(sources).fit(X_new, y_new)
    np.testing.assert_allclose(ones.weights_, plain.weights_, atol=1e-10)


def test_task_ensemble_classifier_weighs_rows():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(80, 2))
    groups = np.repeat([0, 1], 40)
    sources = SourceModels.fit(
        LogisticRegression(), X, np.where(groups == 0, X[:, 0] > 0, X[:, 1] > 0), groups
    )
    X_new, target = _mixed_rows(rng, 30)
    y_new = (target > 0).astype(int)
    half = np.arange(30) < 15
    weighted = [
        TaskEnsembleClassifier(sources, include_local=False).fit(
            X_new, y_new, sample_weight=np.where(half == first, 30.0, 1.0)
        )
        for first in (True, False)
    ]
    assert weighted[0].weights_[0] > weighted[0].weights_[1]
    assert weighted[1].weights_[1] > weighted[1].weights_[0]
    w = np.r_[np.zeros(6), np.ones(24) * 2.0]
    ens = TaskEnsembleClassifier(sources)
    with_zeros = clone(ens).fit(X_new, y_new, sample_weight=w)
    removed = clone(ens).fit(X_new[6:], y_new[6:], sample_weight=w[6:])
    np.testing.assert_allclose(with_zeros.weights_, removed.weights_, atol=1e-6)
    np.testing.assert_allclose(
        with_zeros.predict_proba(X_new), removed.predict_proba(X_new), atol=1e-6
    )


def test_task_ensemble_sample_weight_errors_come_before_fitting():
    from sklearn.neighbors import KNeighborsRegressor

    rng = np.random.default_rng(0)
    sources = _three_linear_sources(rng)
    X_new, y_new = _mixed_rows(rng)
    ens = TaskEnsembleRegressor(sources, estimator=KNeighborsRegressor(3))
    with pytest.raises(TypeError, match=r"KNeighborsRegressor\.fit takes no sample_weight"):
        ens.fit(X_new, y_new, sample_weight=np.ones(24))
    assert not hasattr(ens, "weights_")
    # without a local model the weights only weigh the ensemble's loss
    ens.set_params(include_local=False).fit(X_new, y_new, sample_weight=np.ones(24))
    # (all zero: scikit-learn >= 1.8 says so itself, in its words)
    for bad, match in (
        (-np.ones(24), "negative weights"),
        (np.zeros(24), r"(?i)sample.weights? must"),
    ):
        with pytest.raises(ValueError, match=match):
            TaskEnsembleRegressor(sources).fit(X_new, y_new, sample_weight=bad)
    with pytest.raises(ValueError, match="sample_weight"):
        TaskEnsembleRegressor(sources).fit(X_new, y_new, sample_weight=np.ones(5))


def test_task_ensemble_takes_any_cv_and_source_weights():
    from sklearn.model_selection import KFold, PredefinedSplit
    from sklearn.neighbors import KNeighborsRegressor

    rng = np.random.default_rng(0)
    X, y, groups = linear_family(n_tasks=3, d=2)
    w = rng.integers(1, 4, size=y.size).astype(float)
    weighted = SourceModels.fit(LinearRegression(), X, y, groups, sample_weight=w)
    for g, model in zip(weighted.names, weighted.models, strict=True):
        rows = groups == g
        direct = LinearRegression().fit(X[rows], y[rows], sample_weight=w[rows])
        np.testing.assert_allclose(model.coef_, direct.coef_)
    with pytest.raises(TypeError, match="takes no sample_weight"):
        SourceModels.fit(KNeighborsRegressor(), X, y, groups, sample_weight=w)
    X_new, y_new = _mixed_rows(rng)
    splitter = TaskEnsembleRegressor(weighted, cv=KFold(3)).fit(X_new, y_new)
    listed = TaskEnsembleRegressor(weighted, cv=list(KFold(3).split(X_new))).fit(X_new, y_new)
    np.testing.assert_allclose(splitter.weights_, listed.weights_)
    partial = PredefinedSplit(np.r_[np.zeros(12), -np.ones(12)])  # rows 12.. never tested
    with pytest.raises(ValueError, match=r"cv left 12 row\(s\) out of every test fold"):
        TaskEnsembleRegressor(weighted, cv=partial).fit(X_new, y_new)


def test_task_ensemble_routes_weights_to_a_pipeline_under_metadata_routing():
    from sklearn.linear_model import Ridge

    rng = np.random.default_rng(0)
    X, y = _mixed_rows(rng, 30)
    w = rng.integers(1, 3, size=30).astype(float)
    plain = TaskEnsembleRegressor(estimator=make_pipeline(StandardScaler(), Ridge()))
    expected = plain.fit(X, y, sample_weight=w).predict(X)
    with sklearn.config_context(enable_metadata_routing=True):
        pipe = make_pipeline(
            StandardScaler().set_fit_request(sample_weight=False),
            Ridge().set_fit_request(sample_weight=True),
        )
        routed = TaskEnsembleRegressor(estimator=pipe).fit(X, y, sample_weight=w)
        np.testing.assert_allclose(routed.predict(X), expected)
        unweighted = TaskEnsembleRegressor(estimator=make_pipeline(StandardScaler(), Ridge()))
        assert not np.allclose(unweighted.fit(X, y).predict(X), expected)


@pytest.mark.parametrize("cls", [MAMLRegressor, MetaSGDRegressor, ReptileRegressor])
def test_meta_trainers_weigh_rows(cls):
    X, y, groups = linear_family(n_tasks=30)
    rng = np.random.default_rng(0)
    corrupt = rng.random(y.size) < 0.3  # rows whose target is noise
    y_bad = np.where(corrupt, 10.0 * rng.normal(size=y.size), y)
    params = dict(hidden_layer_sizes=(), inner_steps=2, inner_lr=0.1, meta_lr=0.05, **FAST)
    plain = cls(**params).fit(X, y_bad, groups)
    # weights of 1 change nothing, to the last bit
    ones = cls(**params).fit(X, y_bad, groups, sample_weight=np.ones(y.size))
    for a, b in zip(plain.start_.params, ones.start_.params, strict=True):
        np.testing.assert_array_equal(a, b)
    # a weight of 0 is the row left out, to the last bit (groups left empty vanish)
    weights = np.where(corrupt, 0.0, rng.integers(1, 4, size=y.size).astype(float))
    zero = cls(**params).fit(X, y_bad, groups, sample_weight=weights)
    kept = weights > 0
    removed = cls(**params).fit(X[kept], y_bad[kept], groups[kept], sample_weight=weights[kept])
    for a, b in zip(zero.start_.params, removed.start_.params, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(zero.start_.x_mean, removed.start_.x_mean)
    assert zero.start_.y_scale == removed.start_.y_scale
    # light weights on the noisy rows: a start that adapts better to clean tasks (a
    # quarter less unexplained variance, at least)
    light = cls(**params).fit(X, y_bad, groups, sample_weight=np.where(corrupt, 0.01, 1.0))
    Xn, yn, gn = linear_family(n_tasks=10, seed=1)
    assert 1 - light.score(Xn, yn, gn) < 0.75 * (1 - plain.score(Xn, yn, gn))
    # score weighs rows as fit does: 1 changes nothing, 0 is the row left out
    Xt, yt, gt = linear_family(n_tasks=10, seed=2)
    wt = rng.integers(0, 3, size=yt.size).astype(float)
    assert zero.score(Xt, yt, gt, sample_weight=np.ones(yt.size)) == zero.score(Xt, yt, gt)
    kt = wt > 0
    assert zero.score(Xt, yt, gt, sample_weight=wt) == pytest.approx(
        zero.score(Xt[kt], yt[kt], gt[kt], sample_weight=wt[kt]), abs=0
    )
    assert zero.score(Xt, yt, gt, sample_weight=wt) != zero.score(Xt, yt, gt)
    # and the same for any n_jobs
    two = cls(**params, n_jobs=2).fit(X, y_bad, groups, sample_weight=weights)
    for a, b in zip(zero.start_.params, two.start_.params, strict=True):
        np.testing.assert_array_equal(a, b)


def test_meta_trainer_sample_weight_errors():
    X, y, groups = class_family(n_tasks=4, rows=6)
    maml = MAMLClassifier(n_iter=5, random_state=0)
    with pytest.raises(ValueError, match="non-negative"):
        maml.fit(X, y, groups, sample_weight=np.full(y.size, -1.0))
    with pytest.raises(ValueError, match=r"sample_weight.shape == \(5,\), expected \(24,\)"):
        maml.fit(X, y, groups, sample_weight=np.ones(5))
    one_left = np.where(np.arange(y.size) == 0, 1.0, 0.0) + (groups > 0)
    with pytest.raises(ValueError, match=r"group\(s\) \[0\] have only 1 sample of positive weight"):
        maml.fit(X, y, groups, sample_weight=one_left)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        maml.fit(X, y, groups).score(X, y[:-1], groups)
    # the classes are those of y, also where weights leave a class out
    weights = (y != 2).astype(float)
    fitted = maml.fit(X, y, groups, sample_weight=weights)
    assert fitted.classes_.tolist() == [0, 1, 2]


def _frame_tasks(rng, n, shifts):
    """Tasks of a number and a text column; the text's effect differs per task."""
    frames, targets = [], []
    for shift in shifts:
        X = pd.DataFrame({"a": rng.normal(size=n), "c": rng.choice(["x", "y", "z"], n)})
        targets.append(2 * X["a"] + X["c"].map({"x": 0.0, "y": 1.0, "z": shift}))
        frames.append(X)
    return frames, targets


def _frame_pipeline(final):
    from sklearn.compose import make_column_transformer
    from sklearn.preprocessing import OneHotEncoder

    encode = make_column_transformer(
        (OneHotEncoder(handle_unknown="ignore"), ["c"]), (StandardScaler(), ["a"])
    )
    return make_pipeline(encode, final)


def test_task_ensembles_pass_data_frames_to_models_that_need_their_columns():
    rng = np.random.default_rng(0)
    # the new task's text effect (3) is no mixture of the other sources' (0, -4)
    frames, targets = _frame_tasks(rng, 60, [0.0, 3.0, -4.0])
    X, y = pd.concat(frames, ignore_index=True), pd.concat(targets, ignore_index=True)
    groups = np.repeat(["a0", "b3", "c-4"], 60)
    sources = SourceModels.fit(_frame_pipeline(Ridge()), X, y, groups=groups)
    assert all(list(m.feature_names_in_) == ["a", "c"] for m in sources.models)
    (X_new,), (y_new,) = _frame_tasks(rng, 12, [3.0])
    ens = TaskEnsembleRegressor(sources, estimator=_frame_pipeline(Ridge())).fit(X_new, y_new)
    assert ens.weights_[1] > 0.9  # the source with the same text effect
    assert list(ens.feature_names_in_) == ["a", "c"]
    (X_test,), (y_test,) = _frame_tasks(rng, 50, [3.0])
    assert ens.score(X_test, y_test) > 0.99
    pl = pytest.importorskip("polars")
    again = TaskEnsembleRegressor(sources, estimator=_frame_pipeline(Ridge()))
    again.fit(pl.from_pandas(X_new), y_new)
    np.testing.assert_array_equal(again.weights_, ens.weights_)
    np.testing.assert_array_equal(again.predict(pl.from_pandas(X_test)), ens.predict(X_test))
    with pytest.raises(ValueError, match="feature names"):
        ens.predict(X_test.rename(columns={"c": "other"}))
    # classification: the same, on probabilities
    labels = (y > y.median()).astype(int)
    clf_sources = SourceModels.fit(_frame_pipeline(LogisticRegression()), X, labels, groups)
    clf = TaskEnsembleClassifier(clf_sources, estimator=_frame_pipeline(LogisticRegression()))
    clf.fit(X_new, (y_new > y.median()).astype(int))
    assert clf.predict_proba(X_test).shape == (50, 2)
    # an array for models fitted on a frame's text columns: their own message, not
    # NumPy's failure to make numbers of the text
    with (
        pytest.warns(UserWarning, match="valid feature names"),
        pytest.raises(ValueError, match="only supported for dataframes"),
    ):
        ens.predict(X_test.to_numpy())
    with (
        pytest.warns(UserWarning, match="valid feature names"),
        pytest.raises(ValueError, match="only supported for dataframes"),
    ):
        clf.predict_proba(X_test.to_numpy())


def test_source_models_fit_takes_sparse_rows():
    from scipy import sparse

    X, y, groups = linear_family(n_tasks=3)
    dense = SourceModels.fit(Ridge(), X, y, groups)
    sparse_fit = SourceModels.fit(Ridge(), sparse.csr_matrix(X), y, groups)
    for a, b in zip(dense.models, sparse_fit.models, strict=True):
        np.testing.assert_allclose(a.coef_, b.coef_, rtol=1e-6)


def test_grid_search_routes_row_weights_to_meta_training_and_scoring():
    X, y, groups = linear_family(n_tasks=30)
    weights = np.random.default_rng(0).integers(0, 3, size=y.size).astype(float)
    maml = MAMLRegressor(hidden_layer_sizes=(), inner_steps=2, inner_lr=0.1, meta_lr=0.05, **FAST)
    cv = GroupKFold(3)
    with sklearn.config_context(enable_metadata_routing=True):
        routed = clone(maml).set_fit_request(sample_weight=True)
        routed.set_score_request(sample_weight=True)
        search = GridSearchCV(routed, {"inner_steps": [2]}, cv=cv)
        search.fit(X, y, groups=groups, sample_weight=weights)
    train, test = next(cv.split(X, y, groups))
    by_hand = clone(maml).fit(X[train], y[train], groups[train], sample_weight=weights[train])
    expected = by_hand.score(X[test], y[test], groups[test], sample_weight=weights[test])
    assert search.cv_results_["split0_test_score"][0] == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    "cls", [MAMLRegressor, MAMLClassifier, ReptileRegressor, MetaSGDClassifier]
)
def test_text_columns_are_named_in_fit_and_predict(cls):
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"a": rng.normal(size=40), "colour": rng.choice(["red", "blue"], 40)})
    y = rng.integers(0, 2, 40)
    groups = np.arange(40) % 4
    meta = cls(hidden_layer_sizes=(), n_iter=3, random_state=0)
    with pytest.raises(ValueError, match=r"non-numeric columns \['colour'\]; .* numbers only"):
        meta.fit(frame, y, groups)
    meta.fit(frame[["a"]], y, groups)
    with pytest.raises(ValueError, match=r"non-numeric columns \['colour'\]"):
        meta.predict(frame.assign(a=frame["colour"])[["colour"]])
    warm_cls = WarmStartClassifier if meta._is_classifier else WarmStartRegressor
    with pytest.raises(ValueError, match=r"non-numeric columns \['colour'\]; Warm"):
        warm_cls(meta.start_).fit(frame[["colour"]], y)


def test_task_ensemble_classifier_names_a_member_without_probabilities_before_any_fit():
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.svm import SVC

    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 2))
    y = (X[:, 0] > 0).astype(int)
    # the hint is not SVC(probability=True), which scikit-learn 1.9 deprecates
    hint = r"CalibratedClassifierCV\(SVC\(\.\.\.\), ensemble=False\)"
    with pytest.raises(ValueError, match=rf"the local model, SVC, has no predict_proba.*{hint}"):
        TaskEnsembleClassifier(estimator=SVC()).fit(X, y)
    sources = SourceModels([SVC().fit(X, y)])
    with pytest.raises(ValueError, match=rf"a source model, SVC, has no predict_proba.*{hint}"):
        TaskEnsembleClassifier(sources, include_local=False).fit(X, y)
    # what the hint says works, without a warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        calibrated = CalibratedClassifierCV(SVC(), ensemble=False)
        ens = TaskEnsembleClassifier(estimator=calibrated, random_state=0).fit(X, y)
    assert ens.score(X, y) > 0.8


def test_task_ensemble_random_state_seeds_the_local_model():
    from sklearn.ensemble import RandomForestClassifier

    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    y = (X[:, 0] + 0.5 * rng.normal(size=60) > 0).astype(int)
    forest = RandomForestClassifier(n_estimators=5)

    def fitted(**params):
        return TaskEnsembleClassifier(estimator=forest, **params).fit(X, y)

    ens = fitted(random_state=4)
    assert ens.local_.random_state == 4
    assert forest.random_state is None
    np.testing.assert_array_equal(ens.predict_proba(X), fitted(random_state=4).predict_proba(X))
    own = TaskEnsembleClassifier(estimator=clone(forest).set_params(random_state=9), random_state=4)
    assert own.fit(X, y).local_.random_state == 9


def test_a_start_keeps_its_column_names_and_refuses_other_columns(tmp_path):
    X, y, groups = linear_family(n_tasks=8)
    frame = pd.DataFrame(X, columns=["age", "dose", "weight"])
    meta = MAMLRegressor(hidden_layer_sizes=(4,), n_iter=5).fit(frame, y, groups)
    start = meta.start_
    assert start.feature_names.tolist() == ["age", "dose", "weight"]
    new = frame.iloc[:10]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the same columns: not a word
        same = WarmStartRegressor(start).fit(new, y[:10])
        meta.predict(new)
        start.predict_raw(new)
    # the columns in another order would have met the weights of the others: refused
    with pytest.raises(ValueError, match=r"same columns in another order.*start.feature_names"):
        WarmStartRegressor(start).fit(new[["weight", "dose", "age"]], y[:10])
    with pytest.raises(ValueError, match=r"missing \['dose'\], unexpected \['height'\]"):
        WarmStartRegressor(start).fit(new.rename(columns={"dose": "height"}), y[:10])
    with pytest.raises(ValueError, match="another order"):
        start.predict_raw(new[["weight", "dose", "age"]])
    with pytest.raises(ValueError, match="another order"):
        start.init_mlp(
            MLPRegressor(hidden_layer_sizes=(4,)), new[["dose", "age", "weight"]], y[:10]
        )
    # no names: taken in the start's order, with a warning
    with pytest.warns(UserWarning, match=r"no column names.*\['age', 'dose', 'weight'\]"):
        plain = WarmStartRegressor(start).fit(new.to_numpy(), y[:10])
    np.testing.assert_array_equal(plain.predict(new.to_numpy()), same.predict(new))
    # the names are saved with the start
    start.save(tmp_path / "s")
    assert LearnedStart.load(tmp_path / "s").feature_names.tolist() == ["age", "dose", "weight"]
    # a start meta-trained without names takes any frame of its width
    unnamed = MAMLRegressor(hidden_layer_sizes=(), n_iter=5).fit(X, y, groups).start_
    assert unnamed.feature_names is None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        WarmStartRegressor(unnamed).fit(new[["weight", "dose", "age"]], y[:10])


def test_a_start_of_schema_version_2_has_no_column_names(tmp_path):
    X, y, groups = linear_family(n_tasks=8)
    frame = pd.DataFrame(X, columns=["a", "b", "c"])
    MAMLRegressor(hidden_layer_sizes=(), n_iter=5).fit(frame, y, groups).start_.save(tmp_path)
    doc = json.loads((tmp_path / "start.json").read_text())
    assert doc["version"] == 3
    doc["version"] = 2
    del doc["feature_names"]
    (tmp_path / "start.json").write_text(json.dumps(doc))
    assert LearnedStart.load(tmp_path).feature_names is None
    doc["version"] = 3
    (tmp_path / "start.json").write_text(json.dumps(doc))
    with pytest.raises(StartFileError, match="feature_names"):
        LearnedStart.load(tmp_path)


@pytest.mark.parametrize("names", [["a", "b"], ["a", "b", 3], ["a", "a", "b"], [["a", "b", "c"]]])
def test_a_start_refuses_column_names_that_do_not_name_its_columns(tmp_path, names):
    X, y, groups = linear_family(n_tasks=8)
    MAMLRegressor(hidden_layer_sizes=(), n_iter=5).fit(X, y, groups).start_.save(tmp_path)
    doc = json.loads((tmp_path / "start.json").read_text())
    doc["feature_names"] = names
    (tmp_path / "start.json").write_text(json.dumps(doc))
    with pytest.raises(StartFileError, match="feature_names must be 3 distinct str"):
        LearnedStart.load(tmp_path)


def test_source_models_fitted_on_other_columns_are_refused_when_put_together():
    from sklearn.linear_model import Ridge

    X, y, _ = linear_family(n_tasks=2, d=2)
    frame = pd.DataFrame(X, columns=["a", "b"])
    first = Ridge().fit(frame, y)
    with pytest.raises(ValueError, match=r"different columns in another order: model 0 on"):
        SourceModels([first, Ridge().fit(frame[["b", "a"]], y)])
    with pytest.raises(ValueError, match=r"model 1 on \['a', 'c'\]"):
        SourceModels([first, Ridge().fit(frame.rename(columns={"b": "c"}), y)])
    # one without names takes any columns (scikit-learn warns when it meets a frame)
    SourceModels([first, Ridge().fit(X, y), Ridge().fit(frame, y)])


def test_a_warm_started_linear_model_has_coef_and_intercept_on_the_raw_columns():
    from sklearn.feature_selection import RFE

    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 4)) * [1.0, 10.0, 100.0, 0.1] + 5.0  # far from standardized
    y = X @ np.array([1.0, 0.1, 0.0, 0.0]) + 3.0
    assert not hasattr(WarmStartRegressor(), "coef_")  # before fit
    reg = WarmStartRegressor().fit(X, y)
    assert reg.coef_.shape == (4,)
    assert isinstance(reg.intercept_, float)
    np.testing.assert_allclose(X @ reg.coef_ + reg.intercept_, reg.predict(X), atol=1e-9)
    np.testing.assert_allclose(reg.coef_, [1.0, 0.1, 0.0, 0.0], atol=1e-6)
    assert RFE(WarmStartRegressor(), n_features_to_select=2).fit(X, y).support_.tolist() == [
        True,
        True,
        False,
        False,
    ]
    # scikit-learn's shapes: (1, n_features) for two classes, (n_classes, n_features)
    for bins in ([5.0], [4.5, 5.5]):
        yc = np.digitize(X[:, 0], bins)
        clf = WarmStartClassifier().fit(X, yc)
        n_rows = 1 if len(bins) == 1 else 3
        assert clf.coef_.shape == (n_rows, 4)
        assert clf.intercept_.shape == (n_rows,)
        scores = X @ clf.coef_.T + clf.intercept_
        np.testing.assert_allclose(scores.squeeze(), clf.decision_function(X), atol=1e-9)
    # an adapted MLP has none
    Xf, yf, groups = linear_family(n_tasks=6)
    start = MAMLRegressor(hidden_layer_sizes=(4,), n_iter=3).fit(Xf, yf, groups).start_
    mlp = WarmStartRegressor(start).fit(Xf[:10], yf[:10])
    with pytest.raises(AttributeError, match=r"adapted an MLP \(hidden layers \(4,\)\)"):
        mlp.coef_  # noqa: B018


def test_starts_and_source_models_read_well_in_the_estimators_reprs():
    from sklearn.linear_model import Ridge

    X, y, groups = linear_family(n_tasks=7)
    start = MAMLRegressor(hidden_layer_sizes=(4,), n_iter=2).fit(X, y, groups).start_
    assert repr(WarmStartRegressor(start)) == (
        "WarmStartRegressor(start=LearnedStart(maml, 3 features, hidden (4,), "
        "squared_error, 1 step))"
    )
    Xc, yc, gc = class_family(n_tasks=6)
    frame = pd.DataFrame(Xc, columns=["a", "b"])
    named = MetaSGDClassifier(hidden_layer_sizes=(), inner_steps=2, n_iter=2)
    assert repr(named.fit(frame, yc, gc).start_) == (
        "LearnedStart(metasgd, 2 features, named columns, hidden (), softmax, 3 classes, 2 steps)"
    )
    sources = SourceModels.fit(Ridge(), X, y, groups)
    assert repr(TaskEnsembleRegressor(sources)) == (
        "TaskEnsembleRegressor(sources=SourceModels(7 Ridge; tasks [0, 1, 2, 3, 4, ...]))"
    )
