import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_iris
from sklearn.metrics import log_loss, roc_auc_score
from sklearn.model_selection import KFold

from skmeta.knowledge import (
    KnowledgeBase,
    StoreError,
    build_knowledge,
    evaluate_configs,
)
from skmeta.knowledge._build import _ovr_auc
from skmeta.spaces import designed_configs, get_space
from skmeta.tasks import Task, TaskCollection, load_sklearn_dataset

FAMILIES = ["k_neighbors", "linear"]


def _tasks():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    return [
        load_sklearn_dataset("iris"),
        load_sklearn_dataset("wine"),
        load_sklearn_dataset("diabetes"),
        Task(X, (X[:, 0] > 0).astype(int), name="synthetic", kind="classification"),
    ]


def _loader(row):
    flag = Path(row["flag"])
    if row["name"] == "interrupt_here" and not flag.exists():
        flag.write_text("interrupted once")
        raise KeyboardInterrupt
    if row["name"] == "interrupt_here":
        return load_sklearn_dataset("breast_cancer")
    return next(t for t in _tasks() if t.name == row["name"])


def _collection(flag):
    names = ["iris", "wine", "interrupt_here", "diabetes"]
    return TaskCollection(pd.DataFrame({"name": names, "flag": str(flag)}), _loader)


def _assert_same_scores(a: KnowledgeBase, b: KnowledgeBase):
    assert a.task_names == b.task_names
    assert a.table_keys == b.table_keys
    for key in a.table_keys:
        for metric in a.metrics:
            try:
                sa = a.scores(key, metric)
            except KeyError:
                continue
            np.testing.assert_array_equal(sa, b.scores(key, metric))
    pd.testing.assert_frame_equal(a.metafeatures, b.metafeatures)


@pytest.fixture(scope="module")
def serial_kb():
    return build_knowledge(_tasks(), FAMILIES, n_configs=4, verbose=0)


def test_build_records_every_metric_and_the_default(serial_kb):
    kb = serial_kb
    assert kb.task_names == ["iris", "wine", "diabetes", "synthetic"]
    assert set(kb.table_keys) == {
        f"{f}/{k}" for f in FAMILIES for k in ("classification", "regression")
    }
    acc = kb.scores("k_neighbors/classification", "accuracy")
    assert acc.shape == (4, 4)
    assert np.isnan(acc[2]).all()  # diabetes is a regression task
    assert np.all((acc[[0, 1, 3]] > 0.5) & (acc[[0, 1, 3]] <= 1))
    assert kb.configs("k_neighbors/classification")[0] == {
        "n_neighbors": 5,
        "weights": "uniform",
        "p": 2,
    }
    r2 = kb.scores("linear/regression", "r2")
    assert 0.3 < r2[2, 0] < 0.6  # Ridge on diabetes
    assert np.isfinite(kb.scores("linear/classification", "log_loss")[0]).all()
    assert np.all(kb.fit_time("linear/classification")[[0, 1, 3]] > 0)
    assert kb.tasks.loc["iris", "kind"] == "classification"
    assert kb.metafeatures.loc["iris", "NumberOfInstances"] == 150
    assert kb.provenance["protocol"]["n_configs"] == 4


def test_parallel_equals_serial(serial_kb):
    parallel = build_knowledge(_tasks(), FAMILIES, n_configs=4, verbose=0, n_jobs=2)
    _assert_same_scores(serial_kb, parallel)


def test_dask_backend_equals_serial(serial_kb):
    distributed = pytest.importorskip("dask.distributed")
    from joblib import parallel_backend

    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False) as cluster,
        distributed.Client(cluster),
        parallel_backend("dask"),
    ):
        kb = build_knowledge(_tasks(), FAMILIES, n_configs=4, verbose=0, n_jobs=-1)
    _assert_same_scores(serial_kb, kb)


def test_interrupted_build_resumes_to_the_same_result(tmp_path):
    store = tmp_path / "store"
    tasks = _collection(tmp_path / "flag")
    with pytest.raises(KeyboardInterrupt):
        build_knowledge(tasks, FAMILIES, n_configs=3, store=store, verbose=0)
    done = sorted(p.name for p in (store / "tasks").iterdir())
    assert done == ["iris.json", "wine.json"]
    assert not list(store.rglob(".tmp-*"))
    before = {p: p.stat().st_mtime_ns for p in (store / "units").rglob("*.npz")}
    resumed = build_knowledge(tasks, FAMILIES, n_configs=3, store=store, verbose=0)
    # finished units were not evaluated again
    assert all(p.stat().st_mtime_ns == t for p, t in before.items())
    fresh = build_knowledge(
        _collection(tmp_path / "flag"), FAMILIES, n_configs=3, store=tmp_path / "s2", verbose=0
    )
    _assert_same_scores(resumed, fresh)


def test_killed_build_leaves_a_usable_store(tmp_path):
    store = tmp_path / "store"
    script = textwrap.dedent(
        f"""
        from skmeta.knowledge import build_knowledge
        from skmeta.tasks import load_sklearn_dataset
        tasks = [load_sklearn_dataset(n) for n in
                 ("iris", "wine", "breast_cancer", "digits", "diabetes")]
        build_knowledge(tasks, ["svm", "linear"], n_configs=6, store={str(store)!r}, verbose=1)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stderr=subprocess.PIPE, text=True, env=os.environ.copy()
    )
    # kill -9 as soon as the first task is done (mid-way through the next one)
    for line in proc.stderr:
        if "1/5 tasks" in line:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    tasks = [
        load_sklearn_dataset(n) for n in ("iris", "wine", "breast_cancer", "digits", "diabetes")
    ]
    resumed = build_knowledge(tasks, ["svm", "linear"], n_configs=6, store=store, verbose=0)
    fresh = build_knowledge(tasks, ["svm", "linear"], n_configs=6, verbose=0)
    _assert_same_scores(resumed, fresh)


def test_store_from_other_settings_is_refused(tmp_path):
    build_knowledge(_tasks()[:1], ["linear"], n_configs=2, store=tmp_path, verbose=0)
    with pytest.raises(StoreError, match="other settings: cv 3 there, 4 here; resume"):
        build_knowledge(_tasks()[:1], ["linear"], n_configs=2, cv=4, store=tmp_path, verbose=0)


def test_designed_configurations_follow_the_sampled_ones():
    kb = build_knowledge(
        _tasks()[:1], ["random_forest"], n_configs=3, designed=True, max_rows=60, verbose=0
    )
    space = get_space("random_forest", "classification")
    configs = kb.configs("random_forest/classification")
    assert configs[:3] == space.sample(3)
    assert configs[3:] == designed_configs(space)
    assert kb.provenance["protocol"]["n_configs"] == 3


def test_appended_configurations_top_up_the_store(tmp_path, monkeypatch):
    import skmeta.knowledge._build as build_module

    tasks = [load_sklearn_dataset("iris"), load_sklearn_dataset("diabetes")]
    settings = dict(n_configs=2, max_rows=60, verbose=0)
    family = ["hist_gradient_boosting"]
    build_knowledge(tasks, family, store=tmp_path / "s", **settings)
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / "s" / "units").rglob("*.npz")}
    evaluated = []
    real = build_module.evaluate_configs

    def counting(space, configs, *args, **kwargs):
        evaluated.append(len(configs))
        return real(space, configs, *args, **kwargs)

    monkeypatch.setattr(build_module, "evaluate_configs", counting)
    topped = build_knowledge(tasks, family, store=tmp_path / "s", designed=True, **settings)
    monkeypatch.undo()
    # only the designed configurations were evaluated, one unit per task
    n_designed = len(designed_configs(get_space("hist_gradient_boosting", "classification")))
    assert evaluated == [n_designed, n_designed]
    assert all(p.stat().st_mtime_ns != t for p, t in before.items())  # extended in place
    fresh = build_knowledge(tasks, family, designed=True, **settings)
    _assert_same_scores(topped, fresh)
    assert len(topped.configs("hist_gradient_boosting/regression")) == 2 + len(
        designed_configs(get_space("hist_gradient_boosting", "regression"))
    )
    # going back to fewer configurations would mix two builds
    with pytest.raises(StoreError, match="other settings: its configs; resume"):
        build_knowledge(tasks, family, store=tmp_path / "s", **settings)


def test_extra_configurations_are_evaluated_last_and_topped_up(tmp_path):
    tasks = [load_sklearn_dataset("iris"), load_sklearn_dataset("diabetes")]
    settings = dict(n_configs=3, verbose=0)
    store = tmp_path / "s"
    build_knowledge(tasks, ["linear"], store=store, **settings)
    extra = {"linear/classification": [{"C": 0.05}, {"C": 0.05}, {"class_weight": "balanced"}]}
    kb = build_knowledge(tasks, ["linear"], store=store, extra_configs=extra, **settings)
    configs = kb.configs("linear/classification")
    space = get_space("linear", "classification")
    # the default's other settings kept; the repeated configuration evaluated once
    assert configs[3:] == [
        {**space.default_config(), "C": 0.05},
        {**space.default_config(), "class_weight": "balanced"},
    ]
    assert len(kb.configs("linear/regression")) == 3
    fresh = build_knowledge(tasks, ["linear"], extra_configs=extra, **settings)
    _assert_same_scores(kb, fresh)
    # a real change, not a relabelling: a stronger penalty scores differently
    acc = kb.scores("linear/classification", "accuracy")[0]
    assert acc[3] != acc[0]


@pytest.mark.parametrize(
    ("extra", "error", "match"),
    [
        ([{"C": 1.0}], TypeError, "must be a dict mapping"),
        ({"svm/classification": [{"C": 1.0}]}, ValueError, "does not make"),
        ({"linear/classification": {"C": 1.0}}, TypeError, "must be a list of dicts"),
        ({"linear/classification": ["C=1"]}, TypeError, r"\[0\] must be a dict"),
        ({"linear/classification": [{"alpha": 1.0}]}, ValueError, r"sets \['alpha'\]"),
        ({"linear/classification": [{"class_weight": "equal"}]}, ValueError, "not a choice"),
        ({"linear/regression": [{"alpha": "big"}]}, ValueError, "not a number"),
        ({"linear/regression": [{"alpha": float("nan")}]}, ValueError, "nan is not a number"),
        ({"mlp/regression": [{"hidden_layer_sizes": (64, 32)}]}, ValueError, "one value"),
    ],
)
def test_bad_extra_configurations_are_refused_before_any_work(tmp_path, extra, error, match):
    with pytest.raises(error, match=match):
        build_knowledge(
            _tasks()[:1],
            ["linear", "mlp"],
            n_configs=2,
            store=tmp_path,
            extra_configs=extra,
            verbose=0,
        )
    assert not (tmp_path / "units").exists()


def test_corrupt_unit_file_is_named(tmp_path):
    build_knowledge(_tasks()[:1], ["linear"], n_configs=2, store=tmp_path, verbose=0)
    unit = next((tmp_path / "units").rglob("*.npz"))
    unit.write_bytes(b"garbage")
    with pytest.raises(StoreError, match=unit.name):
        KnowledgeBase.from_store(tmp_path)


def test_failures_are_recorded_not_fatal():
    iris = load_sklearn_dataset("iris")
    one_class = Task(
        np.arange(20.0).reshape(10, 2), np.zeros(10, int), name="one", kind="classification"
    )
    kb = build_knowledge([iris, one_class], ["linear"], n_configs=2, verbose=0)
    assert kb.task_names == ["iris"]
    assert "single class" in kb.provenance["skipped_tasks"]["one"]
    # a configuration that makes the estimator raise
    space = get_space("k_neighbors", "classification")
    X, y = iris.X.to_numpy(), np.asarray(iris.y)
    folds = list(KFold(3, shuffle=True, random_state=0).split(X))
    configs = [space.default_config(), {**space.default_config(), "n_neighbors": 500}]
    out = evaluate_configs(space, configs, X, y, None, folds)
    assert out["errors"][0] == ""
    assert "n_neighbors" in out["errors"][1]
    assert np.isnan(out["scores"][1]).all()
    assert np.isfinite(out["scores"][0]).all()


def test_evaluate_configs_checks_its_input_before_any_fit():
    # a mistake in the input had been recorded as every configuration's failure
    # (e.g. rows out of range), or had failed deep inside (str labels, a family name)
    X, y = load_iris(return_X_y=True)
    space = get_space("k_neighbors", "classification")
    configs = space.sample(2)
    folds = list(KFold(3, shuffle=True, random_state=0).split(X))
    for args, error, message in (
        (("k_neighbors", configs, X, y), TypeError, "space must be a SearchSpace"),
        ((space, "n_neighbors", X, y), TypeError, "configs must be a list of dicts; got str"),
        ((space, [configs[0], 3], X, y), TypeError, r"configs\[1\] must be a dict; got int"),
        ((space, configs, X[:, 0], y), ValueError, r"X must be 2-D"),
        ((space, configs, X, y[:10]), ValueError, "X has 150 rows, y has 10"),
        ((space, configs, X, np.array(list("abc"))[y]), ValueError, "must hold class codes"),
        ((space, configs, X, y + 0.5), ValueError, "must hold class codes"),
    ):
        with pytest.raises(error, match=message):
            evaluate_configs(*args, None, folds)
    with pytest.raises(ValueError, match=r"fold 0 holds row indices outside 0..149"):
        evaluate_configs(space, configs, X, y, None, [(np.arange(200), np.arange(3))])
    with pytest.raises(TypeError, match="folds must be a list of"):
        evaluate_configs(space, configs, X, y, None, 3)
    with pytest.raises(ValueError, match="categorical must be None or 4 booleans"):
        evaluate_configs(space, configs, X, y, [True], folds)
    ridge = get_space("linear", "regression")
    with pytest.raises(ValueError, match="y holds NaN"):
        evaluate_configs(ridge, [{}], X, np.r_[np.nan, y[1:]], None, folds)
    # one configuration alone is a list of one
    assert evaluate_configs(space, configs[0], X, y, None, folds)["scores"].shape == (1, 3, 3)


def test_bad_arguments():
    with pytest.raises(ValueError, match="empty"):
        build_knowledge([], verbose=0)
    with pytest.raises(ValueError, match="Unknown family"):
        build_knowledge(_tasks(), ["xgboost"], verbose=0)
    with pytest.raises(ValueError, match="n_configs"):
        build_knowledge(_tasks(), ["linear"], n_configs=0, verbose=0)
    with pytest.raises(ValueError, match="unique"):
        build_knowledge([_tasks()[0], _tasks()[0]], ["linear"], verbose=0)
    with pytest.raises(TypeError, match="sequence of Task"):
        build_knowledge(iter(_tasks()), ["linear"], verbose=0)
    with pytest.raises(TypeError, match=r"must hold Task objects.*entry 1 is a tuple"):
        build_knowledge([_tasks()[0], (np.ones((5, 2)), [0, 1, 0, 1, 0])], "linear", verbose=0)
    # one family by name is that family (it was read letter by letter: 'Unknown family l')
    with pytest.raises(ValueError, match="Unknown family 'xgb'"):
        build_knowledge(_tasks(), "xgb", verbose=0)
    kb = build_knowledge(_tasks()[:1], "linear", n_configs=2, verbose=0)
    assert kb.table_keys == ["linear/classification", "linear/regression"]
    # a short name or a class name is its family, as on the command line
    kb = build_knowledge(_tasks()[:1], ["ridge", "LogisticRegression"], n_configs=2, verbose=0)
    assert kb.table_keys == ["linear/classification", "linear/regression"]


@pytest.mark.parametrize(
    ("setting", "error", "message"),
    [
        (
            {"random_state": None},
            ValueError,
            r"random_state must be an integer in \[0, 2\*\*32 - 1\]",
        ),
        ({"random_state": -1}, ValueError, "random_state must be an integer"),
        ({"random_state": 2**40}, ValueError, "random_state must be an integer"),
        ({"random_state": np.random.RandomState(0)}, ValueError, "random_state must be an"),
        ({"n_jobs": "2"}, TypeError, "n_jobs must be an int or None; got '2'"),
        ({"verbose": "yes"}, TypeError, "verbose must be an int"),
        ({"designed": "yes"}, TypeError, "designed must be True or False"),
        ({"source": 3}, TypeError, "source must be a str; got int"),
        ({"store": 3}, TypeError, "store must be a path"),
    ],
)
def test_settings_that_a_build_cannot_record_or_use_are_refused_before_any_work(
    setting, error, message
):
    # a seed of None or a RandomState could not be recorded (nor a build resumed); 2**40
    # had left every task failed and the build empty
    with pytest.raises(error, match=message):
        build_knowledge(_tasks()[:1], "linear", n_configs=2, **{"verbose": 0, **setting})


def test_numpy_integers_are_recorded_as_json_numbers(tmp_path):
    # the protocol is JSON: np.int64 settings had failed to be written
    settings = {k: np.int64(v) for k, v in (("n_configs", 2), ("cv", 3), ("random_state", 4))}
    kb = build_knowledge(_tasks()[:1], "linear", verbose=0, store=tmp_path / "s", **settings)
    assert kb.n_tasks == 1


def test_a_store_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "store").write_text("notes")
    with pytest.raises(StoreError, match="is a file; a build store is a directory"):
        build_knowledge(_tasks()[:1], "linear", n_configs=2, verbose=0, store=tmp_path / "store")
    assert (tmp_path / "store").read_text() == "notes"


def test_progress_lines(capsys):
    build_knowledge(_tasks()[:2], ["linear"], n_configs=2, verbose=1)
    err = capsys.readouterr().err
    assert "2/2 tasks" in err
    assert "remaining" in err
    build_knowledge(_tasks()[:2], ["linear"], n_configs=2, verbose=0)
    assert capsys.readouterr().err == ""


def test_auc_and_log_loss_match_sklearn():
    rng = np.random.default_rng(1)
    y = rng.integers(0, 3, 200)
    P = rng.dirichlet(np.ones(3), 200)
    assert _ovr_auc(y, P) == pytest.approx(roc_auc_score(y, P, multi_class="ovr"))
    yb = rng.integers(0, 2, 100)
    s = rng.normal(size=100) + yb
    S = np.column_stack([-s, s])
    assert _ovr_auc(yb, S) == pytest.approx(roc_auc_score(yb, s))
    iris = load_sklearn_dataset("iris")
    space = get_space("linear", "classification")
    X, yi = iris.X.to_numpy(), np.asarray(iris.y)
    folds = [(np.arange(0, 150, 2), np.arange(1, 150, 2))]
    out = evaluate_configs(space, [space.default_config()], X, yi, None, folds)
    model = space.make_estimator(space.default_config()).fit(X[::2], yi[::2])
    expected = log_loss(yi[1::2], model.predict_proba(X[1::2]))
    assert out["scores"][0, 0, 2] == pytest.approx(expected)


def test_a_task_with_a_sparse_matrix_is_built_as_its_dense_self():
    from scipy import sparse

    wine = load_sklearn_dataset("wine")
    X = wine.X.to_numpy() if hasattr(wine.X, "to_numpy") else wine.X
    twin = Task(sparse.csr_matrix(X), wine.y, name="wine_sparse")
    kb = build_knowledge([wine, twin], ["linear"], n_configs=3, verbose=0)
    key = kb.table_keys[0]
    S = kb.scores(key, "accuracy")
    np.testing.assert_allclose(S[0], S[1])
    np.testing.assert_allclose(
        kb.metafeatures.loc["wine"].to_numpy(float),
        kb.metafeatures.loc["wine_sparse"].to_numpy(float),
        equal_nan=True,
    )


def test_the_store_unites_copies_filed_under_two_groups(tmp_path):
    iris = load_sklearn_dataset("iris")
    tasks = [
        Task(iris.X, iris.y, name="iris", metadata={"group": "g1"}),
        # the same rows shuffled, under another name and group
        Task(iris.X.iloc[::-1], iris.y.iloc[::-1], name="iris_again", metadata={"group": "g2"}),
        load_sklearn_dataset("wine"),
        load_sklearn_dataset("breast_cancer"),
    ]
    kb = build_knowledge(tasks, ["k_neighbors"], n_configs=2, store=tmp_path, verbose=0)
    assert kb.tasks["group"].tolist() == ["g1+g2", "g1+g2", "wine", "breast_cancer"]
    assert kb.provenance["united_groups"] == [["g1", "g2"]]
    again = KnowledgeBase.load(kb.save(tmp_path / "kb"))
    assert again.tasks["group"].tolist() == kb.tasks["group"].tolist()
